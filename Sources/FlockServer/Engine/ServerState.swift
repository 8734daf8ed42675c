import FlockCore
import Foundation

/// What the server remembers across restarts, in `<workspace>/.flock_server_state.json`
/// (written atomically): the current run number and which app went where.
struct ServerState: Codable, Equatable {
    var runNumber: Int?
    /// App deployed to the server for the current run.
    var serverApp: String?
    /// App deployed to each client for the current run.
    var clientApps: [String: String] = [:]
    /// The client tokens of the last session, so clients that outlive a server crash keep theirs.
    var tokens: [String: String] = [:]

    static func path(_ ws: Workspace) -> String { ws.root + "/.flock_server_state.json" }

    static func load(_ ws: Workspace) throws -> ServerState {
        guard let data = FileManager.default.contents(atPath: path(ws)) else { return ServerState() }
        do { return try JSONDecoder().decode(ServerState.self, from: data) } catch {
            throw FlockError(.invalidConfiguration, "\(path(ws)) is damaged (\(error)); remove it and set the run number again")
        }
    }

    func save(_ ws: Workspace) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try enc.encode(self)), to: Self.path(ws))
    }
}

/// Appends every admin command to `admin_audit.log` and flushes it to disk before the reply.
final class AuditLog: @unchecked Sendable {
    private let file: FileDescriptor?
    private let lock = NSLock()

    init(path: String) {
        file = try? FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_APPEND, mode: 0o600)
    }

    /// One line: time | user | peer | command | outcome.
    func record(user: String, peer: String, command: String, outcome: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let file else { return }
        let line = "\(Self.now()) | user=\(user) | peer=\(peer) | command=\(command.replacingOccurrences(of: "\n", with: " ")) | \(outcome.replacingOccurrences(of: "\n", with: " "))\n"
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { _ = write(file.fd, $0.baseAddress, $0.count) }
        try? file.sync()
    }

    private static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
        return f
    }()

    /// Called under `lock`, so the shared formatter is never used concurrently.
    static func now() -> String { formatter.string(from: Date()) }
}
