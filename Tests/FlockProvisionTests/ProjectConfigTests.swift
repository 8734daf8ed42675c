import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

@Suite("Reading project.yml")
struct ProjectConfigTests {
    @Test("the seed's Clara 3.1 project file reads with documented defaults")
    func claraFile() throws {
        let project = try ProjectConfig.parse(yaml: """
            name: project1
            server:
              org: nvidia
              cn: localhost
              fed_learn_port: 8002
              admin_port: 8003
            fl_clients:
              - org: nvidia
                client_name: flclient1
                email: optional.email@flclient.org
              - org: nvidia
                client_name: flclient2
            admin_clients:
              - org: nvidia
                email: email@hello.world.com
            """)
        #expect(project.name == "project1")
        #expect(project.keyAlgorithm == .ecP256)
        #expect(project.rootCAValidityDays == 3650 && project.certificateValidityDays == 365)
        #expect(project.server == .init(org: "nvidia", cn: "localhost", fedLearnPort: 8002, adminPort: 8003, adminStorage: "transfer",
                                        minNumClients: 1, maxNumClients: 100, heartBeatTimeout: 600))
        #expect(project.clients.map(\.name) == ["flclient1", "flclient2"])
        #expect(project.clients[0].email == "optional.email@flclient.org")
        #expect(project.clients[1].email == nil)
        #expect(project.admins == [.init(org: "nvidia", email: "email@hello.world.com", roles: [.projectAdmin])])
        #expect(project.participants.map(\.packageName) == ["server", "flclient1", "flclient2", "email@hello.world.com"])
    }

    @Test("roles read as a list, a single value, or role:, without repeats")
    func roles() throws {
        let project = try ProjectConfig.parse(yaml: Fixtures.project(admins: [
            ("a", "one@a.org", "[lead, member, lead]"), ("a", "two@a.org", "org_admin"),
        ]) + "  - org: a\n    email: three@a.org\n    role: member\n")
        #expect(project.admins.map(\.roles) == [[.lead, .member], [.orgAdmin], [.member]])
    }

    @Test("optional settings are read and bounded")
    func options() throws {
        let project = try ProjectConfig.parse(yaml: Fixtures.project(extra: "key_algorithm: rsa-2048\nroot_ca_validity_days: 100\ncertificate_validity_days: 50"))
        #expect(project.keyAlgorithm == .rsa2048)
        #expect(project.rootCAValidityDays == 100 && project.certificateValidityDays == 50)
        #expect(throws: FlockError.self) { try ProjectConfig.parse(yaml: Fixtures.project(extra: "certificate_validity_days: 5000")) }
        #expect(throws: FlockError.self) { try ProjectConfig.parse(yaml: Fixtures.project(extra: "key_algorithm: dsa")) }
    }

    @Test("an empty client or admin list is allowed, to grow later")
    func emptyLists() throws {
        let project = try ProjectConfig.parse(yaml: "name: p\nserver:\n  org: o\n  cn: fl.example.org\n  fed_learn_port: 1\n  admin_port: 2\nfl_clients:\nadmin_clients: []\n")
        #expect(project.clients.isEmpty && project.admins.isEmpty)
    }

    @Test("errors carry the file name and line of the offending key")
    func errorLines() throws {
        let text = Fixtures.project(clients: [("a", "ok-1", nil), ("b", "bad name", nil)])
        do {
            _ = try ProjectConfig.parse(yaml: text, source: "my.yml")
            Issue.record("a client name with a space was accepted")
        } catch let error as FlockError {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("bad name") }! + 1
            #expect(error.message.hasPrefix("my.yml:\(line): key 'fl_clients[1].client_name'"))
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test("emails and host names follow the documented rules")
    func rules() {
        for good in ["a@b.org", "first.last+tag@sub.example.co", "x_y@a-b.io"] { #expect(ProjectFileReader.isValidEmail(good), "\(good)") }
        for bad in ["a@b", "@b.org", "a@@b.org", "a b@c.org", "a@b..org", ".a@b.org", "a@-b.org", String(repeating: "a", count: 60) + "@b.org"] {
            #expect(!ProjectFileReader.isValidEmail(bad), "\(bad)")
        }
        for ip in ["10.0.0.1", "::1", "[fe80::1]", "2001:db8::2"] { #expect(ProjectFileReader.isIPAddress(ip), "\(ip)") }
        #expect(!ProjectFileReader.isIPAddress("fl.example.org"))
        for name in ["site-1", "A.b_c", "x"] { #expect(ProjectFileReader.isSafeClientName(name)) }
        for name in ["-x", "a/b", "a b", "", String(repeating: "a", count: 65), "ü"] { #expect(!ProjectFileReader.isSafeClientName(name), "\(name)") }
    }
}
