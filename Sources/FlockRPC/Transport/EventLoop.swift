import Foundation
import CLinuxIO
#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex in a class (the transport's locks guard tiny critical sections).
final class Lock: @unchecked Sendable {
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(m, nil) }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    @inline(__always) func lock() { pthread_mutex_lock(m) }
    @inline(__always) func unlock() { pthread_mutex_unlock(m) }
    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(m); defer { pthread_mutex_unlock(m) }
        return try body()
    }
}

/// Something an event loop notifies about its descriptor.
protocol EventLoopHandler: AnyObject {
    /// The descriptor is readable (`EPOLLIN`/`EPOLLHUP`/`EPOLLERR`) and/or writable (`EPOLLOUT`).
    func handleEvents(readable: Bool, writable: Bool)
    /// Called about every `EventLoop.tickInterval` (keepalive, lingering closes).
    func tick(now: ContinuousClock.Instant)
}

/// One I/O thread running `epoll_wait` over non-blocking sockets. Every connection is owned by one
/// loop: its TLS object, nghttp2 session and streams are touched only on that thread. Other
/// threads hand work over with `execute`, which wakes the loop through an eventfd.
final class EventLoop: @unchecked Sendable {
    let name: String
    private let epfd: Int32
    private let wakeFD: Int32
    private let lock = Lock()
    private var pending: [() -> Void] = []
    private var wakeArmed = false
    private var handlers: [Int32: EventLoopHandler] = [:]   // loop thread only
    private var stopping = false
    private var thread: Thread?
    private var threadID: pthread_t?
    static let tickInterval: Duration = .milliseconds(100)

    /// A per-loop receive buffer shared by all its connections (they are served one at a time),
    /// so an idle connection costs no buffer.
    let readBuffer = UnsafeMutableRawPointer.allocate(byteCount: EventLoop.readBufferSize, alignment: 64)
    static let readBufferSize = 256 * 1024

    init(name: String) {
        self.name = name
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(epfd >= 0 && wakeFD >= 0, "epoll/eventfd: \(String(cString: strerror(errno)))")
        var ev = epoll_event()
        ev.events = EPOLLIN.rawValue
        ev.data.fd = wakeFD
        epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, &ev)
        let t = Thread { [unowned self] in self.run() }
        t.name = name
        t.stackSize = 1 << 20
        thread = t
        t.start()
    }

    deinit {
        close(epfd); close(wakeFD)
        readBuffer.deallocate()
    }

    var inEventLoop: Bool {
        guard let id = lock.withLock({ threadID }) else { return false }
        return pthread_equal(id, pthread_self()) != 0
    }

    /// Runs `work` on the loop thread, soon. Safe from any thread.
    func execute(_ work: @escaping () -> Void) {
        lock.lock()
        pending.append(work)
        let wake = !wakeArmed
        wakeArmed = true
        lock.unlock()
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    /// Stops the thread after the work queued so far (the loop object stays valid).
    func shutdown() { execute { [unowned self] in self.stopping = true } }

    // MARK: descriptor registration (loop thread only)

    func register(fd: Int32, handler: EventLoopHandler, writable: Bool) {
        handlers[fd] = handler
        var ev = epoll_event()
        ev.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        ev.data.fd = fd
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)
    }

    func setWritableInterest(fd: Int32, _ writable: Bool) {
        var ev = epoll_event()
        ev.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | (writable ? EPOLLOUT.rawValue : 0)
        ev.data.fd = fd
        epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev)
    }

    func deregister(fd: Int32) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil)
        handlers[fd] = nil
    }

    var handlerCount: Int { handlers.count }

    // MARK: the loop

    private func run() {
        lock.withLock { threadID = pthread_self() }
        // Every socket write happens on this thread (OpenSSL's socket BIO uses write(), not
        // send(MSG_NOSIGNAL)): a write to a connection the peer reset must fail with EPIPE, not
        // kill the process with SIGPIPE. Blocked here only; the process's disposition is untouched.
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipe, nil)
        let maxEvents = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: maxEvents)
        defer { events.deallocate() }
        let clock = ContinuousClock()
        var nextTick = clock.now.advanced(by: Self.tickInterval)
        while !stopping {
            let untilTick = clock.now.duration(to: nextTick)
            let timeoutMs = max(0, Int32(untilTick.components.seconds * 1000 + untilTick.components.attoseconds / 1_000_000_000_000_000))
            let n = epoll_wait(epfd, events, Int32(maxEvents), timeoutMs)
            if n > 0 {
                for i in 0..<Int(n) {
                    let ev = events[i]
                    let fd = ev.data.fd
                    if fd == wakeFD {
                        var v: UInt64 = 0
                        _ = read(wakeFD, &v, 8)
                        continue
                    }
                    guard let h = handlers[fd] else { continue }
                    let bits = ev.events
                    let readable = bits & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0
                    let writable = bits & (EPOLLOUT.rawValue | EPOLLERR.rawValue) != 0
                    h.handleEvents(readable: readable, writable: writable)
                }
            }
            runPending()
            let now = clock.now
            if now >= nextTick {
                nextTick = now.advanced(by: Self.tickInterval)
                for h in Array(handlers.values) { h.tick(now: now) }
                runPending()
            }
        }
        // Drop whatever is left: owners were told to close before stopping the loop.
        runPending()
    }

    private func runPending() {
        // Bounded: work queued while running (e.g. a task re-queuing itself) waits for the next turn.
        lock.lock()
        let work = pending
        pending.removeAll(keepingCapacity: true)
        wakeArmed = false
        lock.unlock()
        for w in work { w() }
    }
}

/// The loops client channels share (all channels of a process), created on first use.
enum ClientEventLoops {
    static let loops: [EventLoop] = (0..<2).map { EventLoop(name: "flock-rpc-client-\($0)") }
    private static let counter = Lock()
    nonisolated(unsafe) private static var next = 0
    static func pick() -> EventLoop {
        counter.withLock {
            next &+= 1
            return loops[next % loops.count]
        }
    }
}
