/// A service and its methods.
public struct ProtoService: Sendable, Equatable {
    public struct Method: Sendable, Equatable {
        /// The declared name, e.g. `Register`.
        public var name: String
        /// Fully qualified request and response type names without a leading dot.
        public var inputType: String
        public var outputType: String
        public var clientStreaming: Bool
        public var serverStreaming: Bool
        public var comments: ProtoComments

        public init(name: String, inputType: String, outputType: String, clientStreaming: Bool = false,
                    serverStreaming: Bool = false, comments: ProtoComments = .none) {
            self.name = name
            self.inputType = inputType
            self.outputType = outputType
            self.clientStreaming = clientStreaming
            self.serverStreaming = serverStreaming
            self.comments = comments
        }
    }

    public var name: String
    /// e.g. `fl.v1.FederatedTraining`; the gRPC path is `/<fullName>/<method>`.
    public var fullName: String
    public var methods: [Method]
    public var comments: ProtoComments

    public init(name: String, fullName: String, methods: [Method], comments: ProtoComments = .none) {
        self.name = name
        self.fullName = fullName
        self.methods = methods
        self.comments = comments
    }
}
