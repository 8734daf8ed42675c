import Foundation
import FlockCore
import FlockTLS
import Yams

/// Reads project.yml node by node, so each error can name the file, line, key path and fix.
struct ProjectFileReader {
    let source: String
    let text: String

    private static let topKeys = ["name", "key_algorithm", "root_ca_validity_days", "certificate_validity_days", "server", "fl_clients", "admin_clients"]
    private static let serverKeys = ["org", "cn", "fed_learn_port", "admin_port", "admin_storage", "min_num_clients", "max_num_clients", "heart_beat_timeout",
                                             "max_message_length", "max_concurrent_streams", "max_upload_bytes", "max_requests_per_second", "max_request_burst",
                                             "aggregation_memory_mb"]
    private static let clientKeys = ["org", "client_name", "email"]
    private static let adminKeys = ["org", "email", "roles", "role"]

    func read() throws -> ProjectConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let detail: String
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                detail = "\(source):\(mark.line): \(problem) (line \(mark.line), column \(mark.column))"
            case .duplicatedKeysInMapping(let duplicates, let context):
                detail = "\(source):\(context.mark.line): key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping"
            default:
                detail = "\(source): " + ("\(error)".split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "\(error)")
            }
            throw FlockError(.invalidConfiguration, "\(detail): not valid YAML. Fix the file (indent with spaces, one `key: value` per line; `fl-provision init` writes an example)")
        } catch {
            throw FlockError(.invalidConfiguration, "\(source) is not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw fail(root, "the file must be a mapping of keys (name, server, fl_clients, admin_clients); `fl-provision init` writes an example")
        }
        try checkKeys(top, allowed: Self.topKeys, at: "")

        let name = try requiredString(top, "name", at: "")
        guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil else {
            throw fail(top["name"], "key 'name' is '\(name)'; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
        var keyAlgorithm = PrivateKey.Algorithm.ecP256
        if let node = top["key_algorithm"] {
            guard let text = node.string, let algorithm = PrivateKey.Algorithm(rawValue: text) else {
                throw fail(node, "key 'key_algorithm' is '\(node.string ?? "?")'; use \(PrivateKey.Algorithm.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or "))")
            }
            keyAlgorithm = algorithm
        }
        let rootDays = try optionalInt(top, "root_ca_validity_days", at: "", default: ProjectConfig.defaultRootCAValidityDays, range: 1...36_500, unit: "days")
        let certDays = try optionalInt(top, "certificate_validity_days", at: "", default: ProjectConfig.defaultCertificateValidityDays, range: 1...36_500, unit: "days")
        guard certDays <= rootDays else {
            throw fail(top["certificate_validity_days"], "key 'certificate_validity_days' (\(certDays)) exceeds 'root_ca_validity_days' (\(rootDays)); certificates cannot outlive the root CA that signs them")
        }

        let server = try readServer(top)
        let clients = try readClients(top)
        let admins = try readAdmins(top)
        return ProjectConfig(name: name, keyAlgorithm: keyAlgorithm, rootCAValidityDays: rootDays,
                             certificateValidityDays: certDays, server: server, clients: clients, admins: admins)
    }

    // MARK: Sections

    private func readServer(_ top: Node.Mapping) throws -> ProjectConfig.Server {
        guard let node = top["server"] else {
            throw fail(nil, "key 'server' is missing; add the server section (org, cn, fed_learn_port, admin_port)")
        }
        guard let map = node.mapping else { throw fail(node, "key 'server' must be a mapping with org, cn, fed_learn_port, admin_port") }
        try checkKeys(map, allowed: Self.serverKeys, at: "server.")
        let org = try requiredOrg(map, at: "server.")
        let cn = try requiredString(map, "cn", at: "server.")
        try checkServerHost(cn, node: map["cn"])
        let fedPort = try requiredInt(map, "fed_learn_port", at: "server.", range: 1...65535, unit: "a port")
        let adminPort = try requiredInt(map, "admin_port", at: "server.", range: 1...65535, unit: "a port")
        guard fedPort != adminPort else {
            throw fail(map["admin_port"], "keys 'server.fed_learn_port' and 'server.admin_port' are both \(fedPort); the FL service and the admin service need different ports, e.g. admin_port: \(fedPort == 65535 ? fedPort - 1 : fedPort + 1)")
        }
        let storage = try optionalString(map, "admin_storage", at: "server.") ?? Workspace.transferFolderName
        guard storage.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw fail(map["admin_storage"], "key 'server.admin_storage' is '\(storage)'; use a folder name (letters, digits, '.', '_', '-'), e.g. transfer")
        }
        let minClients = try optionalInt(map, "min_num_clients", at: "server.", default: 1, range: 1...100_000, unit: "clients")
        let maxClients = try optionalInt(map, "max_num_clients", at: "server.", default: 100, range: 1...100_000, unit: "clients")
        guard minClients <= maxClients else {
            throw fail(map["min_num_clients"], "key 'server.min_num_clients' (\(minClients)) is larger than 'server.max_num_clients' (\(maxClients)); lower the minimum or raise the maximum")
        }
        let heartbeat = try optionalInt(map, "heart_beat_timeout", at: "server.", default: FedServerConfig.Server.defaultHeartBeatTimeout, range: 10...86_400, unit: "seconds")
        typealias Limits = FedServerConfig.Server
        let maxMessage = try optionalInt(map, "max_message_length", at: "server.", default: Limits.defaultMaxMessageLength,
                                         range: Limits.maxMessageLengthRange, unit: "bytes")
        let maxStreams = try optionalInt(map, "max_concurrent_streams", at: "server.", default: Limits.defaultMaxConcurrentStreams,
                                         range: Limits.maxConcurrentStreamsRange, unit: "streams per connection")
        let maxUpload = try optionalInt(map, "max_upload_bytes", at: "server.", default: Limits.defaultMaxUploadBytes,
                                        range: Limits.maxUploadBytesRange, unit: "bytes")
        let maxRate = try optionalInt(map, "max_requests_per_second", at: "server.", default: Limits.defaultMaxRequestsPerSecond,
                                      range: Limits.maxRequestsPerSecondRange, unit: "calls per second per client (0: no limit)")
        let maxBurst = try optionalInt(map, "max_request_burst", at: "server.", default: Limits.defaultMaxRequestBurst,
                                       range: Limits.maxRequestBurstRange, unit: "calls")
        let aggregationMemory = try optionalInt(map, "aggregation_memory_mb", at: "server.", default: Limits.defaultAggregationMemoryMB,
                                                range: Limits.aggregationMemoryMBRange, unit: "MiB (models up to this size are averaged in memory; 0: always in a scratch file)")
        return ProjectConfig.Server(org: org, cn: cn, fedLearnPort: fedPort, adminPort: adminPort, adminStorage: storage,
                                    minNumClients: minClients, maxNumClients: maxClients, heartBeatTimeout: heartbeat,
                                    maxMessageLength: maxMessage, maxConcurrentStreams: maxStreams, maxUploadBytes: maxUpload,
                                    maxRequestsPerSecond: maxRate, maxRequestBurst: maxBurst, aggregationMemoryMB: aggregationMemory)
    }

    private func readClients(_ top: Node.Mapping) throws -> [ProjectConfig.Client] {
        guard let node = top["fl_clients"], node.null == nil else { return [] }
        guard let list = node.sequence else {
            throw fail(node, "key 'fl_clients' must be a list of `- org: ...` / `client_name: ...` entries")
        }
        var result: [ProjectConfig.Client] = []
        var seen: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            let at = "fl_clients[\(index)]."
            guard let map = item.mapping else { throw fail(item, "entry 'fl_clients[\(index)]' must be a mapping with org and client_name") }
            try checkKeys(map, allowed: Self.clientKeys, at: at)
            let org = try requiredOrg(map, at: at)
            let name = try requiredString(map, "client_name", at: at)
            guard Self.isSafeClientName(name) else {
                throw fail(map["client_name"], "key '\(at)client_name' is '\(name)', which is not a safe file name (it names the package and the client's folders); use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. site-1")
            }
            guard name.lowercased() != ProjectConfig.serverPackageName else {
                throw fail(map["client_name"], "key '\(at)client_name' is '\(name)', which is the server's package name (server.zip); choose another client name")
            }
            if let first = seen[name.lowercased()] {
                throw fail(map["client_name"], "key '\(at)client_name' repeats '\(name)' from fl_clients[\(first)]; client names must be unique (ignoring case): rename one of them")
            }
            seen[name.lowercased()] = index
            var email: String? = nil
            if let value = try optionalString(map, "email", at: at) {
                guard Self.isValidEmail(value) else {
                    throw fail(map["email"], "key '\(at)email' is '\(value)', which is not a valid email address (name@domain.org); fix it or remove the key")
                }
                email = value
            }
            result.append(ProjectConfig.Client(org: org, name: name, email: email))
        }
        return result
    }

    private func readAdmins(_ top: Node.Mapping) throws -> [ProjectConfig.Admin] {
        guard let node = top["admin_clients"], node.null == nil else { return [] }
        guard let list = node.sequence else {
            throw fail(node, "key 'admin_clients' must be a list of `- org: ...` / `email: ...` entries")
        }
        var result: [ProjectConfig.Admin] = []
        var seen: [String: Int] = [:]
        for (index, item) in list.enumerated() {
            let at = "admin_clients[\(index)]."
            guard let map = item.mapping else { throw fail(item, "entry 'admin_clients[\(index)]' must be a mapping with org and email") }
            try checkKeys(map, allowed: Self.adminKeys, at: at)
            let org = try requiredOrg(map, at: at)
            let email = try requiredString(map, "email", at: at)
            guard Self.isValidEmail(email) else {
                throw fail(map["email"], "key '\(at)email' is '\(email)', which is not a valid email address (name@domain.org, at most 64 characters); it is the admin's login name and package name")
            }
            if let first = seen[email.lowercased()] {
                throw fail(map["email"], "key '\(at)email' repeats '\(email)' from admin_clients[\(first)]; admin emails must be unique (ignoring case): remove or change one of them")
            }
            seen[email.lowercased()] = index
            let roles = try readRoles(map, at: at)
            result.append(ProjectConfig.Admin(org: org, email: email, roles: roles))
        }
        return result
    }

    private func readRoles(_ map: Node.Mapping, at: String) throws -> [AuthorizationConfig.Role] {
        if map["roles"] != nil && map["role"] != nil {
            throw fail(map["role"], "entry '\(at.dropLast())' has both 'roles' and 'role'; keep one")
        }
        let key = map["roles"] != nil ? "roles" : "role"
        guard let node = map[key], node.null == nil else { return [.projectAdmin] }
        let items: [Node]
        if let list = node.sequence { items = Array(list) } else { items = [node] }
        let valid = AuthorizationConfig.Role.allCases.map(\.rawValue).joined(separator: ", ")
        var roles: [AuthorizationConfig.Role] = []
        for item in items {
            guard let text = item.scalar?.string, let role = AuthorizationConfig.Role(rawValue: text) else {
                throw fail(item, "key '\(at)\(key)' holds '\(item.scalar?.string ?? "a non-text value")', which is not a role; use one or more of: \(valid)")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        guard !roles.isEmpty else {
            throw fail(node, "key '\(at)\(key)' is empty; give at least one of: \(valid), or remove the key for project_admin")
        }
        return roles
    }

    // MARK: Rules

    /// 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.
    static func isSafeClientName(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil
    }

    /// name@domain.tld, at most 64 characters (the X.509 limit for a common name), characters
    /// safe in a file name.
    static func isValidEmail(_ email: String) -> Bool {
        guard email.count <= 64 else { return false }
        return email.range(of: #"^[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"#,
                           options: .regularExpression) != nil && !email.contains("..")
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        var host = text
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private func checkServerHost(_ cn: String, node: Node?) throws {
        if Self.isIPAddress(cn) {
            throw fail(node, "key 'server.cn' is the IP address '\(cn)'; it must be a host name: clients check the server's certificate against the name they dial, and Flock issues certificates for host names. Give a DNS name that resolves to the server (add '\(cn) fl-server' to /etc/hosts on each site if there is no DNS, then use cn: fl-server)")
        }
        if cn.contains(":") {
            throw fail(node, "key 'server.cn' is '\(cn)'; give the host name alone: the ports go in fed_learn_port and admin_port")
        }
        let labels = cn.split(separator: ".", omittingEmptySubsequences: false)
        let labelOK = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-" &&
                label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard labelOK, cn.count <= 64 else {
            throw fail(node, "key 'server.cn' is '\(cn)', which is not a valid host name; use letters, digits and '-' in dot-separated labels (at most 64 characters), e.g. fl.example.org")
        }
        if let last = labels.last, last.allSatisfy(\.isNumber) {
            throw fail(node, "key 'server.cn' is '\(cn)', which looks like an IP address; it must be a host name that resolves to the server")
        }
    }

    // MARK: Typed access with errors

    private func checkKeys(_ map: Node.Mapping, allowed: [String], at path: String) throws {
        for (key, _) in map {
            guard let name = key.string, allowed.contains(name) else {
                let where_ = path.isEmpty ? "at the top level" : "in '\(path.dropLast())'"
                throw fail(key, "unknown key '\(key.string ?? "?")' \(where_); check its spelling (known keys: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    private func requiredString(_ map: Node.Mapping, _ key: String, at path: String) throws -> String {
        guard let node = map[key] else {
            throw fail(nil, "key '\(path)\(key)' is missing; add it", near: map)
        }
        guard let scalar = node.scalar, node.null == nil else {
            throw fail(node, "key '\(path)\(key)' must be a text value")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw fail(node, "key '\(path)\(key)' is empty; give it a value") }
        return value
    }

    private func requiredOrg(_ map: Node.Mapping, at path: String) throws -> String {
        let org = try requiredString(map, "org", at: path)
        guard org.count <= 64, !org.contains("/") else {
            throw fail(map["org"], "key '\(path)org' is '\(org)'; use at most 64 characters and no '/' (it goes into certificates)")
        }
        return org
    }

    private func optionalString(_ map: Node.Mapping, _ key: String, at path: String) throws -> String? {
        guard let node = map[key], node.null == nil else { return nil }
        return try requiredString(map, key, at: path)
    }

    private func requiredInt(_ map: Node.Mapping, _ key: String, at path: String, range: ClosedRange<Int>, unit: String) throws -> Int {
        guard let node = map[key] else {
            throw fail(nil, "key '\(path)\(key)' is missing; add it (\(unit) from \(range.lowerBound) to \(range.upperBound))", near: map)
        }
        return try intValue(node, "\(path)\(key)", range: range, unit: unit)
    }

    private func optionalInt(_ map: Node.Mapping, _ key: String, at path: String, default value: Int, range: ClosedRange<Int>, unit: String) throws -> Int {
        guard let node = map[key], node.null == nil else { return value }
        return try intValue(node, "\(path)\(key)", range: range, unit: unit)
    }

    private func intValue(_ node: Node, _ key: String, range: ClosedRange<Int>, unit: String) throws -> Int {
        let text = node.scalar?.string ?? ""
        guard let value = Int(text) else {
            throw fail(node, "key '\(key)' is '\(text)', not a whole number; give \(unit) from \(range.lowerBound) to \(range.upperBound)")
        }
        guard range.contains(value) else {
            let what = unit == "a port" ? "out of range: ports go from \(range.lowerBound) to \(range.upperBound)" : "out of range; give \(unit) from \(range.lowerBound) to \(range.upperBound)"
            throw fail(node, "key '\(key)' is \(value), \(what)")
        }
        return value
    }

    private func fail(_ node: Node?, _ message: String, near map: Node.Mapping? = nil) -> FlockError {
        let mark = node?.mark ?? map?.mark
        let place = mark.map { "\(source):\($0.line)" } ?? source
        return FlockError(.invalidConfiguration, "\(place): \(message)")
    }
}
