/// One gRPC call's HTTP/2 stream, on either side, as seen from both the loop thread (frames in and
/// out) and the tasks using the call (messages in and out).
///
/// Loop-thread-only state is marked; the queues in the middle are guarded by `lock`.
///
/// Back-pressure:
/// - Inbound, the stream's flow-control window is given back (`nghttp2_session_consume`) only
///   while no received message is waiting to be taken, so a slow consumer stops the sender after
///   one window (16 MiB by default; fl-server's federated service: 2 MiB) plus the message being
///   assembled.
/// - Outbound, `send` suspends while more than `outboundBound` bytes wait to be framed; frames are
///   only taken from the queue when the peer's window is open.
final class HTTP2Stream: @unchecked Sendable {
    /// Largest number of queued outbound bytes (framing prefixes included) before `send` waits;
    /// a single message of any size is accepted into an empty queue.
    static let outboundBound = 1024 * 1024

    let connection: HTTP2Connection
    let maxReceiveMessageSize: Int

    // MARK: loop thread only
    var id: Int32 = -1
    /// Headers of the header block being received.
    var headerBlock: [(String, String)] = []
    var receivedResponseHeaders = false
    /// Server: response HEADERS submitted. Client: request submitted.
    var headersSubmitted = false
    /// The data provider returned NGHTTP2_ERR_DEFERRED and waits for `resume_data`.
    var deferred = false
    /// Server: the handler finished (or the call was ended for it); client: the status is known.
    var finished = false
    var inboundClosed = false
    var handlerTask: Task<Void, Never>?
    var deadlineTask: Task<Void, Never>?
    // Message reassembly across DATA frames.
    private var reassembler: GRPCMessageReassembler

    // MARK: guarded by lock
    let lock = Lock()
    private var inbound: [[UInt8]] = []
    private var inboundHead = 0
    private var inboundEnded = false
    /// Set when the call ended: `.ok` for a clean end (client), otherwise the error pending and
    /// later operations throw.
    private var status: RPCError?
    /// Whether queued inbound messages are dropped once `status` is set (local cancel, reset).
    private var discardQueued = false
    private var receiveWaiter: CheckedContinuation<[UInt8]?, Error>?
    /// Received bytes not yet credited back to the peer's window.
    private var uncredited = 0
    private var creditScheduled = false

    /// A queued message, or one piece of it: the first piece of a message carries its 5-byte
    /// prefix (`prefixLength` 5), the pieces after it none (0).
    private struct OutMessage {
        var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8)
        var prefixLength = 5
        var payload: [UInt8]
        var offset = 0   // into prefix+payload
        var total: Int { prefixLength + payload.count }
    }
    private var outbound: [OutMessage] = []
    private var outboundHead = 0
    private var outboundBytes = 0
    enum OutboundEnd { case endStream, trailers([(String, String)]) }
    private var outboundEnd: OutboundEnd?
    private var sendClosed = false
    private var writeWaiters: [CheckedContinuation<Void, Error>] = []
    private var kickScheduled = false

    /// Touched for every DATA frame sent or received (a client call's idle timeout).
    let activity: IdleWatchdog?

    init(connection: HTTP2Connection, maxReceiveMessageSize: Int, activity: IdleWatchdog? = nil) {
        self.connection = connection
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.activity = activity
        reassembler = GRPCMessageReassembler(maxMessageSize: maxReceiveMessageSize)
    }

    // MARK: - Inbound (loop thread)

    /// Feeds DATA payload bytes; returns an error that ends the call (oversized or compressed
    /// message) or nil.
    func receiveData(_ data: UnsafePointer<UInt8>, _ count: Int) -> RPCError? {
        activity?.touch()
        if let error = reassembler.feed(data, count, deliver: { deliver($0) }) { return error }
        guard let budget = connection.settings.partialMessageBudget else { return nil }
        let partial = reassembler.partialBytes
        let total = budget.add(partial - budgeted)
        budgeted = partial
        if partial > 0, total > budget.limit {
            budget.add(-budgeted)
            budgeted = 0
            return RPCError(.resourceExhausted, "the server holds too many partly received messages (\(total >> 20) MiB in all, at most \(budget.limit >> 20) MiB); retry later")
        }
        return nil
    }

    /// Bytes of this stream's partial message counted in the connection's `partialMessageBudget`.
    private var budgeted = 0

    deinit {
        if budgeted != 0 { connection.settings.partialMessageBudget?.add(-budgeted) }
    }

    /// Whether a message is partly received (an END_STREAM now truncates it).
    var hasPartialMessage: Bool { reassembler.hasPartialMessage }

    private func deliver(_ m: [UInt8]) {
        lock.lock()
        if status != nil && discardQueued { lock.unlock(); return }
        if let w = receiveWaiter {
            receiveWaiter = nil
            lock.unlock()
            w.resume(returning: m)
            return
        }
        inbound.append(m)
        lock.unlock()
    }

    /// Records `count` received bytes; returns how many may be credited now (no message waiting).
    func creditAfterReceiving(_ count: Int) -> Int {
        lock.withLock {
            uncredited += count
            guard inbound.count == inboundHead || (status != nil && discardQueued) else { return 0 }
            let n = uncredited
            uncredited = 0
            return n
        }
    }

    /// Bytes to credit on the loop's scheduled credit run (or all that remain, when closing).
    func takeUncredited(all: Bool) -> Int {
        lock.withLock {
            creditScheduled = false
            guard all || inbound.count == inboundHead else { return 0 }
            let n = uncredited
            uncredited = 0
            return n
        }
    }

    /// The request side ended (END_STREAM from the peer).
    func endInbound() {
        lock.lock()
        inboundEnded = true
        let w = receiveWaiter
        if w != nil && inbound.count == inboundHead { receiveWaiter = nil } else { lock.unlock(); return }
        lock.unlock()
        w?.resume(returning: nil)
    }

    /// Ends the call: `RPCError(.ok, ...)` for a clean end. `discard` drops queued inbound
    /// messages (cancellation, reset); otherwise `receive` returns them before the status.
    /// Returns false when the call had already ended.
    @discardableResult
    func end(_ final: RPCError, discard: Bool) -> Bool {
        lock.lock()
        guard status == nil else { lock.unlock(); return false }
        status = final
        discardQueued = discard
        if discard { inbound.removeAll(); inboundHead = 0 }
        var rw: CheckedContinuation<[UInt8]?, Error>? = nil
        if inbound.count == inboundHead { rw = receiveWaiter; receiveWaiter = nil }
        let ws = writeWaiters
        writeWaiters = []
        if discard || final.code != .ok { outbound.removeAll(); outboundHead = 0; outboundBytes = 0 }
        lock.unlock()
        if let rw {
            if final.code == .ok { rw.resume(returning: nil) } else { rw.resume(throwing: final) }
        }
        for w in ws { w.resume(throwing: final) }
        return true
    }

    var hasEnded: Bool { lock.withLock { status != nil } }

    // MARK: - Inbound (any task)

    /// The next message; nil at a clean end; throws the call's error status.
    func receive() async throws -> [UInt8]? {
        if let fast = try receiveNow() { return fast.message }
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<[UInt8]?, Error>) in
            lock.lock()
            if inbound.count > inboundHead {
                let m = popInbound()
                let credit = scheduleCreditIfNeeded()
                lock.unlock()
                if credit { connection.scheduleCredit(self) }
                cont.resume(returning: m)
            } else if let s = status {
                lock.unlock()
                if s.code == .ok { cont.resume(returning: nil) } else { cont.resume(throwing: s) }
            } else if inboundEnded {
                lock.unlock()
                cont.resume(returning: nil)
            } else if receiveWaiter != nil {
                lock.unlock()
                cont.resume(throwing: RPCError(.failedPrecondition, "receive called while another receive is pending on the same call"))
            } else {
                receiveWaiter = cont
                lock.unlock()
            }
        }
    }

    private struct Received { let message: [UInt8]? }

    /// Non-suspending receive: a result when one is ready, nil when the caller must wait.
    private func receiveNow() throws -> Received? {
        lock.lock()
        if inbound.count > inboundHead {
            let m = popInbound()
            let credit = scheduleCreditIfNeeded()
            lock.unlock()
            if credit { connection.scheduleCredit(self) }
            return Received(message: m)
        }
        if let s = status {
            lock.unlock()
            if s.code == .ok { return Received(message: nil) }
            throw s
        }
        if inboundEnded { lock.unlock(); return Received(message: nil) }
        lock.unlock()
        return nil
    }

    private func popInbound() -> [UInt8] {
        let m = inbound[inboundHead]
        inbound[inboundHead] = []
        inboundHead += 1
        if inboundHead == inbound.count { inbound.removeAll(keepingCapacity: true); inboundHead = 0 }
        return m
    }

    /// Under lock: whether to ask the loop to credit the window now that the queue emptied.
    private func scheduleCreditIfNeeded() -> Bool {
        guard inbound.count == inboundHead, uncredited > 0, !creditScheduled else { return false }
        creditScheduled = true
        return true
    }

    // MARK: - Outbound (any task)

    /// Queues one message; suspends while the queue is over its bound.
    func send(_ payload: [UInt8]) async throws { try await send(pieces: [payload]) }

    /// Queues one message given as pieces (their concatenation), each framed from its own array;
    /// suspends while the queue is over its bound.
    func send(pieces: [[UInt8]]) async throws {
        while true {
            lock.lock()
            if let s = status {
                lock.unlock()
                throw s.code == .ok ? RPCError(.ok, "the call already ended") : s
            }
            if sendClosed {
                lock.unlock()
                throw RPCError(.failedPrecondition, "send after the sending side was closed")
            }
            if outboundBytes < Self.outboundBound {
                let n = pieces.reduce(0) { $0 + $1.count }
                outbound.append(OutMessage(prefix: (0, UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16),
                                                    UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)),
                                           payload: pieces.first ?? []))
                for piece in pieces.dropFirst() where !piece.isEmpty {
                    outbound.append(OutMessage(prefix: (0, 0, 0, 0, 0), prefixLength: 0, payload: piece))
                }
                outboundBytes += 5 + n
                let kick = !kickScheduled
                kickScheduled = true
                lock.unlock()
                if kick { connection.scheduleKick(self) }
                return
            }
            lock.unlock()
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, Error>) in
                lock.lock()
                if status != nil || outboundBytes < Self.outboundBound {
                    lock.unlock()
                    cont.resume()
                } else {
                    writeWaiters.append(cont)
                    lock.unlock()
                }
            }
        }
    }

    /// Marks the end of the outbound side: END_STREAM (client) or trailers (server) after the
    /// queued messages. Returns false if the call already ended or the side was closed.
    @discardableResult
    func closeOutbound(_ end: OutboundEnd) -> Bool {
        lock.lock()
        guard status == nil || status?.code == .ok, !sendClosed || outboundEnd == nil else { lock.unlock(); return false }
        if case .trailers = end {} else if sendClosed { lock.unlock(); return false }
        sendClosed = true
        outboundEnd = end
        let kick = !kickScheduled
        kickScheduled = true
        lock.unlock()
        if kick { connection.scheduleKick(self) }
        return true
    }

    /// Server: replaces whatever is queued with the final trailers (deadline, errors).
    func replaceOutbound(with trailers: [(String, String)]) {
        lock.withLock {
            outbound.removeAll(); outboundHead = 0; outboundBytes = 0
            sendClosed = true
            outboundEnd = .trailers(trailers)
        }
    }

    var isSendClosed: Bool { lock.withLock { sendClosed } }

    func clearKickScheduled() { lock.withLock { kickScheduled = false } }

    // MARK: - Outbound (loop thread, from nghttp2 callbacks)

    enum ReadResult { case data(Int, eof: Bool, trailers: [(String, String)]?), deferred }

    /// How many bytes the next DATA frame may carry (at most `max`), and whether it ends the side.
    func nextFrame(max: Int) -> ReadResult {
        lock.lock()
        defer { lock.unlock() }
        if outboundBytes == 0 {
            guard let end = outboundEnd else { return .deferred }
            if case .trailers(let t) = end { return .data(0, eof: true, trailers: t) }
            return .data(0, eof: true, trailers: nil)
        }
        let n = min(max, outboundBytes)
        if n == outboundBytes, let end = outboundEnd {
            if case .trailers(let t) = end { return .data(n, eof: true, trailers: t) }
            return .data(n, eof: true, trailers: nil)
        }
        return .data(n, eof: false, trailers: nil)
    }

    /// A piece of queued output handed out without copying: a message's 5-byte prefix (or part
    /// of it) or a slice of its payload (the array is retained, so the bytes stay valid).
    enum OutPiece {
        case prefix((UInt8, UInt8, UInt8, UInt8, UInt8), Range<Int>)
        case payload([UInt8], Range<Int>)
    }

    /// Takes `count` queued bytes as pieces in order, like `takeOutbound(into:count:)` without
    /// the copy, waking writers when the queue falls under its bound.
    func takeOutboundPieces(count: Int) -> [OutPiece] {
        var pieces: [OutPiece] = []
        lock.lock()
        var left = count
        while left > 0, outboundHead < outbound.count {
            var m = outbound[outboundHead]
            if m.offset < m.prefixLength {
                let take = min(m.prefixLength - m.offset, left)
                pieces.append(.prefix(m.prefix, m.offset..<(m.offset + take)))
                m.offset += take; left -= take
            }
            if left > 0, m.offset >= m.prefixLength {
                let start = m.offset - m.prefixLength
                let take = min(m.payload.count - start, left)
                if take > 0 {
                    pieces.append(.payload(m.payload, start..<(start + take)))
                    m.offset += take; left -= take
                }
            }
            if m.offset == m.total {
                outbound[outboundHead] = OutMessage(prefix: (0, 0, 0, 0, 0), payload: [])
                outboundHead += 1
            } else {
                outbound[outboundHead] = m
            }
        }
        if outboundHead == outbound.count { outbound.removeAll(keepingCapacity: true); outboundHead = 0 }
        outboundBytes -= count - left
        var ws: [CheckedContinuation<Void, Error>] = []
        if outboundBytes < Self.outboundBound, !writeWaiters.isEmpty { ws = writeWaiters; writeWaiters = [] }
        lock.unlock()
        for w in ws { w.resume() }
        if left < count { activity?.touch() }
        return pieces
    }

    /// Copies `count` queued bytes (prefixes and payloads) to `dst`, waking writers when the queue
    /// falls under its bound.
    func takeOutbound(into dst: UnsafeMutableRawPointer, count: Int) {
        lock.lock()
        var d = dst
        var left = count
        while left > 0, outboundHead < outbound.count {
            var m = outbound[outboundHead]
            if m.offset < m.prefixLength {
                let take = min(m.prefixLength - m.offset, left)
                withUnsafeBytes(of: m.prefix) { raw in d.copyMemory(from: raw.baseAddress! + m.offset, byteCount: take) }
                m.offset += take; d += take; left -= take
            }
            if left > 0, m.offset >= m.prefixLength {
                let start = m.offset - m.prefixLength
                let take = min(m.payload.count - start, left)
                if take > 0 {
                    m.payload.withUnsafeBytes { raw in d.copyMemory(from: raw.baseAddress! + start, byteCount: take) }
                    m.offset += take; d += take; left -= take
                }
            }
            if m.offset == m.total {
                outbound[outboundHead] = OutMessage(prefix: (0, 0, 0, 0, 0), payload: [])
                outboundHead += 1
            } else {
                outbound[outboundHead] = m
            }
        }
        if outboundHead == outbound.count { outbound.removeAll(keepingCapacity: true); outboundHead = 0 }
        outboundBytes -= count - left
        var ws: [CheckedContinuation<Void, Error>] = []
        if outboundBytes < Self.outboundBound, !writeWaiters.isEmpty { ws = writeWaiters; writeWaiters = [] }
        lock.unlock()
        for w in ws { w.resume() }
    }
}
