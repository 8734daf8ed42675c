import Foundation

/// Persistent, bounded command history (one command a line).
public struct History: Sendable {
    public let path: String?
    public let limit: Int
    public private(set) var entries: [String]

    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        let text = path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        entries = Array(text.split(separator: "\n").map(String.init).suffix(limit))
    }

    /// Adds `line` (not blank, not a repeat of the last one) and saves the file.
    public mutating func add(_ line: String) {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, entries.last != t else { return }
        entries.append(t)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path else { return }
        let data = Data((entries.joined(separator: "\n") + "\n").utf8)
        let tmp = path + ".tmp"
        if FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) {
            _ = rename(tmp, path)
        }
    }
}
