/// What an argument position of a command completes to.
public enum ArgumentKind: Sendable, Equatable {
    /// `server` or `client`, then client names.
    case target
    /// `server` or a client name (the workspace commands).
    case site
    /// `all`, `server` or a client name (validate's first argument).
    case siteOrAll
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
