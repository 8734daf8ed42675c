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
