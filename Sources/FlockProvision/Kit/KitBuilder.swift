import Foundation
import FlockCore
import FlockTLS

/// Writes one participant's `startup/` folder (keys, certificates, configs, scripts) and signs it.
///
/// Kit contents (all in `startup/`; `signature.json` is the kit signature, see `KitSignature`):
/// - server: rootCA.pem server.crt server.key fed_server.json authorization.json start.sh sub_start.sh stop_fl.sh signature.json
/// - client: rootCA.pem client.crt client.key fed_client.json start.sh start_mgpu.sh sub_start.sh stop_fl.sh signature.json
///   + local_settings.json (unsigned, site-editable: data_root)
/// - admin:  rootCA.pem client.crt client.key fl_admin.sh signature.json
struct KitBuilder {
    let project: ProjectConfig
    let authority: CertificateAuthority
    let validity: CertificateValidity

    /// What was issued for the audit record.
    struct Issued {
        var certificate: Certificate
        var files: [String]
    }

    /// File names each kit holds (before signing), for documentation and tests.
    static func fileNames(for kind: Participant.Kind) -> [String] {
        switch kind {
        case .server:
            return ["rootCA.pem", "server.crt", "server.key", "fed_server.json", "authorization.json", "start.sh", "sub_start.sh", "stop_fl.sh"]
        case .client:
            return ["rootCA.pem", "client.crt", "client.key", "fed_client.json", "start.sh", "start_mgpu.sh", "sub_start.sh", "stop_fl.sh", LocalSettings.fileName]
        case .admin:
            return ["rootCA.pem", "client.crt", "client.key", "fl_admin.sh"]
        }
    }

    /// Permission bits a kit file gets (on disk and inside the zip).
    static func mode(of fileName: String) -> mode_t {
        if fileName.hasSuffix(".key") { return 0o600 }
        if fileName.hasSuffix(".sh") { return 0o755 }
        return 0o644
    }

    /// Builds `participant`'s kit in `startupDirectory` (created; must not exist).
    func build(_ participant: Participant, into startupDirectory: String) throws -> Issued {
        try FileManager.default.createDirectory(atPath: startupDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let server = project.server
        let target = ServiceTarget(host: server.cn, port: server.fedLearnPort).description
        let keyAlgorithm = project.keyAlgorithm
        try authority.certificate.write(toFile: path(startupDirectory, "rootCA.pem"))
        let certificate: Certificate

        switch participant {
        case .server:
            let (key, cert) = try authority.issueIdentity(
                commonName: server.cn, organization: server.org, purpose: .server,
                subjectAltNames: Certificate.SubjectAltName.serverDefaults(host: server.cn),
                keyAlgorithm: keyAlgorithm, validity: validity)
            try cert.write(toFile: path(startupDirectory, "server.crt"))
            try key.write(toFile: path(startupDirectory, "server.key"))
            certificate = cert
            let config = FedServerConfig(servers: [.init(
                name: project.name, target: target, adminHost: server.cn, adminPort: server.adminPort,
                adminStorage: server.adminStorage, minNumClients: server.minNumClients,
                maxNumClients: server.maxNumClients, heartBeatTimeout: server.heartBeatTimeout)])
            try config.validate()
            try config.write(to: path(startupDirectory, FedServerConfig.fileName))
            try authorization().write(to: path(startupDirectory, AuthorizationConfig.fileName))
            try writeScript(KitScripts.start(role: "server", program: "fl-server", project: project.name, name: server.cn), startupDirectory, "start.sh")
            try writeScript(KitScripts.subStart(role: "server", program: "fl-server", project: project.name, name: server.cn), startupDirectory, "sub_start.sh")
            try writeScript(KitScripts.stop(role: "server", program: "fl-server", project: project.name, name: server.cn), startupDirectory, "stop_fl.sh")

        case .client(let client):
            let (key, cert) = try authority.issueIdentity(
                commonName: client.name, organization: client.org, purpose: .client,
                keyAlgorithm: keyAlgorithm, validity: validity)
            try cert.write(toFile: path(startupDirectory, "client.crt"))
            try key.write(toFile: path(startupDirectory, "client.key"))
            certificate = cert
            let config = FedClientConfig(servers: [.init(name: project.name, target: target)], client: .init(name: client.name))
            try config.validate()
            try config.write(to: path(startupDirectory, FedClientConfig.fileName))
            try writeScript(KitScripts.start(role: "client", program: "fl-client", project: project.name, name: client.name), startupDirectory, "start.sh")
            try writeScript(KitScripts.startMultiGPU(project: project.name, name: client.name), startupDirectory, "start_mgpu.sh")
            try writeScript(KitScripts.subStart(role: "client", program: "fl-client", project: project.name, name: client.name), startupDirectory, "sub_start.sh")
            try writeScript(KitScripts.stop(role: "client", program: "fl-client", project: project.name, name: client.name), startupDirectory, "stop_fl.sh")

        case .admin(let admin):
            let (key, cert) = try authority.issueIdentity(
                commonName: admin.email, organization: admin.org, organizationalUnits: admin.roles.map(\.rawValue),
                purpose: .client, keyAlgorithm: keyAlgorithm, validity: validity)
            try cert.write(toFile: path(startupDirectory, "client.crt"))
            try key.write(toFile: path(startupDirectory, "client.key"))
            certificate = cert
            try writeScript(KitScripts.admin(project: project.name, email: admin.email, host: server.cn, port: server.adminPort), startupDirectory, "fl_admin.sh")
        }

        try KitSignature.sign(startupDirectory: startupDirectory, with: authority)
        // Written after signing: the one file sites are expected to edit.
        if participant.kind == .client {
            try LocalSettings().write(to: path(startupDirectory, LocalSettings.fileName))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: startupDirectory).sorted()
        return Issued(certificate: certificate, files: files)
    }

    /// authorization.json for the server kit.
    func authorization() -> AuthorizationConfig {
        var admins: [String: AuthorizationConfig.Admin] = [:]
        for admin in project.admins { admins[admin.email] = .init(org: admin.org, roles: admin.roles) }
        var clients: [String: AuthorizationConfig.Client] = [:]
        for client in project.clients { clients[client.name] = .init(org: client.org) }
        return AuthorizationConfig(admins: admins, clients: clients)
    }

    private func path(_ dir: String, _ name: String) -> String { dir + "/" + name }

    private func writeScript(_ text: String, _ dir: String, _ name: String) throws {
        let file = path(dir, name)
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o755]) else {
            throw FlockError(.io, "cannot write '\(file)'")
        }
        chmod(file, 0o755)  // createFile's mode is subject to the umask
    }
}
