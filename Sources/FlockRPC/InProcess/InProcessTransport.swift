/// A client transport that calls services in the same process, without sockets or
/// serialization shortcuts: messages still travel as serialized bytes through the services'
/// routes, so a service and its typed client can be unit-tested as they will run over HTTP/2.
///
/// It keeps the `RPCClientCall` contract of the network transport: the handler's thrown
/// `RPCError` is the call's status (CancellationError → CANCELLED, anything else → UNKNOWN),
/// unknown methods end with UNIMPLEMENTED, `cancel()` and `CallOptions.timeout` cancel the
/// handler's task (CANCELLED / DEADLINE_EXCEEDED), messages keep their order, `closeSend` ends the
/// handler's request sequence, and both directions are bounded (a sender waits for the reader).
///
///     let transport = InProcessTransport(services: [MyTrainingService()], peerCommonName: "site-1")
///     let client = Fl_V1_FederatedTrainingClient(transport: transport)
public struct InProcessTransport: RPCClientTransport {
    private let routes: [String: RPCRoute]
    private let peerCommonName: String?
    private let peerAddress: String
    private let bufferCapacity: Int

    /// - Parameters:
    ///   - services: the services to host; two services must not route the same method.
    ///   - peerCommonName: what handlers see as the client certificate's CN.
    ///   - peerAddress: what handlers see as the client's address.
    ///   - bufferCapacity: messages each direction holds before its sender waits.
    public init(services: [any RPCService], peerCommonName: String? = "in-process",
                peerAddress: String = "in-process", bufferCapacity: Int = 16) {
        var routes: [String: RPCRoute] = [:]
        for service in services {
            for route in service.routes {
                precondition(routes[route.method.path] == nil, "InProcessTransport: two services route \(route.method.path)")
                routes[route.method.path] = route
            }
        }
        self.routes = routes
        self.peerCommonName = peerCommonName
        self.peerAddress = peerAddress
        self.bufferCapacity = max(1, bufferCapacity)
    }

    public func makeCall(_ method: MethodDescriptor, options: CallOptions) async throws -> any RPCClientCall {
        let call = InProcessCall(method: method, capacity: bufferCapacity, maxReceiveMessageSize: options.maxReceiveMessageSize)
        guard let route = routes[method.path] else {
            call.end(with: RPCError(.unimplemented, "unknown method \(method.path)"))
            return call
        }
        let deadline = options.timeout.map { ContinuousClock.now + $0 }
        let context = ServerContext(method: method, peerCommonName: peerCommonName, peerAddress: peerAddress,
                                    metadata: options.metadata, deadline: deadline)
        call.start(route.handler, context: context, timeout: options.timeout, idleTimeout: options.idleTimeout)
        return call
    }
}
