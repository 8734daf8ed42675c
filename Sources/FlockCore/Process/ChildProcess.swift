import Foundation

/// Starting and reaping child processes with posix_spawn + waitpid, for tests, benchmarks and
/// tools that drive Flock's binaries.
///
/// Not Foundation's Process: its waitUntilExit can hang on Swift-concurrency threads, and its
/// children inherit the caller's descriptors (a daemonized grandchild such as a kit's supervisor
/// then holds the caller's sockets) and its blocked signals (test-runner threads block SIGTERM,
/// so a child would ignore stop_fl.sh). Children here get a clean signal mask, default
/// dispositions, and no descriptor but 0–2.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// stdout followed by stderr (they are the same text when stderr went to stdout).
        public var output: String
    }

    /// Starts `executable` (a path, or a name looked up in PATH) and returns its pid.
    /// - Parameters:
    ///   - stdin: file to read standard input from (default /dev/null).
    ///   - stdout: file receiving standard output (created 0600).
    ///   - stderr: file receiving standard error; nil sends it to `stdout`.
    ///   - append: append to the output files instead of truncating them.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                             stdin: String? = nil, stdout: String, stderr: String? = nil, append: Bool = false) throws -> pid_t {
        BrokenPipes.ignore()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, mode, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, mode, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2, fcntl(fd, F_GETFD) >= 0 { posix_spawn_file_actions_addclose(&actions, fd) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw FlockError.posix("cannot run \(executable)", rc) }
        return pid
    }

    /// Waits for `pid` and returns its exit code (128 + signal number when a signal ended it).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `executable` to its end (not the processes it leaves in the background) and returns
    /// its exit code and output. `stdin` is written to a temporary file first; `separateStderr`
    /// keeps standard error apart from standard output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           stdin: String? = nil, separateStderr: Bool = false) throws -> Result {
        let base = NSTemporaryDirectory() + "flock-child-\(UUID().uuidString)"
        let inPath = base + ".in", outPath = base + ".out", errPath = base + ".err"
        defer { unlink(inPath); unlink(outPath); unlink(errPath) }
        if let stdin { try stdin.write(toFile: inPath, atomically: false, encoding: .utf8) }
        let pid = try spawn(executable, arguments, environment: environment, stdin: stdin == nil ? nil : inPath,
                            stdout: outPath, stderr: separateStderr ? errPath : nil)
        let status = wait(pid)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = separateStderr ? ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "") : ""
        return Result(status: status, stdout: out, stderr: err, output: out + err)
    }
}

/// A free TCP port on 127.0.0.1 (bound, read and released: another process may take it before
/// the caller does, which tests accept).
public enum LoopbackPort {
    public static func free() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
