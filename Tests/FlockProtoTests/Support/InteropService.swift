import FlockProto
import FlockRPC

/// A test implementation of `fl.testing.v1.Interop` (the generated server protocol), plus two
/// test hooks on Unary: text `status:N` fails with status N, `whoami` answers with the peer CN and
/// the `x-test` metadata value, `boom` throws a non-RPC error.
struct InteropService: Fl_Testing_V1_InteropServiceProtocol {
    let hangs = HangRecorder()

    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom" }
    }

    func unary(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage {
        if request.text.hasPrefix("status:"), let code = Int(request.text.dropFirst("status:".count)),
           let status = RPCError.Code(rawValue: code) {
            throw RPCError(status, "failed as requested")
        }
        if request.text == "boom" { throw Boom() }
        if request.text == "whoami" {
            return Fl_Testing_V1_EchoMessage(text: "\(context.peerCommonName ?? "-") \(context.metadata["x-test"] ?? "-") \(context.method.path)")
        }
        return request
    }

    func serverStream(_ request: Fl_Testing_V1_StreamRequest, responses: ResponseWriter<Fl_Testing_V1_Chunk>,
                      context: ServerContext) async throws {
        for i in 0..<UInt64(request.count) {
            try await responses.write(Fl_Testing_V1_Chunk(sequence: i, data: fixtureBytes(count: Int(request.chunkSize), seed: Int(i))))
        }
    }

    func clientStream(_ requests: RequestStream<Fl_Testing_V1_Chunk>, context: ServerContext) async throws -> Fl_Testing_V1_StreamSummary {
        var summary = Fl_Testing_V1_StreamSummary()
        for try await chunk in requests {
            summary.count += 1
            summary.totalBytes += UInt64(chunk.data.count)
            summary.checksum = chunk.data.reduce(summary.checksum) { $0 &+ UInt64($1) }
        }
        return summary
    }

    func bidi(_ requests: RequestStream<Fl_Testing_V1_EchoMessage>, responses: ResponseWriter<Fl_Testing_V1_EchoMessage>,
              context: ServerContext) async throws {
        for try await message in requests {
            try await responses.write(message)
        }
    }

    func sleep(_ request: Fl_Testing_V1_SleepRequest, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage {
        try await Task.sleep(for: .milliseconds(Int(request.milliseconds)))
        return Fl_Testing_V1_EchoMessage(text: "slept")
    }

    func hang(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_EchoMessage {
        await hangs.started(request.text)
        do {
            while true { try await Task.sleep(for: .seconds(3600)) }
        } catch {
            await hangs.cancelled(request.text)
            throw error
        }
    }

    func wasCancelled(_ request: Fl_Testing_V1_EchoMessage, context: ServerContext) async throws -> Fl_Testing_V1_CancelState {
        Fl_Testing_V1_CancelState(observed: await hangs.wasCancelled(request.text))
    }
}

/// Which Hang calls started and which saw their cancellation, with waits for both (so tests
/// synchronise on events, never on time).
actor HangRecorder {
    private var startedNames: Set<String> = []
    private var cancelledNames: Set<String> = []
    private var waiters: [(name: String, cancelled: Bool, continuation: CheckedContinuation<Void, Never>)] = []

    func started(_ name: String) {
        startedNames.insert(name)
        wake()
    }

    func cancelled(_ name: String) {
        cancelledNames.insert(name)
        wake()
    }

    func wasCancelled(_ name: String) -> Bool { cancelledNames.contains(name) }

    /// Returns once Hang(`name`) started (or, with `cancelled`, saw its cancellation).
    func waitUntil(_ name: String, cancelled: Bool = false) async {
        if (cancelled ? cancelledNames : startedNames).contains(name) { return }
        await withCheckedContinuation { waiters.append((name, cancelled, $0)) }
    }

    private func wake() {
        let ready = waiters.filter { ($0.cancelled ? cancelledNames : startedNames).contains($0.name) }
        waiters.removeAll { ($0.cancelled ? cancelledNames : startedNames).contains($0.name) }
        for waiter in ready { waiter.continuation.resume() }
    }
}
