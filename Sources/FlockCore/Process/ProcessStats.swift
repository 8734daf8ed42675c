import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Figures of a live process from /proc (and `getrusage` for this one), for the benchmark
/// and load tools.
public enum ProcessStats {
    /// utime + stime in seconds.
    public static func cpuSeconds(_ pid: pid_t) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let u = Double(fields[11]), let s = Double(fields[12]) else { return nil }
        return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A "Name:  value kB" line of /proc/PID/status, as a number (kB for memory lines).
    public static func status(_ pid: pid_t, _ key: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().compactMap { Double($0) }.first
        }
        return nil
    }

    /// A memory line of /proc/PID/status ("VmHWM", "VmRSS") in MiB.
    public static func mib(_ pid: pid_t, _ key: String) -> Double? { status(pid, key).map { $0 / 1024 } }

    public static func openFiles(_ pid: pid_t) -> Int? { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count }

    /// Open descriptors by kind: "socket", "anon_inode:[eventpoll]", or the folder of a file.
    public static func descriptorKinds(_ pid: pid_t) -> [String: Int] {
        var kinds: [String: Int] = [:]
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)") else { continue }
            let kind = target.hasPrefix("socket:") ? "socket" : target.hasPrefix("/") ? (target as NSString).deletingLastPathComponent : target
            kinds[kind, default: 0] += 1
        }
        return kinds
    }

    public static func ownCPUSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}
