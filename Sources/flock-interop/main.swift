// flock-interop: the Swift side of FlockRPC's interoperability tests and RPC benchmark (test
// tool, not part of the product). It serves or calls `fl.testing.v1.Interop` over mutual TLS.
//
//   flock-interop serve  --cert C --key K --ca CA [--port 0]
//       Prints "LISTENING <port>", serves until stdin closes, then prints its peak RSS.
//   flock-interop client --port P --cert C --key K --ca CA [--server-name localhost] [--mib 256]
//       Runs the interop cases against a server (e.g. grpcio); exit status 0 when all pass.
//   flock-interop bench  --port P --cert C --key K --ca CA [--mib 1024]
//       Streams MiB of 1 MiB chunks server->client and client->server; prints MB/s, peak RSS and
//       CPU seconds (the server prints its own when it stops).
import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation
import Logging

// MARK: arguments

MemoryTuning.configureAllocator()

let args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else {
    FileHandle.standardError.write(Data("usage: flock-interop serve|client|bench [--options]\n".utf8))
    exit(2)
}
let options: [String: String] = {
    var options: [String: String] = [:]
    var i = 1
    while i < args.count {
        let a = args[i]
        guard a.hasPrefix("--"), i + 1 < args.count else { FileHandle.standardError.write(Data("bad argument \(a)\n".utf8)); exit(2) }
        options[String(a.dropFirst(2))] = args[i + 1]
        i += 2
    }
    return options
}()
func opt(_ k: String, _ d: String? = nil) -> String {
    guard let v = options[k] ?? d else { FileHandle.standardError.write(Data("missing --\(k)\n".utf8)); exit(2) }
    return v
}
func say(_ s: String) { print(s); fflush(stdout) }

/// Sum of bytes modulo 2^64, eight bytes at a time.
func checksum(_ bytes: [UInt8]) -> UInt64 {
    bytes.withUnsafeBytes { raw -> UInt64 in
        var sum: UInt64 = 0
        let words = raw.count / 8
        let mask: UInt64 = 0x00FF_00FF_00FF_00FF
        var lanes: UInt64 = 0
        var inLanes = 0
        for w in 0..<words {
            let v = raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)
            lanes &+= (v & mask) &+ ((v >> 8) & mask)   // four 16-bit lanes, each gets <= 510 per word
            inLanes += 1
            if inLanes == 120 {   // 120 * 510 < 65536
                sum &+= (lanes & 0xFFFF) &+ ((lanes >> 16) & 0xFFFF) &+ ((lanes >> 32) & 0xFFFF) &+ (lanes >> 48)
                lanes = 0; inLanes = 0
            }
        }
        sum &+= (lanes & 0xFFFF) &+ ((lanes >> 16) & 0xFFFF) &+ ((lanes >> 32) & 0xFFFF) &+ (lanes >> 48)
        for j in (words * 8)..<raw.count { sum &+= UInt64(raw[j]) }
        return sum
    }
}

func tls(serverName: String? = nil) -> TLSConfiguration {
    do {
        return try TLSConfiguration.fromFiles(certificate: opt("cert"), privateKey: opt("key"), trustRoots: opt("ca"),
                                              serverHostName: serverName)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8)); exit(1)
    }
}

// MARK: the service

final class CancelledSet: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String> = []
    func insert(_ s: String) { lock.lock(); names.insert(s); lock.unlock() }
    func contains(_ s: String) -> Bool { lock.lock(); defer { lock.unlock() }; return names.contains(s) }
}

struct InteropService: Fl_Testing_V1_InteropServiceProtocol {
    let cancelled = CancelledSet()

    func unary(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage { request }

    func serverStream(_ request: Fl_Testing_V1_StreamRequest, responses: ResponseWriter<Fl_Testing_V1_Chunk>, context: ServerContext) async throws {
        for seq in 0..<UInt64(request.count) {
            try await responses.write(Fl_Testing_V1_Chunk(sequence: seq, data: [UInt8](repeating: UInt8(seq & 0xFF), count: Int(request.chunkSize))))
        }
    }

    func clientStream(_ requests: RequestStream<Fl_Testing_V1_Chunk>, context: ServerContext) async throws -> Fl_Testing_V1_StreamSummary {
        let bench = context.metadata["x-flock-bench"] != nil   // the benchmark measures transport only
        var summary = Fl_Testing_V1_StreamSummary()
        for try await chunk in requests {
            summary.count += 1
            summary.totalBytes += UInt64(chunk.data.count)
            if !bench { summary.checksum &+= checksum(chunk.data) }
        }
        return summary
    }

    func bidi(_ requests: RequestStream<Fl_Testing_V1_EchoMessage>, responses: ResponseWriter<Fl_Testing_V1_EchoMessage>, context: ServerContext) async throws {
        for try await m in requests { try await responses.write(m) }
    }

    func sleep(_ request: Fl_Testing_V1_SleepRequest, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage {
        try await Task.sleep(for: .milliseconds(Int(request.milliseconds)))
        return Fl_Testing_V1_EchoMessage(text: "slept")
    }

    func hang(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage {
        do { try await Task.sleep(for: .seconds(3600)) } catch {
            cancelled.insert(request.text)
            throw error
        }
        return request
    }

    func wasCancelled(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_CancelState {
        Fl_Testing_V1_CancelState(observed: cancelled.contains(request.text))
    }
}

// MARK: commands

func serve() async throws {
    var logger = Logger(label: "flock-interop")
    logger.logLevel = options["verbose"] != nil ? .debug : .warning
    let server = RPCServer(configuration: .init(host: opt("host", "127.0.0.1"), port: Int(opt("port", "0"))!, tls: tls(),
                                                maxReceiveMessageSize: 16 << 20),
                           services: [InteropService()], logger: logger)
    try server.start()
    say("LISTENING \(server.port)")
    // Serve until stdin closes.
    await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread {
            while readLine() != nil {}
            cont.resume()
        }
    }
    await server.shutdown(gracePeriod: .seconds(5))
    say(String(format: "SERVER_PEAK_RSS_MIB %.1f", ProcessStats.mib(getpid(), "VmHWM") ?? 0))
    say(String(format: "SERVER_CPU_S %.2f", ProcessStats.ownCPUSeconds()))
}

struct Failure: Error, CustomStringConvertible { let description: String }
func check(_ ok: Bool, _ what: @autoclosure () -> String) throws { if !ok { throw Failure(description: what()) } }

func runClient() async throws -> Bool {
    let channel = try RPCChannel(configuration: .init(host: opt("host", "127.0.0.1"), port: Int(opt("port"))!,
                                                      tls: tls(serverName: options["server-name"])))
    let client = Fl_Testing_V1_InteropClient(transport: channel)
    let mib = Int(opt("mib", "256"))!
    var allPassed = true
    func run(_ name: String, _ body: () async throws -> Void) async {
        let start = ContinuousClock.now
        do {
            try await body()
            say("PASS \(name) (\(start.duration(to: .now)))")
        } catch {
            allPassed = false
            say("FAIL \(name): \(error)")
        }
    }
    await run("unary") {
        let r = try await client.unary(.init(text: "hello", payload: [1, 2, 3], number: 42))
        try check(r == .init(text: "hello", payload: [1, 2, 3], number: 42), "echo mismatch: \(r)")
    }
    await run("server stream \(mib) MiB") {
        let (count, bytes) = try await client.serverStream(.init(count: UInt32(mib), chunkSize: 1 << 20)) { stream in
            var count = 0, bytes = 0
            for try await c in stream {
                try check(c.sequence == UInt64(count) && c.data.count == 1 << 20 && c.data.first == UInt8(count & 0xFF)
                          && c.data.last == UInt8(count & 0xFF), "chunk \(count) malformed")
                count += 1; bytes += c.data.count
            }
            return (count, bytes)
        }
        try check(count == mib && bytes == mib << 20, "got \(count) chunks, \(bytes) bytes")
    }
    await run("client stream \(mib) MiB") {
        var expected: UInt64 = 0
        let summary = try await client.clientStream { writer in
            for seq in 0..<mib {
                let data = [UInt8](repeating: UInt8(seq % 251), count: 1 << 20)
                expected &+= UInt64(seq % 251) << 20
                try await writer.write(.init(sequence: UInt64(seq), data: data))
            }
        }
        try check(summary == .init(count: UInt64(mib), totalBytes: UInt64(mib) << 20, checksum: expected), "summary \(summary)")
    }
    await run("bidi echo") {
        let got = try await client.bidi { writer, responses in
            var it = responses.makeAsyncIterator()
            var got: [Int64] = []
            for n in 0..<50 {
                try await writer.write(.init(text: "m", number: Int64(n)))
                if let m = try await it.next() { got.append(m.number) }
            }
            return got
        }
        try check(got == (0..<50).map { Int64($0) }, "echoed \(got)")
    }
    await run("deadline exceeded") {
        do {
            _ = try await client.sleep(.init(milliseconds: 5000), options: CallOptions(timeout: .milliseconds(300)))
            throw Failure(description: "the call succeeded")
        } catch let e as RPCError {
            try check(e.code == .deadlineExceeded, "got \(e)")
        }
    }
    await run("cancellation observed by the server") {
        let name = "swift-cancel-\(UInt32.random(in: 0...UInt32.max))"
        let task = Task { _ = try await client.hang(.init(text: name)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        _ = await task.result
        var observed = false
        for _ in 0..<100 where !observed {
            observed = try await client.wasCancelled(.init(text: name)).observed
            if !observed { try await Task.sleep(for: .milliseconds(50)) }
        }
        try check(observed, "the server never saw the cancellation")
    }
    await run("unknown method is UNIMPLEMENTED") {
        let nope = MethodDescriptor(service: "fl.testing.v1.Interop", method: "Nope", kind: .unary)
        do {
            let _: Fl_Testing_V1_EchoMessage = try await client.client.unary(nope, request: Fl_Testing_V1_EchoMessage(text: "x"))
            throw Failure(description: "the call succeeded")
        } catch let e as RPCError {
            try check(e.code == .unimplemented, "got \(e)")
        }
    }
    return allPassed
}

func bench() async throws {
    let channel = try RPCChannel(configuration: .init(host: opt("host", "127.0.0.1"), port: Int(opt("port"))!,
                                                      tls: tls(serverName: options["server-name"])))
    let client = Fl_Testing_V1_InteropClient(transport: channel)
    let mib = Int(opt("mib", "1024"))!
    _ = try await client.unary(.init(text: "warm-up"))
    let clock = ContinuousClock()
    // server -> client
    var start = clock.now
    let received = try await client.serverStream(.init(count: UInt32(mib), chunkSize: 1 << 20)) { stream in
        var bytes = 0
        for try await c in stream { bytes += c.data.count }
        return bytes
    }
    let down = start.duration(to: clock.now)
    guard received == mib << 20 else { throw Failure(description: "received \(received) bytes") }
    // client -> server
    let chunk = [UInt8](repeating: 0x5A, count: 1 << 20)
    start = clock.now
    let summary = try await client.clientStream(options: CallOptions(metadata: ["x-flock-bench": "1"])) { writer in
        for seq in 0..<mib { try await writer.write(.init(sequence: UInt64(seq), data: chunk)) }
    }
    let up = start.duration(to: clock.now)
    guard summary.totalBytes == UInt64(mib) << 20 else { throw Failure(description: "server got \(summary.totalBytes) bytes") }
    func mbps(_ d: Duration) -> Double {
        Double(mib << 20) / 1e6 / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    say(String(format: "DOWNLOAD_MBPS %.0f", mbps(down)))
    say(String(format: "UPLOAD_MBPS %.0f", mbps(up)))
    say(String(format: "CLIENT_PEAK_RSS_MIB %.1f", ProcessStats.mib(getpid(), "VmHWM") ?? 0))
    say(String(format: "CLIENT_CPU_S %.2f", ProcessStats.ownCPUSeconds()))
}

switch command {
case "serve":
    try await serve()
case "client":
    let ok = try await runClient()
    exit(ok ? 0 : 1)
case "bench":
    try await bench()
default:
    FileHandle.standardError.write(Data("unknown command \(command)\n".utf8))
    exit(2)
}
