// Fuzz target: the server side of an HTTP/2 connection fed raw bytes, as a client sends them
// after the TLS handshake (nghttp2 framing, HPACK, flow control, request validation and routing
// in RPCServer, gRPC message reassembly, handlers). No socket or TLS: `RPCServer.fuzzConnection`.
//
// Input: byte 0 picks how the bytes are split into reads (0: one read); the client connection
// preface is prepended so inputs get past it.
import FlockProto
@_spi(Fuzzing) import FlockRPC
import FlockTLS
import Foundation
import FuzzSupport
import Logging

let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

/// Echoes every request message back.
struct EchoService: RPCService {
    var routes: [RPCRoute] {
        [
            RPCRoute(method: MethodDescriptor(service: "fuzz.Echo", method: "Echo", kind: .bidirectionalStreaming)) { requests, responses, _ in
                for try await message in requests {
                    if verbose { print("fuzz-http2: echo received \(message.count) bytes") }
                    try await responses.write(message)
                }
            },
            .unary(MethodDescriptor(service: "fl.v1.FederatedTraining", method: "Register", kind: .unary)) {
                (request: Fl_V1_RegisterRequest, _: ServerContext) -> Fl_V1_RegisterReply in
                if verbose { print("fuzz-http2: register from \(request.clientName)") }
                var reply = Fl_V1_RegisterReply()
                reply.project = request.project
                return reply
            },
        ]
    }
}

let server: RPCServer = {
    do {
        let ca = try CertificateAuthority.create(commonName: "fuzz-root")
        let (key, certificate) = try ca.issueIdentity(commonName: "localhost", purpose: .server)
        let tls = TLSConfiguration(certificateChainPEM: try certificate.pemEncoded(), privateKeyPEM: try key.pemEncoded(),
                                   trustRootsPEM: try ca.certificate.pemEncoded())
        // FUZZ_VERBOSE=1 prints the server's debug log (to check what an input reaches).
        var logger = Logger(label: "fuzz-http2")
        logger.logLevel = verbose ? .debug : .critical
        return RPCServer(configuration: .init(host: "127.0.0.1", port: 0, tls: tls, maxReceiveMessageSize: 1 << 20),
                         services: [EchoService()], logger: logger)
    } catch {
        fatalError("fuzz-http2: cannot set up the server: \(error)")
    }
}()

let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

fuzzMain { bytes in
    var input = FuzzInput(bytes)
    let readSize = Int(input.byte())
    let stream = preface + input.rest()
    let chunks = readSize == 0 ? [stream] : split(stream, lengths: Array(repeating: readSize, count: stream.count / readSize + 1))
    do {
        try server.fuzzConnection(receiving: chunks)
    } catch {
        fatalError("fuzz-http2: \(error)")
    }
}
