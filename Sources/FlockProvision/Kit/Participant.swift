import FlockCore

/// One party that gets a startup kit.
public enum Participant: Sendable, Equatable {
    case server(ProjectConfig.Server)
    case client(ProjectConfig.Client)
    case admin(ProjectConfig.Admin)

    public enum Kind: String, Sendable, Codable, Comparable {
        case server, client, admin
        private var rank: Int { self == .server ? 0 : (self == .client ? 1 : 2) }
        public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
    }

    public var kind: Kind {
        switch self {
        case .server: return .server
        case .client: return .client
        case .admin: return .admin
        }
    }

    /// Package name without `.zip`: "server", the client name, or the admin email.
    public var packageName: String {
        switch self {
        case .server: return ProjectConfig.serverPackageName
        case .client(let client): return client.name
        case .admin(let admin): return admin.email
        }
    }

    /// The certificate CN: server host, client name, admin email.
    public var commonName: String {
        switch self {
        case .server(let server): return server.cn
        case .client(let client): return client.name
        case .admin(let admin): return admin.email
        }
    }

    public var org: String {
        switch self {
        case .server(let server): return server.org
        case .client(let client): return client.org
        case .admin(let admin): return admin.org
        }
    }

    /// Where the password should go, printed after the package name (`to EMAIL`).
    public var recipient: String? {
        switch self {
        case .server: return nil
        case .client(let client): return client.email
        case .admin(let admin): return admin.email
        }
    }

    /// The roles of an admin (empty for others).
    public var roles: [AuthorizationConfig.Role] {
        if case .admin(let admin) = self { return admin.roles }
        return []
    }
}

extension ProjectConfig {
    /// Server first, then clients, then admins, in file order.
    public var participants: [Participant] {
        [.server(server)] + clients.map(Participant.client) + admins.map(Participant.admin)
    }
}
