import Foundation

/// A client kit's `startup/fed_client.json`, as written by `fl-provision`.
///
///     { "servers": [ { "name": "project1", "service": { "target": "fl.example.org:8002" } } ],
///       "client": { "name": "flclient1", "retry_timeout": 30,
///                   "ssl_private_key": "client.key", "ssl_cert": "client.crt", "ssl_root_cert": "rootCA.pem" } }
///
/// `client.name` is the client name, equal to the CN of `client.crt`. SSL paths are relative to
/// the `startup/` folder (absolute paths are kept). `retry_timeout` (seconds between connection
/// attempts) defaults to 30 when absent.
public struct FedClientConfig: Codable, Sendable, Equatable {
    public static let fileName = "fed_client.json"

    public var servers: [Server]
    public var client: Client

    public init(servers: [Server], client: Client) {
        self.servers = servers
        self.client = client
    }

    /// The first (and in Flock the only) server entry.
    public var server: Server { servers[0] }

    public struct Server: Codable, Sendable, Equatable {
        /// The project name.
        public var name: String
        public var service: FedServerConfig.Service

        public init(name: String, target: String) {
            self.name = name
            self.service = FedServerConfig.Service(target: target)
        }

        /// `service.target` parsed.
        public func serviceTarget() throws -> ServiceTarget { try ServiceTarget(parsing: service.target) }
    }

    public struct Client: Codable, Sendable, Equatable {
        /// The client name (the CN of the client certificate).
        public var name: String
        /// Seconds to wait between attempts to reach the server.
        public var retryTimeout: Int
        public var sslPrivateKey: String
        public var sslCert: String
        public var sslRootCert: String

        public static let defaultRetryTimeout = 30

        public init(name: String, retryTimeout: Int = defaultRetryTimeout, sslPrivateKey: String = "client.key",
                    sslCert: String = "client.crt", sslRootCert: String = "rootCA.pem") {
            self.name = name
            self.retryTimeout = retryTimeout
            self.sslPrivateKey = sslPrivateKey
            self.sslCert = sslCert
            self.sslRootCert = sslRootCert
        }

        enum CodingKeys: String, CodingKey {
            case name
            case retryTimeout = "retry_timeout"
            case sslPrivateKey = "ssl_private_key", sslCert = "ssl_cert", sslRootCert = "ssl_root_cert"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            retryTimeout = try c.decodeIfPresent(Int.self, forKey: .retryTimeout) ?? Self.defaultRetryTimeout
            sslPrivateKey = try c.decode(String.self, forKey: .sslPrivateKey)
            sslCert = try c.decode(String.self, forKey: .sslCert)
            sslRootCert = try c.decode(String.self, forKey: .sslRootCert)
        }
    }

    /// Reads and checks `path`; errors name the file, the key and the fix.
    public static func load(path: String) throws -> FedClientConfig {
        let config = try JSONConfigFile.load(FedClientConfig.self, path: path, what: fileName)
        do {
            try config.validate()
        } catch let error as FlockError {
            throw FlockError(error.code, "\(fileName) ('\(path)'): \(error.message)")
        }
        return config
    }

    /// Checks the values: one server with a `host:port` target, a client name, a positive retry timeout.
    public func validate() throws {
        guard let server = servers.first else {
            throw FlockError(.invalidConfiguration, "key 'servers' must hold one server entry")
        }
        do { _ = try server.serviceTarget() } catch let error as FlockError {
            throw FlockError(.invalidConfiguration, "key 'servers[0].service.target': \(error.message)")
        }
        guard !client.name.isEmpty else {
            throw FlockError(.invalidConfiguration, "key 'client.name' is empty; it must be the client name in client.crt")
        }
        guard client.retryTimeout > 0 else {
            throw FlockError(.invalidConfiguration, "key 'client.retry_timeout' must be a positive number of seconds")
        }
    }

    /// Writes the file as pretty, sorted JSON.
    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
