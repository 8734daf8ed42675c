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
