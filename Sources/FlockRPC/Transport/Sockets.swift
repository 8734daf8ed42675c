import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin helpers over BSD sockets: non-blocking, close-on-exec, `TCP_NODELAY` on every socket.
enum Sockets {
    struct Address {
        var storage = sockaddr_storage()
        var length: socklen_t = 0
        var family: Int32 { Int32(storage.ss_family) }
    }

    static func errorText(_ what: String, _ code: Int32 = errno) -> String {
        "\(what): \(String(cString: strerror(code)))"
    }

    /// Resolves `host` (name or IP literal) for TCP; IPv4 first. Blocking (getaddrinfo).
    static func resolve(host: String, port: Int) throws -> [Address] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var result: UnsafeMutablePointer<addrinfo>?
        let rv = getaddrinfo(host, String(port), &hints, &result)
        guard rv == 0, let first = result else {
            throw RPCError(.unavailable, "cannot resolve \(host): \(String(cString: gai_strerror(rv)))")
        }
        defer { freeaddrinfo(first) }
        var out: [Address] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let ai = p {
            var a = Address()
            withUnsafeMutableBytes(of: &a.storage) { dst in
                dst.copyMemory(from: UnsafeRawBufferPointer(start: ai.pointee.ai_addr, count: Int(ai.pointee.ai_addrlen)))
            }
            a.length = ai.pointee.ai_addrlen
            out.append(a)
            p = ai.pointee.ai_next
        }
        return out.sorted { $0.family == AF_INET && $1.family != AF_INET }
    }

    /// Ignores SIGPIPE for the whole process, once. OpenSSL writes to the socket with write(2), not
    /// send(MSG_NOSIGNAL), so a write to a connection the peer has closed would otherwise kill the
    /// process (fl-admin after `shutdown server`, a server whose client vanished, a test process)
    /// instead of failing that one connection with EPIPE. gRPC's C core does the same.
    static let brokenPipeIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// A listening socket bound to `host:port` (port 0 picks one); returns it and the bound port.
    static func listen(host: String, port: Int, backlog: Int32 = 4096) throws -> (fd: Int32, port: Int) {
        brokenPipeIgnored
        let addresses = try resolve(host: host, port: port)
        var lastError = "no address for \(host)"
        for var a in addresses {
            let fd = socket(a.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastError = errorText("socket"); continue }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &a.storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, a.length) }
            }
            if bound != 0 { lastError = errorText("bind \(host):\(port)"); Glibc.close(fd); continue }
            if Glibc.listen(fd, backlog) != 0 { lastError = errorText("listen"); Glibc.close(fd); continue }
            return (fd, localPort(fd))
        }
        throw RPCError(.unavailable, lastError)
    }

    static func localPort(_ fd: Int32) -> Int {
        var a = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) } }
        return describe(a).port
    }

    /// Starts a non-blocking connect; returns the socket (connection may still be in progress).
    static func connect(to a: Address) throws -> Int32 {
        brokenPipeIgnored
        var a = a
        let fd = socket(a.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw RPCError(.unavailable, errorText("socket")) }
        setNoDelay(fd)
        let rv = withUnsafePointer(to: &a.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, a.length) }
        }
        if rv != 0 && errno != EINPROGRESS {
            let text = errorText("connect")
            Glibc.close(fd)
            throw RPCError(.unavailable, text)
        }
        return fd
    }

    /// "ip:port" and the port of a socket address.
    static func describe(_ a: sockaddr_storage) -> (text: String, port: Int) {
        var a = a
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let len = socklen_t(a.ss_family == sa_family_t(AF_INET6) ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let rv = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, len, &host, socklen_t(host.count), &serv, socklen_t(serv.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rv == 0 else { return ("?", 0) }
        let h = String(cString: host), p = Int(String(cString: serv)) ?? 0
        return (a.ss_family == sa_family_t(AF_INET6) ? "[\(h)]:\(p)" : "\(h):\(p)", p)
    }

    static func peerName(_ fd: Int32) -> String {
        var a = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getpeername(fd, $0, &len) } }
        return describe(a).text
    }
}
