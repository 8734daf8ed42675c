import Foundation

/// The read-only commands admins may run on a workspace (`ls cat head tail grep pwd env`),
/// sandboxed: every path is relative to the workspace root, may not leave it (`..`, absolute
/// paths, symbolic links anywhere on the way), and secret key files are never shown.
public struct WorkspaceShell: Sendable {
    public let root: String
    /// Largest output returned, so `cat` of a huge file cannot exhaust memory.
    public let maxOutputBytes: Int

    public static let commands = ["ls", "cat", "head", "tail", "grep", "pwd", "env"]

    public init(root: String, maxOutputBytes: Int = 1 << 20) {
        self.root = root
        self.maxOutputBytes = maxOutputBytes
    }

    /// Runs `command` with `args` and returns its output.
    public func run(_ command: String, _ args: [String]) throws -> String {
        switch command {
        case "pwd": return root
        case "env": return env()
        case "ls": return try ls(args)
        case "cat": return try cat(args)
        case "head", "tail": return try headTail(command == "head", args)
        case "grep": return try grep(args)
        default:
            throw FlockError(.invalidArgument, "\(command) is not allowed; the workspace commands are \(Self.commands.joined(separator: ", "))")
        }
    }

    /// Resolves a user path inside the workspace, refusing anything that could leave it.
    public func resolve(_ path: String) throws -> String {
        if path == "." || path.isEmpty { return root }
        let parts: [String]
        do { parts = try SafePath.components(path.hasSuffix("/") ? String(path.dropLast()) : path) } catch let e as FlockError {
            throw FlockError(.permissionDenied, "\(path): not allowed, paths stay inside the workspace (\(e.message))")
        }
        guard !SafePath.crossesSymlink(root: root, components: parts) else {
            throw FlockError(.permissionDenied, "\(path): not allowed, it goes through a symbolic link")
        }
        let full = root + "/" + parts.joined(separator: "/")
        guard FileManager.default.fileExists(atPath: full) else { throw FlockError(.notFound, "\(path): no such file or folder") }
        return full
    }

    static func isSecret(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".key") || name.hasSuffix(".pem.key") || name == "signature.json.key"
    }

    func readable(_ path: String) throws -> String {
        let full = try resolve(path)
        var isDir: ObjCBool = false
        FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
        guard !isDir.boolValue else { throw FlockError(.invalidArgument, "\(path) is a folder") }
        guard !Self.isSecret(full) else {
            throw FlockError(.permissionDenied, "\(path) is a private key; its content is never shown")
        }
        return full
    }

    func read(_ full: String) throws -> String {
        let file = try FileDescriptor(path: full, flags: O_RDONLY)
        let size = try file.size()
        let n = Int(min(size, UInt64(maxOutputBytes)))
        var text = String(decoding: try file.read(count: n, at: 0), as: UTF8.self)
        if size > UInt64(n) { text += "\n... (truncated: \(size) bytes, showing \(n))" }
        return text
    }

    func ls(_ args: [String]) throws -> String {
        let long = args.contains { $0.hasPrefix("-") && $0.contains("l") }
        let all = args.contains { $0.hasPrefix("-") && $0.contains("a") }
        let paths = args.filter { !$0.hasPrefix("-") }
        var out: [String] = []
        for p in paths.isEmpty ? ["."] : paths {
            let full = try resolve(p)
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            let names = isDir.boolValue ? try FileManager.default.contentsOfDirectory(atPath: full).sorted() : [p]
            if paths.count > 1 { out.append("\(p):") }
            for n in names where all || !n.hasPrefix(".") {
                let path = isDir.boolValue ? full + "/" + n : full
                if long {
                    var st = stat()
                    lstat(path, &st)
                    let kind = (st.st_mode & S_IFMT) == S_IFDIR ? "d" : (st.st_mode & S_IFMT) == S_IFLNK ? "l" : "-"
                    out.append(String(format: "%@%@ %10lld %@", kind, Self.mode(UInt32(st.st_mode)), Int64(st.st_size), n))
                } else {
                    out.append(n)
                }
            }
        }
        return out.joined(separator: "\n")
    }

    static func mode(_ m: UInt32) -> String {
        let chars = Array("rwxrwxrwx")
        return String((0..<9).map { (m >> (8 - UInt32($0))) & 1 == 1 ? chars[$0] : "-" })
    }

    func cat(_ args: [String]) throws -> String {
        let paths = args.filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else { throw FlockError(.invalidArgument, "cat needs a file, e.g. cat server log.txt") }
        return try paths.map { try read(try readable($0)) }.joined(separator: "\n")
    }

    /// `head|tail FILE [-n N]` (also `-N`).
    func headTail(_ head: Bool, _ args: [String]) throws -> String {
        var n = 10
        var files: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "-n", i + 1 < args.count, let v = Int(args[i + 1]), v >= 0 { n = v; i += 2; continue }
            if a.hasPrefix("-"), let v = Int(a.dropFirst()), v >= 0 { n = v; i += 1; continue }
            if a.hasPrefix("-") { throw FlockError(.invalidArgument, "\(head ? "head" : "tail"): unknown option \(a); use -n N") }
            files.append(a)
            i += 1
        }
        guard files.count == 1 else { throw FlockError(.invalidArgument, "\(head ? "head" : "tail") needs one file, e.g. tail server log.txt -n 15") }
        let full = try readable(files[0])
        let lines = try tailText(full, lines: head ? nil : n).split(separator: "\n", omittingEmptySubsequences: false)
        let picked = head ? Array(lines.prefix(n)) : Array(lines.suffix(n + (lines.last == "" ? 1 : 0)))
        return picked.joined(separator: "\n")
    }

    /// The whole file, or for tail only its last part (large logs need not be read whole).
    func tailText(_ full: String, lines: Int?) throws -> String {
        guard lines != nil else { return try read(full) }
        let file = try FileDescriptor(path: full, flags: O_RDONLY)
        let size = try file.size()
        let n = Int(min(size, UInt64(maxOutputBytes)))
        return String(decoding: try file.read(count: n, at: size - UInt64(n)), as: UTF8.self)
    }

    /// `grep [-i] [-n] PATTERN FILE...` with a regular expression.
    func grep(_ args: [String]) throws -> String {
        let flags = args.filter { $0.hasPrefix("-") }
        let rest = args.filter { !$0.hasPrefix("-") }
        guard rest.count >= 2 else { throw FlockError(.invalidArgument, "grep needs a pattern and a file, e.g. grep server ERROR log.txt") }
        for f in flags where !["-i", "-n", "-in", "-ni"].contains(f) {
            throw FlockError(.invalidArgument, "grep: unknown option \(f); use -i and/or -n")
        }
        let re: NSRegularExpression
        do { re = try NSRegularExpression(pattern: rest[0], options: flags.contains { $0.contains("i") } ? [.caseInsensitive] : []) } catch {
            throw FlockError(.invalidArgument, "grep: \(rest[0]) is not a valid regular expression")
        }
        var out: [String] = []
        for f in rest.dropFirst() {
            let text = try read(try readable(f))
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = String(line)
                if re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil {
                    var prefix = rest.count > 2 ? "\(f):" : ""
                    if flags.contains(where: { $0.contains("n") }) { prefix += "\(i + 1):" }
                    out.append(prefix + s)
                }
            }
        }
        return out.joined(separator: "\n")
    }

    /// The process environment without anything that looks secret.
    func env() -> String {
        ProcessInfo.processInfo.environment
            .filter { k, _ in !["KEY", "SECRET", "TOKEN", "PASSWORD", "PASS", "CREDENTIAL"].contains { k.uppercased().contains($0) } }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}
