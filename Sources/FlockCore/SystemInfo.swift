import Foundation

/// The machine a participant runs on, for `sys_info`.
public struct SystemInfo: Sendable, Equatable {
    public var hostname: String
    public var os: String
    public var cpuCount: Int
    public var memoryTotalBytes: UInt64
    public var memoryAvailableBytes: UInt64
    public var gpus: [String]
    public var flockVersion: String
    public var trainingBackend: String
    public var pid: Int
    public var uptimeSeconds: Double

    public init(hostname: String, os: String, cpuCount: Int, memoryTotalBytes: UInt64, memoryAvailableBytes: UInt64,
                gpus: [String], flockVersion: String, trainingBackend: String, pid: Int, uptimeSeconds: Double) {
        self.hostname = hostname; self.os = os; self.cpuCount = cpuCount; self.memoryTotalBytes = memoryTotalBytes
        self.memoryAvailableBytes = memoryAvailableBytes; self.gpus = gpus; self.flockVersion = flockVersion
        self.trainingBackend = trainingBackend; self.pid = pid; self.uptimeSeconds = uptimeSeconds
    }

    public static let flockVersion = "0.1.0"

    /// Seconds since this process started, from /proc (0 where /proc is unavailable).
    static func processUptime() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name; starttime is field 22 overall, the 20th after ")".
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]),
              let system = Double(uptime.split(separator: " ").first ?? "") else { return 0 }
        return max(0, system - ticks / Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Reads the current machine: uname, /proc/meminfo, and `nvidia-smi -L` when present.
    public static func current(trainingBackend: String = "") -> SystemInfo {
        var u = utsname()
        uname(&u)
        func field<T>(_ t: T) -> String {
            withUnsafeBytes(of: t) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var total: UInt64 = 0, available: UInt64 = 0
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == ":" })
                guard parts.count >= 2, let kb = UInt64(parts[1]) else { continue }
                if parts[0] == "MemTotal" { total = kb * 1024 }
                if parts[0] == "MemAvailable" { available = kb * 1024 }
            }
        }
        return SystemInfo(hostname: field(u.nodename), os: "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))",
                          cpuCount: ProcessInfo.processInfo.activeProcessorCount, memoryTotalBytes: total,
                          memoryAvailableBytes: available, gpus: gpuNames(), flockVersion: flockVersion,
                          trainingBackend: trainingBackend, pid: Int(getpid()),
                          uptimeSeconds: processUptime())
    }

    /// GPU names from `nvidia-smi -L`, empty without NVIDIA GPUs.
    static func gpuNames() -> [String] {
        let candidates = ["/usr/bin/nvidia-smi", "/usr/local/bin/nvidia-smi", "/usr/local/nvidia/bin/nvidia-smi"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return [] }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-L"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Human-readable lines, as `sys_info` prints them.
    public var lines: [String] {
        func gib(_ b: UInt64) -> String { String(format: "%.1f GiB", Double(b) / 1_073_741_824) }
        return [
            "hostname: \(hostname)",
            "os: \(os)",
            "cpus: \(cpuCount)",
            "memory: \(gib(memoryTotalBytes)) total, \(gib(memoryAvailableBytes)) available",
            "gpus: \(gpus.isEmpty ? "none" : gpus.joined(separator: "; "))",
            "flock: \(flockVersion)" + (trainingBackend.isEmpty ? "" : ", training backend: \(trainingBackend)"),
            "pid: \(pid), up \(Int(uptimeSeconds)) s",
        ]
    }
}
