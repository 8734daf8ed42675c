import FlockRPC
import FlockTLS
import Foundation
import Testing

@Suite("HTTP/2 transport: status, deadlines, cancellation, limits")
struct StatusTests {
    @Test("an unknown method answers UNIMPLEMENTED (trailers-only)")
    func unknownMethod() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let nope = MethodDescriptor(service: "test.Echo", method: "Nope", kind: .unary)
        let e = await rpcError { let _: Bytes = try await client.unary(nope, request: Bytes("x")) }
        #expect(e?.code == .unimplemented)
        #expect(e?.message.contains("/test.Echo/Nope") == true)
    }

    @Test("a handler's RPCError reaches the client with its percent-encoded message intact")
    func errorStatus() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let text = "not ready: 100% ünïcode\nsecond line"
        let e = await rpcError { let _: Bytes = try await client.unary(EchoService.fail, request: Bytes(text)) }
        #expect(e == RPCError(.failedPrecondition, text))
    }

    @Test("custom metadata and the deadline reach the handler")
    func metadata() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let r: Bytes = try await client.unary(EchoService.metadata, request: Bytes(""),
                                              options: CallOptions(timeout: .seconds(30), metadata: ["x-flock-test": "v1"]))
        #expect(r.string == "v1,deadline")
    }

    @Test("a deadline that expires fails with DEADLINE_EXCEEDED and cancels the handler")
    func deadline() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let e = await rpcError {
            let _: Bytes = try await client.unary(EchoService.hang, request: Bytes("deadline-1"), options: CallOptions(timeout: .milliseconds(300)))
        }
        #expect(e?.code == .deadlineExceeded)
        #expect(await h.observations.waitCancelled("deadline-1"))
    }

    @Test("an idle timeout ends a call that goes quiet with DEADLINE_EXCEEDED and cancels the handler")
    func idleTimeout() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let e = await rpcError {
            let _: Bytes = try await client.unary(EchoService.hang, request: Bytes("idle-1"), options: CallOptions(idleTimeout: .milliseconds(300)))
        }
        #expect(e?.code == .deadlineExceeded)
        #expect(e?.message.contains("nothing sent or received for 0.3 seconds (idle timeout)") == true, "\(String(describing: e))")
        #expect(await h.observations.waitCancelled("idle-1"))
    }

    @Test("an idle timeout does not end a call that keeps moving, however long it runs")
    func idleTimeoutMoving() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        // 8 messages 400 ms apart: the call lasts about 3.2 s, over twice the idle timeout.
        let started = ContinuousClock.now
        let echoed: [String] = try await client.bidirectionalStreaming(EchoService.bidi, options: CallOptions(idleTimeout: .milliseconds(1500))) {
            (writer: RequestWriter<Bytes>, responses: ResponseStream<Bytes>) in
            var it = responses.makeAsyncIterator()
            var got: [String] = []
            for i in 0..<8 {
                try await Task.sleep(for: .milliseconds(400))
                try await writer.write(Bytes("m\(i)"))
                if let m = try await it.next() { got.append(m.string) }
            }
            return got
        }
        #expect(echoed == (0..<8).map { "m\($0)" })
        #expect(ContinuousClock.now - started > .seconds(3))
    }

    @Test("cancelling the client task resets the stream and the handler observes cancellation")
    func cancellation() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let task = Task {
            let _: Bytes = try await client.unary(EchoService.hang, request: Bytes("cancel-1"))
        }
        #expect(await h.observations.waitStarted("cancel-1"))
        task.cancel()
        let result = await task.result
        if case .failure(let e) = result { #expect((e as? RPCError)?.code == .cancelled) } else { Issue.record("call did not fail") }
        #expect(await h.observations.waitCancelled("cancel-1"))
        // The connection stays usable.
        let r: Bytes = try await client.unary(EchoService.unary, request: Bytes("after"))
        #expect(r.string == "after")
    }

    @Test("a request over the server's max message size is RESOURCE_EXHAUSTED")
    func maxMessageServer() async throws {
        let h = try Harness.start(maxReceive: 1000)
        defer { h.server.stop() }
        let client = try h.client()
        let e = await rpcError { let _: Bytes = try await client.unary(EchoService.unary, request: Bytes([UInt8](repeating: 1, count: 5000))) }
        #expect(e?.code == .resourceExhausted)
        #expect(e?.message.contains("larger than max") == true)
        let ok: Bytes = try await client.unary(EchoService.unary, request: Bytes("small"))
        #expect(ok.string == "small")
    }

    @Test("a response over the client's max message size is RESOURCE_EXHAUSTED")
    func maxMessageClient() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = RPCClient(transport: try h.channel(maxReceive: 1000))
        let e = await rpcError { let _: Bytes = try await client.unary(EchoService.unary, request: Bytes([UInt8](repeating: 1, count: 5000))) }
        #expect(e?.code == .resourceExhausted)
        let small = CallOptions(maxReceiveMessageSize: 10_000)
        let ok: Bytes = try await client.unary(EchoService.unary, request: Bytes([UInt8](repeating: 1, count: 5000)), options: small)
        #expect(ok.bytes.count == 5000)
    }

    @Test("a slow reader suspends the writer instead of growing buffers (back-pressure)")
    func backPressure() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let channel = try h.channel()
        let call = try await channel.makeCall(EchoService.slowReader, options: .defaults)
        let chunk = [UInt8](repeating: 7, count: 1 << 20)
        // The server reads nothing yet: after the stream window (16 MiB) and the send queue (2 MiB)
        // fill, `send` must stop completing.
        let sent = Counter()
        let writer = Task {
            for _ in 0..<64 { try await call.send(chunk); sent.increment() }
            try await call.closeSend()
        }
        #expect(await h.observations.waitStarted("slow"))
        var stalledAt = -1
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(50))
            let a = sent.value
            try await Task.sleep(for: .milliseconds(150))
            if a == sent.value && a < 64 { stalledAt = a; break }
        }
        #expect(stalledAt >= 0 && stalledAt <= 24, "writer stalled after \(stalledAt) MiB")
        h.observations.markStarted("go")
        try await writer.value
        let reply = try await call.receive()
        #expect(reply.map { String(decoding: $0, as: UTF8.self) } == "\(64 << 20)")
        call.cancel()
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
