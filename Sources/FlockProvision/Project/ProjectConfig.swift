import Foundation
import FlockCore
import FlockTLS

/// The project description `fl-provision` reads from project.yml: the Clara 3.1 schema plus
/// optional roles per admin, key algorithm and certificate validity (docs/provisioning.md).
///
///     name: project1
///     key_algorithm: ec-p256              # optional: ec-p256 (default) or rsa-2048
///     root_ca_validity_days: 3650         # optional
///     certificate_validity_days: 365      # optional
///     server:
///       org: nvidia
///       cn: fl.example.org                # host name clients dial; not an IP address
///       fed_learn_port: 8002
///       admin_port: 8003
///       admin_storage: transfer           # optional
///       min_num_clients: 1                # optional
///       max_num_clients: 100              # optional
///       heart_beat_timeout: 600           # optional, seconds
///       max_message_length: 8388608       # optional limits, written to fed_server.json
///       max_concurrent_streams: 100
///       max_upload_bytes: 1073741824
///       max_requests_per_second: 100      # per client/admin certificate; 0: no limit
///       max_request_burst: 500
///       aggregation_memory_mb: 512        # models up to this size are averaged in memory
///     fl_clients:
///       - org: hospital-a
///         client_name: flclient1
///         email: it@hospital-a.org        # optional: where the password goes
///     admin_clients:
///       - org: nvidia
///         email: admin@nvidia.com
///         roles: [project_admin]          # optional (default project_admin)
public struct ProjectConfig: Sendable, Equatable {
    public struct Server: Sendable, Equatable, Codable {
        public var org: String
        public var cn: String
        public var fedLearnPort: Int
        public var adminPort: Int
        public var adminStorage: String
        public var minNumClients: Int
        public var maxNumClients: Int
        public var heartBeatTimeout: Int
        /// The server's limits, written to `fed_server.json` (see `FedServerConfig.Server`).
        public var maxMessageLength: Int
        public var maxConcurrentStreams: Int
        public var maxUploadBytes: Int
        public var maxRequestsPerSecond: Int
        public var maxRequestBurst: Int
        public var aggregationMemoryMB: Int

        public init(org: String, cn: String, fedLearnPort: Int, adminPort: Int, adminStorage: String,
                    minNumClients: Int, maxNumClients: Int, heartBeatTimeout: Int,
                    maxMessageLength: Int = FedServerConfig.Server.defaultMaxMessageLength,
                    maxConcurrentStreams: Int = FedServerConfig.Server.defaultMaxConcurrentStreams,
                    maxUploadBytes: Int = FedServerConfig.Server.defaultMaxUploadBytes,
                    maxRequestsPerSecond: Int = FedServerConfig.Server.defaultMaxRequestsPerSecond,
                    maxRequestBurst: Int = FedServerConfig.Server.defaultMaxRequestBurst,
                    aggregationMemoryMB: Int = FedServerConfig.Server.defaultAggregationMemoryMB) {
            self.org = org
            self.cn = cn
            self.fedLearnPort = fedLearnPort
            self.adminPort = adminPort
            self.adminStorage = adminStorage
            self.minNumClients = minNumClients
            self.maxNumClients = maxNumClients
            self.heartBeatTimeout = heartBeatTimeout
            self.maxMessageLength = maxMessageLength
            self.maxConcurrentStreams = maxConcurrentStreams
            self.maxUploadBytes = maxUploadBytes
            self.maxRequestsPerSecond = maxRequestsPerSecond
            self.maxRequestBurst = maxRequestBurst
            self.aggregationMemoryMB = aggregationMemoryMB
        }

        enum CodingKeys: String, CodingKey {
            case org, cn
            case fedLearnPort = "fed_learn_port", adminPort = "admin_port", adminStorage = "admin_storage"
            case minNumClients = "min_num_clients", maxNumClients = "max_num_clients"
            case heartBeatTimeout = "heart_beat_timeout"
            case maxMessageLength = "max_message_length", maxConcurrentStreams = "max_concurrent_streams"
            case maxUploadBytes = "max_upload_bytes", maxRequestsPerSecond = "max_requests_per_second"
            case maxRequestBurst = "max_request_burst", aggregationMemoryMB = "aggregation_memory_mb"
        }

        /// Audit records written before the limits existed lack them: they take the defaults
        /// (which is what those kits' servers use).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            typealias D = FedServerConfig.Server
            org = try c.decode(String.self, forKey: .org)
            cn = try c.decode(String.self, forKey: .cn)
            fedLearnPort = try c.decode(Int.self, forKey: .fedLearnPort)
            adminPort = try c.decode(Int.self, forKey: .adminPort)
            adminStorage = try c.decode(String.self, forKey: .adminStorage)
            minNumClients = try c.decode(Int.self, forKey: .minNumClients)
            maxNumClients = try c.decode(Int.self, forKey: .maxNumClients)
            heartBeatTimeout = try c.decode(Int.self, forKey: .heartBeatTimeout)
            maxMessageLength = try c.decodeIfPresent(Int.self, forKey: .maxMessageLength) ?? D.defaultMaxMessageLength
            maxConcurrentStreams = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentStreams) ?? D.defaultMaxConcurrentStreams
            maxUploadBytes = try c.decodeIfPresent(Int.self, forKey: .maxUploadBytes) ?? D.defaultMaxUploadBytes
            maxRequestsPerSecond = try c.decodeIfPresent(Int.self, forKey: .maxRequestsPerSecond) ?? D.defaultMaxRequestsPerSecond
            maxRequestBurst = try c.decodeIfPresent(Int.self, forKey: .maxRequestBurst) ?? D.defaultMaxRequestBurst
            aggregationMemoryMB = try c.decodeIfPresent(Int.self, forKey: .aggregationMemoryMB) ?? D.defaultAggregationMemoryMB
        }
    }

    public struct Client: Sendable, Equatable {
        public var org: String
        /// The client name: certificate CN, package name, `fed_client.json` `client.name`.
        public var name: String
        /// Where the package password goes (printed only).
        public var email: String?
    }

    public struct Admin: Sendable, Equatable {
        public var org: String
        /// The login name and certificate CN.
        public var email: String
        public var roles: [AuthorizationConfig.Role]
    }

    public var name: String
    public var keyAlgorithm: PrivateKey.Algorithm
    public var rootCAValidityDays: Int
    public var certificateValidityDays: Int
    public var server: Server
    public var clients: [Client]
    public var admins: [Admin]

    public static let defaultRootCAValidityDays = 3650
    public static let defaultCertificateValidityDays = 365
    /// Package name of the server kit (`packages/server.zip`); no client may use it.
    public static let serverPackageName = "server"

    public init(name: String, keyAlgorithm: PrivateKey.Algorithm = .ecP256,
                rootCAValidityDays: Int = defaultRootCAValidityDays,
                certificateValidityDays: Int = defaultCertificateValidityDays,
                server: Server, clients: [Client], admins: [Admin]) {
        self.name = name
        self.keyAlgorithm = keyAlgorithm
        self.rootCAValidityDays = rootCAValidityDays
        self.certificateValidityDays = certificateValidityDays
        self.server = server
        self.clients = clients
        self.admins = admins
    }

    /// Reads and checks a project file. Every problem is one `FlockError(.invalidConfiguration)`
    /// naming the file, line, key and fix.
    public static func load(path: String) throws -> ProjectConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw FlockError(.notFound, "project file '\(path)' not found: write an example with `fl-provision init`, edit it, or pass the file with -p PATH")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlockError(.permissionDenied, "project file '\(path)' cannot be read: check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FlockError(.invalidConfiguration, "project file '\(path)' is not UTF-8 text")
        }
        return try parse(yaml: text, source: path)
    }

    /// Parses and checks project.yml text; `source` names it in errors.
    public static func parse(yaml: String, source: String = "project.yml") throws -> ProjectConfig {
        try ProjectFileReader(source: source, text: yaml).read()
    }
}
