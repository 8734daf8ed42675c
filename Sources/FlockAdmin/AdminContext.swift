import FlockCore
import FlockProto
import FlockRPC
import FlockTLS
import Foundation

/// What the command handlers work with: the Admin client stub over the kit's mTLS channel, the
/// session from login, the admin's local workspace (the folder above `startup/`), the timeout
/// set with `set_timeout`, and the client names last seen (for completion).
public final class AdminContext: @unchecked Sendable {
    public let host: String
    public let port: Int
    /// The admin's workspace root (the folder above `startup/`).
    public let workspace: String
    public let client: Fl_V1_AdminClient
    private let channel: RPCChannel?
    private let lock = NSLock()
    private var _session = ""
    private var _timeout: Duration
    private var _clientNames: [String] = []
    /// Where progress (the upload bar) is drawn; nil for none.
    public var progress: ((UInt64, UInt64) -> Void)?

    public init(host: String, port: Int, workspace: String, client: Fl_V1_AdminClient, channel: RPCChannel? = nil, timeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.workspace = workspace
        self.client = client
        self.channel = channel
        self._timeout = timeout
    }

    /// Connects with the kit's `client.crt`, `client.key` and `rootCA.pem` from `startup`.
    public static func connect(startup: String, host: String, port: Int, serverHostName: String? = nil, timeout: Duration = .seconds(30)) throws -> AdminContext {
        let s = startup.hasSuffix("/") ? startup : startup + "/"
        for f in ["client.crt", "client.key", "rootCA.pem"] where !FileManager.default.fileExists(atPath: s + f) {
            throw FlockError(.notFound, "\(s)\(f) is missing; --startup must name the admin kit's startup/ folder")
        }
        try KeyFilePermissions.check(s + "client.key")
        let tls = try TLSConfiguration.fromFiles(certificate: s + "client.crt", privateKey: s + "client.key", trustRoots: s + "rootCA.pem",
                                                 serverHostName: serverHostName ?? host)
        let channel = try RPCChannel(configuration: .init(host: host, port: port, tls: tls))
        let workspace = URL(fileURLWithPath: startup).standardizedFileURL.deletingLastPathComponent().path
        return AdminContext(host: host, port: port, workspace: workspace, client: Fl_V1_AdminClient(transport: channel),
                            channel: channel, timeout: timeout)
    }

    /// The CN of the kit's certificate (the admin's email).
    public static func certificateName(startup: String) -> String? {
        (try? Certificate(pemFile: startup + "/client.crt"))?.commonName
    }

    public func close() { channel?.close() }

    public var session: String {
        get { lock.withLock { _session } }
        set { lock.withLock { _session = newValue } }
    }

    public var timeout: Duration {
        get { lock.withLock { _timeout } }
        set { lock.withLock { _timeout = newValue } }
    }

    public var clientNames: [String] {
        get { lock.withLock { _clientNames } }
        set { lock.withLock { _clientNames = newValue } }
    }

    /// Options for each call: the set_timeout limit travels as the call's deadline.
    public var options: CallOptions { CallOptions(timeout: timeout) }

    public var transfer: String { workspace + "/transfer" }

    /// Folders in the local transfer/ (for upload_folder completion).
    public var localFolders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: transfer)) ?? []).filter { name in
            var d: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: transfer + "/" + name, isDirectory: &d) && d.boolValue
        }.sorted()
    }

    /// Logs in as `user`; the server accepts only the certificate's CN.
    @discardableResult
    public func login(_ user: String) async throws -> Fl_V1_LoginReply {
        let reply = try await client.login(Fl_V1_LoginRequest(userName: user), options: options)
        session = reply.session
        // Client names for Tab completion, only where the admin may view the server (otherwise the
        // lookup would be a refused command in the audit log).
        if reply.rights.contains("view:all") || reply.rights.isEmpty,
           let status = try? await client.checkStatus(Fl_V1_CheckStatusRequest(session: reply.session, target: .server), options: options) {
            clientNames = status.server?.registeredClients.map(\.clientName) ?? []
        }
        return reply
    }

    public func logout() async {
        guard !session.isEmpty else { return }
        _ = try? await client.logout(Fl_V1_SessionRequest(session: session), options: options)
        session = ""
    }
}
