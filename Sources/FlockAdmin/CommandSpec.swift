import Foundation

/// Where a command acts, for grouping `help` the way Clara's shell does.
public enum CommandScope: String, Sendable, CaseIterable {
    case shell = "Shell"
    case training = "Training"
    case files = "Files"
    case workspace = "Workspace"
    case operations = "Operations"
}

/// One admin command: its name, usage, help, the right the server will check, whether it asks
/// `Are you sure (Y/N):` first, and the handler that runs it. `CommandRegistry` holds them all.
public struct CommandSpec: Sendable {
    public typealias Handler = @Sendable (AdminContext, [String]) async throws -> CommandOutput

    public let name: String
    public let aliases: [String]
    /// Arguments after the name, e.g. `server|client [names...]`.
    public let usage: String
    public let summary: String
    public let scope: CommandScope
    /// The authorization.json right the server checks (nil: no site is touched).
    public let right: String?
    /// When `confirm` returns true for the arguments, the shell asks `Are you sure (Y/N):` first.
    public let confirm: @Sendable ([String]) -> Bool
    /// What each argument position completes to.
    public let completions: [ArgumentKind]
    public let handler: Handler

    public init(_ name: String, aliases: [String] = [], usage: String = "", _ summary: String, scope: CommandScope,
                right: String? = nil, confirm: @escaping @Sendable ([String]) -> Bool = { _ in false },
                completions: [ArgumentKind] = [], handler: @escaping Handler) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.scope = scope
        self.right = right
        self.confirm = confirm
        self.completions = completions
        self.handler = handler
    }

    public var synopsis: String { usage.isEmpty ? name : "\(name) \(usage)" }
}

/// What an argument position of a command completes to.
public enum ArgumentKind: Sendable, Equatable {
    /// `server` or `client`, then client names.
    case target
    /// `server` or a client name (the workspace commands).
    case site
    /// Client names (repeatable).
    case clientNames
    /// A client name.
    case clientName
    /// Folders in the admin's local transfer/.
    case localFolder
    /// Command names (`help CMD`).
    case command
    /// Fixed words.
    case words([String])
    /// Nothing to complete.
    case free
}

/// The result of one command: the lines the shell prints (before `Done [...]`), whether it
/// succeeded, and structured data for `--output json`.
public struct CommandOutput: Sendable {
    public var lines: [String]
    public var ok: Bool
    public var data: JSONValue?
    /// Ends the shell after printing (bye).
    public var quit: Bool
    /// Local commands print no `Done [...]` line (help, bye), like Clara's shell.
    public var showsDone: Bool

    public init(_ lines: [String] = [], ok: Bool = true, data: JSONValue? = nil, quit: Bool = false, showsDone: Bool = true) {
        self.lines = lines
        self.ok = ok
        self.data = data
        self.quit = quit
        self.showsDone = showsDone
    }
}

/// A minimal JSON value for `--output json` (ordered keys, deterministic output).
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered == b.rendered }

    public var rendered: String {
        switch self {
        case .string(let s): return Self.quote(s)
        case .number(let d): return d.isFinite ? "\(d)" : "null"
        case .int(let i): return "\(i)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return "[" + a.map(\.rendered).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { Self.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
