/// A field of a message.
public struct ProtoField: Sendable, Equatable {
    public enum Label: Sendable, Equatable { case optional, required, repeated }

    /// The wire types of `FieldDescriptorProto.Type`, by the same names.
    public enum FieldType: Int, Sendable, Equatable {
        case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message,
             bytes, uint32, `enum`, sfixed32, sfixed64, sint32, sint64
    }

    /// The declared name, e.g. `client_name`.
    public var name: String
    public var number: Int32
    public var label: Label
    public var type: FieldType
    /// For `.message` and `.enum`: the fully qualified type name without a leading dot.
    public var typeName: String?
    /// Index into the message's `oneofs` when the field belongs to one.
    public var oneofIndex: Int?
    /// True for a proto3 `optional` field.
    public var isProto3Optional: Bool
    public var comments: ProtoComments

    public init(name: String, number: Int32, label: Label = .optional, type: FieldType, typeName: String? = nil,
                oneofIndex: Int? = nil, isProto3Optional: Bool = false, comments: ProtoComments = .none) {
        self.name = name
        self.number = number
        self.label = label
        self.type = type
        self.typeName = typeName
        self.oneofIndex = oneofIndex
        self.isProto3Optional = isProto3Optional
        self.comments = comments
    }
}
