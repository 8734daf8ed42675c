/// Tab completion of a command line: command names, `server`/`client`, client names and the
/// admin's uploadable folders, from the registry's argument kinds.
public struct Completer: Sendable {
    public var commands: [String]
    public var kinds: [String: [ArgumentKind]]
    public var clientNames: [String]
    public var localFolders: [String]

    public init(registry: CommandRegistry, clientNames: [String], localFolders: [String]) {
        commands = registry.names
        kinds = Dictionary(registry.specs.flatMap { s in ([s.name] + s.aliases).map { ($0, s.completions) } }, uniquingKeysWith: { a, _ in a })
        self.clientNames = clientNames
        self.localFolders = localFolders
    }

    /// Candidates for the word being typed at the end of `line` (the text before the cursor).
    public func candidates(for line: String) -> [String] {
        let endsWithSpace = line.last == " "
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let current = endsWithSpace ? "" : (words.popLast() ?? "")
        guard let command = words.first else { return commands.filter { $0.hasPrefix(current) }.sorted() }
        let position = words.count - 1
        let specKinds = kinds[command] ?? []
        let kind: ArgumentKind
        if position < specKinds.count { kind = specKinds[position] }
        else if let last = specKinds.last, last == .clientNames || last == .target { kind = last } else { return [] }
        let options: [String]
        switch kind {
        case .target:
            let targetIndex = specKinds.firstIndex(of: .target) ?? 0
            let args = Array(words.dropFirst())
            if position == targetIndex { options = ["server", "client"] }
            else if targetIndex < args.count, args[targetIndex] == "client" { options = clientNames.filter { !args.contains($0) } }
            else { options = [] }
        case .site: options = ["server"] + clientNames
        case .siteOrAll: options = ["all", "server"] + clientNames
        case .clientNames: options = clientNames.filter { !words.contains($0) }
        case .clientName: options = clientNames
        case .localFolder: options = localFolders
        case .command: options = commands
        case .words(let w): options = w
        case .free: options = []
        }
        return options.filter { $0.hasPrefix(current) }.sorted()
    }

    /// The longest common prefix of `words` (what Tab inserts when several match).
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
