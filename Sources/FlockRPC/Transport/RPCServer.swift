import FlockCore
import FlockTLS
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A gRPC server over HTTP/2 and mutual TLS.
///
/// Connections are spread over a small fixed set of event-loop threads (epoll, non-blocking
/// sockets); handlers run as Swift tasks. An idle connection costs memory (its TLS and HTTP/2
/// state) but no thread.
///
/// ```swift
/// let server = RPCServer(configuration: .init(host: "0.0.0.0", port: 8002, tls: tls),
///                        services: [myService], logger: logger)
/// try server.start()
/// print(server.port)            // the bound port (useful with port 0)
/// await server.shutdown()       // GOAWAY, in-flight calls drain
/// ```
public final class RPCServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks an ephemeral port; read it from `RPCServer.port` after `start()`.
        public var port: Int
        public var tls: TLSConfiguration
        /// Largest request message accepted (RESOURCE_EXHAUSTED above it).
        public var maxReceiveMessageSize: Int
        /// Server-side PING keepalive; nil disables it.
        public var keepalive: RPCKeepalive?
        /// Event-loop (I/O) threads.
        public var eventLoopThreads: Int
        /// Per-call receive window (HTTP/2 SETTINGS_INITIAL_WINDOW_SIZE): how much a client may send
        /// on one call ahead of the handler taking its messages, so also the most one uploading
        /// call can make the server buffer (plus the message being assembled).
        public var streamReceiveWindow: Int = 16 * 1024 * 1024
        /// Bytes all calls together may hold in messages whose bytes are still arriving; a DATA
        /// frame that takes the total past it ends its call with RESOURCE_EXHAUSTED. Flow control
        /// bounds each call; this bounds a peer (or several) keeping many calls half-sent.
        public var partialMessageBudget: Int = 512 << 20
        /// Calls one connection may have open at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS).
        /// Conforming clients queue calls beyond it; a peer that opens more anyway has them
        /// refused by nghttp2 (REFUSED_STREAM before it acknowledged the setting, a PROTOCOL_ERROR
        /// GOAWAY after), so no handler runs for them.
        public var maxConcurrentStreams: Int

        public init(host: String, port: Int, tls: TLSConfiguration,
                    maxReceiveMessageSize: Int = 64 * 1024 * 1024,
                    keepalive: RPCKeepalive? = RPCKeepalive(interval: .seconds(60), timeout: .seconds(20)),
                    eventLoopThreads: Int = 2, maxConcurrentStreams: Int = 4096) {
            self.host = host
            self.port = port
            self.tls = tls
            self.maxReceiveMessageSize = maxReceiveMessageSize
            self.keepalive = keepalive
            self.eventLoopThreads = eventLoopThreads
            self.maxConcurrentStreams = maxConcurrentStreams
        }
    }

    public let configuration: Configuration
    public let logger: Logger
    private let routes: [String: RPCRoute]
    private let lock = Lock()
    private var loops: [EventLoop] = []
    private var listenFD: Int32 = -1
    private var listener: Listener?
    private var boundPort = 0
    private var connections: [ObjectIdentifier: HTTP2Connection] = [:]
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var nextLoop = 0
    private var started = false
    private var stopped = false
    private var context: TLSContext?
    private let partialBudget: PartialMessageBudget

    public init(configuration: Configuration, services: [any RPCService], logger: Logger) {
        BrokenPipes.ignore()
        self.configuration = configuration
        self.logger = logger
        self.partialBudget = PartialMessageBudget(limit: configuration.partialMessageBudget)
        var routes: [String: RPCRoute] = [:]
        for service in services { for r in service.routes { routes[r.method.path] = r } }
        self.routes = routes
    }

    deinit {
        if started && !stopped { stop() }
    }

    /// The bound port (after `start()`).
    public var port: Int { lock.withLock { boundPort } }

    /// Number of open connections (for tests and metrics).
    public var connectionCount: Int { lock.withLock { connections.count } }

    /// Builds the TLS context, binds and starts accepting. Throws `TLSError` for unusable
    /// certificates and `RPCError(.unavailable)` when the address cannot be bound.
    public func start() throws {
        let ctx = try lock.withLock { context } ?? TLSContext(role: .server, configuration: configuration.tls)
        let (fd, port) = try Sockets.listen(host: configuration.host, port: configuration.port)
        let loops = (0..<max(1, configuration.eventLoopThreads)).map { EventLoop(name: "flock-rpc-server-\($0)") }
        lock.withLock {
            self.context = ctx
            self.listenFD = fd
            self.boundPort = port
            self.loops = loops
            self.started = true
        }
        let listener = Listener(server: self, fd: fd)
        self.listener = listener
        loops[0].execute { loops[0].register(fd: fd, handler: listener, writable: false) }
        logger.info("RPC server listening", metadata: ["rpc.address": "\(configuration.host):\(port)"])
    }

    /// Replaces the certificate revocation list (nil: none) without a restart: new connections
    /// are verified against it at once, and open connections whose peer certificate it revokes
    /// are closed (their calls end with CANCELLED), each with a log line naming the certificate.
    /// Throws `TLSError` and keeps the current list when `pem` cannot be used (e.g. it is not
    /// signed by the root CA). Returns how many connections it closed.
    @discardableResult
    public func updateRevocationList(_ pem: String?) throws -> Int {
        var tls = lock.withLock { context?.configuration ?? configuration.tls }
        tls.revocationListPEM = pem
        let ctx = try TLSContext(role: .server, configuration: tls)
        let revoked = try pem.map { try CertificateRevocationList(pemEncoded: $0).revokedSerials } ?? []
        let conns = lock.withLock { () -> [HTTP2Connection] in
            if !stopped { context = ctx }
            return Array(connections.values)
        }
        guard !revoked.isEmpty else { return 0 }
        let closed = LockedCounter()
        let group = DispatchGroup()
        let logger = self.logger
        for c in conns {
            group.enter()
            c.loop.execute {
                defer { group.leave() }
                guard let serial = c.peerSerialNumber, revoked.contains(serial) else { return }
                logger.warning("closing the connection of certificate CN=\(c.peerCommonName ?? "?") serial=\(serial): certificate revoked",
                               metadata: ["peer.address": "\(c.peerAddress)"])
                c.close(reason: "certificate revoked")
                closed.increment()
            }
        }
        _ = group.wait(timeout: .now() + 5)
        return closed.value
    }

    /// Graceful shutdown: stops accepting, sends GOAWAY on every connection and waits until the
    /// calls in flight finished (at most `gracePeriod`), then stops.
    public func shutdown(gracePeriod: Duration = .seconds(30)) async {
        let (loops, conns) = lock.withLock { (self.loops, Array(connections.values)) }
        guard !loops.isEmpty else { return }
        closeListener()
        for c in conns { c.loop.execute { c.beginGracefulShutdown() } }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                    lock.lock()
                    if connections.isEmpty { lock.unlock(); cont.resume() } else { drainWaiters.append(cont); lock.unlock() }
                }
            }
            group.addTask { try? await Task.sleep(for: gracePeriod) }
            await group.next()
            group.cancelAll()
            // Wake the drain waiter if the grace period won.
            let ws = lock.withLock { let w = drainWaiters; drainWaiters = []; return w }
            ws.forEach { $0.resume() }
        }
        stop()
    }

    /// Immediate stop: closes every connection (handlers are cancelled) and the event loops.
    public func stop() {
        let (loops, conns, alreadyStopped) = lock.withLock { () -> ([EventLoop], [HTTP2Connection], Bool) in
            let s = stopped
            stopped = true
            return (self.loops, Array(connections.values), s)
        }
        guard !alreadyStopped else { return }
        closeListener()
        let group = DispatchGroup()
        for c in conns {
            group.enter()
            c.loop.execute { c.close(reason: "server stopped"); group.leave() }
        }
        _ = group.wait(timeout: .now() + 5)
        for l in loops { l.shutdown() }
        let ws = lock.withLock { let w = drainWaiters; drainWaiters = []; return w }
        ws.forEach { $0.resume() }
        logger.info("RPC server stopped", metadata: ["rpc.address": "\(configuration.host):\(port)"])
    }

    private func closeListener() {
        let (fd, loop) = lock.withLock { () -> (Int32, EventLoop?) in
            let fd = listenFD
            listenFD = -1
            return (fd, loops.first)
        }
        guard fd >= 0, let loop else { return }
        let group = DispatchGroup()
        group.enter()
        loop.execute {
            loop.deregister(fd: fd)
            Glibc.close(fd)
            group.leave()
        }
        _ = group.wait(timeout: .now() + 5)
    }

    // MARK: accepting

    fileprivate func accepted(fd: Int32) {
        Sockets.setNoDelay(fd)
        let peer = Sockets.peerName(fd)
        let (loop, ctx, ok) = lock.withLock { () -> (EventLoop?, TLSContext?, Bool) in
            guard !stopped, !loops.isEmpty else { return (nil, nil, false) }
            nextLoop &+= 1
            return (loops[nextLoop % loops.count], context, true)
        }
        guard ok, let loop, let ctx else { Glibc.close(fd); return }
        let tls: TLSConnection
        do { tls = try TLSConnection(context: ctx, fd: fd) } catch {
            logger.error("cannot set up TLS for \(peer): \(error)")
            Glibc.close(fd)
            return
        }
        let conn = HTTP2Connection(role: .server, loop: loop, fd: fd, tls: tls, settings: connectionSettings(),
                                   peerAddress: peer, displayName: peer, connecting: false, logger: logger)
        conn.onRequest = { [weak self] c, s, headers, endStream in self?.dispatch(c, s, headers, endStream: endStream) }
        conn.onClose = { [weak self] c, _ in self?.connectionClosed(c) }
        lock.withLock { connections[ObjectIdentifier(conn)] = conn }
        loop.execute { conn.start() }
    }

    /// The HTTP/2 settings of every connection this server accepts.
    private func connectionSettings(keepalive: Bool = true) -> HTTP2Settings {
        var settings = HTTP2Settings(maxReceiveMessageSize: configuration.maxReceiveMessageSize,
                                     keepalive: keepalive ? configuration.keepalive : nil)
        settings.streamWindow = Int32(clamping: max(65_535, configuration.streamReceiveWindow))
        settings.maxConcurrentStreams = UInt32(clamping: max(1, configuration.maxConcurrentStreams))
        settings.partialMessageBudget = configuration.partialMessageBudget > 0 ? partialBudget : nil
        return settings
    }

    private func connectionClosed(_ c: HTTP2Connection) {
        let ws = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            connections[ObjectIdentifier(c)] = nil
            guard connections.isEmpty else { return [] }
            let w = drainWaiters
            drainWaiters = []
            return w
        }
        ws.forEach { $0.resume() }
    }

    // MARK: fuzzing

    /// Fuzzing (`fuzz/`): a server-side HTTP/2 connection without a socket or TLS is fed
    /// `chunks`, as a client would send them after the handshake (connection preface included),
    /// one `nghttp2_session_mem_recv` each; requests are validated and routed to this server's
    /// services as for a real connection, and what the server sends is dropped. The server need
    /// not be started. Returns once the connection is closed and its handlers have ended, or
    /// after `handlerGrace`.
    @_spi(Fuzzing) public func fuzzConnection(receiving chunks: [[UInt8]], handlerGrace: Duration = .seconds(5)) throws {
        let ctx = try lock.withLock { context } ?? TLSContext(role: .server, configuration: configuration.tls)
        let loop = lock.withLock { () -> EventLoop in
            context = ctx
            if let l = fuzzLoop { return l }
            let l = EventLoop(name: "flock-rpc-fuzz")
            fuzzLoop = l
            return l
        }
        let tls = try TLSConnection(context: ctx, fd: -1)
        let conn = HTTP2Connection(role: .server, loop: loop, fd: -1, tls: tls, settings: connectionSettings(keepalive: false),
                                   peerAddress: "fuzz:0", displayName: "fuzz:0", connecting: false, logger: logger)
        conn.onRequest = { [weak self] c, s, headers, endStream in self?.dispatch(c, s, headers, endStream: endStream) }
        // Feed everything; requests whose side ended run to completion (responses and trailers go
        // out through the session); then close, which cancels the rest. Handler tasks are waited
        // for so no work leaks into the next input.
        let complete = runOnLoop(loop) { () -> [Task<Void, Never>] in
            conn.startWithoutTransport()
            for chunk in chunks where !conn.receiveWithoutTransport(chunk) { break }
            return conn.openStreams.filter { $0.inboundClosed }.compactMap { $0.handlerTask }
        }
        Self.wait(for: complete, atMost: handlerGrace)
        let cancelled = runOnLoop(loop) { () -> [Task<Void, Never>] in
            let tasks = conn.openStreams.compactMap { $0.handlerTask }
            conn.close(reason: "fuzz input consumed")
            return tasks
        }
        Self.wait(for: cancelled, atMost: handlerGrace)
    }

    private func runOnLoop<T>(_ loop: EventLoop, _ body: @escaping () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        loop.execute { box.value = body(); done.signal() }
        done.wait()
        return box.value!
    }

    private static func wait(for tasks: [Task<Void, Never>], atMost grace: Duration) {
        guard !tasks.isEmpty else { return }
        let finished = DispatchSemaphore(value: 0)
        Task {
            // firstOf, not a task group: a group would wait for the handlers even after the grace.
            await firstOf([
                { for t in tasks { await t.value } },
                { try? await Task.sleep(for: grace) },
            ])
            finished.signal()
        }
        finished.wait()
    }

    private var fuzzLoop: EventLoop?

    // MARK: calls

    /// A request's headers arrived (loop thread): validate, route, start the handler task.
    private func dispatch(_ conn: HTTP2Connection, _ stream: HTTP2Stream, _ headers: [(String, String)], endStream: Bool) {
        var fields: [String: String] = [:]
        for (k, v) in headers where fields[k] == nil { fields[k] = v }
        if endStream { stream.inboundClosed = true; stream.endInbound() }
        let path = fields[":path"] ?? ""
        guard fields[":method"] == "POST" else {
            conn.rejectRequest(stream, httpStatus: "405", status: RPCError(.internal, "gRPC requires POST, got \(fields[":method"] ?? "none")"))
            return
        }
        guard let ct = fields["content-type"], ct.hasPrefix("application/grpc") else {
            conn.rejectRequest(stream, httpStatus: "415", status: RPCError(.internal, "content-type \(fields["content-type"] ?? "(none)") is not application/grpc"))
            return
        }
        if let enc = fields["grpc-encoding"], enc != "identity" {
            conn.rejectRequest(stream, status: RPCError(.unimplemented, "grpc-encoding \(enc) is not supported; FlockRPC accepts only identity"))
            return
        }
        guard let route = routes[path] else {
            conn.rejectRequest(stream, status: RPCError(.unimplemented, "unknown method \(path)"))
            return
        }
        let clock = ContinuousClock()
        var deadline: ContinuousClock.Instant? = nil
        if let t = fields["grpc-timeout"] {
            guard let d = GRPCHeaders.decodeTimeout(t) else {
                conn.rejectRequest(stream, status: RPCError(.internal, "malformed grpc-timeout \"\(t)\""))
                return
            }
            deadline = clock.now.advanced(by: d)
        }
        let context = ServerContext(method: route.method, peerCommonName: conn.peerCommonName, peerAddress: conn.peerAddress,
                                    metadata: GRPCHeaders.metadata(from: headers), deadline: deadline,
                                    peerOrganization: conn.peerOrganization, peerOrganizationalUnits: conn.peerOrganizationalUnits)
        let requests = RawRequestStream(next: { try await stream.receive() })
        let writer = RawResponseWriter(write: { try await stream.send($0) }, writePieces: { try await stream.send(pieces: $0) })
        let handler = route.handler
        let logger = self.logger
        stream.handlerTask = Task {
            var status: RPCError? = nil
            do {
                try await handler(requests, writer, context)
            } catch let e as RPCError {
                status = e
            } catch is CancellationError {
                status = RPCError(.cancelled, "the call was cancelled")
            } catch {
                status = RPCError(.unknown, "\(error)")
            }
            if let status, status.code != .ok && status.code != .cancelled {
                logger.debug("call ended with an error", metadata: ["rpc.method": "\(path)", "rpc.status": "\(status)"])
            }
            conn.loop.execute { conn.finishServerStream(stream, status: status) }
        }
        if let deadline {
            stream.deadlineTask = Task {
                do { try await Task.sleep(until: deadline, clock: clock) } catch { return }
                conn.loop.execute {
                    guard !stream.finished else { return }
                    let error = RPCError(.deadlineExceeded, "deadline exceeded")
                    conn.finishServerStream(stream, status: error, replaceQueued: true)
                    stream.end(RPCError(.deadlineExceeded, "deadline exceeded"), discard: true)
                    stream.handlerTask?.cancel()
                }
            }
        }
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = Lock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// Accepts connections on the listening socket (on loop 0) and hands them to the server.
private final class Listener: EventLoopHandler {
    weak var server: RPCServer?
    let fd: Int32
    private var lastErrorLog: ContinuousClock.Instant?
    init(server: RPCServer, fd: Int32) { self.server = server; self.fd = fd }

    func handleEvents(readable: Bool, writable: Bool) {
        for _ in 0..<256 {
            let c = accept(fd, nil, nil)
            if c >= 0 {
                Sockets.setNonBlocking(c)
                _ = fcntl(c, F_SETFD, FD_CLOEXEC)
                server?.accepted(fd: c)
                continue
            }
            let e = errno
            if e == EAGAIN || e == EWOULDBLOCK || e == EINTR || e == ECONNABORTED { return }
            let now = ContinuousClock.now
            if lastErrorLog.map({ $0.duration(to: now) > .seconds(5) }) ?? true {
                lastErrorLog = now
                server?.logger.error("accept failed: \(String(cString: strerror(e)))")
            }
            if e == EMFILE || e == ENFILE { usleep(10_000) }
            return
        }
    }
    func tick(now: ContinuousClock.Instant) {}
}
