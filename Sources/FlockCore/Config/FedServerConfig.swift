import Foundation

/// The server kit's `startup/fed_server.json`, as written by `fl-provision`.
///
///     { "servers": [ { "name": "project1",
///                      "service": { "target": "fl.example.org:8002" },
///                      "admin_host": "fl.example.org", "admin_port": 8003, "admin_storage": "transfer",
///                      "ssl_private_key": "server.key", "ssl_cert": "server.crt", "ssl_root_cert": "rootCA.pem",
///                      "min_num_clients": 1, "max_num_clients": 100,
///                      "heart_beat_timeout": 600, "max_message_length": 8388608, "compression": "none",
///                      "max_concurrent_streams": 100, "max_upload_bytes": 1073741824,
///                      "max_requests_per_second": 100, "max_request_burst": 500,
///                      "aggregation_memory_mb": 512 } ] }
///
/// SSL paths are relative to the `startup/` folder holding the file (absolute paths are kept).
/// Only `name`, `service.target`, `admin_port` and the three `ssl_*` keys are required; the others
/// take the defaults below when absent (so kits written before a key existed still load).
///
/// The limits (docs/config-reference.md): `max_message_length` (one gRPC message),
/// `max_concurrent_streams` (HTTP/2 streams per connection), `max_num_clients` (registered
/// clients), `max_upload_bytes` (one `upload_folder`), `max_requests_per_second` and
/// `max_request_burst` (calls per certificate CN, a token bucket; 0 requests per second: no limit).
/// `aggregation_memory_mb`: models up to this size are averaged in memory (one float32 copy of the
/// model), larger ones in a scratch file beside the run's models (0: always the file).
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
        /// HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS of every connection on both ports.
        public var maxConcurrentStreams: Int
        /// Largest app an admin may upload (`upload_folder`), in bytes.
        public var maxUploadBytes: Int
        /// Calls per second one certificate CN (client or admin) may make on average; 0: no limit.
        public var maxRequestsPerSecond: Int
        /// Calls one CN may make at once above the average rate (the token bucket's size).
        public var maxRequestBurst: Int
        /// Largest model, in MiB, whose running FedAvg sum the server keeps in memory; larger
        /// models are summed in a scratch file (memory stays a few MiB whatever the model's size).
        public var aggregationMemoryMB: Int

        public static let defaultHeartBeatTimeout = 600
        public static let defaultMaxMessageLength = 8 * 1024 * 1024
        public static let defaultCompression = "none"
        public static let defaultMaxConcurrentStreams = 100
        public static let defaultMaxUploadBytes = 1 << 30
        public static let defaultMaxRequestsPerSecond = 100
        public static let defaultMaxRequestBurst = 500
        public static let defaultAggregationMemoryMB = 512

        /// Accepted ranges of the limits (fed_server.json and project.yml).
        public static let maxMessageLengthRange = 1024...(1 << 30)
        public static let maxConcurrentStreamsRange = 16...65_536
        public static let maxUploadBytesRange = (1 << 20)...(1 << 50)
        public static let maxRequestsPerSecondRange = 0...1_000_000
        public static let maxRequestBurstRange = 1...1_000_000
        public static let aggregationMemoryMBRange = 0...(1 << 20)

        public init(name: String, target: String, adminHost: String, adminPort: Int,
                    adminStorage: String = Workspace.transferFolderName,
                    sslPrivateKey: String = "server.key", sslCert: String = "server.crt", sslRootCert: String = "rootCA.pem",
                    minNumClients: Int = 1, maxNumClients: Int = 100,
                    heartBeatTimeout: Int = defaultHeartBeatTimeout, maxMessageLength: Int = defaultMaxMessageLength,
                    compression: String = defaultCompression,
                    maxConcurrentStreams: Int = defaultMaxConcurrentStreams, maxUploadBytes: Int = defaultMaxUploadBytes,
                    maxRequestsPerSecond: Int = defaultMaxRequestsPerSecond, maxRequestBurst: Int = defaultMaxRequestBurst,
                    aggregationMemoryMB: Int = defaultAggregationMemoryMB) {
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
            self.maxConcurrentStreams = maxConcurrentStreams
            self.maxUploadBytes = maxUploadBytes
            self.maxRequestsPerSecond = maxRequestsPerSecond
            self.maxRequestBurst = maxRequestBurst
            self.aggregationMemoryMB = aggregationMemoryMB
        }

        enum CodingKeys: String, CodingKey {
            case name, service
            case adminHost = "admin_host", adminPort = "admin_port", adminStorage = "admin_storage"
            case sslPrivateKey = "ssl_private_key", sslCert = "ssl_cert", sslRootCert = "ssl_root_cert"
            case minNumClients = "min_num_clients", maxNumClients = "max_num_clients"
            case heartBeatTimeout = "heart_beat_timeout", maxMessageLength = "max_message_length"
            case compression
            case maxConcurrentStreams = "max_concurrent_streams", maxUploadBytes = "max_upload_bytes"
            case maxRequestsPerSecond = "max_requests_per_second", maxRequestBurst = "max_request_burst"
            case aggregationMemoryMB = "aggregation_memory_mb"
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
            maxConcurrentStreams = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentStreams) ?? Self.defaultMaxConcurrentStreams
            maxUploadBytes = try c.decodeIfPresent(Int.self, forKey: .maxUploadBytes) ?? Self.defaultMaxUploadBytes
            maxRequestsPerSecond = try c.decodeIfPresent(Int.self, forKey: .maxRequestsPerSecond) ?? Self.defaultMaxRequestsPerSecond
            maxRequestBurst = try c.decodeIfPresent(Int.self, forKey: .maxRequestBurst) ?? Self.defaultMaxRequestBurst
            aggregationMemoryMB = try c.decodeIfPresent(Int.self, forKey: .aggregationMemoryMB) ?? Self.defaultAggregationMemoryMB
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
    /// 1 <= min <= max clients, positive timeouts, limits in their ranges, a known compression.
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
        try Self.checkLimit("max_message_length", server.maxMessageLength, Server.maxMessageLengthRange, unit: "bytes",
                            note: "the largest single gRPC message; models travel in ~1 MiB chunks, so 8388608 is plenty")
        try Self.checkLimit("max_concurrent_streams", server.maxConcurrentStreams, Server.maxConcurrentStreamsRange, unit: "streams",
                            note: "HTTP/2 calls open at once on one connection; a client needs fewer than 10")
        try Self.checkLimit("max_upload_bytes", server.maxUploadBytes, Server.maxUploadBytesRange, unit: "bytes",
                            note: "the largest app upload_folder accepts")
        try Self.checkLimit("max_requests_per_second", server.maxRequestsPerSecond, Server.maxRequestsPerSecondRange, unit: "calls per second",
                            note: "per client or admin certificate; 0 turns the limit off")
        try Self.checkLimit("max_request_burst", server.maxRequestBurst, Server.maxRequestBurstRange, unit: "calls",
                            note: "calls a client may make at once above max_requests_per_second")
        try Self.checkLimit("aggregation_memory_mb", server.aggregationMemoryMB, Server.aggregationMemoryMBRange, unit: "MiB",
                            note: "models up to this size are averaged in memory, larger ones in a scratch file; 0 always uses the file")
        guard ["none", "gzip"].contains(server.compression) else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].compression' is '\(server.compression)'; use \"none\" or \"gzip\"")
        }
    }

    static func checkLimit(_ key: String, _ value: Int, _ range: ClosedRange<Int>, unit: String, note: String) throws {
        guard range.contains(value) else {
            throw FlockError(.invalidConfiguration, "key 'servers[0].\(key)' is \(value), out of range; give \(unit) from \(range.lowerBound) to \(range.upperBound) (\(note)). Set it in project.yml server.\(key) and re-provision the server kit")
        }
    }

    /// Writes the file as pretty, sorted JSON.
    public func write(to path: String) throws {
        try JSONConfigFile.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
