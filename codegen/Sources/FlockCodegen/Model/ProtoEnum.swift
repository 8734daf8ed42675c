/// An enum type.
public struct ProtoEnum: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        /// The declared name, e.g. `DTYPE_FLOAT32`.
        public var name: String
        public var number: Int32
        public var comments: ProtoComments

        public init(name: String, number: Int32, comments: ProtoComments = .none) {
            self.name = name
            self.number = number
            self.comments = comments
        }
    }

    public var name: String
    /// Fully qualified name without a leading dot, e.g. `fl.v1.DType`.
    public var fullName: String
    /// Values in declaration order (proto3: the first is the zero default).
    public var values: [Value]
    public var comments: ProtoComments

    public init(name: String, fullName: String, values: [Value], comments: ProtoComments = .none) {
        self.name = name
        self.fullName = fullName
        self.values = values
        self.comments = comments
    }
}
