/// Names one RPC: the fully qualified service (`fl.v1.FederatedTraining`) and the method
/// (`Register`). The HTTP/2 `:path` is `/fl.v1.FederatedTraining/Register`.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// The four gRPC call kinds.
    public enum Kind: Sendable, Hashable {
        case unary, serverStreaming, clientStreaming, bidirectionalStreaming
    }

    public let service: String
    public let method: String
    public let kind: Kind

    public init(service: String, method: String, kind: Kind) {
        self.service = service
        self.method = method
        self.kind = kind
    }

    /// The HTTP/2 request path.
    public var path: String { "/\(service)/\(method)" }
    public var description: String { path }
}
