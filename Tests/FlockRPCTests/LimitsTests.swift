import CNGHTTP2
import FlockRPC
import FlockTLS
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The server's per-connection limits seen from a peer that ignores them: a raw HTTP/2 client
/// over TLS that writes its own frames (a conforming client never exceeds them).
@Suite("HTTP/2 transport: limits against misbehaving peers")
struct LimitsTests {
    /// A server with EchoService and `GaugeService`, `maxStreams` streams per connection.
    static func start(maxStreams: Int, maxReceive: Int = 64 << 20, partialBudget: Int? = nil) throws -> (RPCServer, Observations, Gauge) {
        let obs = Observations(), gauge = Gauge()
        var configuration = RPCServer.Configuration(host: "127.0.0.1", port: 0, tls: TestPKI.server(), maxReceiveMessageSize: maxReceive,
                                                    keepalive: nil, maxConcurrentStreams: maxStreams)
        if let partialBudget { configuration.partialMessageBudget = partialBudget }
        let server = RPCServer(configuration: configuration,
                               services: [EchoService(observations: obs), GaugeService(gauge: gauge)], logger: CapturedLog().logger)
        try server.start()
        return (server, obs, gauge)
    }

    @Test("streams beyond max_concurrent_streams are refused with REFUSED_STREAM and start no handler")
    func refusedStreams() async throws {
        let (server, obs, _) = try Self.start(maxStreams: 4)
        defer { server.stop() }
        let peer = try RawHTTP2Peer(port: server.port)
        defer { peer.close() }
        // The server's SETTINGS arrives first; this peer never acknowledges it.
        let settings = try #require(try peer.readFrame(), "no SETTINGS from the server")
        #expect(settings.type == RawHTTP2Peer.settingsType && settings.settings[UInt16(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue)] == 4)
        let count = 200
        for i in 0..<count { try peer.call(stream: UInt32(2 * i + 1), path: EchoService.hang.path, message: Array("s\(i)".utf8)) }
        var refused = Set<UInt32>()
        while refused.count < count - 4, let frame = try peer.readFrame() {
            if frame.type == RawHTTP2Peer.rstStreamType, frame.errorCode == NGHTTP2_REFUSED_STREAM.rawValue { refused.insert(frame.streamID) }
        }
        #expect(refused.count == count - 4, "refused \(refused.count) of \(count - 4) excess streams")
        #expect(refused.min() == 9, "the first four streams (1, 3, 5, 7) were accepted")
        // Exactly the first four reached their handler; the 196 others never ran one.
        for i in 0..<4 { #expect(await obs.waitStarted("s\(i)")) }
        try await Task.sleep(for: .milliseconds(200))
        #expect((4..<count).filter { obs.wasStarted("s\($0)") }.isEmpty)
    }

    @Test("a peer that acknowledged max_concurrent_streams and exceeds it loses its connection; its calls end")
    func goawayAfterAcknowledging() async throws {
        let (server, obs, _) = try Self.start(maxStreams: 4)
        defer { server.stop() }
        let peer = try RawHTTP2Peer(port: server.port)
        defer { peer.close() }
        let settings = try #require(try peer.readFrame())
        #expect(settings.type == RawHTTP2Peer.settingsType)
        try peer.acknowledgeSettings()
        for i in 0..<50 { try peer.call(stream: UInt32(2 * i + 1), path: EchoService.hang.path, message: Array("g\(i)".utf8)) }
        var goaway: RawHTTP2Peer.Frame?
        while goaway == nil, let frame = try peer.readFrame() {
            if frame.type == RawHTTP2Peer.goawayType { goaway = frame }
        }
        let g = try #require(goaway, "the server did not send GOAWAY")
        #expect(g.errorCode == NGHTTP2_PROTOCOL_ERROR.rawValue)
        // The handlers that had started are cancelled with the connection, and it is gone.
        for i in 0..<4 where obs.wasStarted("g\(i)") { #expect(await obs.waitCancelled("g\(i)")) }
        #expect((4..<50).filter { obs.wasStarted("g\($0)") }.isEmpty)
        for _ in 0..<250 where server.connectionCount > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(server.connectionCount == 0)
    }

    @Test("a conforming client queues calls beyond the limit: all succeed, at most max_concurrent_streams run at once")
    func conformingClientQueues() async throws {
        let (server, _, gauge) = try Self.start(maxStreams: 4)
        defer { server.stop() }
        let client = RPCClient(transport: try RPCChannel(configuration: .init(host: "127.0.0.1", port: server.port, tls: TestPKI.client())))
        // One call first, so the client has the server's SETTINGS before the burst.
        let _: Bytes = try await client.unary(EchoService.unary, request: Bytes("warm"))
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<12 {
                group.addTask {
                    let r: Bytes = try await client.unary(GaugeService.slow, request: Bytes("\(i)"))
                    return r.string
                }
            }
            var all: [String] = []
            for try await a in group { all.append(a) }
            return all
        }
        #expect(answers.count == 12)
        // 12 calls of 150 ms each: without the limit they all overlap.
        #expect(gauge.peak <= 4 && gauge.peak >= 2, "peak concurrency at the server: \(gauge.peak)")
    }

    @Test("an oversize message is refused from its 5-byte length prefix, before its bytes arrive")
    func oversizeFromPrefix() async throws {
        let (server, _, _) = try Self.start(maxStreams: 100, maxReceive: 64 << 10)
        defer { server.stop() }
        let peer = try RawHTTP2Peer(port: server.port)
        defer { peer.close() }
        _ = try peer.readFrame()
        try peer.acknowledgeSettings()
        // A client-streaming call whose first message claims 1 GiB; only the prefix is sent.
        try peer.headers(stream: 1, path: EchoService.clientStream.path)
        try peer.data(stream: 1, [0, 0x40, 0, 0, 0], endStream: false)
        var trailers: [String: String]?
        var seen: [String: String] = [:]
        while trailers == nil, let frame = try peer.readFrame() {
            // Every header block is decoded, in order (HPACK's table spans the connection).
            guard frame.type == RawHTTP2Peer.headersType else { continue }
            seen.merge(try peer.decodeHeaders(frame.payload)) { $1 }
            if frame.streamID == 1, frame.flags & 0x1 != 0 { trailers = seen }
        }
        let t = try #require(trailers, "no trailers: the server is waiting for the message body")
        #expect(t["grpc-status"] == "8", "RESOURCE_EXHAUSTED; got \(t)")
        #expect(t["grpc-message"]?.contains("received message larger than max (1073741824 vs. 65536)") == true, "\(t)")
    }
}

extension LimitsTests {
    /// Reads frames until the trailers of `stream` (decoding every header block in order, as
    /// HPACK needs), waiting up to 60 s. The blocking reads run on a Dispatch thread, not on the
    /// cooperative pool that the server's handlers (in this process) need.
    func trailers(of stream: UInt32, _ peer: RawHTTP2Peer, seen: [String: String]) async -> (trailers: [String: String]?, seen: [String: String]) {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                var seen = seen
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    guard let frame = try? peer.readFrame() else { continue }
                    guard frame.type == RawHTTP2Peer.headersType, let block = try? peer.decodeHeaders(frame.payload) else { continue }
                    if frame.streamID == stream, frame.flags & 0x1 != 0 {
                        c.resume(returning: (seen.merging(block) { $1 }, seen))
                        return
                    }
                    seen.merge(block) { $1 }
                }
                c.resume(returning: (nil, seen))
            }
        }
    }

    @Test("calls kept half-sent cannot make the server hold more than its partial-message budget")
    func partialMessageBudget() async throws {
        let (server, _, _) = try Self.start(maxStreams: 100, partialBudget: 40_000)
        defer { server.stop() }
        let peer = try RawHTTP2Peer(port: server.port)
        defer { peer.close() }
        _ = try peer.readFrame()
        try peer.acknowledgeSettings()
        func prefix(_ n: Int) -> [UInt8] { [0, UInt8(n >> 24 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] }
        // Two client-streaming calls, each with a 30,000-byte message of which only part is sent
        // (45,000 bytes in all, within the connection's initial 65,535-byte window).
        try peer.headers(stream: 1, path: EchoService.clientStream.path)
        try peer.data(stream: 1, prefix(30_000) + [UInt8](repeating: 1, count: 25_000), endStream: false)
        try peer.headers(stream: 3, path: EchoService.clientStream.path)
        try peer.data(stream: 3, prefix(30_000) + [UInt8](repeating: 3, count: 20_000), endStream: false)
        let (first, seen) = await trailers(of: 3, peer, seen: [:])
        let refused = try #require(first, "the second half-sent call was not refused")
        #expect(refused["grpc-status"] == "8", "RESOURCE_EXHAUSTED; got \(refused)")
        #expect(refused["grpc-message"]?.contains("too many partly received messages") == true, "\(refused)")
        // The refused call's bytes were released: the first call completes normally.
        try peer.data(stream: 1, [UInt8](repeating: 1, count: 5_000), endStream: true)
        let done = try #require(await trailers(of: 1, peer, seen: seen).trailers, "no trailers for the first call")
        #expect(done["grpc-status"] == "0", "\(done)")
    }
}

/// The highest number of calls of `GaugeService.slow` running at once.
final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var active = 0
    private(set) var peakValue = 0
    func enter() { lock.lock(); active += 1; peakValue = max(peakValue, active); lock.unlock() }
    func leave() { lock.lock(); active -= 1; lock.unlock() }
    var peak: Int { lock.lock(); defer { lock.unlock() }; return peakValue }
}

struct GaugeService: RPCService {
    static let slow = MethodDescriptor(service: "test.Gauge", method: "Slow", kind: .unary)
    let gauge: Gauge
    var routes: [RPCRoute] {
        [.unary(Self.slow) { [gauge] (r: Bytes, _) in
            gauge.enter()
            defer { gauge.leave() }
            try await Task.sleep(for: .milliseconds(150))
            return r
        }]
    }
}

/// A blocking HTTP/2-over-TLS peer that writes frames itself (HPACK literals without indexing),
/// for tests of what the server does with a peer that breaks the rules. Reads time out after 5 s.
final class RawHTTP2Peer {
    static let dataType: UInt8 = 0, headersType: UInt8 = 1, rstStreamType: UInt8 = 3, settingsType: UInt8 = 4, goawayType: UInt8 = 7

    struct Frame {
        var type: UInt8
        var flags: UInt8
        var streamID: UInt32
        var payload: [UInt8]
        /// RST_STREAM's or GOAWAY's error code.
        var errorCode: UInt32 {
            let at = type == RawHTTP2Peer.goawayType ? 4 : 0
            guard payload.count >= at + 4 else { return UInt32.max }
            return payload[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        /// SETTINGS entries.
        var settings: [UInt16: UInt32] {
            var out: [UInt16: UInt32] = [:]
            var i = 0
            while i + 6 <= payload.count {
                out[UInt16(payload[i]) << 8 | UInt16(payload[i + 1])] = payload[i + 2..<i + 6].reduce(0) { $0 << 8 | UInt32($1) }
                i += 6
            }
            return out
        }
    }

    let fd: Int32
    let tls: TLSConnection
    private var buffer: [UInt8] = []
    private var inflater: OpaquePointer?

    init(port: Int) throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { Glibc.close(sock); throw RPCError(.unavailable, "connect failed: \(String(cString: strerror(errno)))") }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        fd = sock
        tls = try TLSConnection(context: TLSContext(role: .client, configuration: TestPKI.client()), fd: sock, serverName: "127.0.0.1")
        for _ in 0..<100 {
            let r = try tls.handshake()
            _ = try tls.flush()
            if case .done = r { break }
        }
        nghttp2_hd_inflate_new(&inflater)
        try write(Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + Self.frame(type: Self.settingsType, flags: 0, stream: 0, []))
    }

    func close() {
        nghttp2_hd_inflate_del(inflater)
        inflater = nil
        Glibc.close(fd)
    }

    static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        return [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
                UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let r = try bytes[sent...].withUnsafeBytes { try tls.write($0.baseAddress!, count: $0.count) }
            guard case .done(let n) = r else { throw RPCError(.unavailable, "TLS write would block: \(r)") }
            sent += n
        }
        for _ in 0..<1000 { if case .done = try tls.flush() { return } ; usleep(1000) }
    }

    func acknowledgeSettings() throws { try write(Self.frame(type: Self.settingsType, flags: 0x1, stream: 0, [])) }

    func headers(stream: UInt32, path: String) throws {
        var block: [UInt8] = []
        for (name, value) in [(":method", "POST"), (":scheme", "https"), (":path", path), (":authority", "127.0.0.1"),
                              ("content-type", "application/grpc"), ("te", "trailers")] {
            block += [0, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
        }
        try write(Self.frame(type: Self.headersType, flags: 0x4, stream: stream, block))
    }

    func data(stream: UInt32, _ bytes: [UInt8], endStream: Bool) throws {
        try write(Self.frame(type: Self.dataType, flags: endStream ? 0x1 : 0, stream: stream, bytes))
    }

    /// A unary call: HEADERS, then one length-prefixed message and END_STREAM.
    func call(stream: UInt32, path: String, message: [UInt8]) throws {
        try headers(stream: stream, path: path)
        let n = message.count
        try data(stream: stream, [0, UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + message, endStream: true)
    }

    /// The next frame, or nil when the connection closed or nothing came for 5 s.
    func readFrame() throws -> Frame? {
        while true {
            if buffer.count >= 9 {
                let n = Int(buffer[0]) << 16 | Int(buffer[1]) << 8 | Int(buffer[2])
                if buffer.count >= 9 + n {
                    let id = UInt32(buffer[5] & 0x7F) << 24 | UInt32(buffer[6]) << 16 | UInt32(buffer[7]) << 8 | UInt32(buffer[8])
                    let f = Frame(type: buffer[3], flags: buffer[4], streamID: id, payload: Array(buffer[9..<9 + n]))
                    buffer.removeFirst(9 + n)
                    return f
                }
            }
            var chunk = [UInt8](repeating: 0, count: 16384)
            let r = try chunk.withUnsafeMutableBytes { try tls.read(into: $0.baseAddress!, count: $0.count) }
            guard case .done(let n) = r, n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// Decodes a HEADERS payload (END_HEADERS, no padding or priority) with nghttp2's HPACK decoder.
    func decodeHeaders(_ block: [UInt8]) throws -> [String: String] {
        var out: [String: String] = [:]
        var pos = 0
        while true {
            var nv = nghttp2_nv()
            var flags: Int32 = 0
            let rv = block.withUnsafeBufferPointer { b in
                nghttp2_hd_inflate_hd2(inflater, &nv, &flags, b.baseAddress! + pos, b.count - pos, 1)
            }
            guard rv >= 0 else { throw RPCError(.internal, "HPACK decoding failed: \(rv)") }
            pos += rv
            if flags & Int32(NGHTTP2_HD_INFLATE_EMIT.rawValue) != 0 {
                let name = String(decoding: UnsafeBufferPointer(start: nv.name, count: nv.namelen), as: UTF8.self)
                out[name] = String(decoding: UnsafeBufferPointer(start: nv.value, count: nv.valuelen), as: UTF8.self)
            }
            if flags & Int32(NGHTTP2_HD_INFLATE_FINAL.rawValue) != 0 {
                nghttp2_hd_inflate_end_headers(inflater)
                return out
            }
            if rv == 0 && flags & Int32(NGHTTP2_HD_INFLATE_EMIT.rawValue) == 0 { return out }
        }
    }
}
