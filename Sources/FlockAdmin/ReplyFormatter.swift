import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// Turns the server's replies into the lines the seed's shell prints.
public enum ReplyFormatter {
    /// `Done [9325 usecs] 2020-07-07 16:31:15.175153` (local time, microseconds).
    public static func done(usecs: Int64, at date: Date = Date()) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        let micros = Int((date.timeIntervalSince1970 - Double(t)) * 1_000_000) % 1_000_000
        let stamp = String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                           Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
        return "Done [\(usecs) usecs] \(stamp)"
    }

    /// `Error: ...`; a PERMISSION_DENIED reply already reads "Authorization Error: ...".
    public static func error(_ error: Error) -> String {
        if let e = error as? RPCError {
            switch e.code {
            case .unavailable: return "Error: cannot reach the FL server (\(e.message)); is it running, and are host and port right?"
            case .deadlineExceeded: return "Error: the server did not answer in time (\(e.message)); raise the limit with set_timeout SECONDS"
            case .permissionDenied where !e.message.hasPrefix("Authorization Error"):
                return "Error: Authorization Error: \(e.message)"
            default: return "Error: \(e.message.isEmpty ? "\(e.code)" : e.message)"
            }
        }
        if let e = error as? FlockError { return "Error: \(e.message)" }
        return "Error: \(error)"
    }

    /// A command's message, then `instance:NAME : MESSAGE` per client (the server's own answer
    /// is printed bare, as the seed shows `mmar_server has been deployed.`).
    public static func lines(_ reply: Fl_V1_CommandReply) -> [String] {
        var out = reply.message.isEmpty ? [] : reply.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for r in reply.replies {
            if r.target == "server" { out.append(r.message) } else { out.append("instance:\(r.target) : \(r.message)") }
        }
        return out
    }

    /// `check_status server` as the seed shows it, plus the round in progress when training.
    public static func lines(_ s: Fl_V1_ServerStatus) -> [String] {
        var out = [s.runNumberSet ? "FL run number: \(s.runNumber)" : "FL run number has not been set."]
        out.append("FL server status: \(s.status.text)")
        if s.runNumberSet && s.numRounds > 0 && s.status != .notStarted {
            out.append(roundLine(s))
        }
        if !s.deployedApp.isEmpty { out.append("Deployed app: \(s.deployedApp)") }
        out.append("Registered clients: \(s.registeredClients.count)")
        for c in s.registeredClients {
            out.append("client name:\(c.clientName) instance name:\(c.instanceName) token: \(c.token)")
        }
        for w in s.warnings { out.append("Warning: \(w)") }
        return out
    }

    /// `Round 2 of 3 (start round 0, current round 1, min clients 2, max clients 10)`; the
    /// 1-based round so a polling script reads progress directly.
    static func roundLine(_ s: Fl_V1_ServerStatus) -> String {
        let done = s.currentRound - s.startRound
        let shown = s.status == .finished ? s.numRounds : min(max(done + 1, 1), s.numRounds)
        return "Round \(shown) of \(s.numRounds) (start round \(s.startRound), current round \(s.currentRound), min clients \(s.minNumClients), max clients \(s.maxNumClients))"
    }

    /// `check_status client`: `instance:flclient1 : client name: flclient1 token: ... status: training not started`.
    public static func lines(_ clients: [Fl_V1_ClientStatus]) -> [String] {
        clients.map { c in
            var line = "instance:\(c.instanceName) : client name: \(c.clientName) token: \(c.token) status: \(c.status.text)"
            if c.runNumber > 0 && c.status != .notStarted { line += " run: \(c.runNumber) round: \(c.round)" }
            if !c.ok { line += " (did not answer: \(c.message))" }
            return line
        }
    }

    public static func lines(_ reply: Fl_V1_SysInfoReply) -> [String] {
        var out: [String] = []
        for t in reply.infos {
            out.append("\(t.target == "server" ? "server" : "instance:\(t.target)") :")
            guard t.ok, let i = t.info else { out.append("  Error: \(t.message)"); continue }
            out.append("  host name: \(i.hostname)")
            out.append("  os: \(i.os)")
            out.append("  cpus: \(i.cpuCount)")
            out.append("  memory: \(bytes(i.memoryTotalBytes)) total, \(bytes(i.memoryAvailableBytes)) available")
            out.append("  gpus: \(i.gpus.isEmpty ? "none" : i.gpus.joined(separator: "; "))")
            out.append("  training backend: \(i.trainingBackend)")
            out.append("  flock version: \(i.flockVersion)")
            out.append("  pid: \(i.pid), up \(String(format: "%.0f", max(0, i.uptimeSeconds))) s")
        }
        return out
    }

    static func bytes(_ n: UInt64) -> String {
        let gib = Double(n) / Double(1 << 30)
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", Double(n) / Double(1 << 20))
    }

    /// Cross-site validation as one table per metric: rows are the models (source), columns the
    /// sites whose data evaluated them (target).
    public static func lines(_ reply: Fl_V1_ValidateReply) -> [String] {
        guard !reply.entries.isEmpty else { return ["No cross-site validation results in run \(reply.runNumber) yet."] }
        let metrics = Array(Set(reply.entries.flatMap { $0.metrics.map(\.name) })).sorted()
        let sources = Array(Set(reply.entries.map(\.source))).sorted { ($0 == "server" ? "" : $0) < ($1 == "server" ? "" : $1) }
        let targets = Array(Set(reply.entries.map(\.target))).sorted()
        var out: [String] = []
        for m in metrics {
            out.append("Cross-site validation of run \(reply.runNumber): \(m) (rows: model, columns: data site)")
            var rows: [[String]] = [["model \\ site"] + targets]
            for s in sources {
                rows.append([s == "server" ? "server (global)" : s] + targets.map { t in
                    reply.entries.first { $0.source == s && $0.target == t }?.metrics.dictionary[m].map { String(format: "%.4f", $0) } ?? "-"
                })
            }
            out += table(rows)
        }
        return out
    }

    /// Left-aligned first column, right-aligned others, two spaces between.
    public static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    // MARK: JSON

    public static func json(_ s: Fl_V1_ServerStatus) -> JSONValue {
        .object([
            ("run_number", s.runNumberSet ? .int(Int(s.runNumber)) : .null),
            ("status", .string(s.status.text)),
            ("start_round", .int(Int(s.startRound))), ("num_rounds", .int(Int(s.numRounds))),
            ("current_round", .int(Int(s.currentRound))),
            ("min_num_clients", .int(Int(s.minNumClients))), ("max_num_clients", .int(Int(s.maxNumClients))),
            ("deployed_app", .string(s.deployedApp)),
            ("registered_clients", .array(s.registeredClients.map {
                .object([("client_name", .string($0.clientName)), ("instance_name", .string($0.instanceName)),
                         ("token", .string($0.token)), ("address", .string($0.address))])
            })),
            ("warnings", .array(s.warnings.map { .string($0) })),
        ])
    }

    public static func json(_ clients: [Fl_V1_ClientStatus]) -> JSONValue {
        .array(clients.map {
            .object([("instance_name", .string($0.instanceName)), ("client_name", .string($0.clientName)),
                     ("token", .string($0.token)), ("status", .string($0.status.text)), ("run_number", .int(Int($0.runNumber))),
                     ("round", .int(Int($0.round))), ("ok", .bool($0.ok)), ("message", .string($0.message))])
        })
    }

    public static func json(_ reply: Fl_V1_CommandReply) -> JSONValue {
        .object([("message", .string(reply.message)),
                 ("replies", .array(reply.replies.map { .object([("target", .string($0.target)), ("ok", .bool($0.ok)), ("message", .string($0.message))]) }))])
    }

    public static func json(_ reply: Fl_V1_SysInfoReply) -> JSONValue {
        .array(reply.infos.map { t in
            var fields: [(String, JSONValue)] = [("target", .string(t.target)), ("ok", .bool(t.ok)), ("message", .string(t.message))]
            if let i = t.info {
                fields += [("hostname", .string(i.hostname)), ("os", .string(i.os)), ("cpu_count", .int(Int(i.cpuCount))),
                           ("memory_total_bytes", .int(Int(i.memoryTotalBytes))), ("memory_available_bytes", .int(Int(i.memoryAvailableBytes))),
                           ("gpus", .array(i.gpus.map { .string($0) })), ("training_backend", .string(i.trainingBackend)),
                           ("flock_version", .string(i.flockVersion)), ("pid", .int(Int(i.pid))), ("uptime_seconds", .number(max(0, i.uptimeSeconds)))]
            }
            return .object(fields)
        })
    }

    public static func json(_ reply: Fl_V1_ValidateReply) -> JSONValue {
        .object([("run_number", .int(Int(reply.runNumber))),
                 ("entries", .array(reply.entries.map { e in
                     .object([("source", .string(e.source)), ("target", .string(e.target)),
                              ("metrics", .object(e.metrics.map { ($0.name, .number($0.value)) }))])
                 }))])
    }
}
