/// The folder layout of a server, client or admin workspace, as in the Clara 3.1 user guide.
///
/// A workspace root holds the `startup/` folder unpacked from a kit (never renamed); everything
/// else is created beside it:
///
///     <root>/startup/    kit files (certificates, configs, scripts)
///     <root>/transfer/   uploaded apps (MMARs)
///     <root>/run_N/      one folder per run: mmar_server, mmar_<client>, cross_validation
///     <root>/log.txt     process log
///     <root>/admin_audit.log   (server) every admin command
public struct Workspace: Sendable, Equatable {
    public static let startupFolderName = "startup"
    public static let transferFolderName = "transfer"
    public static let logFileName = "log.txt"
    public static let auditLogFileName = "admin_audit.log"

    /// Absolute path of the workspace root (the parent of `startup/`).
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// The workspace whose `startup/` folder is `startupDirectory`.
    public init(startupDirectory: String) {
        var s = startupDirectory
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        if let slash = s.lastIndex(of: "/") {
            let parent = String(s[..<slash])
            self.init(root: parent.isEmpty ? "/" : parent)
        } else {
            self.init(root: ".")
        }
    }

    public var startup: String { join(root, Self.startupFolderName) }
    public var transfer: String { join(root, Self.transferFolderName) }
    public var log: String { join(root, Self.logFileName) }
    public var auditLog: String { join(root, Self.auditLogFileName) }

    public func startupFile(_ name: String) -> String { join(startup, name) }
    public func run(_ number: Int) -> String { join(root, "run_\(number)") }
    public func serverApp(run number: Int) -> String { join(run(number), "mmar_server") }
    public func clientApp(run number: Int, client: String) -> String { join(run(number), "mmar_\(client)") }
    public func crossValidation(run number: Int) -> String { join(run(number), "cross_validation") }

    private func join(_ a: String, _ b: String) -> String { a == "/" ? "/" + b : a + "/" + b }
}
