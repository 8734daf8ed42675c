import Foundation
import Testing
import FlockCore

@Suite("Kit configuration models")
struct ConfigModelTests {
    @Test("fed_server.json round trips and fills documented defaults")
    func serverRoundTrip() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        let config = FedServerConfig(servers: [.init(name: "p", target: "fl.example.org:8002", adminHost: "fl.example.org", adminPort: 8003)])
        try config.write(to: dir + "/fed_server.json")
        #expect(try FedServerConfig.load(path: dir + "/fed_server.json") == config)
        let text = try TestSupport.read(dir + "/fed_server.json")
        for key in ["\"admin_port\" : 8003", "\"heart_beat_timeout\" : 600", "\"ssl_root_cert\" : \"rootCA.pem\"", "\"target\" : \"fl.example.org:8002\""] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
        try TestSupport.write("""
            {"servers": [{"name": "p", "service": {"target": "h:1"}, "admin_port": 2,
              "ssl_private_key": "k", "ssl_cert": "c", "ssl_root_cert": "r"}]}
            """, to: dir + "/min.json")
        let minimal = try FedServerConfig.load(path: dir + "/min.json")
        #expect(minimal.server.heartBeatTimeout == 600)
        #expect(minimal.server.adminHost == "h")
        #expect(try minimal.server.serviceTarget() == ServiceTarget(host: "h", port: 1))
    }

    @Test("a missing key in fed_server.json is named with its path")
    func serverMissingKey() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        try TestSupport.write("{\"servers\": [{\"name\": \"p\", \"service\": {\"target\": \"h:1\"}}]}", to: dir + "/fed_server.json")
        do {
            _ = try FedServerConfig.load(path: dir + "/fed_server.json")
            Issue.record("expected an error")
        } catch let error as FlockError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("key 'servers[0].admin_port' is missing"))
            #expect(error.message.contains(dir + "/fed_server.json"))
        }
        try TestSupport.write("{\"servers\": [{\"name\": \"p\", \"service\": {\"target\": \"h:1\"}, \"admin_port\": 1, \"ssl_private_key\": \"k\", \"ssl_cert\": \"c\", \"ssl_root_cert\": \"r\"}]}", to: dir + "/same.json")
        #expect(throws: FlockError.self) { try FedServerConfig.load(path: dir + "/same.json") }
        try TestSupport.write("{not json", to: dir + "/bad.json")
        do {
            _ = try FedServerConfig.load(path: dir + "/bad.json")
            Issue.record("expected an error")
        } catch let error as FlockError {
            #expect(error.message.contains("not valid JSON"))
        }
    }

    @Test("fed_client.json round trips; a bad target is explained")
    func clientConfig() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        let config = FedClientConfig(servers: [.init(name: "p", target: "fl.example.org:8002")], client: .init(name: "site-1"))
        try config.write(to: dir + "/fed_client.json")
        let loaded = try FedClientConfig.load(path: dir + "/fed_client.json")
        #expect(loaded == config)
        #expect(loaded.client.retryTimeout == 30)
        var bad = config
        bad.servers[0].service.target = "fl.example.org"
        try bad.write(to: dir + "/bad.json")
        do {
            _ = try FedClientConfig.load(path: dir + "/bad.json")
            Issue.record("expected an error")
        } catch let error as FlockError {
            #expect(error.message.contains("servers[0].service.target"))
            #expect(error.message.contains("host:port"))
        }
        #expect(throws: FlockError.self) { try FedClientConfig.load(path: dir + "/absent.json") }
    }

    @Test("authorization grants by role and org")
    func authorization() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        let auth = AuthorizationConfig(admins: ["boss@x.org": .init(org: "nvidia", roles: [.projectAdmin]),
                                                "it@a.org": .init(org: "hospital-a", roles: [.orgAdmin]),
                                                "sci@a.org": .init(org: "hospital-a", roles: [.lead, .member])],
                                       clients: ["site-a": .init(org: "hospital-a"), "site-b": .init(org: "hospital-b")])
        try auth.write(to: dir + "/authorization.json")
        let loaded = try AuthorizationConfig.load(path: dir + "/authorization.json")
        #expect(loaded == auth)
        #expect(loaded.allows("boss@x.org", .operate))
        #expect(loaded.allows("it@a.org", .operate, onClient: "site-a"))
        #expect(!loaded.allows("it@a.org", .operate, onClient: "site-b"))
        #expect(!loaded.allows("it@a.org", .operate))  // the server needs scope all
        #expect(loaded.allows("sci@a.org", .deploy))
        #expect(!loaded.allows("sci@a.org", .operate, onClient: "site-a"))
        #expect(!loaded.allows("stranger@x.org", .view))
        // Identity from a certificate (an admin added after the server kit was made).
        #expect(loaded.allows(roles: [.member, .orgAdmin], org: "hospital-b", .operate, onClientOrg: "hospital-b"))
        #expect(!loaded.allows(roles: [.member], org: "hospital-b", .operate, onClientOrg: "hospital-b"))
        #expect(loaded.scope(roles: [.member, .lead], for: .view) == .all)
        let text = try TestSupport.read(dir + "/authorization.json")
        #expect(text.contains("\"project_admin\" : {"))
        #expect(text.contains("\"own_org\""))
    }
}
