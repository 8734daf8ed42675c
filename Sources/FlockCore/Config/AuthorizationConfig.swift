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
///       "admins":  { "admin@nvidia.com": { "org": "nvidia", "roles": ["project_admin"] } },
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
/// An admin with several roles holds, for each right, the widest scope any of them grants.
///
/// Where an admin's roles and org come from: the admin certificate, which the root CA signed,
/// carries them too (subject O = org, one OU per role). `admins` and `clients` list who was known
/// when the server kit was made; admins and clients added later by growing the project are not in
/// them, so the server should authorize with `allows(roles:org:_:onClientOrg:)` using the roles
/// and org from the peer certificates (FlockTLS `Certificate.organizationalUnits` / `organization`).
/// The email-based `allows(_:_:onClient:)` is the convenience for the listed ones.
public struct AuthorizationConfig: Codable, Sendable, Equatable {
    public static let fileName = "authorization.json"
    public static let currentFormatVersion = 1

    public enum Right: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
        case upload, deploy, train, view, operate
    }

    public enum Scope: String, Codable, Sendable, CaseIterable, Comparable {
        case none
        case ownOrg = "own_org"
        case all

        private var rank: Int { self == .none ? 0 : (self == .ownOrg ? 1 : 2) }
        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rank < rhs.rank }
    }

    public enum Role: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
        case projectAdmin = "project_admin"
        case orgAdmin = "org_admin"
        case lead
        case member
    }

    public struct Admin: Codable, Sendable, Equatable {
        public var org: String
        public var roles: [Role]
        public init(org: String, roles: [Role]) {
            self.org = org
            self.roles = roles
        }
    }

    public struct Client: Codable, Sendable, Equatable {
        public var org: String
        public init(org: String) { self.org = org }
    }

    public var formatVersion: Int
    /// Role → right → scope.
    public var roles: [Role: [Right: Scope]]
    /// Admin email (the certificate CN and login name) → org and roles, as provisioned.
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

    /// The widest scope any of `roles` grants for `right`.
    public func scope(roles: [Role], for right: Right) -> Scope {
        roles.map { self.roles[$0]?[right] ?? .none }.max() ?? .none
    }

    /// The scope the listed admin `email` holds for `right` (`.none` for one not listed).
    public func scope(of email: String, for right: Right) -> Scope {
        guard let admin = admins[email] else { return .none }
        return scope(roles: admin.roles, for: right)
    }

    /// True when an admin with `roles` from `org` may exercise `right` on the server
    /// (`clientOrg == nil`) or on a client of `clientOrg`. The server needs scope `all`; a client
    /// needs `all`, or `own_org` and the same org as the admin.
    public func allows(roles: [Role], org: String, _ right: Right, onClientOrg clientOrg: String?) -> Bool {
        switch scope(roles: roles, for: right) {
        case .all: return true
        case .none: return false
        case .ownOrg: return clientOrg != nil && clientOrg == org
        }
    }

    /// `allows(roles:org:_:onClientOrg:)` for an admin and client listed in this file; false for
    /// anyone not listed.
    public func allows(_ email: String, _ right: Right, onClient client: String? = nil) -> Bool {
        guard let admin = admins[email] else { return false }
        var clientOrg: String? = nil
        if let client {
            // Scope `all` covers every client, also one not listed here (unknown names then fail
            // as "not registered", not as a refusal that blames the admin's rights).
            if scope(roles: admin.roles, for: right) == .all { return true }
            guard let site = clients[client] else { return false }
            clientOrg = site.org
        }
        return allows(roles: admin.roles, org: admin.org, right, onClientOrg: clientOrg)
    }

    /// Reads and checks `path`; errors name the file, the key and the fix.
    public static func load(path: String) throws -> AuthorizationConfig {
        let config = try JSONConfigFile.load(AuthorizationConfig.self, path: path, what: fileName)
        guard config.formatVersion == currentFormatVersion else {
            throw FlockError(.invalidConfiguration, "\(fileName) ('\(path)'): key 'format_version' is \(config.formatVersion); this Flock reads version \(currentFormatVersion), re-provision the server kit")
        }
        for (email, admin) in config.admins.sorted(by: { $0.key < $1.key }) {
            for role in admin.roles where config.roles[role] == nil {
                throw FlockError(.invalidConfiguration, "\(fileName) ('\(path)'): admin '\(email)' has role '\(role.rawValue)', which key 'roles' does not define")
            }
        }
        return config
    }

    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
