import FlockRPC
import FlockTLS
import Foundation
import Testing

@Suite("HTTP/2 transport with TLS")
struct TransportTests {
    @Test("unary round trip over mutual TLS, handler sees the client's CN")
    func unary() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let reply: Bytes = try await client.unary(EchoService.unary, request: Bytes("hello"))
        #expect(reply.string == "hello")
        let who: Bytes = try await client.unary(EchoService.whoAmI, request: Bytes(""))
        #expect(who.string == "site-1")
        let admin = try h.client(TestPKI.client("admin"))
        let who2: Bytes = try await admin.unary(EchoService.whoAmI, request: Bytes(""))
        #expect(who2.string == "admin@flock.test")
    }

    @Test("a connection left idle (TLS record buffers given back) carries the next calls, small and large")
    func afterIdle() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let big = [UInt8]((0..<600_000).map { UInt8($0 % 249) })
        for round in 0..<3 {
            let small: Bytes = try await client.unary(EchoService.unary, request: Bytes("r\(round)"))
            #expect(small.string == "r\(round)")
            let large: Bytes = try await client.unary(EchoService.unary, request: Bytes(big))
            #expect(large.bytes == big)
            try await Task.sleep(for: .milliseconds(350))   // a few loop ticks with nothing to read
        }
    }
}

@Suite("HTTP/2 transport: streaming")
struct StreamingTests {
    @Test("server streaming reassembles messages larger than a DATA frame")
    func serverStreaming() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let (count, size) = (20, 300_000)
        let received: Int = try await client.serverStreaming(EchoService.serverStream, request: Bytes("\(count),\(size)")) {
            (responses: ResponseStream<Bytes>) in
            var seq = 0
            for try await m in responses {
                #expect(m.bytes.count == size)
                #expect(m.bytes.first == UInt8(seq % 251) && m.bytes.last == UInt8((seq + size - 1) % 251))
                seq += 1
            }
            return seq
        }
        #expect(received == count)
    }

    @Test("client streaming sums what was sent")
    func clientStreaming() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        var expectedSum: UInt64 = 0
        var chunks: [[UInt8]] = []
        for i in 0..<30 {
            let c = [UInt8](repeating: UInt8(i), count: 100_000 + i)
            chunks.append(c)
            expectedSum &+= UInt64(i) * UInt64(c.count)
        }
        let reply: Bytes = try await client.clientStreaming(EchoService.clientStream) { (writer: RequestWriter<Bytes>) in
            for c in chunks { try await writer.write(Bytes(c)) }
        }
        #expect(reply.string == "30,\(chunks.reduce(0) { $0 + $1.count }),\(expectedSum)")
    }

    @Test("messages written as pieces arrive as their concatenation, both ways",
          arguments: [0, 1, 10, 11, 1000, 70_000, 300_000, 1 << 20])
    func pieces(size: Int) async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let messages = (0..<5).map { seq in PieceBytes((0..<size).map { UInt8((seq * 7 + $0) % 253) }) }
        // Client to server: pieces on the request stream, and a unary request.
        let reply: Bytes = try await client.clientStreaming(EchoService.clientStream) { (writer: RequestWriter<PieceBytes>) in
            for m in messages { try await writer.write(m) }
        }
        let sum = messages.reduce(UInt64(0)) { s, m in m.bytes.reduce(s) { $0 &+ UInt64($1) } }
        #expect(reply.string == "5,\(5 * size),\(sum)")
        let echoed: Bytes = try await client.unary(EchoService.unary, request: messages[1])
        #expect(echoed.bytes == messages[1].bytes)
        // Server to client: pieces on the response stream.
        let received: [[UInt8]] = try await client.serverStreaming(EchoService.pieceStream, request: Bytes("4,\(size)")) {
            (responses: ResponseStream<Bytes>) in
            var got: [[UInt8]] = []
            for try await m in responses { got.append(m.bytes) }
            return got
        }
        #expect(received == (0..<4).map { seq in (0..<size).map { UInt8((seq + $0) % 251) } })
    }

    @Test("bidirectional streaming echoes each message as it arrives")
    func bidi() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        let echoed: [String] = try await client.bidirectionalStreaming(EchoService.bidi) {
            (writer: RequestWriter<Bytes>, responses: ResponseStream<Bytes>) in
            var it = responses.makeAsyncIterator()
            var got: [String] = []
            for i in 0..<10 {
                try await writer.write(Bytes("m\(i)"))
                if let m = try await it.next() { got.append(m.string) }   // one in, one out: proves streaming
            }
            return got
        }
        #expect(echoed == (0..<10).map { "m\($0)" })
    }

    @Test("many concurrent calls share one connection")
    func concurrentCalls() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let client = try h.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<100 {
                group.addTask {
                    let r: Bytes = try await client.unary(EchoService.unary, request: Bytes("call-\(i)"))
                    #expect(r.string == "call-\(i)")
                }
            }
            try await group.waitForAll()
        }
        #expect(h.server.connectionCount == 1)
    }
}
