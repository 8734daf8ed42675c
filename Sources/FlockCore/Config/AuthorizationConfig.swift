import Foundation

/// The server kit's `startup/authorization.json`: which admin may do what, written by
/// `fl-provision` from the admins' roles in project.yml (documented in docs/provisioning.md).
///
///     {
///       "format_version": 1,
///       "roles": {
///         "project_admin": { "upload": "all", "deploy": "all", "train": "all", "view": "all", "operate": "all" },
///         "lead":          { "upload": "all", "deploy": "all", "train": "all", "view": "all", "operate": "none" },
///         "org_admin":     { "upload": "none", "deploy": "none", "train": "none", "view": "own_org", "operate": "own_org" },
///         "member":        { "upload": "none", "deploy": "none", "train": "none", "view": "own_org", "operate": "none" }
///       },
///       "admins":  { "admin@nvidia.com": { "org": "nvidia", "role": "project_admin" } },
///       "clients": { "flclient1": { "org": "hospital-a" } }
///     }
///
/// A scope is `all` (the server and every client), `own_org` (only clients whose org equals the
/// admin's org; never the server) or `none`. The rights group the admin commands:
/// - `upload`: upload_folder, download_folder (the server's transfer/ folder);
/// - `deploy`: deploy an app to the server or clients;
/// - `train`: set_run_number, delete_run_number, start, start_mgpu, abort;
/// - `view`: check_status, sys_info, validate, ls, cat, head, tail, grep, pwd, env;
/// - `operate`: restart, shutdown, remove_client.
/// Commands that touch no site (bye, help, lpwd, info, set_timeout) need no right.
public struct AuthorizationConfig: Codable, Sendable, Equatable {
    public static let fileName = "authorization.json"
    public static let currentFormatVersion = 1

    public enum Right: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
        case upload, deploy, train, view, operate
    }

    public enum Scope: String, Codable, Sendable, CaseIterable {
        case none
        case ownOrg = "own_org"
        case all
    }

    public enum Role: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
        case projectAdmin = "project_admin"
        case orgAdmin = "org_admin"
        case lead
        case member
    }

    public struct Admin: Codable, Sendable, Equatable {
        public var org: String
        public var role: Role
        public init(org: String, role: Role) {
            self.org = org
            self.role = role
        }
    }

    public struct Client: Codable, Sendable, Equatable {
        public var org: String
        public init(org: String) { self.org = org }
    }

    public var formatVersion: Int
    /// Role → right → scope.
    public var roles: [Role: [Right: Scope]]
    /// Admin email (the certificate CN and login name) → org and role.
    public var admins: [String: Admin]
    /// Client name → org (for `own_org` checks).
    public var clients: [String: Client]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", roles, admins, clients
    }

    public init(roles: [Role: [Right: Scope]] = AuthorizationConfig.defaultRoles,
                admins: [String: Admin], clients: [String: Client]) {
        self.formatVersion = Self.currentFormatVersion
        self.roles = roles
        self.admins = admins
        self.clients = clients
    }

    /// The rights each role gets unless project.yml says otherwise.
    public static let defaultRoles: [Role: [Right: Scope]] = [
        .projectAdmin: [.upload: .all, .deploy: .all, .train: .all, .view: .all, .operate: .all],
        .lead: [.upload: .all, .deploy: .all, .train: .all, .view: .all, .operate: .none],
        .orgAdmin: [.upload: .none, .deploy: .none, .train: .none, .view: .ownOrg, .operate: .ownOrg],
        .member: [.upload: .none, .deploy: .none, .train: .none, .view: .ownOrg, .operate: .none],
    ]

    /// The scope `email` holds for `right` (`.none` for an unknown admin or a missing entry).
    public func scope(of email: String, for right: Right) -> Scope {
        guard let admin = admins[email] else { return .none }
        return roles[admin.role]?[right] ?? .none
    }

    /// True when `email` may exercise `right` on the server (`client == nil`) or on the named client.
    /// The server needs scope `all`; a client needs `all`, or `own_org` and the client's org equal
    /// to the admin's.
    public func allows(_ email: String, _ right: Right, onClient client: String? = nil) -> Bool {
        switch scope(of: email, for: right) {
        case .all: return true
        case .none: return false
        case .ownOrg:
            guard let client, let admin = admins[email], let site = clients[client] else { return false }
            return site.org == admin.org
        }
    }

    /// Reads and checks `path`; errors name the file, the key and the fix.
    public static func load(path: String) throws -> AuthorizationConfig {
        let config = try JSONConfigFile.load(AuthorizationConfig.self, path: path, what: fileName)
        guard config.formatVersion == currentFormatVersion else {
            throw FlockError(.invalidConfiguration, "\(fileName) ('\(path)'): key 'format_version' is \(config.formatVersion); this Flock reads version \(currentFormatVersion), re-provision the server kit")
        }
        for (email, admin) in config.admins.sorted(by: { $0.key < $1.key }) where config.roles[admin.role] == nil {
            throw FlockError(.invalidConfiguration, "\(fileName) ('\(path)'): admin '\(email)' has role '\(admin.role.rawValue)', which key 'roles' does not define")
        }
        return config
    }

    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
