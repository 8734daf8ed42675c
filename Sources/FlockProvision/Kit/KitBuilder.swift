import Foundation
import FlockCore
import FlockTLS

/// One file of a kit, in memory: its name inside `startup/`, bytes and permission bits.
struct KitFile: Sendable, Equatable {
    var name: String
    var bytes: [UInt8]
    var mode: mode_t

    init(_ name: String, _ bytes: [UInt8], mode: mode_t? = nil) {
        self.name = name
        self.bytes = bytes
        self.mode = mode ?? KitBuilder.mode(of: name)
    }

    init(_ name: String, text: String) { self.init(name, Array(text.utf8)) }
    init(_ name: String, data: Data) { self.init(name, [UInt8](data)) }
}

/// Builds one participant's `startup/` files (keys, certificates, configs, scripts) in memory and
/// signs them; `KitPackager` zips them. Nothing touches the disk, so a large project is bound by
/// CPU, not by file creation.
///
/// Kit contents (all in `startup/`; `signature.json` is the kit signature, see `KitSignature`):
/// - server: rootCA.pem server.crt server.key fed_server.json authorization.json start.sh sub_start.sh stop_fl.sh signature.json
/// - client: rootCA.pem client.crt client.key fed_client.json start.sh start_mgpu.sh sub_start.sh stop_fl.sh signature.json
///   + local_settings.json (unsigned, site-editable: data_root)
/// - admin:  rootCA.pem client.crt client.key fl_admin.sh signature.json
struct KitBuilder: Sendable {
    let project: ProjectConfig
    let authority: CertificateAuthority
    let validity: CertificateValidity

    /// A built kit and what the audit record needs.
    struct Kit {
        var files: [KitFile]
        var certificate: Certificate
        var fileNames: [String] { files.map(\.name).sorted() }
    }

    /// Permission bits a kit file gets (inside the zip, so after unpacking): keys 0600,
    /// scripts 0755, everything else 0644.
    static func mode(of fileName: String) -> mode_t {
        if fileName.hasSuffix(".key") { return 0o600 }
        if fileName.hasSuffix(".sh") { return 0o755 }
        return 0o644
    }

    func build(_ participant: Participant) throws -> Kit {
        let server = project.server
        let target = ServiceTarget(host: server.cn, port: server.fedLearnPort).description
        let keyAlgorithm = project.keyAlgorithm
        var files = [KitFile("rootCA.pem", text: try authority.certificate.pemEncoded())]
        let certificate: Certificate

        switch participant {
        case .server:
            let (key, cert) = try authority.issueIdentity(
                commonName: server.cn, organization: server.org, purpose: .server,
                subjectAltNames: Certificate.SubjectAltName.serverDefaults(host: server.cn),
                keyAlgorithm: keyAlgorithm, validity: validity)
            certificate = cert
            let config = FedServerConfig(servers: [.init(
                name: project.name, target: target, adminHost: server.cn, adminPort: server.adminPort,
                adminStorage: server.adminStorage, minNumClients: server.minNumClients,
                maxNumClients: server.maxNumClients, heartBeatTimeout: server.heartBeatTimeout,
                maxMessageLength: server.maxMessageLength, maxConcurrentStreams: server.maxConcurrentStreams,
                maxUploadBytes: server.maxUploadBytes, maxRequestsPerSecond: server.maxRequestsPerSecond,
                maxRequestBurst: server.maxRequestBurst, aggregationMemoryMB: server.aggregationMemoryMB)])
            try config.validate()
            let names = (role: "server", program: "fl-server", project: project.name, name: server.cn)
            files += [
                KitFile("server.crt", text: try cert.pemEncoded()),
                KitFile("server.key", text: try key.pemEncoded()),
                KitFile(FedServerConfig.fileName, data: try JSONConfigFile.encode(config)),
                KitFile(AuthorizationConfig.fileName, data: try JSONConfigFile.encode(authorization())),
                KitFile("start.sh", text: KitScripts.start(role: names.role, program: names.program, project: names.project, name: names.name)),
                KitFile("sub_start.sh", text: KitScripts.subStart(role: names.role, program: names.program, project: names.project, name: names.name)),
                KitFile("stop_fl.sh", text: KitScripts.stop(role: names.role, program: names.program, project: names.project, name: names.name)),
            ]

        case .client(let client):
            let (key, cert) = try authority.issueIdentity(
                commonName: client.name, organization: client.org, purpose: .client,
                keyAlgorithm: keyAlgorithm, validity: validity)
            certificate = cert
            let config = FedClientConfig(servers: [.init(name: project.name, target: target)], client: .init(name: client.name))
            try config.validate()
            let names = (role: "client", program: "fl-client", project: project.name, name: client.name)
            files += [
                KitFile("client.crt", text: try cert.pemEncoded()),
                KitFile("client.key", text: try key.pemEncoded()),
                KitFile(FedClientConfig.fileName, data: try JSONConfigFile.encode(config)),
                KitFile("start.sh", text: KitScripts.start(role: names.role, program: names.program, project: names.project, name: names.name)),
                KitFile("start_mgpu.sh", text: KitScripts.startMultiGPU(project: project.name, name: client.name)),
                KitFile("sub_start.sh", text: KitScripts.subStart(role: names.role, program: names.program, project: names.project, name: names.name)),
                KitFile("stop_fl.sh", text: KitScripts.stop(role: names.role, program: names.program, project: names.project, name: names.name)),
            ]

        case .admin(let admin):
            let (key, cert) = try authority.issueIdentity(
                commonName: admin.email, organization: admin.org, organizationalUnits: admin.roles.map(\.rawValue),
                purpose: .client, keyAlgorithm: keyAlgorithm, validity: validity)
            certificate = cert
            files += [
                KitFile("client.crt", text: try cert.pemEncoded()),
                KitFile("client.key", text: try key.pemEncoded()),
                KitFile("fl_admin.sh", text: KitScripts.admin(project: project.name, email: admin.email, host: server.cn, port: server.adminPort)),
            ]
        }

        var contents: [String: [UInt8]] = [:]
        for file in files { contents[file.name] = file.bytes }
        let manifest = try KitSignature.sign(files: contents, with: authority)
        files.append(KitFile(KitSignature.fileName, data: try JSONConfigFile.encode(manifest)))
        // Not signed: the one file sites are expected to edit.
        if participant.kind == .client {
            files.append(KitFile(LocalSettings.fileName, data: try JSONConfigFile.encode(LocalSettings())))
        }
        return Kit(files: files.sorted { $0.name < $1.name }, certificate: certificate)
    }

    /// authorization.json for the server kit.
    func authorization() -> AuthorizationConfig {
        var admins: [String: AuthorizationConfig.Admin] = [:]
        for admin in project.admins { admins[admin.email] = .init(org: admin.org, roles: admin.roles) }
        var clients: [String: AuthorizationConfig.Client] = [:]
        for client in project.clients { clients[client.name] = .init(org: client.org) }
        return AuthorizationConfig(admins: admins, clients: clients)
    }
}
