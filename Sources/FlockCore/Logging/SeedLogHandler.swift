import Foundation
import Logging

/// A swift-log handler that writes lines in the Clara 3.1 format the seed user guide quotes:
///
///     2020-07-07 03:48:49,712 - ClientManager - INFO - Client: New client abcd@127.0.0.1 joined. ...
///
/// The logger's label is the component name. Lines go to standard output (start scripts append it
/// to the workspace's log.txt) and, when a file is given, are appended there too.
public struct SeedLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink, level: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    /// Bootstraps swift-log for a Flock executable. `file` (e.g. the workspace's log.txt) gets a
    /// copy of every line when set.
    public static func bootstrap(file: String? = nil, level: Logger.Level = .info, echo: Bool = true) {
        let sink = LogSink(file: file, echo: echo)
        LoggingSystem.bootstrap { SeedLogHandler(label: $0, sink: sink, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var text = "\(message)"
        let all = metadata.merging(explicit ?? [:]) { $1 }
        if !all.isEmpty {
            text += " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        sink.write("\(Self.timestamp()) - \(label) - \(Self.name(level)) - \(text)\n")
    }

    static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARNING"
        case .error: return "ERROR"
        case .critical: return "CRITICAL"
        }
    }

    /// `YYYY-MM-DD HH:MM:SS,mmm` in local time.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d,%03d", tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday,
                      tmv.tm_hour, tmv.tm_min, tmv.tm_sec, Int(tv.tv_usec / 1000))
    }
}

/// Where log lines go: standard output and an optional file, each line written whole.
public final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private let fd: Int32?
    private let echo: Bool

    public init(file: String?, echo: Bool = true) {
        self.echo = echo
        if let file {
            let fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            self.fd = fd >= 0 ? fd : nil
        } else {
            self.fd = nil
        }
    }

    public func write(_ line: String) {
        let bytes = Array(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        bytes.withUnsafeBytes { b in
            if echo { _ = Glibc.write(1, b.baseAddress, b.count) }
            if let fd { _ = Glibc.write(fd, b.baseAddress, b.count) }
        }
    }
}
