import FlockCore
import FlockRPC
import Foundation
import Logging

/// Per-caller request rate limit (fed_server.json `max_requests_per_second`, `max_request_burst`):
/// a token bucket per certificate CN — a client's name, an admin's email — shared by both ports.
/// Every call (RPC) takes one token; the bucket holds at most `burst` tokens and refills at
/// `ratePerSecond`. A call that finds the bucket empty is refused with RESOURCE_EXHAUSTED before
/// its handler reads anything, with a message naming the limit and the key to raise.
///
/// Memory stays bounded: only certificates signed by the project's root CA reach the server
/// (mutual TLS), and buckets that have refilled completely — which behave exactly like a new
/// bucket — are dropped whenever there are more than `pruneThreshold` of them.
public final class RequestRateLimiter: @unchecked Sendable {
    public let ratePerSecond: Double
    public let burst: Double
    let logger: Logger?
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private var refusals: [String: Refusals] = [:]
    let pruneThreshold: Int
    /// Monotonic seconds (tests pass their own).
    let clock: @Sendable () -> Double

    struct Bucket { var tokens: Double; var updated: Double }
    struct Refusals { var count: Int; var lastLog: Double }

    /// How often refusals of one caller are logged (with the count since the last line).
    static let logInterval: Double = 10

    /// `ratePerSecond` 0 turns the limit off.
    public init(ratePerSecond: Int, burst: Int, logger: Logger? = nil, pruneThreshold: Int = 1024,
                clock: @escaping @Sendable () -> Double = RequestRateLimiter.monotonicSeconds) {
        self.ratePerSecond = Double(max(0, ratePerSecond))
        self.burst = Double(max(1, burst))
        self.logger = logger
        self.pruneThreshold = pruneThreshold
        self.clock = clock
    }

    public var isEnabled: Bool { ratePerSecond > 0 }

    /// Buckets held now (for tests).
    public var trackedCallers: Int { lock.withLock { buckets.count } }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Takes one token for `caller` now; false when none is left.
    public func admit(_ caller: String) -> Bool { admit(caller, now: clock()) }

    /// Takes one token for `caller` at time `now` (seconds, monotonic); false when none is left.
    public func admit(_ caller: String, now: Double) -> Bool {
        guard isEnabled else { return true }
        return lock.withLock {
            var b = buckets[caller] ?? Bucket(tokens: burst, updated: now)
            b.tokens = min(burst, b.tokens + max(0, now - b.updated) * ratePerSecond)
            b.updated = now
            let ok = b.tokens >= 1
            if ok { b.tokens -= 1 }
            if buckets[caller] == nil && buckets.count >= pruneThreshold { prune(now: now) }
            buckets[caller] = b
            if !ok { noteRefusal(caller, now: now) }
            return ok
        }
    }

    /// Drops buckets that are full again at `now` (lock held).
    private func prune(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * ratePerSecond < burst }
        refusals = refusals.filter { now - $0.value.lastLog < Self.logInterval * 6 }
    }

    /// Logs the first refusal of a caller and then at most one line per `logInterval` (lock held).
    private func noteRefusal(_ caller: String, now: Double) {
        var r = refusals[caller] ?? Refusals(count: 0, lastLog: -Double.infinity)
        r.count += 1
        if now - r.lastLog >= Self.logInterval {
            logger?.warning("Refused \(r.count) call(s) from \(caller): more than max_requests_per_second = \(Int(ratePerSecond)) (max_request_burst = \(Int(burst))); raise them in fed_server.json if this caller is legitimate")
            r.count = 0
            r.lastLog = now
        }
        refusals[caller] = r
    }

    /// The caller's key: the certificate CN, or the peer address when there is none.
    static func key(_ context: ServerContext) -> String {
        context.peerCommonName ?? context.peerAddress
    }

    /// The status a refused call ends with.
    func refusal(_ caller: String, method: MethodDescriptor) -> RPCError {
        RPCError(.resourceExhausted, "too many requests from \(caller): it made more than max_requests_per_second = \(Int(ratePerSecond)) calls per second (bursts of max_request_burst = \(Int(burst))); \(method.path) was refused. Slow down and retry, or raise max_requests_per_second in fed_server.json (project.yml server.max_requests_per_second, then re-provision the server kit)")
    }

    /// `service` with every route admitted through this limiter first.
    public func limiting(_ service: any RPCService) -> any RPCService {
        guard isEnabled else { return service }
        return RateLimitedService(base: service, limiter: self)
    }
}

/// A service whose calls each take a token from a `RequestRateLimiter` before running.
struct RateLimitedService: RPCService {
    let base: any RPCService
    let limiter: RequestRateLimiter

    var routes: [RPCRoute] {
        let limiter = self.limiter
        return base.routes.map { route in
            let handler = route.handler
            let method = route.method
            return RPCRoute(method: method) { requests, responses, context in
                let caller = RequestRateLimiter.key(context)
                guard limiter.admit(caller) else { throw limiter.refusal(caller, method: method) }
                try await handler(requests, responses, context)
            }
        }
    }
}
