import CNGHTTP2
import FlockTLS
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Settings both sides of a FlockRPC HTTP/2 connection use.
struct HTTP2Settings: Sendable {
    var maxReceiveMessageSize: Int
    var keepalive: RPCKeepalive?
    /// Per-stream receive window (SETTINGS_INITIAL_WINDOW_SIZE).
    var streamWindow: Int32 = 16 * 1024 * 1024
    /// Connection receive window.
    var connectionWindow: Int32 = 64 * 1024 * 1024
    /// Largest DATA frame the peer may send us (SETTINGS_MAX_FRAME_SIZE).
    var maxFrameSize: Int32 = 256 * 1024
    var maxConcurrentStreams: UInt32 = 4096
    /// Server: bytes of partly received messages all connections together may hold (nil: no
    /// limit). Flow control bounds each call, not how many calls a peer keeps half-sent.
    var partialMessageBudget: PartialMessageBudget?
    var handshakeTimeout: Duration = .seconds(20)
}

/// A server-wide count of bytes held in partly received messages (shared by its connections).
final class PartialMessageBudget: @unchecked Sendable {
    let limit: Int
    private let lock = Lock()
    private var total = 0

    init(limit: Int) { self.limit = limit }

    /// Adds `delta` (negative to release); returns the new total.
    @discardableResult
    func add(_ delta: Int) -> Int { lock.withLock { total += delta; return total } }
}

/// HTTP/2 keepalive: a PING after `interval` without anything received; the connection is closed
/// as dead when its ACK does not arrive within `timeout`.
public struct RPCKeepalive: Sendable, Hashable {
    public var interval: Duration
    public var timeout: Duration
    public init(interval: Duration, timeout: Duration) {
        self.interval = interval
        self.timeout = timeout
    }
}

/// One TLS + HTTP/2 connection, server or client side, owned by one event loop: every method not
/// marked otherwise runs on the loop thread. It moves bytes between the socket, OpenSSL and
/// nghttp2, and frames between nghttp2 and its `HTTP2Stream`s.
final class HTTP2Connection: EventLoopHandler, @unchecked Sendable {
    enum Role { case server, client }
    enum State { case connecting, handshaking, open, lingering, closed }

    let role: Role
    let loop: EventLoop
    let fd: Int32
    let tls: TLSConnection
    let settings: HTTP2Settings
    /// `ip:port` of the peer.
    let peerAddress: String
    /// For logs and errors: "127.0.0.1:5000".
    let displayName: String
    private(set) var state: State
    private(set) var peerCommonName: String?
    private(set) var peerOrganization: String?
    private(set) var peerOrganizationalUnits: [String] = []
    /// The peer certificate's serial number (upper-case hex), once the handshake completed.
    private(set) var peerSerialNumber: String?
    private var session: OpaquePointer?
    private var streams: [Int32: HTTP2Stream] = [:]
    private var retainedSelf: HTTP2Connection?
    private let clock = ContinuousClock()
    private let createdAt: ContinuousClock.Instant
    private var lastReadAt: ContinuousClock.Instant
    private var pingSentAt: ContinuousClock.Instant?
    private var lingerUntil: ContinuousClock.Instant?
    private var draining = false
    private var writableInterest = false
    /// Set once the connection failed or closed; the reason.
    private(set) var closeReason: String?
    /// Fuzzing only (`startWithoutTransport`): no socket or TLS; the frames nghttp2 produces are
    /// dropped.
    private var withoutTransport = false

    // Outbound bytes waiting for SSL_write (frames are assembled here; payloads copied once).
    private var out: UnsafeMutableRawPointer?
    private var outCapacity = 0
    private var outStart = 0
    private var outEnd = 0
    private static let outBound = 1024 * 1024
    private static let outInitialCapacity = 64 * 1024

    // Role hooks.
    /// Server: called for each new request stream once its headers are complete.
    var onRequest: ((HTTP2Connection, HTTP2Stream, [(String, String)], _ endStream: Bool) -> Void)?
    /// Called once when the handshake completes (nil) or the connection fails before that.
    var onReady: ((HTTP2Connection, RPCError?) -> Void)?
    /// Called once when the connection is closed, with the reason.
    var onClose: ((HTTP2Connection, String) -> Void)?
    /// Client: GOAWAY received (no new calls on this connection).
    private(set) var receivedGoAway = false
    var logger: Logger

    init(role: Role, loop: EventLoop, fd: Int32, tls: TLSConnection, settings: HTTP2Settings,
         peerAddress: String, displayName: String, connecting: Bool, logger: Logger) {
        self.role = role
        self.loop = loop
        self.fd = fd
        self.tls = tls
        self.settings = settings
        self.peerAddress = peerAddress
        self.displayName = displayName
        self.state = connecting ? .connecting : .handshaking
        self.logger = logger
        createdAt = ContinuousClock.now
        lastReadAt = createdAt
    }

    deinit {
        if let session { nghttp2_session_del(session) }
        out?.deallocate()
    }

    /// Registers with the loop and starts connecting or handshaking (loop thread).
    func start() {
        retainedSelf = self
        loop.register(fd: fd, handler: self, writable: true)
        writableInterest = true
        if state == .handshaking { advanceHandshake() }
    }

    var isUsableForNewCalls: Bool { state == .open && !receivedGoAway && !draining }
    var activeStreamCount: Int { streams.count }
    /// The streams in flight (loop thread).
    var openStreams: [HTTP2Stream] { Array(streams.values) }

    // MARK: - Events

    func handleEvents(readable: Bool, writable: Bool) {
        switch state {
        case .connecting:
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if err != 0 {
                fail("connecting to \(displayName) failed: \(String(cString: strerror(err)))")
                return
            }
            if writable || readable {
                state = .handshaking
                advanceHandshake()
            }
        case .handshaking:
            advanceHandshake()
        case .open:
            if readable { readAvailable() }
            if state == .open { flush() }
        case .lingering:
            // Discard whatever the peer still sends until it closes (avoids a RST that would
            // destroy the alert or GOAWAY we sent).
            var scratch = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &scratch, scratch.count, 0)
                if n > 0 { continue }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
                close(reason: closeReason ?? "closed")
                return
            }
        case .closed:
            return
        }
    }

    func tick(now: ContinuousClock.Instant) {
        switch state {
        case .connecting, .handshaking:
            if createdAt.duration(to: now) > settings.handshakeTimeout {
                fail("TLS handshake with \(displayName) timed out after \(settings.handshakeTimeout)")
            }
        case .open:
            if let ka = settings.keepalive {
                if let sent = pingSentAt {
                    if sent.duration(to: now) > ka.timeout {
                        fail("keepalive: no PING ACK from \(displayName) within \(ka.timeout); the peer is considered dead")
                    }
                } else if lastReadAt.duration(to: now) >= ka.interval {
                    pingSentAt = now
                    _ = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
                    flush()
                }
            }
            if outEnd == outStart, outCapacity > Self.outInitialCapacity {
                out?.deallocate(); out = nil; outCapacity = 0; outStart = 0; outEnd = 0
            }
            // Nothing read for a tick and nothing waiting to be written: give back TLS's record
            // buffers (an idle connection costs no record buffer; a busy one keeps them).
            if outEnd == outStart, lastReadAt.duration(to: now) >= EventLoop.tickInterval, !withoutTransport {
                tls.releaseIdleBuffers()
            }
        case .lingering:
            if let until = lingerUntil, now >= until { close(reason: closeReason ?? "closed") }
        case .closed:
            break
        }
    }

    // MARK: - TLS handshake

    private func advanceHandshake() {
        do {
            switch try tls.handshake() {
            case .done:
                handshakeCompleted()
            case .wantRead:
                setWritable(false)
            case .wantWrite:
                setWritable(true)
            case .closed:
                fail("TLS handshake with \(displayName) failed: the peer closed the connection")
            }
        } catch {
            var reason = (error as? TLSError)?.reason ?? "\(error)"
            // Which certificate was refused and why ("certificate CN=site-1 serial=...: certificate revoked").
            if let detail = tls.verificationFailure { reason += " [refused \(detail)]" }
            fail("TLS handshake with \(displayName) failed: \(reason)", sendAlert: true)
        }
    }

    private func handshakeCompleted() {
        if tls.alpnProtocol != "h2" {
            fail("TLS handshake with \(displayName) failed: the peer did not negotiate ALPN h2 (got \(tls.alpnProtocol ?? "none"))")
            return
        }
        peerCommonName = tls.peerCommonName
        (peerOrganization, peerOrganizationalUnits) = tls.peerOrganization
        peerSerialNumber = tls.peerSerialNumber
        state = .open
        lastReadAt = clock.now
        setUpSession()
        logger.debug("TLS connection established", metadata: [
            "peer.address": "\(displayName)", "peer.cn": "\(peerCommonName ?? "-")",
            "tls.version": "\(tls.protocolVersion)", "tls.cipher": "\(tls.cipherName)"])
        let ready = onReady
        onReady = nil
        ready?(self, nil)
        flush()
        // Data may have arrived with the handshake's last flight.
        if state == .open { readAvailable(); if state == .open { flush() } }
    }

    // MARK: - Without a socket (fuzzing)

    /// Opens the HTTP/2 session as after a TLS handshake, but the socket and TLS are never used:
    /// bytes come in through `receiveWithoutTransport` and what the session sends is dropped.
    /// For the HTTP/2 fuzz target (`RPCServer.fuzzConnection`); loop thread.
    func startWithoutTransport() {
        withoutTransport = true
        state = .open
        setUpSession()
    }

    /// Feeds `bytes` as if read from the peer, then lets the session answer (loop thread).
    /// Returns false once the connection failed or ended.
    func receiveWithoutTransport(_ bytes: [UInt8]) -> Bool {
        guard withoutTransport, state == .open, let session else { return false }
        let rv = bytes.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress, $0.count) }
        if rv < 0 {
            fail("HTTP/2 error from \(displayName): \(String(cString: nghttp2_strerror(Int32(rv))))")
            return false
        }
        flush()
        return state == .open
    }

    // MARK: - nghttp2 session

    private func setUpSession() {
        var callbacks: OpaquePointer?
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        HTTP2Callbacks.install(callbacks)
        var option: OpaquePointer?
        nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_no_auto_window_update(option, 1)
        let me = Unmanaged.passUnretained(self).toOpaque()
        var s: OpaquePointer?
        if role == .server {
            nghttp2_session_server_new2(&s, callbacks, me, option)
        } else {
            nghttp2_session_client_new2(&s, callbacks, me, option)
        }
        session = s
        var iv: [nghttp2_settings_entry] = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(settings.streamWindow)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: UInt32(settings.maxFrameSize)),
        ]
        if role == .server {
            iv.append(nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: settings.maxConcurrentStreams))
        } else {
            iv.append(nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0))
        }
        nghttp2_submit_settings(s, UInt8(NGHTTP2_FLAG_NONE.rawValue), iv, iv.count)
        nghttp2_session_set_local_window_size(s, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, settings.connectionWindow)
    }

    // MARK: - Reading

    private func readAvailable() {
        guard let session else { return }
        var total = 0
        let buffer = loop.readBuffer
        while state == .open {
            let result: TLSConnection.IOResult
            do {
                result = try tls.read(into: buffer, count: EventLoop.readBufferSize)
            } catch {
                fail("connection to \(displayName) failed: \((error as? TLSError)?.description ?? "\(error)")")
                return
            }
            switch result {
            case .done(let n):
                lastReadAt = clock.now
                pingSentAt = nil   // anything received proves the peer alive
                let rv = nghttp2_session_mem_recv(session, buffer.assumingMemoryBound(to: UInt8.self), n)
                if rv < 0 {
                    fail("HTTP/2 error from \(displayName): \(String(cString: nghttp2_strerror(Int32(rv))))")
                    return
                }
                total += n
                if total >= 8 * 1024 * 1024 {
                    // Be fair to other connections; TLS may hold decrypted data epoll cannot see.
                    loop.execute { [self] in if state == .open { readAvailable(); if state == .open { flush() } } }
                    return
                }
            case .wantRead:
                return
            case .wantWrite:
                setWritable(true)
                return
            case .closed:
                fail("\(displayName) closed the connection", sendAlert: false)
                return
            }
        }
    }

    // MARK: - Writing

    /// Frames everything nghttp2 has and writes it through TLS until done or the socket is full.
    func flush() {
        guard state == .open, let session else { return }
        var rounds = 0
        while state == .open && rounds < 10_000 {
            rounds += 1
            if outEnd > outStart {
                if !writeOut() { return }   // socket full: wait for EPOLLOUT
            }
            if nghttp2_session_want_write(session) != 0 {
                let before = outEnd
                let rv = nghttp2_session_send(session)
                if rv < 0 {
                    fail("HTTP/2 error sending to \(displayName): \(String(cString: nghttp2_strerror(rv)))")
                    return
                }
                if outEnd > outStart { continue }
                if outEnd == before { break }
            } else {
                break
            }
        }
        // TLS coalesces records in its write buffer; push them to the socket now.
        if state == .open && !flushTLS() { return }
        if outEnd == outStart { setWritable(false) }
        if draining && streams.isEmpty && outEnd == outStart && nghttp2_session_want_write(session) == 0 {
            beginLinger(reason: "closed after GOAWAY")
        } else if nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0 && outEnd == outStart {
            beginLinger(reason: "HTTP/2 session ended")
        }
    }

    /// Writes buffered bytes; false when the socket would block (EPOLLOUT armed) or failed.
    private func writeOut() -> Bool {
        guard let out else { return true }
        if withoutTransport { outStart = 0; outEnd = 0; return true }
        while outEnd > outStart {
            let chunk = min(outEnd - outStart, 4 * 1024 * 1024)
            let result: TLSConnection.IOResult
            do {
                result = try tls.write(out + outStart, count: chunk)
            } catch {
                fail("connection to \(displayName) failed: \((error as? TLSError)?.description ?? "\(error)")")
                return false
            }
            switch result {
            case .done(let n):
                outStart += n
            case .wantWrite, .wantRead:
                setWritable(true)
                return false
            case .closed:
                fail("\(displayName) closed the connection")
                return false
            }
        }
        outStart = 0
        outEnd = 0
        return true
    }

    /// Sends what TLS buffered; false when the socket would block (EPOLLOUT armed) or failed.
    private func flushTLS() -> Bool {
        if withoutTransport { return true }
        let result: TLSConnection.IOResult
        do {
            result = try tls.flush()
        } catch {
            fail("connection to \(displayName) failed: \((error as? TLSError)?.description ?? "\(error)")")
            return false
        }
        if result == .done(0) { return true }
        setWritable(true)
        return false
    }

    /// Room for `count` more bytes in the outbound buffer (compacting or growing it).
    private func reserveOut(_ count: Int) -> UnsafeMutableRawPointer {
        if out == nil {
            outCapacity = max(Self.outInitialCapacity, count)
            out = UnsafeMutableRawPointer.allocate(byteCount: outCapacity, alignment: 64)
            outStart = 0; outEnd = 0
        }
        if outEnd + count > outCapacity {
            let live = outEnd - outStart
            if live + count <= outCapacity && outStart > 0 {
                (out! ).copyMemory(from: out! + outStart, byteCount: live)
            } else {
                let newCapacity = max(outCapacity * 2, live + count)
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
                bigger.copyMemory(from: out! + outStart, byteCount: live)
                out!.deallocate()
                out = bigger
                outCapacity = newCapacity
            }
            outStart = 0; outEnd = live
        }
        return out! + outEnd
    }

    /// nghttp2 send callback: buffer the frame bytes, or say WOULDBLOCK when the buffer is full.
    fileprivate func bufferFrame(_ data: UnsafePointer<UInt8>, _ length: Int) -> Int {
        if outEnd - outStart >= Self.outBound { return Int(NGHTTP2_ERR_WOULDBLOCK.rawValue) }
        let dst = reserveOut(length)
        dst.copyMemory(from: data, byteCount: length)
        outEnd += length
        return length
    }

    /// nghttp2 send_data callback: the 9-byte header, then the payload straight from the stream's
    /// queued messages (the only copy of the payload before encryption).
    fileprivate func bufferDataFrame(_ frame: UnsafeMutablePointer<nghttp2_frame>, header: UnsafePointer<UInt8>,
                                     length: Int, stream: HTTP2Stream) -> Int32 {
        if outEnd - outStart >= Self.outBound { return NGHTTP2_ERR_WOULDBLOCK.rawValue }
        let padlen = Int(frame.pointee.data.padlen)
        if padlen == 0 && outEnd == outStart && length >= Self.directWriteMinimum && !withoutTransport {
            writeDataFrameDirectly(header: header, length: length, stream: stream)
            return 0
        }
        let dst = reserveOut(9 + length + padlen)
        dst.copyMemory(from: header, byteCount: 9)
        var p = dst + 9
        if padlen > 0 { p.storeBytes(of: UInt8(padlen - 1), as: UInt8.self); p += 1 }
        stream.takeOutbound(into: p, count: length)
        p += length
        if padlen > 1 { p.initializeMemory(as: UInt8.self, repeating: 0, count: padlen - 1); p += padlen - 1 }
        outEnd += p - dst
        return 0
    }

    /// DATA frames at least this long go from the messages straight into SSL_write.
    private static let directWriteMinimum = 16 * 1024

    /// Writes a DATA frame through TLS from the queued messages themselves (no copy into the
    /// outbound buffer). Only when the outbound buffer is empty, so frames stay in order. Whatever
    /// TLS does not accept now (socket full, or an error the next `writeOut` reports) is copied
    /// into the outbound buffer, where `writeOut` continues with the same bytes, as OpenSSL
    /// requires after WANT_WRITE.
    private func writeDataFrameDirectly(header: UnsafePointer<UInt8>, length: Int, stream: HTTP2Stream) {
        var blocked = false
        func emit(_ p: UnsafeRawPointer, _ n: Int) {
            var p = p, n = n
            while n > 0 && !blocked {
                guard case .done(let k)? = try? tls.write(p, count: n), k > 0 else { blocked = true; break }
                p += k; n -= k
            }
            if n > 0 {
                reserveOut(n).copyMemory(from: p, byteCount: n)
                outEnd += n
            }
        }
        // The frame header, the message prefixes and short payload pieces are small: gather each
        // run of them so they share a TLS record instead of making tiny ones.
        var small: [UInt8] = Array(UnsafeBufferPointer(start: header, count: 9))
        small.reserveCapacity(32)
        for piece in stream.takeOutboundPieces(count: length) {
            switch piece {
            case .prefix(let prefix, let range):
                withUnsafeBytes(of: prefix) { small.append(contentsOf: $0[range]) }
            case .payload(let payload, let range) where range.count < 1024:
                // A short piece (a message's encoded fields before a large bytes value).
                payload.withUnsafeBytes { small.append(contentsOf: $0[range]) }
            case .payload(let payload, let range):
                if !small.isEmpty {
                    small.withUnsafeBytes { emit($0.baseAddress!, $0.count) }
                    small.removeAll(keepingCapacity: true)
                }
                payload.withUnsafeBytes { emit($0.baseAddress! + range.lowerBound, range.count) }
            }
        }
        if !small.isEmpty { small.withUnsafeBytes { emit($0.baseAddress!, $0.count) } }
    }

    private func setWritable(_ on: Bool) {
        guard on != writableInterest, state != .closed, !withoutTransport else { return }
        writableInterest = on
        loop.setWritableInterest(fd: fd, on)
    }

    // MARK: - Streams (cross-thread entry points)

    /// Asks the loop to frame newly queued data (or the end) of `stream`. Any thread.
    func scheduleKick(_ stream: HTTP2Stream) {
        loop.execute { [self] in
            stream.clearKickScheduled()
            kick(stream)
        }
    }

    /// Asks the loop to give back window for messages taken from `stream`. Any thread.
    func scheduleCredit(_ stream: HTTP2Stream) {
        loop.execute { [self] in
            let n = stream.takeUncredited(all: false)
            guard n > 0, state == .open, let session else { return }
            if stream.id > 0, streams[stream.id] === stream {
                nghttp2_session_consume(session, stream.id, n)
            } else {
                nghttp2_session_consume_connection(session, n)
            }
            flush()
        }
    }

    private func kick(_ stream: HTTP2Stream) {
        guard state == .open, let session, stream.id > 0, streams[stream.id] === stream else { return }
        if role == .server && !stream.headersSubmitted {
            guard !stream.finished else { return }
            stream.headersSubmitted = true
            let headers = [(":status", "200"), ("content-type", "application/grpc")]
            var provider = dataProvider(for: stream)
            let rv = withHeaders(headers) { nva, count in nghttp2_submit_response(session, stream.id, nva, count, &provider) }
            if rv != 0 { logger.warning("submitting response headers failed: \(String(cString: nghttp2_strerror(rv)))") }
        } else if stream.deferred {
            stream.deferred = false
            nghttp2_session_resume_data(session, stream.id)
        }
        flush()
    }

    func dataProvider(for stream: HTTP2Stream) -> nghttp2_data_provider {
        nghttp2_data_provider(source: nghttp2_data_source(ptr: Unmanaged.passUnretained(stream).toOpaque()),
                              read_callback: HTTP2Callbacks.readData)
    }

    // MARK: - Client side

    /// Submits a request for `stream` (loop thread). Fails the stream when the connection cannot.
    func startClientStream(_ stream: HTTP2Stream, headers: [(String, String)]) {
        guard state == .open, isUsableForNewCalls || !receivedGoAway, let session else {
            stream.end(RPCError(.unavailable, "connection to \(displayName) is not available: \(closeReason ?? "closing")"), discard: true)
            return
        }
        if stream.hasEnded { return }   // cancelled before it started
        var provider = dataProvider(for: stream)
        let id = withHeaders(headers) { nva, count in nghttp2_submit_request(session, nil, nva, count, &provider, nil) }
        if id < 0 {
            stream.end(RPCError(.unavailable, "could not start a stream on \(displayName): \(String(cString: nghttp2_strerror(id)))"), discard: true)
            return
        }
        stream.id = id
        stream.headersSubmitted = true
        streams[id] = stream
        flush()
    }

    /// Resets a client stream with CANCEL (loop thread).
    func resetStream(_ stream: HTTP2Stream, errorCode: UInt32 = NGHTTP2_CANCEL.rawValue) {
        guard state == .open, let session, stream.id > 0, streams[stream.id] === stream else { return }
        nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, errorCode)
        flush()
    }

    // MARK: - Server side

    /// Ends a server stream with `status` (loop thread): trailers after the queued messages, or a
    /// trailers-only response when nothing was sent.
    func finishServerStream(_ stream: HTTP2Stream, status: RPCError?, replaceQueued: Bool = false) {
        guard !stream.finished else { return }
        stream.finished = true
        stream.deadlineTask?.cancel()
        guard state == .open, let session, stream.id > 0, streams[stream.id] === stream else { return }
        let trailers = Self.statusHeaders(status)
        if !stream.headersSubmitted {
            stream.headersSubmitted = true
            stream.replaceOutbound(with: [])
            let headers = [(":status", "200"), ("content-type", "application/grpc")] + trailers
            let rv = withHeaders(headers) { nva, count in nghttp2_submit_response(session, stream.id, nva, count, nil) }
            if rv != 0 { logger.warning("submitting a trailers-only response failed: \(String(cString: nghttp2_strerror(rv)))") }
        } else {
            if replaceQueued { stream.replaceOutbound(with: trailers) } else { stream.closeOutbound(.trailers(trailers)) }
            if stream.deferred {
                stream.deferred = false
                nghttp2_session_resume_data(session, stream.id)
            }
        }
        flush()
    }

    /// Answers a request stream with a trailers-only error without a handler (unknown method,
    /// bad content-type).
    func rejectRequest(_ stream: HTTP2Stream, httpStatus: String = "200", status: RPCError) {
        guard let session else { return }
        stream.finished = true
        stream.headersSubmitted = true
        let headers = [(":status", httpStatus), ("content-type", "application/grpc")] + Self.statusHeaders(status)
        _ = withHeaders(headers) { nva, count in nghttp2_submit_response(session, stream.id, nva, count, nil) }
        flush()
    }

    static func statusHeaders(_ status: RPCError?) -> [(String, String)] {
        guard let status, status.code != .ok else { return [("grpc-status", "0")] }
        var h = [("grpc-status", "\(status.code.rawValue)")]
        if !status.message.isEmpty { h.append(("grpc-message", GRPCHeaders.percentEncode(status.message))) }
        return h
    }

    /// Sends GOAWAY and closes once the streams in flight have ended (loop thread).
    func beginGracefulShutdown() {
        guard state == .open, let session, !draining else {
            if state == .connecting || state == .handshaking { close(reason: "server shutting down") }
            return
        }
        draining = true
        nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nghttp2_session_get_last_proc_stream_id(session),
                              NGHTTP2_NO_ERROR.rawValue, nil, 0)
        flush()
    }

    // MARK: - Closing

    /// Fails every stream and closes. `sendAlert`: let TLS say goodbye (close_notify / alert
    /// already queued by OpenSSL) and linger briefly so the peer can read it.
    func fail(_ reason: String, sendAlert: Bool = true) {
        guard state != .closed && state != .lingering else { return }
        if closeReason == nil { closeReason = reason }
        let wasReady = onReady
        onReady = nil
        if role == .server, state == .handshaking || state == .connecting {
            logger.warning("\(reason)", metadata: ["peer.address": "\(displayName)"])
        } else {
            logger.debug("\(reason)", metadata: ["peer.address": "\(displayName)"])
        }
        failStreams(reason)
        wasReady?(self, RPCError(.unavailable, reason))
        if sendAlert { beginLinger(reason: reason) } else { close(reason: reason) }
    }

    private func failStreams(_ reason: String) {
        let all = streams
        streams.removeAll()
        for (_, s) in all {
            if role == .server {
                s.finished = true
                s.end(RPCError(.cancelled, "the connection closed: \(reason)"), discard: true)
                s.handlerTask?.cancel()
                s.deadlineTask?.cancel()
            } else {
                s.end(RPCError(.unavailable, reason), discard: false)
            }
        }
    }

    private func beginLinger(reason: String) {
        guard state != .closed && state != .lingering else { return }
        if closeReason == nil { closeReason = reason }
        failStreams(reason)
        let wasOpen = state == .open || state == .handshaking
        // Lingering from here on: a failing best-effort flush below calls fail(), which must not
        // come back here (it recursed until the stack overflowed when a peer died mid-stream).
        state = .lingering
        if wasOpen && !withoutTransport {
            // Flush what TLS/HTTP/2 queued (GOAWAY, alerts) best effort.
            if outEnd > outStart { _ = writeOut() }
            _ = try? tls.flush()
            tls.shutdown()
        }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        lingerUntil = clock.now.advanced(by: .seconds(2))
        setWritable(false)
        notifyClosed(reason)
    }

    /// Closes the socket now (loop thread).
    func close(reason: String) {
        guard state != .closed else { return }
        if closeReason == nil { closeReason = reason }
        failStreams(reason)
        let wasReady = onReady
        onReady = nil
        wasReady?(self, RPCError(.unavailable, reason))
        state = .closed
        loop.deregister(fd: fd)
        Glibc.close(fd)
        notifyClosed(reason)
        if let session { nghttp2_session_del(session) }
        session = nil
        retainedSelf = nil
    }

    private var notified = false
    private func notifyClosed(_ reason: String) {
        guard !notified else { return }
        notified = true
        let cb = onClose
        onClose = nil
        cb?(self, reason)
    }

    // MARK: - nghttp2 callbacks (dispatched from HTTP2Callbacks)

    fileprivate func onBeginHeaders(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let id = frame.pointee.hd.stream_id
        if role == .server && frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
            let s = HTTP2Stream(connection: self, maxReceiveMessageSize: settings.maxReceiveMessageSize)
            s.id = id
            streams[id] = s
            nghttp2_session_set_stream_user_data(session, id, Unmanaged.passUnretained(s).toOpaque())
        }
        streams[id]?.headerBlock = []
        return 0
    }

    fileprivate func onHeader(_ frame: UnsafePointer<nghttp2_frame>, _ name: String, _ value: String) -> Int32 {
        guard let s = streams[frame.pointee.hd.stream_id] else { return 0 }
        if s.headerBlock.count < 256 { s.headerBlock.append((name, value)) }
        return 0
    }

    fileprivate func onFrameRecv(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let hd = frame.pointee.hd
        let endStream = hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(hd.type) {
        case NGHTTP2_HEADERS.rawValue:
            guard let s = streams[hd.stream_id] else { return 0 }
            let block = s.headerBlock
            s.headerBlock = []
            if role == .server {
                if frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
                    onRequest?(self, s, block, endStream)
                } else if endStream {
                    s.inboundClosed = true
                    s.endInbound()
                }
            } else {
                clientHeaders(s, block, endStream: endStream, isResponse: frame.pointee.headers.cat == NGHTTP2_HCAT_RESPONSE)
            }
        case NGHTTP2_DATA.rawValue:
            guard endStream, let s = streams[hd.stream_id] else { return 0 }
            if s.hasPartialMessage {
                streamError(s, RPCError(.internal, "the stream ended inside a message (truncated message)"))
                return 0
            }
            if role == .server {
                s.inboundClosed = true
                s.endInbound()
            } else if !s.finished {
                s.finished = true
                s.end(RPCError(.internal, "the server ended the stream without grpc-status trailers"), discard: false)
            }
        case NGHTTP2_PING.rawValue:
            if hd.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0 { pingSentAt = nil }
        case NGHTTP2_GOAWAY.rawValue:
            receivedGoAway = true
            logger.debug("GOAWAY received", metadata: ["peer.address": "\(displayName)",
                                                      "http2.error": "\(frame.pointee.goaway.error_code)"])
            if role == .client, let cb = onGoAway { onGoAway = nil; cb(self) }
        default:
            break
        }
        return 0
    }

    /// Client: GOAWAY received (the channel stops using this connection for new calls).
    var onGoAway: ((HTTP2Connection) -> Void)?

    private func clientHeaders(_ s: HTTP2Stream, _ block: [(String, String)], endStream: Bool, isResponse: Bool) {
        var fields: [String: String] = [:]
        for (k, v) in block where fields[k] == nil { fields[k] = v }
        if isResponse && !s.receivedResponseHeaders {
            s.receivedResponseHeaders = true
            let httpStatus = fields[":status"] ?? ""
            if httpStatus != "200" {
                s.finished = true
                s.end(GRPCHeaders.statusFromHTTP(httpStatus, fields), discard: false)
                resetStream(s)
                return
            }
            if let ct = fields["content-type"], !ct.hasPrefix("application/grpc") {
                s.finished = true
                s.end(RPCError(.unknown, "the server answered with content-type \(ct), not application/grpc"), discard: false)
                resetStream(s)
                return
            }
            if !endStream { return }
        }
        // Trailers (or trailers-only).
        guard endStream else { return }
        s.finished = true
        s.end(GRPCHeaders.status(from: fields), discard: false)
    }

    fileprivate func onDataChunk(_ streamID: Int32, _ data: UnsafePointer<UInt8>, _ len: Int) -> Int32 {
        guard let session else { return 0 }
        guard let s = streams[streamID], !s.hasEnded else {
            // Data for a call that ended: give the window back right away.
            if let s = streams[streamID] { nghttp2_session_consume(session, s.id, len) } else { nghttp2_session_consume_connection(session, len) }
            return 0
        }
        if let error = s.receiveData(data, len) {
            streamError(s, error)
            nghttp2_session_consume(session, streamID, len)
            return 0
        }
        let credit = s.creditAfterReceiving(len)
        if credit > 0 { nghttp2_session_consume(session, streamID, credit) }
        return 0
    }

    /// A protocol error on one stream: ends the call with `error` and tells the peer.
    private func streamError(_ s: HTTP2Stream, _ error: RPCError) {
        if role == .server {
            s.end(error, discard: true)
            s.handlerTask?.cancel()
            finishServerStream(s, status: error, replaceQueued: true)
        } else {
            s.finished = true
            s.end(error, discard: true)
            resetStream(s)
        }
    }

    fileprivate func onFrameSend(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        // After our final HEADERS on a server stream the client may still be sending: reset the
        // stream with NO_ERROR (RFC 9113 8.1) so it stops.
        let hd = frame.pointee.hd
        if role == .server, UInt32(hd.type) == NGHTTP2_HEADERS.rawValue,
           hd.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0,
           let s = streams[hd.stream_id], !s.inboundClosed, let session {
            nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), hd.stream_id, NGHTTP2_NO_ERROR.rawValue)
        }
        return 0
    }

    fileprivate func onStreamClose(_ streamID: Int32, _ errorCode: UInt32) -> Int32 {
        guard let s = streams.removeValue(forKey: streamID) else { return 0 }
        let leftover = s.takeUncredited(all: true)
        if leftover > 0, let session { nghttp2_session_consume_connection(session, leftover) }
        if role == .server {
            if !s.finished {
                s.finished = true
                let why = errorCode == NGHTTP2_CANCEL.rawValue
                    ? "the client cancelled the call"
                    : "the stream was reset (HTTP/2 error \(errorCode))"
                s.end(RPCError(.cancelled, why), discard: true)
                s.handlerTask?.cancel()
                s.deadlineTask?.cancel()
            } else {
                s.end(RPCError(.cancelled, "the call ended"), discard: true)
            }
        } else if !s.finished {
            s.finished = true
            let error: RPCError
            switch errorCode {
            case NGHTTP2_CANCEL.rawValue: error = RPCError(.cancelled, "the server cancelled the stream")
            case NGHTTP2_REFUSED_STREAM.rawValue: error = RPCError(.unavailable, "the server refused the stream")
            case NGHTTP2_NO_ERROR.rawValue: error = RPCError(.internal, "the stream closed without grpc-status")
            case NGHTTP2_ENHANCE_YOUR_CALM.rawValue: error = RPCError(.resourceExhausted, "the server reset the stream: enhance your calm")
            default: error = RPCError(.internal, "the server reset the stream (HTTP/2 error \(errorCode))")
            }
            s.end(error, discard: false)
        } else {
            s.end(RPCError(.cancelled, "the call ended"), discard: false)
        }
        return 0
    }

    fileprivate func readData(_ stream: HTTP2Stream, max: Int, flags: UnsafeMutablePointer<UInt32>) -> Int {
        switch stream.nextFrame(max: max) {
        case .deferred:
            stream.deferred = true
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        case .data(let n, let eof, let trailers):
            var f = NGHTTP2_DATA_FLAG_NO_COPY.rawValue
            if eof {
                f |= NGHTTP2_DATA_FLAG_EOF.rawValue
                if let trailers, let session {
                    f |= NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
                    _ = withHeaders(trailers) { nva, count in nghttp2_submit_trailer(session, stream.id, nva, count) }
                }
            }
            flags.pointee = f
            return n
        }
    }

    /// Calls `body` with an nghttp2 header array for `headers` (valid only inside `body`).
    func withHeaders<T>(_ headers: [(String, String)], _ body: (UnsafePointer<nghttp2_nv>, Int) -> T) -> T {
        var bytes: [UInt8] = []
        var spans: [(Int, Int, Int, Int)] = []
        for (k, v) in headers {
            let ks = bytes.count; bytes.append(contentsOf: k.utf8)
            let vs = bytes.count; bytes.append(contentsOf: v.utf8)
            spans.append((ks, k.utf8.count, vs, v.utf8.count))
        }
        bytes.append(0)
        return bytes.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            let nva = spans.map { s in
                nghttp2_nv(name: base + s.0, value: base + s.2, namelen: s.1, valuelen: s.3,
                           flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return nva.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
        }
    }
}

private func h2Connection(_ p: UnsafeMutableRawPointer?) -> HTTP2Connection {
    Unmanaged<HTTP2Connection>.fromOpaque(p!).takeUnretainedValue()
}

/// The nghttp2 callbacks, all registered in one place; `user_data` is the connection.
enum HTTP2Callbacks {

    static func install(_ cbs: OpaquePointer?) {
        nghttp2_session_callbacks_set_send_callback(cbs) { _, data, length, _, user in
            h2Connection(user).bufferFrame(data!, length)
        }
        nghttp2_session_callbacks_set_send_data_callback(cbs) { _, frame, header, length, source, user in
            let stream = Unmanaged<HTTP2Stream>.fromOpaque(source!.pointee.ptr).takeUnretainedValue()
            return h2Connection(user).bufferDataFrame(frame!, header: header!, length: length, stream: stream)
        }
        nghttp2_session_callbacks_set_on_begin_headers_callback(cbs) { _, frame, user in
            h2Connection(user).onBeginHeaders(frame!)
        }
        nghttp2_session_callbacks_set_on_header_callback(cbs) { _, frame, name, namelen, value, valuelen, _, user in
            h2Connection(user).onHeader(frame!,
                                      String(decoding: UnsafeBufferPointer(start: name, count: namelen), as: UTF8.self),
                                      String(decoding: UnsafeBufferPointer(start: value, count: valuelen), as: UTF8.self))
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(cbs) { _, frame, user in
            h2Connection(user).onFrameRecv(frame!)
        }
        nghttp2_session_callbacks_set_on_frame_send_callback(cbs) { _, frame, user in
            h2Connection(user).onFrameSend(frame!)
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs) { _, _, streamID, data, len, user in
            h2Connection(user).onDataChunk(streamID, data!, len)
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(cbs) { _, streamID, code, user in
            h2Connection(user).onStreamClose(streamID, code)
        }
        nghttp2_session_callbacks_set_data_source_read_length_callback(cbs) { _, _, _, sessionWindow, streamWindow, remoteMax, _ in
            max(1, min(Int(sessionWindow), Int(streamWindow), Int(remoteMax)))
        }
    }

    static let readData: nghttp2_data_source_read_callback = { _, _, _, length, flags, source, user in
        let stream = Unmanaged<HTTP2Stream>.fromOpaque(source!.pointee.ptr).takeUnretainedValue()
        return h2Connection(user).readData(stream, max: length, flags: flags!)
    }
}
