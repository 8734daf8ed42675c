import Foundation
import Testing
import FlockCore
import FlockRPC
@testable import FlockServer

@Suite("Request rate limit per certificate (max_requests_per_second, max_request_burst)")
struct RequestRateLimiterTests {
    @Test("a caller gets its burst at once, then calls at the refill rate; others are not affected")
    func tokenBucket() {
        let limiter = RequestRateLimiter(ratePerSecond: 10, burst: 5)
        let t0 = 1000.0
        // The burst goes through at once, the next call does not.
        for i in 0..<5 { #expect(limiter.admit("site-1", now: t0), "call \(i) of the burst") }
        #expect(!limiter.admit("site-1", now: t0))
        #expect(!limiter.admit("site-1", now: t0 + 0.05), "half a token is not a call")
        // Another certificate has its own bucket.
        #expect(limiter.admit("site-2", now: t0))
        // 10 per second: one token after 0.1 s, then empty again.
        #expect(limiter.admit("site-1", now: t0 + 0.1))
        #expect(!limiter.admit("site-1", now: t0 + 0.1))
        // A long pause refills only up to the burst.
        var admitted = 0
        for _ in 0..<20 where limiter.admit("site-1", now: t0 + 100) { admitted += 1 }
        #expect(admitted == 5)
        // Sustained calls at 20 per second for 2 s: about 10 per second get through.
        admitted = 0
        for i in 0..<40 where limiter.admit("site-1", now: t0 + 200 + Double(i) * 0.05) { admitted += 1 }
        #expect((24...26).contains(admitted), "5 (burst) + 2 s × 10/s, got \(admitted)")
    }

    @Test("max_requests_per_second 0 turns the limit off")
    func disabled() {
        let limiter = RequestRateLimiter(ratePerSecond: 0, burst: 1)
        #expect(!limiter.isEnabled)
        for _ in 0..<1000 { #expect(limiter.admit("site-1", now: 5)) }
        #expect(limiter.trackedCallers == 0)
    }

    @Test("buckets of callers that went quiet are dropped, so many names cannot grow the table without bound")
    func boundedMemory() {
        let limiter = RequestRateLimiter(ratePerSecond: 100, burst: 10, pruneThreshold: 64)
        for i in 0..<10_000 {
            // Each caller is quiet for longer than a refill (0.1 s) before the next one comes.
            _ = limiter.admit("caller-\(i)", now: Double(i))
        }
        #expect(limiter.trackedCallers <= 65, "tracked \(limiter.trackedCallers)")
        // Callers still inside their window (not refilled) are kept: their limit still applies.
        let busy = RequestRateLimiter(ratePerSecond: 1, burst: 2, pruneThreshold: 4)
        for _ in 0..<2 { #expect(busy.admit("hammer", now: 0)) }
        for i in 0..<10 { _ = busy.admit("other-\(i)", now: 0.5) }
        #expect(!busy.admit("hammer", now: 0.6), "the hammering caller's empty bucket survived pruning")
    }

    @Test("a rate-limited service refuses excess calls with RESOURCE_EXHAUSTED naming the key, before the handler runs")
    func service() async throws {
        // A stopped clock: no refill however slowly the calls run.
        let limiter = RequestRateLimiter(ratePerSecond: 1, burst: 3, clock: { 50 })
        let counter = CallCounter()
        let service = limiter.limiting(CountingService(counter: counter))
        let client = RPCClient(transport: InProcessTransport(services: [service], peerCommonName: "site-1"))
        var refused: [RPCError] = []
        for _ in 0..<6 {
            do {
                let _: Raw = try await client.unary(CountingService.ping, request: Raw(bytes: [1]))
            } catch let e as RPCError { refused.append(e) }
        }
        // The burst of 3 passes, the rest is refused.
        #expect(refused.count == 3, "refused \(refused.count) of 6")
        #expect(counter.value == 3, "refused calls never reached the handler")
        let e = try #require(refused.first)
        #expect(e.code == .resourceExhausted)
        #expect(e.message.contains("too many requests from site-1"))
        #expect(e.message.contains("max_requests_per_second = 1"))
        #expect(e.message.contains("/test.Counting/Ping"))
        #expect(e.message.contains("raise max_requests_per_second in fed_server.json"))
        // Another certificate is served.
        let other = RPCClient(transport: InProcessTransport(services: [service], peerCommonName: "admin@x.org"))
        let _: Raw = try await other.unary(CountingService.ping, request: Raw(bytes: [1]))
    }
}

final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

struct Raw: RPCMessage {
    var bytes: [UInt8]
    init(bytes: [UInt8]) { self.bytes = bytes }
    init(serializedBytes: [UInt8]) throws { bytes = serializedBytes }
    func serializedBytes() -> [UInt8] { bytes }
}

struct CountingService: RPCService {
    static let ping = MethodDescriptor(service: "test.Counting", method: "Ping", kind: .unary)
    let counter: CallCounter
    var routes: [RPCRoute] {
        [.unary(Self.ping) { [counter] (r: Raw, _) in counter.increment(); return r }]
    }
}
