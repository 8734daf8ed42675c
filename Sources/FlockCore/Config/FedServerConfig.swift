import Foundation

/// The server kit's `startup/fed_server.json`, as written by `fl-provision`.
///
///     { "servers": [ { "name": "project1",
///                      "service": { "target": "fl.example.org:8002" },
///                      "admin_host": "fl.example.org", "admin_port": 8003, "admin_storage": "transfer",
///                      "ssl_private_key": "server.key", "ssl_cert": "server.crt", "ssl_root_cert": "rootCA.pem",
///                      "min_num_clients": 1, "max_num_clients": 100,
///                      "heart_beat_timeout": 600, "max_message_length": 8388608, "compression": "none" } ] }
///
/// SSL paths are relative to the `startup/` folder holding the file (absolute paths are kept).
/// Only `name`, `service.target`, `admin_port` and the three `ssl_*` keys are required; the others
/// take the defaults below when absent.
public struct FedServerConfig: Codable, Sendable, Equatable {
    public static let fileName = "fed_server.json"

    public var servers: [Server]

    public init(servers: [Server]) { self.servers = servers }

    /// The first (and in Flock the only) server entry.
    public var server: Server { servers[0] }

    public struct Service: Codable, Sendable, Equatable {
        /// `host:port` the FL service listens on (the port) and clients dial (host and port).
        public var target: String
        public init(target: String) { self.target = target }
    }

    public struct Server: Codable, Sendable, Equatable {
        /// The project name.
        public var name: String
        public var service: Service
        /// Host name the admin service is reached at (the server certificate's CN).
        public var adminHost: String
        public var adminPort: Int
        /// Folder (relative to the workspace root) holding uploaded apps.
        public var adminStorage: String
        public var sslPrivateKey: String
        public var sslCert: String
        public var sslRootCert: String
        public var minNumClients: Int
        public var maxNumClients: Int
        /// Seconds without a heartbeat after which a client is dropped.
        public var heartBeatTimeout: Int
        /// Largest single gRPC message accepted, in bytes (payloads are streamed in ~1 MiB chunks).
        public var maxMessageLength: Int
        /// Message compression: "none" or "gzip".
        public var compression: String

        public static let defaultHeartBeatTimeout = 600
        public static let defaultMaxMessageLength = 8 * 1024 * 1024
        public static let defaultCompression = "none"

        public init(name: String, target: String, adminHost: String, adminPort: Int,
                    adminStorage: String = Workspace.transferFolderName,
                    sslPrivateKey: String = "server.key", sslCert: String = "server.crt", sslRootCert: String = "rootCA.pem",
                    minNumClients: Int = 1, maxNumClients: Int = 100,
                    heartBeatTimeout: Int = defaultHeartBeatTimeout, maxMessageLength: Int = defaultMaxMessageLength,
                    compression: String = defaultCompression) {
            self.name = name
            self.service = Service(target: target)
            self.adminHost = adminHost
            self.adminPort = adminPort
            self.adminStorage = adminStorage
            self.sslPrivateKey = sslPrivateKey
            self.sslCert = sslCert
            self.sslRootCert = sslRootCert
            self.minNumClients = minNumClients
            self.maxNumClients = maxNumClients
            self.heartBeatTimeout = heartBeatTimeout
            self.maxMessageLength = maxMessageLength
            self.compression = compression
        }

        enum CodingKeys: String, CodingKey {
            case name, service
            case adminHost = "admin_host", adminPort = "admin_port", adminStorage = "admin_storage"
            case sslPrivateKey = "ssl_private_key", sslCert = "ssl_cert", sslRootCert = "ssl_root_cert"
            case minNumClients = "min_num_clients", maxNumClients = "max_num_clients"
            case heartBeatTimeout = "heart_beat_timeout", maxMessageLength = "max_message_length"
            case compression
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            service = try c.decode(Service.self, forKey: .service)
            adminPort = try c.decode(Int.self, forKey: .adminPort)
            sslPrivateKey = try c.decode(String.self, forKey: .sslPrivateKey)
            sslCert = try c.decode(String.self, forKey: .sslCert)
            sslRootCert = try c.decode(String.self, forKey: .sslRootCert)
            let target = try? ServiceTarget(parsing: service.target)
            adminHost = try c.decodeIfPresent(String.self, forKey: .adminHost) ?? target?.host ?? "localhost"
            adminStorage = try c.decodeIfPresent(String.self, forKey: .adminStorage) ?? Workspace.transferFolderName
            minNumClients = try c.decodeIfPresent(Int.self, forKey: .minNumClients) ?? 1
            maxNumClients = try c.decodeIfPresent(Int.self, forKey: .maxNumClients) ?? 100
            heartBeatTimeout = try c.decodeIfPresent(Int.self, forKey: .heartBeatTimeout) ?? Self.defaultHeartBeatTimeout
            maxMessageLength = try c.decodeIfPresent(Int.self, forKey: .maxMessageLength) ?? Self.defaultMaxMessageLength
            compression = try c.decodeIfPresent(String.self, forKey: .compression) ?? Self.defaultCompression
        }

        /// `service.target` parsed.
        public func serviceTarget() throws -> ServiceTarget { try ServiceTarget(parsing: service.target) }
    }

    /// Reads and checks `path`; errors name the file, the key and the fix.
    public static func load(path: String) throws -> FedServerConfig {
        let config = try JSONConfigFile.load(FedServerConfig.self, path: path, what: fileName)
        do {
            try config.validate()
        } catch let error as FlockError {
            throw FlockError(error.code, "\(fileName) ('\(path)'): \(error.message)")
        }
        return config
    }

    /// Checks the values: one server, a `host:port` target, ports in range and distinct,
    /// 1 <= min <= max clients, positive timeouts, a known compression.
    public func validate() throws {
        guard let server = servers.first else {
            throw FlockError(.invalidConfiguration, "key 'servers' must hold one server entry")
        }
        let target: ServiceTarget
        do { target = try server.serviceTarget() } catch let error as FlockError {
            throw FlockError(.invalidConfiguration, "key 'servers[0].service.target': \(error.message)")
        }
        guard (1...65535).contains(server.adminPort) else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].admin_port' is \(server.adminPort); use a port from 1 to 65535")
        }
        guard server.adminPort != target.port else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].admin_port' equals the service port \(target.port); the two services need different ports")
        }
        guard server.minNumClients >= 1, server.minNumClients <= server.maxNumClients else {
            throw FlockError(.invalidConfiguration, "keys 'servers[0].min_num_clients' (\(server.minNumClients)) and 'max_num_clients' (\(server.maxNumClients)) need 1 <= min <= max")
        }
        guard server.heartBeatTimeout > 0 else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].heart_beat_timeout' must be a positive number of seconds")
        }
        guard server.maxMessageLength >= 1024 else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].max_message_length' must be at least 1024 bytes")
        }
        guard ["none", "gzip"].contains(server.compression) else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].compression' is '\(server.compression)'; use \"none\" or \"gzip\"")
        }
    }

    /// Writes the file as pretty, sorted JSON.
    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
