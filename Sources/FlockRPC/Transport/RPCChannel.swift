import FlockCore
import FlockTLS
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A client channel to one gRPC server over HTTP/2 and mutual TLS: `RPCClientTransport` for
/// `RPCClient` and generated stubs.
///
/// It connects lazily on the first call, multiplexes calls over one connection, and reconnects
/// on a later call after the connection failed or the server sent GOAWAY. Connections live on a
/// small set of event-loop threads shared by all channels of the process.
///
/// ```swift
/// let channel = try RPCChannel(configuration: .init(host: "127.0.0.1", port: 8002, tls: tls))
/// let client = RPCClient(transport: channel)
/// ```
public final class RPCChannel: RPCClientTransport, @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The client's certificate, key and the project root CA. `serverHostName` (or `host`
        /// when nil) must match the server certificate.
        public var tls: TLSConfiguration
        /// Largest response message accepted unless `CallOptions` says otherwise.
        public var maxReceiveMessageSize: Int
        /// Client PING keepalive; nil (the default) sends none. Servers police ping rates.
        public var keepalive: RPCKeepalive?
        /// Limit for TCP connect plus TLS handshake.
        public var connectTimeout: Duration

        public init(host: String, port: Int, tls: TLSConfiguration,
                    maxReceiveMessageSize: Int = 64 * 1024 * 1024,
                    keepalive: RPCKeepalive? = nil, connectTimeout: Duration = .seconds(20)) {
            self.host = host
            self.port = port
            self.tls = tls
            self.maxReceiveMessageSize = maxReceiveMessageSize
            self.keepalive = keepalive
            self.connectTimeout = connectTimeout
        }
    }

    public let configuration: Configuration
    private let context: TLSContext
    private let loop: EventLoop
    private let logger: Logger
    private let lock = Lock()
    private var connection: HTTP2Connection?
    private var connecting: [CheckedContinuation<HTTP2Connection, Error>]?
    private var closed = false
    /// Addresses of the host not yet tried in the current connection attempt, and why the
    /// tried ones failed.
    private var untried: [Sockets.Address] = []
    private var failures: [String] = []
    /// Host name → addresses, in the order to try them (tests replace it).
    var resolver: @Sendable (String, Int) throws -> [Sockets.Address] = { try Sockets.resolve(host: $0, port: $1) }

    /// Throws `TLSError` when the certificates cannot be used.
    public init(configuration: Configuration, logger: Logger = Logger(label: "flock.rpc.channel")) throws {
        BrokenPipes.ignore()
        self.configuration = configuration
        self.context = try TLSContext(role: .client, configuration: configuration.tls)
        self.loop = ClientEventLoops.pick()
        self.logger = logger
    }

    deinit {
        if let c = connection { c.loop.execute { c.beginGracefulShutdown() } }
    }

    /// The authority used in requests and for the server name check.
    private var authority: String { "\(configuration.host):\(configuration.port)" }

    public func makeCall(_ method: MethodDescriptor, options: CallOptions) async throws -> any RPCClientCall {
        let conn = try await readyConnection()
        let watchdog = options.idleTimeout.map { IdleWatchdog(limit: $0) }
        let stream = HTTP2Stream(connection: conn, maxReceiveMessageSize: options.maxReceiveMessageSize ?? configuration.maxReceiveMessageSize,
                                 activity: watchdog)
        var headers: [(String, String)] = [
            (":method", "POST"), (":scheme", "https"), (":path", method.path), (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "flock-rpc/1.0"),
        ]
        if let t = options.timeout { headers.append(("grpc-timeout", GRPCHeaders.encodeTimeout(t))) }
        for (k, v) in options.metadata { headers.append((k, v)) }
        let call = HTTP2ClientCall(stream: stream, method: method)
        conn.loop.execute { conn.startClientStream(stream, headers: headers) }
        if let t = options.timeout { call.armDeadline(t) }
        if let watchdog { call.armIdleTimeout(watchdog) }
        return call
    }

    /// Closes the connection gracefully (calls in flight finish). Later calls reconnect.
    public func close() {
        let c = lock.withLock { () -> HTTP2Connection? in
            let c = connection
            connection = nil
            return c
        }
        if let c { c.loop.execute { c.beginGracefulShutdown() } }
    }

    /// The open connection, or a new one (shared by concurrent callers).
    private func readyConnection() async throws -> HTTP2Connection {
        lock.lock()
        if let c = connection, c.isUsableForNewCallsHint { lock.unlock(); return c }
        connection = nil
        lock.unlock()
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTP2Connection, Error>) in
            lock.lock()
            if let c = connection, c.isUsableForNewCallsHint { lock.unlock(); cont.resume(returning: c); return }
            if connecting != nil { connecting!.append(cont); lock.unlock(); return }
            connecting = [cont]
            lock.unlock()
            startConnecting()
        }
    }

    /// Connects to the host's addresses in turn (IPv4 first) until one gives a ready connection:
    /// a name with several addresses, one of them unreachable, still connects.
    private func startConnecting() {
        do {
            let addresses = try resolver(configuration.host, configuration.port)
            guard !addresses.isEmpty else { throw RPCError(.unavailable, "no address for \(configuration.host)") }
            lock.withLock { untried = addresses; failures = [] }
            connectNext()
        } catch {
            connectionReady(nil, error as? RPCError ?? RPCError(.unavailable, "\(error)"))
        }
    }

    private func connectNext() {
        guard let address = lock.withLock({ untried.isEmpty ? nil : untried.removeFirst() }) else {
            connectionReady(nil, RPCError(.unavailable, "no address left to try for \(authority)"))
            return
        }
        let shown = Sockets.describe(address.storage).text
        let serverName = configuration.tls.serverHostName ?? configuration.host
        do {
            let fd = try Sockets.connect(to: address)
            let tls: TLSConnection
            do { tls = try TLSConnection(context: context, fd: fd, serverName: serverName) } catch {
                Glibc.close(fd)
                throw RPCError(.unavailable, "TLS setup for \(authority) failed: \(error)")
            }
            var settings = HTTP2Settings(maxReceiveMessageSize: configuration.maxReceiveMessageSize, keepalive: configuration.keepalive)
            settings.handshakeTimeout = configuration.connectTimeout
            let conn = HTTP2Connection(role: .client, loop: loop, fd: fd, tls: tls, settings: settings,
                                       peerAddress: authority, displayName: authority, connecting: true, logger: logger)
            conn.onReady = { [weak self] c, error in self?.attemptEnded(c, error, address: shown) }
            conn.onClose = { [weak self] c, _ in self?.connectionGone(c) }
            conn.onGoAway = { [weak self] c in self?.connectionGone(c) }
            loop.execute { conn.start() }
        } catch {
            attemptEnded(nil, error as? RPCError ?? RPCError(.unavailable, "\(error)"), address: shown)
        }
    }

    /// One address's attempt ended: ready, or on to the next address; when none is left the
    /// error names every address tried (a single address keeps its error as it was).
    private func attemptEnded(_ c: HTTP2Connection?, _ error: RPCError?, address: String) {
        guard let error else { connectionReady(c, nil); return }
        let (more, tried) = lock.withLock { () -> (Bool, [String]) in
            failures.append("\(address): \(error.message)")
            return (!untried.isEmpty, failures)
        }
        if more {
            logger.debug("connecting to \(authority) via \(address) failed (\(error.message)); trying its next address")
            connectNext()
            return
        }
        connectionReady(nil, tried.count == 1 ? error
                        : RPCError(error.code, "connecting to \(authority) failed on each of its \(tried.count) addresses: \(tried.joined(separator: "; "))"))
    }

    private func connectionReady(_ c: HTTP2Connection?, _ error: RPCError?) {
        let waiters = lock.withLock { () -> [CheckedContinuation<HTTP2Connection, Error>] in
            let w = connecting ?? []
            connecting = nil
            if error == nil, let c { connection = c; c.isUsableForNewCallsHint = true }
            return w
        }
        for w in waiters {
            if let error { w.resume(throwing: error) } else { w.resume(returning: c!) }
        }
    }

    private func connectionGone(_ c: HTTP2Connection) {
        c.isUsableForNewCallsHint = false
        lock.withLock { if connection === c { connection = nil } }
    }
}

extension HTTP2Connection {
    /// Read from any thread by the channel: cleared (under the channel's lock discipline) when
    /// the connection closes or receives GOAWAY.
    var isUsableForNewCallsHint: Bool {
        get { usableFlag.withLock { usableValue[ObjectIdentifier(self)] ?? false } }
        set { usableFlag.withLock { usableValue[ObjectIdentifier(self)] = newValue ? true : nil } }
    }
}
private let usableFlag = Lock()
nonisolated(unsafe) private var usableValue: [ObjectIdentifier: Bool] = [:]

/// A client call on an HTTP/2 stream (see `RPCClientCall` for the contract).
final class HTTP2ClientCall: RPCClientCall, @unchecked Sendable {
    let stream: HTTP2Stream
    let method: MethodDescriptor
    private let lock = Lock()
    private var deadlineTask: Task<Void, Never>?
    private var idle: IdleWatchdog?

    init(stream: HTTP2Stream, method: MethodDescriptor) {
        self.stream = stream
        self.method = method
    }

    deinit {
        deadlineTask?.cancel()
        idle?.cancel()
    }

    func armDeadline(_ timeout: Duration) {
        let t = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            self?.terminate(RPCError(.deadlineExceeded, "deadline exceeded after \(timeout)"))
        }
        lock.withLock { deadlineTask = t }
    }

    /// Ends the call when `watchdog` (touched by the stream for every DATA frame) expires.
    func armIdleTimeout(_ watchdog: IdleWatchdog) {
        let path = method.path, limit = watchdog.limit
        lock.withLock { idle = watchdog }
        watchdog.start { [weak self] in self?.terminate(IdleWatchdog.error(path, limit)) }
    }

    func send(_ message: [UInt8]) async throws { try await stream.send(message) }

    func send(pieces: [[UInt8]]) async throws { try await stream.send(pieces: pieces) }

    func closeSend() async throws {
        if !stream.closeOutbound(.endStream) {
            if stream.hasEnded { return }
        }
    }

    func receive() async throws -> [UInt8]? {
        do {
            let m = try await stream.receive()
            if m == nil { cancelDeadline() }
            return m
        } catch {
            cancelDeadline()
            throw error
        }
    }

    func cancel() { terminate(RPCError(.cancelled, "the call was cancelled")) }

    private func cancelDeadline() {
        let (t, w) = lock.withLock { () -> (Task<Void, Never>?, IdleWatchdog?) in
            defer { deadlineTask = nil; idle = nil }
            return (deadlineTask, idle)
        }
        t?.cancel()
        w?.cancel()
    }

    /// Ends the call locally with `error` and resets the stream.
    private func terminate(_ error: RPCError) {
        cancelDeadline()
        guard stream.end(error, discard: true) else { return }
        let stream = self.stream
        let conn = stream.connection
        conn.loop.execute {
            stream.finished = true
            conn.resetStream(stream)
        }
    }
}
