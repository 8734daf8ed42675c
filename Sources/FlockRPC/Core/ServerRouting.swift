/// One method a server serves: its descriptor and a handler over raw messages.
public struct RPCRoute: Sendable {
    public let method: MethodDescriptor
    public let handler: RawServerHandler

    public init(method: MethodDescriptor, handler: @escaping RawServerHandler) {
        self.method = method
        self.handler = handler
    }
}

/// A service a server can host: the routes of its methods. Generated service protocols conform
/// through an extension that builds the routes from the typed methods.
public protocol RPCService: Sendable {
    var routes: [RPCRoute] { get }
}

extension RPCRoute {
    /// Reads exactly one request message, or fails the call as the gRPC spec asks.
    static func singleRequest(_ requests: RawRequestStream, _ method: MethodDescriptor) async throws -> [UInt8] {
        var it = requests.makeAsyncIterator()
        guard let first = try await it.next() else {
            throw RPCError(.unimplemented, "\(method.path): the client sent no request message")
        }
        guard try await it.next() == nil else {
            throw RPCError(.unimplemented, "\(method.path): the client sent more than one request message")
        }
        return first
    }

    public static func unary<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> RPCRoute {
        RPCRoute(method: method) { requests, responses, context in
            let request = try Request(serializedBytes: try await singleRequest(requests, method))
            let response = try await body(request, context)
            try await responses.write(pieces: response.serializedPieces())
        }
    }

    public static func serverStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (Request, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) -> RPCRoute {
        RPCRoute(method: method) { requests, responses, context in
            let request = try Request(serializedBytes: try await singleRequest(requests, method))
            try await body(request, ResponseWriter(raw: responses), context)
        }
    }

    public static func clientStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (RequestStream<Request>, ServerContext) async throws -> Response
    ) -> RPCRoute {
        RPCRoute(method: method) { requests, responses, context in
            let response = try await body(RequestStream(raw: requests), context)
            try await responses.write(pieces: response.serializedPieces())
        }
    }

    public static func bidirectionalStreaming<Request: RPCMessage, Response: RPCMessage>(
        _ method: MethodDescriptor,
        _ body: @escaping @Sendable (RequestStream<Request>, ResponseWriter<Response>, ServerContext) async throws -> Void
    ) -> RPCRoute {
        RPCRoute(method: method) { requests, responses, context in
            try await body(RequestStream(raw: requests), ResponseWriter(raw: responses), context)
        }
    }
}
