/// Renders a service: a namespace enum with its method descriptors, a server protocol with one
/// `async throws` requirement per RPC plus an extension providing `routes`, and a typed client
/// over `RPCClient`.
///
/// Shapes, for `rpc M(Req) returns (Resp)` in each call kind:
/// - unary:  `func m(_ request: Req, context: ServerContext) async throws -> Resp`
/// - server streaming: `func m(_ request: Req, responses: ResponseWriter<Resp>, context: ServerContext) async throws`
/// - client streaming: `func m(_ requests: RequestStream<Req>, context: ServerContext) async throws -> Resp`
/// - bidirectional: `func m(_ requests: RequestStream<Req>, responses: ResponseWriter<Resp>, context: ServerContext) async throws`
struct ServiceRenderer {
    var service: ProtoService
    var package: String
    var registry: TypeRegistry

    private var baseName: String { SwiftNaming.packagePrefix(package) + service.name }
    /// `Fl_V1_FederatedTraining`: the namespace of the method descriptors.
    var namespaceName: String { baseName }
    /// `Fl_V1_FederatedTrainingServiceProtocol`.
    var protocolName: String { baseName + "ServiceProtocol" }
    /// `Fl_V1_FederatedTrainingClient`.
    var clientName: String { baseName + "Client" }

    private struct MethodModel {
        var method: ProtoService.Method
        var swiftName: String
        var input: String
        var output: String
        var kind: String
    }

    private func methods() throws -> [MethodModel] {
        var seen: Set<String> = []
        return try service.methods.map { method in
            let name = SwiftNaming.escaped(SwiftNaming.lowerCamel(method.name))
            guard seen.insert(name).inserted else {
                throw CodegenError("\(service.fullName).\(method.name): its Swift name \(name) collides with another method's")
            }
            let kind = switch (method.clientStreaming, method.serverStreaming) {
            case (false, false): "unary"
            case (false, true): "serverStreaming"
            case (true, false): "clientStreaming"
            case (true, true): "bidirectionalStreaming"
            }
            return MethodModel(method: method, swiftName: name,
                               input: try registry.entry(method.inputType).swiftName,
                               output: try registry.entry(method.outputType).swiftName, kind: kind)
        }
    }

    func render(into p: inout CodePrinter) throws {
        let methods = try methods()
        renderNamespace(methods, into: &p)
        p.print("")
        renderServerProtocol(methods, into: &p)
        p.print("")
        renderRoutes(methods, into: &p)
        p.print("")
        renderClient(methods, into: &p)
    }

    private func descriptor(_ m: MethodModel) -> String { "\(namespaceName).Method.\(m.swiftName)" }

    private func renderNamespace(_ methods: [MethodModel], into p: inout CodePrinter) {
        p.doc(service.comments)
        p.block("public enum \(namespaceName)") { p in
            p.print("/// The fully qualified service name, as in the HTTP/2 path `/\(service.fullName)/<Method>`.")
            p.print("public static let serviceName = \"\(service.fullName)\"")
            p.print("")
            p.print("/// The method descriptors, one per RPC.")
            p.block("public enum Method") { p in
                for m in methods {
                    p.doc(m.method.comments)
                    p.print("public static let \(m.swiftName) = MethodDescriptor(service: serviceName, method: \"\(m.method.name)\", kind: .\(m.kind))")
                }
                p.print("")
                p.print("/// Every method, in declaration order.")
                p.print("public static let all: [MethodDescriptor] = [")
                p.indent()
                for m in methods { p.print("\(m.swiftName),") }
                p.outdent()
                p.print("]")
            }
        }
    }

    private func serverSignature(_ m: MethodModel) -> String {
        switch m.kind {
        case "unary":
            return "func \(m.swiftName)(_ request: \(m.input), context: ServerContext) async throws -> \(m.output)"
        case "serverStreaming":
            return "func \(m.swiftName)(_ request: \(m.input), responses: ResponseWriter<\(m.output)>, context: ServerContext) async throws"
        case "clientStreaming":
            return "func \(m.swiftName)(_ requests: RequestStream<\(m.input)>, context: ServerContext) async throws -> \(m.output)"
        default:
            return "func \(m.swiftName)(_ requests: RequestStream<\(m.input)>, responses: ResponseWriter<\(m.output)>, context: ServerContext) async throws"
        }
    }

    private func renderServerProtocol(_ methods: [MethodModel], into p: inout CodePrinter) {
        p.print("/// The server side of `\(service.fullName)`: implement one method per RPC and host the value")
        p.print("/// (its `routes` come from the extension below). Returning ends a call with OK; throwing an")
        p.print("/// `RPCError` ends it with that status; other errors end it with UNKNOWN.")
        if !service.comments.lines.isEmpty {
            p.print("///")
            p.doc(service.comments)
        }
        p.block("public protocol \(protocolName): RPCService") { p in
            for (i, m) in methods.enumerated() {
                if i > 0 { p.print("") }
                p.doc(m.method.comments)
                p.print(serverSignature(m))
            }
        }
    }

    private func renderRoutes(_ methods: [MethodModel], into p: inout CodePrinter) {
        p.block("extension \(protocolName)") { p in
            p.print("/// One route per RPC, decoding requests and encoding responses around the methods above.")
            p.block("public var routes: [RPCRoute]") { p in
                p.print("[")
                p.indent()
                for m in methods {
                    switch m.kind {
                    case "unary":
                        p.block("RPCRoute.unary(\(descriptor(m)))", trailer: ",") { p in
                            p.print("(request: \(m.input), context: ServerContext) -> \(m.output) in")
                            p.print("try await self.\(m.swiftName)(request, context: context)")
                        }
                    case "serverStreaming":
                        p.block("RPCRoute.serverStreaming(\(descriptor(m)))", trailer: ",") { p in
                            p.print("(request: \(m.input), responses: ResponseWriter<\(m.output)>, context: ServerContext) in")
                            p.print("try await self.\(m.swiftName)(request, responses: responses, context: context)")
                        }
                    case "clientStreaming":
                        p.block("RPCRoute.clientStreaming(\(descriptor(m)))", trailer: ",") { p in
                            p.print("(requests: RequestStream<\(m.input)>, context: ServerContext) -> \(m.output) in")
                            p.print("try await self.\(m.swiftName)(requests, context: context)")
                        }
                    default:
                        p.block("RPCRoute.bidirectionalStreaming(\(descriptor(m)))", trailer: ",") { p in
                            p.print("(requests: RequestStream<\(m.input)>, responses: ResponseWriter<\(m.output)>, context: ServerContext) in")
                            p.print("try await self.\(m.swiftName)(requests, responses: responses, context: context)")
                        }
                    }
                }
                p.outdent()
                p.print("]")
            }
        }
    }

    private func renderClient(_ methods: [MethodModel], into p: inout CodePrinter) {
        p.print("/// A typed client for `\(service.fullName)` over any transport (the HTTP/2 channel, or")
        p.print("/// `InProcessTransport` in tests). Streaming calls are scoped to their closure: when it returns")
        p.print("/// or throws, an unfinished call is cancelled.")
        p.block("public struct \(clientName): Sendable") { p in
            p.print("public let client: RPCClient")
            p.print("")
            p.block("public init(transport: any RPCClientTransport)") { p in
                p.print("self.client = RPCClient(transport: transport)")
            }
            p.print("")
            p.block("public init(client: RPCClient)") { p in
                p.print("self.client = client")
            }
            for m in methods {
                p.print("")
                p.doc(m.method.comments)
                switch m.kind {
                case "unary":
                    p.block("public func \(m.swiftName)(_ request: \(m.input), options: CallOptions = .defaults) async throws -> \(m.output)") { p in
                        p.print("try await client.unary(\(descriptor(m)), request: request, options: options)")
                    }
                case "serverStreaming":
                    p.print("public func \(m.swiftName)<Result: Sendable>(")
                    p.print("    _ request: \(m.input), options: CallOptions = .defaults,")
                    p.print("    _ body: (ResponseStream<\(m.output)>) async throws -> Result")
                    p.block(") async throws -> Result") { p in
                        p.print("try await client.serverStreaming(\(descriptor(m)), request: request, options: options, body)")
                    }
                case "clientStreaming":
                    p.print("public func \(m.swiftName)(")
                    p.print("    options: CallOptions = .defaults,")
                    p.print("    _ body: (RequestWriter<\(m.input)>) async throws -> Void")
                    p.block(") async throws -> \(m.output)") { p in
                        p.print("try await client.clientStreaming(\(descriptor(m)), options: options, body)")
                    }
                default:
                    p.print("public func \(m.swiftName)<Result: Sendable>(")
                    p.print("    options: CallOptions = .defaults,")
                    p.print("    _ body: (RequestWriter<\(m.input)>, ResponseStream<\(m.output)>) async throws -> Result")
                    p.block(") async throws -> Result") { p in
                        p.print("try await client.bidirectionalStreaming(\(descriptor(m)), options: options, body)")
                    }
                }
            }
        }
    }
}
