/// A message type, with its nested types.
public struct ProtoMessage: Sendable, Equatable {
    /// The declared name, e.g. `MetaEntry`.
    public var name: String
    /// Fully qualified name without a leading dot, e.g. `fl.v1.ModelManifest.MetaEntry`.
    public var fullName: String
    /// Fields in declaration order.
    public var fields: [ProtoField]
    /// `oneof` groups, by index (`ProtoField.oneofIndex`); synthetic ones (proto3 `optional`) too.
    public var oneofs: [ProtoOneof]
    public var nestedMessages: [ProtoMessage]
    public var nestedEnums: [ProtoEnum]
    /// True for the synthetic `XxxEntry` message protoc makes for a `map<K, V>` field.
    public var isMapEntry: Bool
    public var comments: ProtoComments

    public init(name: String, fullName: String, fields: [ProtoField] = [], oneofs: [ProtoOneof] = [],
                nestedMessages: [ProtoMessage] = [], nestedEnums: [ProtoEnum] = [], isMapEntry: Bool = false,
                comments: ProtoComments = .none) {
        self.name = name
        self.fullName = fullName
        self.fields = fields
        self.oneofs = oneofs
        self.nestedMessages = nestedMessages
        self.nestedEnums = nestedEnums
        self.isMapEntry = isMapEntry
        self.comments = comments
    }
}

/// A `oneof` group of a message.
public struct ProtoOneof: Sendable, Equatable {
    public var name: String
    /// True for the synthetic oneof protoc makes around a proto3 `optional` field.
    public var isSynthetic: Bool

    public init(name: String, isSynthetic: Bool = false) {
        self.name = name
        self.isSynthetic = isSynthetic
    }
}
