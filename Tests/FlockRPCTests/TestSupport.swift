import FlockRPC
import FlockTLS
import Foundation
import Logging
import Testing

/// A throwaway PKI made once per test process by Tests/Interop/make-certs.sh (real certificates
/// from the `openssl` CLI).
enum TestPKI {
    static let directory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flock-rpc-pki-\(getpid())").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Interop/make-certs.sh").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script, dir]
        try! p.run()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, "make-certs.sh failed")
        return dir
    }()

    static func pem(_ name: String) -> String {
        try! String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)
    }

    /// Server TLS with the given certificate (default: the localhost server certificate).
    static func server(_ name: String = "server") -> TLSConfiguration {
        TLSConfiguration(certificateChainPEM: pem("\(name).pem"), privateKeyPEM: pem("\(name).key"), trustRootsPEM: pem("ca.pem"))
    }

    /// Client TLS: `name` nil sends no certificate; `roots` picks the trusted CA.
    static func client(_ name: String? = "client", serverName: String? = nil, roots: String = "ca") -> TLSConfiguration {
        TLSConfiguration(certificateChainPEM: name.map { pem("\($0).pem") }, privateKeyPEM: name.map { pem("\($0).key") },
                         trustRootsPEM: pem("\(roots).pem"), serverHostName: serverName)
    }
}

/// Collects log lines so tests can assert what the server said.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }

    /// Waits (bounded) until a line containing `text` appears.
    func waitFor(_ text: String, attempts: Int = 100) async -> String? {
        for _ in 0..<attempts {
            if let l = all.first(where: { $0.contains(text) }) { return l }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    var logger: Logger {
        Logger(label: "test") { _ in CaptureHandler(log: self) }
    }

    struct CaptureHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] } set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            log.append("[\(level)] \(message)")
        }
    }
}

/// Raw bytes as a message (tests need no generated types).
struct Bytes: RPCMessage, Equatable {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ s: String) { self.bytes = Array(s.utf8) }
    init(serializedBytes: [UInt8]) throws { bytes = serializedBytes }
    func serializedBytes() -> [UInt8] { bytes }
    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Raw bytes whose `serializedPieces` cuts them into several pieces (empty, short and long ones),
/// as generated messages with large `bytes` fields do; the wire bytes are the same as `Bytes`'s.
struct PieceBytes: RPCMessage, Equatable {
    var bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(serializedBytes: [UInt8]) throws { bytes = serializedBytes }
    func serializedBytes() -> [UInt8] { bytes }
    func serializedPieces() -> [[UInt8]] {
        let n = bytes.count
        guard n > 10 else { return [[], bytes, []] }
        return [[], Array(bytes[0..<3]), [], Array(bytes[3..<(n - 7)]), Array(bytes[(n - 7)...])]
    }
}

/// Records what the test service observed.
final class Observations: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled: Set<String> = []
    private var started: Set<String> = []
    func markStarted(_ k: String) { lock.lock(); started.insert(k); lock.unlock() }
    func markCancelled(_ k: String) { lock.lock(); cancelled.insert(k); lock.unlock() }
    func wasCancelled(_ k: String) -> Bool { lock.lock(); defer { lock.unlock() }; return cancelled.contains(k) }
    func wasStarted(_ k: String) -> Bool { lock.lock(); defer { lock.unlock() }; return started.contains(k) }

    func waitCancelled(_ k: String) async -> Bool {
        for _ in 0..<400 { if wasCancelled(k) { return true }; try? await Task.sleep(for: .milliseconds(25)) }
        return false
    }
    func waitStarted(_ k: String) async -> Bool {
        for _ in 0..<400 { if wasStarted(k) { return true }; try? await Task.sleep(for: .milliseconds(25)) }
        return false
    }
}

/// The test service "test.Echo".
struct EchoService: RPCService {
    static let unary = MethodDescriptor(service: "test.Echo", method: "Unary", kind: .unary)
    static let whoAmI = MethodDescriptor(service: "test.Echo", method: "WhoAmI", kind: .unary)
    static let fail = MethodDescriptor(service: "test.Echo", method: "Fail", kind: .unary)
    static let serverStream = MethodDescriptor(service: "test.Echo", method: "ServerStream", kind: .serverStreaming)
    static let clientStream = MethodDescriptor(service: "test.Echo", method: "ClientStream", kind: .clientStreaming)
    static let bidi = MethodDescriptor(service: "test.Echo", method: "Bidi", kind: .bidirectionalStreaming)
    static let hang = MethodDescriptor(service: "test.Echo", method: "Hang", kind: .unary)
    static let slowReader = MethodDescriptor(service: "test.Echo", method: "SlowReader", kind: .clientStreaming)
    static let metadata = MethodDescriptor(service: "test.Echo", method: "Metadata", kind: .unary)
    static let pieceStream = MethodDescriptor(service: "test.Echo", method: "PieceStream", kind: .serverStreaming)

    let observations: Observations

    var routes: [RPCRoute] {
        [
            .unary(Self.unary) { (req: Bytes, _) in req },
            .unary(Self.whoAmI) { (_: Bytes, ctx) in Bytes(ctx.peerCommonName ?? "<none>") },
            .unary(Self.metadata) { (_: Bytes, ctx) in
                Bytes("\(ctx.metadata["x-flock-test"] ?? "<none>"),\(ctx.deadline == nil ? "no-deadline" : "deadline")")
            },
            .unary(Self.fail) { (req: Bytes, _) -> Bytes in throw RPCError(.failedPrecondition, req.string) },
            // Request: "count,size"; streams `count` messages of `size` bytes, byte i = (seq + i) % 251.
            .serverStreaming(Self.serverStream) { (req: Bytes, writer: ResponseWriter<Bytes>, _) in
                let parts = req.string.split(separator: ",").compactMap { Int($0) }
                for seq in 0..<parts[0] {
                    try await writer.write(Bytes((0..<parts[1]).map { UInt8((seq + $0) % 251) }))
                }
            },
            // Like ServerStream, each message written as pieces (PieceBytes).
            .serverStreaming(Self.pieceStream) { (req: Bytes, writer: ResponseWriter<PieceBytes>, _) in
                let parts = req.string.split(separator: ",").compactMap { Int($0) }
                for seq in 0..<parts[0] {
                    try await writer.write(PieceBytes((0..<parts[1]).map { UInt8((seq + $0) % 251) }))
                }
            },
            // Answers "count,bytes,sum".
            .clientStreaming(Self.clientStream) { (requests: RequestStream<Bytes>, _) in
                var count = 0, total = 0, sum: UInt64 = 0
                for try await m in requests {
                    count += 1; total += m.bytes.count
                    for b in m.bytes { sum &+= UInt64(b) }
                }
                return Bytes("\(count),\(total),\(sum)")
            },
            .bidirectionalStreaming(Self.bidi) { (requests: RequestStream<Bytes>, writer: ResponseWriter<Bytes>, _) in
                for try await m in requests { try await writer.write(m) }
            },
            // Never answers; records start and cancellation under the request text.
            .unary(Self.hang) { [observations] (req: Bytes, _) -> Bytes in
                observations.markStarted(req.string)
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    observations.markCancelled(req.string)
                    throw error
                }
                return req
            },
            // Reads nothing until "go" is marked, then drains.
            .clientStreaming(Self.slowReader) { [observations] (requests: RequestStream<Bytes>, _) in
                observations.markStarted("slow")
                while !observations.wasStarted("go") { try await Task.sleep(for: .milliseconds(20)) }
                var n = 0
                for try await m in requests { n += m.bytes.count }
                return Bytes("\(n)")
            },
        ]
    }
}

/// A started server with the test service.
struct Harness {
    let server: RPCServer
    let log: CapturedLog
    let observations: Observations

    static func start(tls: TLSConfiguration = TestPKI.server(), maxReceive: Int = 64 << 20,
                      keepalive: RPCKeepalive? = nil) throws -> Harness {
        let log = CapturedLog()
        let obs = Observations()
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0, tls: tls, maxReceiveMessageSize: maxReceive,
                                                    keepalive: keepalive),
                               services: [EchoService(observations: obs)], logger: log.logger)
        try server.start()
        return Harness(server: server, log: log, observations: obs)
    }

    func channel(_ tls: TLSConfiguration = TestPKI.client(), host: String = "127.0.0.1", maxReceive: Int = 64 << 20) throws -> RPCChannel {
        try RPCChannel(configuration: .init(host: host, port: server.port, tls: tls, maxReceiveMessageSize: maxReceive))
    }

    func client(_ tls: TLSConfiguration = TestPKI.client(), host: String = "127.0.0.1") throws -> RPCClient {
        RPCClient(transport: try channel(tls, host: host))
    }
}

/// Runs `body` and returns the RPCError it throws (nil when it does not throw one).
func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do { try await body(); return nil } catch let e as RPCError { return e } catch { return RPCError(.unknown, "not an RPCError: \(error)") }
}
