import FlockProto
import FlockRPC
import Testing

/// The generated typed client and server protocol, end to end over `InProcessTransport`, in all
/// four call kinds and through the transport's contract (statuses, unknown methods, cancellation,
/// deadlines, half-close, ordering).
@Suite("Typed Interop client and server over the in-process transport")
struct InProcessInteropTests {
    let service = InteropService()
    var client: Fl_Testing_V1_InteropClient {
        Fl_Testing_V1_InteropClient(transport: InProcessTransport(services: [service], peerCommonName: "site-1"))
    }

    @Test("a unary call returns the server's answer")
    func unary() async throws {
        let request = Fl_Testing_V1_EchoMessage(text: "héllo 🚀", payload: fixtureBytes(count: 1 << 20, seed: 3), number: -7)
        #expect(try await client.unary(request) == request)
    }

    @Test("a server-streaming call delivers every response in order, then ends")
    func serverStreaming() async throws {
        let chunks = try await client.serverStream(Fl_Testing_V1_StreamRequest(count: 40, chunkSize: 1000)) { responses in
            var received: [Fl_Testing_V1_Chunk] = []
            for try await chunk in responses { received.append(chunk) }
            return received
        }
        #expect(chunks.map(\.sequence) == Array(0..<40))
        #expect(chunks.allSatisfy { $0.data == fixtureBytes(count: 1000, seed: Int($0.sequence)) })
    }

    @Test("a client-streaming call sends every request, half-closes, and gets one answer")
    func clientStreaming() async throws {
        let sent = (0..<50).map { Fl_Testing_V1_Chunk(sequence: UInt64($0), data: fixtureBytes(count: 777 + $0, seed: $0)) }
        let summary = try await client.clientStream { requests in
            for chunk in sent { try await requests.write(chunk) }
        }
        #expect(summary.count == 50)
        #expect(summary.totalBytes == UInt64(sent.reduce(0) { $0 + $1.data.count }))
        #expect(summary.checksum == sent.reduce(UInt64(0)) { sum, chunk in chunk.data.reduce(sum) { $0 &+ UInt64($1) } })
    }

    @Test("a bidirectional call answers each message before the next is sent, and ends after half-close")
    func bidirectional() async throws {
        let echoed = try await client.bidi { requests, responses in
            var iterator = responses.makeAsyncIterator()
            var texts: [String] = []
            for i in 0..<5 {
                try await requests.write(Fl_Testing_V1_EchoMessage(text: "ping \(i)", number: Int64(i)))
                // The answer arrives while the request side is still open: no buffering until close.
                let answer = try await iterator.next()
                texts.append(answer?.text ?? "nothing")
            }
            try await requests.finish()
            #expect(try await iterator.next() == nil)
            return texts
        }
        #expect(echoed == (0..<5).map { "ping \($0)" })
    }

    @Test("a status the handler throws reaches the client unchanged")
    func handlerStatus() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await client.unary(Fl_Testing_V1_EchoMessage(text: "status:9"))
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == "failed as requested")
    }

    @Test("any other error the handler throws ends the call with UNKNOWN")
    func unknownError() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await client.unary(Fl_Testing_V1_EchoMessage(text: "boom"))
        }
        #expect(error?.code == .unknown)
        #expect(error?.message == "boom")
    }

    @Test("a method no hosted service routes ends with UNIMPLEMENTED")
    func unimplemented() async throws {
        let admin = Fl_V1_AdminClient(transport: InProcessTransport(services: [service]))
        let error = await #expect(throws: RPCError.self) {
            try await admin.login(Fl_V1_LoginRequest(userName: "admin@x.org"))
        }
        #expect(error?.code == .unimplemented)
    }

    @Test("the handler sees the peer's name, the call's metadata and the method")
    func context() async throws {
        let answer = try await client.unary(Fl_Testing_V1_EchoMessage(text: "whoami"),
                                            options: CallOptions(metadata: ["x-test": "42"]))
        #expect(answer.text == "site-1 42 /fl.testing.v1.Interop/Unary")
    }

    @Test("cancelling the client's task cancels the server handler")
    func cancellation() async throws {
        let client = self.client
        let call = Task { try await client.hang(Fl_Testing_V1_EchoMessage(text: "cancel-me")) }
        await service.hangs.waitUntil("cancel-me")
        call.cancel()
        let error = await #expect(throws: RPCError.self) { try await call.value }
        #expect(error?.code == .cancelled)
        await service.hangs.waitUntil("cancel-me", cancelled: true)
        #expect(try await client.wasCancelled(Fl_Testing_V1_EchoMessage(text: "cancel-me")).observed)
    }

    @Test("a call past its deadline ends with DEADLINE_EXCEEDED and cancels the handler")
    func deadline() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await client.hang(Fl_Testing_V1_EchoMessage(text: "too-slow"), options: CallOptions(timeout: .milliseconds(20)))
        }
        #expect(error?.code == .deadlineExceeded)
        await service.hangs.waitUntil("too-slow", cancelled: true)
        #expect(try await client.wasCancelled(Fl_Testing_V1_EchoMessage(text: "too-slow")).observed)
    }

    @Test("a call that goes quiet past its idle timeout ends with DEADLINE_EXCEEDED and cancels the handler")
    func idleTimeout() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await client.hang(Fl_Testing_V1_EchoMessage(text: "quiet"), options: CallOptions(idleTimeout: .milliseconds(50)))
        }
        #expect(error?.code == .deadlineExceeded)
        #expect(error?.message.contains("idle timeout") == true)
        await service.hangs.waitUntil("quiet", cancelled: true)
        #expect(try await client.wasCancelled(Fl_Testing_V1_EchoMessage(text: "quiet")).observed)
    }

    @Test("a client that stops reading a server stream early cancels the rest")
    func earlyExit() async throws {
        let first = try await client.serverStream(Fl_Testing_V1_StreamRequest(count: 100_000, chunkSize: 16)) { responses in
            var iterator = responses.makeAsyncIterator()
            return try await iterator.next()?.sequence
        }
        #expect(first == 0)
    }

    @Test("a response larger than maxReceiveMessageSize fails with RESOURCE_EXHAUSTED")
    func receiveLimit() async throws {
        let error = await #expect(throws: RPCError.self) {
            try await client.unary(Fl_Testing_V1_EchoMessage(payload: fixtureBytes(count: 2048, seed: 0)),
                                   options: CallOptions(maxReceiveMessageSize: 1024))
        }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("a message the server cannot decode fails the call with INVALID_ARGUMENT")
    func undecodableRequest() async throws {
        let transport = InProcessTransport(services: [service])
        let call = try await transport.makeCall(Fl_Testing_V1_Interop.Method.unary, options: .defaults)
        try await call.send([0x0A, 0xFF])
        try await call.closeSend()
        let error = await #expect(throws: RPCError.self) { _ = try await call.receive() }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "cannot decode fl.testing.v1.EchoMessage")
    }
}
