import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

@Suite("Provisioning a project into a folder")
struct ProvisioningTests {
    @Test("every kit holds the seed's files, certificates verify with openssl, keys are 0600, signatures hold")
    func kits() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        let result = try box.provision()
        #expect(result.action == .create)
        #expect(result.packages.map(\.name) == ["server", "flclient1", "flclient2", "email@hello.world.com", "email@foo.bar.com"])
        #expect(Fixtures.entries(box.output) == ["audit.json", "packages", "state"])
        #expect(Fixtures.entries(box.output + "/packages") == ["email@foo.bar.com.zip", "email@hello.world.com.zip", "flclient1.zip", "flclient2.zip", "server.zip"])
        #expect(try TestSupport.mode(box.output + "/state/rootCA.key") == 0o600)
        #expect(try TestSupport.mode(box.output + "/state") == 0o700)
        let root = try Certificate(pemFile: box.output + "/state/rootCA.pem")

        let expected: [String: [String]] = [
            "server": ["authorization.json", "fed_server.json", "rootCA.pem", "server.crt", "server.key", "signature.json", "start.sh", "stop_fl.sh", "sub_start.sh"],
            "flclient1": ["client.crt", "client.key", "fed_client.json", "local_settings.json", "rootCA.pem", "signature.json", "start.sh", "start_mgpu.sh", "stop_fl.sh", "sub_start.sh"],
            "email@foo.bar.com": ["client.crt", "client.key", "fl_admin.sh", "rootCA.pem", "signature.json"],
        ]
        for package in result.packages {
            let startup = try box.unpack(package)
            let files = Fixtures.entries(startup)
            if let want = expected[package.name] { #expect(files == want, "\(package.name)") }
            let certName = package.kind == .server ? "server" : "client"
            let verify = try TestSupport.run("openssl", ["verify", "-CAfile", startup + "/rootCA.pem", startup + "/\(certName).crt"])
            #expect(verify.status == 0, "\(package.name): \(verify.output)")
            #expect(try TestSupport.mode(startup + "/\(certName).key") == 0o600)
            #expect(try TestSupport.mode(startup + "/rootCA.pem") == 0o644)
            for script in files where script.hasSuffix(".sh") { #expect(try TestSupport.mode(startup + "/" + script) == 0o755) }
            let cert = try Certificate(pemFile: startup + "/\(certName).crt")
            #expect(cert.isSigned(by: root))
            #expect(try PrivateKey(pemFile: startup + "/\(certName).key").matches(cert))
            #expect(try Certificate(pemFile: startup + "/rootCA.pem") == root)
            try KitSignature.verify(startupDirectory: startup)
            switch package.kind {
            case .server:
                #expect(cert.commonName == "localhost")
                #expect(cert.subjectAltNames == [.dns("localhost"), .ip("127.0.0.1")])
                #expect(cert.extendedKeyUsages == [.serverAuth])
            case .client:
                #expect(cert.commonName == package.name)
                #expect(cert.extendedKeyUsages == [.clientAuth])
            case .admin:
                #expect(cert.commonName == package.name)
                #expect(cert.extendedKeyUsages == [.clientAuth])
            }
        }
        // Roles travel in the admin certificate.
        let orgAdmin = try Certificate(pemFile: box.root + "/kits/email@foo.bar.com/startup/client.crt")
        #expect(orgAdmin.organizationalUnits == ["org_admin"])
        #expect(orgAdmin.organization == "hospital-a")
        let projectAdmin = try Certificate(pemFile: box.root + "/kits/email@hello.world.com/startup/client.crt")
        #expect(projectAdmin.organizationalUnits == ["project_admin"])
    }

    @Test("editing one byte of a signed kit file makes verification fail, naming the file")
    func tamper() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        let result = try box.provision()
        for package in result.packages where package.kind != .admin {
            let startup = try box.unpack(package)
            let file = package.kind == .server ? "fed_server.json" : "start.sh"
            let path = startup + "/" + file
            var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
            bytes[bytes.count / 2] ^= 0x20
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                try KitSignature.verify(startupDirectory: startup)
                Issue.record("\(package.name): an edited \(file) verified")
            } catch let error as FlockError {
                #expect(error.code == .tampered)
                #expect(error.message.contains("startup/\(file)"))
                #expect(error.message.contains("re-provision"))
            }
        }
    }

    @Test("configs carry the project's values")
    func configs() throws {
        let box = try Fixtures.Sandbox(Fixtures.project(cn: "fl.example.org", fedPort: 9002, adminPort: 9003))
        defer { box.remove() }
        let result = try box.provision()
        let server = try box.unpack(result.packages[0])
        let fed = try FedServerConfig.load(path: server + "/fed_server.json").server
        #expect(fed.name == "project1")
        #expect(fed.service.target == "fl.example.org:9002")
        #expect(fed.adminHost == "fl.example.org")
        #expect(fed.adminPort == 9003)
        #expect(fed.adminStorage == "transfer")
        #expect(fed.heartBeatTimeout == 600)
        #expect((fed.sslPrivateKey, fed.sslCert, fed.sslRootCert) == ("server.key", "server.crt", "rootCA.pem"))
        #expect((fed.minNumClients, fed.maxNumClients) == (1, 100))
        let cert = try Certificate(pemFile: server + "/server.crt")
        #expect(cert.subjectAltNames == [.dns("fl.example.org")])  // not local: no localhost SANs

        let auth = try AuthorizationConfig.load(path: server + "/authorization.json")
        #expect(auth.admins["email@foo.bar.com"] == .init(org: "hospital-a", roles: [.orgAdmin]))
        #expect(auth.admins["email@hello.world.com"] == .init(org: "nvidia", roles: [.projectAdmin]))
        #expect(auth.clients["flclient2"] == .init(org: "hospital-b"))
        #expect(auth.allows("email@foo.bar.com", .operate, onClient: "flclient1"))
        #expect(!auth.allows("email@foo.bar.com", .operate, onClient: "flclient2"))

        let client = try box.unpack(result.packages[1])
        let fedClient = try FedClientConfig.load(path: client + "/fed_client.json")
        #expect(fedClient.client.name == "flclient1")
        #expect(fedClient.server.service.target == "fl.example.org:9002")
        #expect(fedClient.client.retryTimeout == 30)
        let admin = try box.unpack(result.packages[3])
        let script = try TestSupport.read(admin + "/fl_admin.sh")
        #expect(script.contains("--host 'fl.example.org' --port 9003"))
    }

    @Test("the audit record lists serials, fingerprints and validity, and no secret")
    func audit() throws {
        let box = try Fixtures.Sandbox(Fixtures.project(extra: "certificate_validity_days: 30"))
        defer { box.remove() }
        let result = try box.provision()
        let audit = try AuditRecord.load(path: result.auditPath)
        #expect(audit.participants.count == 5)
        let text = try TestSupport.read(result.auditPath)
        for package in result.packages {
            #expect(!text.contains(package.password))
            let startup = try box.unpack(package)
            let certFile = package.kind == .server ? "server.crt" : "client.crt"
            let cert = try Certificate(pemFile: startup + "/" + certFile)
            let record = try #require(audit.participant(kind: package.kind, name: package.name))
            #expect(record.certificate.serial == cert.serialNumber)
            #expect(record.certificate.fingerprintSHA256 == cert.fingerprint)
            #expect(abs(record.certificate.notAfter.timeIntervalSince(cert.notAfter)) < 1)
            #expect(record.packageSHA256 == (try KitSignature.sha256Hex(ofFile: package.path)))
            let days = cert.notAfter.timeIntervalSinceNow / 86_400
            #expect(days > 29.9 && days < 30.1)
        }
        #expect(!text.contains("PRIVATE KEY"))
        #expect(audit.rootCA.fingerprintSHA256 == (try Certificate(pemFile: box.output + "/state/rootCA.pem")).fingerprint)
    }

    @Test("RSA-2048 projects issue RSA keys throughout")
    func rsaProject() throws {
        let box = try Fixtures.Sandbox(Fixtures.project(clients: [("a", "site-1", nil)], admins: [("a", "a@b.org", nil)], extra: "key_algorithm: rsa-2048"))
        defer { box.remove() }
        let result = try box.provision()
        let startup = try box.unpack(result.packages[1])
        #expect(try PrivateKey(pemFile: startup + "/client.key").algorithm == .rsa2048)
        #expect(try Certificate(pemFile: startup + "/rootCA.pem").keyAlgorithm == .rsa2048)
        let verify = try TestSupport.run("openssl", ["verify", "-CAfile", startup + "/rootCA.pem", startup + "/client.crt"])
        #expect(verify.status == 0)
        try KitSignature.verify(startupDirectory: startup)
    }
}

@Suite("Growing a project")
struct GrowingTests {
    @Test("a second run issues kits only for newcomers, with the same root CA, leaving existing packages untouched")
    func newcomers() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        let first = try box.provision()
        let before = try Fixtures.snapshot(box.output + "/packages")
        let rootBefore = try Fixtures.snapshot(box.output + "/state")

        try TestSupport.write(Fixtures.project(
            clients: [("hospital-a", "flclient1", "optional.email@flclient.org"), ("hospital-b", "flclient2", nil), ("hospital-c", "flclient3", nil)],
            admins: [("nvidia", "email@hello.world.com", nil), ("hospital-a", "email@foo.bar.com", "[org_admin]"), ("hospital-c", "new@c.org", "member")]),
            to: box.projectFile)
        let second = try box.provision()
        #expect(second.action == .grow)
        #expect(second.packages.map(\.name) == ["flclient3", "new@c.org"])
        #expect(Set(second.kept) == Set(first.packages.map(\.name)))
        let after = try Fixtures.snapshot(box.output + "/packages")
        for (file, hash) in before { #expect(after[file] == hash, "\(file) changed") }
        #expect(after.count == before.count + 2)
        #expect(try Fixtures.snapshot(box.output + "/state") == rootBefore)

        let root = try Certificate(pemFile: box.output + "/state/rootCA.pem")
        for package in second.packages {
            let startup = try box.unpack(package)
            #expect(try Certificate(pemFile: startup + "/client.crt").isSigned(by: root))
            try KitSignature.verify(startupDirectory: startup)
        }
        let audit = try AuditRecord.load(path: second.auditPath)
        #expect(audit.participants.count == 7)
        #expect(audit.runs.map(\.action) == ["create", "grow"])
        #expect(audit.runs[1].issued == ["flclient3", "new@c.org"])

        // A third run with nothing new writes nothing.
        let auditBefore = try KitSignature.sha256Hex(ofFile: second.auditPath)
        let third = try box.provision()
        #expect(third.action == .unchanged)
        #expect(third.packages.isEmpty)
        #expect(try KitSignature.sha256Hex(ofFile: second.auditPath) == auditBefore)
        #expect(Fixtures.entries(box.output) == ["audit.json", "packages", "state"])
    }

    @Test("a changed server setting is refused until --reissue-all, which makes a new root CA")
    func changedServer() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        _ = try box.provision()
        let before = try Fixtures.snapshot(box.output)
        try TestSupport.write(Fixtures.project(adminPort: 9003), to: box.projectFile)
        do {
            _ = try box.provision()
            Issue.record("a changed admin_port was accepted")
        } catch let error as FlockError {
            #expect(error.message.contains("key 'server.admin_port' changed from '8003' to '9003'"))
            #expect(error.message.contains("--reissue-all"))
        }
        #expect(try Fixtures.snapshot(box.output) == before)
        #expect(Fixtures.entries(box.output) == ["audit.json", "packages", "state"])

        let oldRoot = try Certificate(pemFile: box.output + "/state/rootCA.pem")
        let again = try box.provision(reissueAll: true)
        #expect(again.action == .reissueAll)
        #expect(again.packages.count == 5)
        let newRoot = try Certificate(pemFile: box.output + "/state/rootCA.pem")
        #expect(newRoot != oldRoot)
        let startup = try box.unpack(again.packages[0])
        #expect(try FedServerConfig.load(path: startup + "/fed_server.json").server.adminPort == 9003)
        #expect(try Certificate(pemFile: startup + "/server.crt").isSigned(by: newRoot))
        #expect(Fixtures.entries(box.output) == ["audit.json", "packages", "state"])
        #expect(try AuditRecord.load(path: again.auditPath).runs.map(\.action) == ["reissue-all"])
    }

    @Test("an existing admin's changed role is refused")
    func changedRole() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        _ = try box.provision()
        try TestSupport.write(Fixtures.project(admins: [("nvidia", "email@hello.world.com", "[member]"), ("hospital-a", "email@foo.bar.com", "[org_admin]")]), to: box.projectFile)
        #expect(throws: FlockError.self) { try box.provision() }
    }
}

@Suite("Failures leave nothing half-written")
struct AtomicityTests {
    struct Boom: Error {}

    @Test("a failure after some kits leaves a new output folder absent and no staging behind")
    func freshFailure() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        var seen: [String] = []
        #expect(throws: Boom.self) {
            try box.provision(hook: { name in seen.append(name); if seen.count == 3 { throw Boom() } })
        }
        #expect(seen.count == 3)
        #expect(!FileManager.default.fileExists(atPath: box.output))
        #expect(Fixtures.entries(box.root) == ["project.yml"])
    }

    @Test("a failure in an existing empty folder leaves it empty")
    func existingFolderFailure() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        try FileManager.default.createDirectory(atPath: box.output, withIntermediateDirectories: false)
        #expect(throws: Boom.self) { try box.provision(hook: { _ in throw Boom() }) }
        #expect(Fixtures.entries(box.output).isEmpty)
    }

    @Test("a failure while growing leaves packages and audit record as they were")
    func growFailure() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        _ = try box.provision()
        let before = try Fixtures.snapshot(box.output)
        try TestSupport.write(Fixtures.project(clients: [("a", "flclient1", nil), ("b", "flclient2", nil), ("c", "x1", nil), ("c", "x2", nil)]).replacingOccurrences(of: "org: a\n", with: "org: hospital-a\n").replacingOccurrences(of: "org: b\n", with: "org: hospital-b\n"), to: box.projectFile)
        var count = 0
        #expect(throws: Boom.self) { try box.provision(hook: { _ in count += 1; if count == 2 { throw Boom() } }) }
        #expect(try Fixtures.snapshot(box.output) == before)
        #expect(Fixtures.entries(box.output) == ["audit.json", "packages", "state"])
        // And the same run without the failure succeeds.
        let grown = try box.provision()
        #expect(grown.packages.map(\.name) == ["x1", "x2"])
    }
}
