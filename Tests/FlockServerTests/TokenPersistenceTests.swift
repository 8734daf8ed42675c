import FlockCore
import FlockProto
import FlockRPC
import Foundation
import Logging
import Testing
@testable import FlockServer

@Suite("Server state: client tokens are saved in batches")
struct TokenPersistenceTests {
    /// Each registration used to rewrite (and fsync) the whole state file on the engine's actor:
    /// 1,000 clients registering took ~15 s, with every other call waiting behind the writes.
    @Test("500 registrations write the state a few times, not 500 times; flushState saves every token")
    func batchedTokenWrites() async throws {
        let root = NSTemporaryDirectory() + "flock-tokens-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/startup", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = Workspace(startupDirectory: root + "/startup")
        let engine = try ServerEngine(workspace: workspace,
                                      config: FedServerConfig.Server(name: "p", target: "localhost:8002", adminHost: "localhost",
                                                                     adminPort: 8003, maxNumClients: 1000),
                                      authorization: nil, logger: Logger(label: "test"))
        var tokens: [String: String] = [:]
        for i in 0..<500 {
            let name = "site-\(i)"
            let context = ServerContext(method: Fl_V1_FederatedTraining.Method.register, peerCommonName: name, peerAddress: "127.0.0.1:\(1000 + i)")
            tokens[name] = try await engine.register(Fl_V1_RegisterRequest(clientName: name, project: "p"), context: context).token
        }
        #expect(await engine.tokenStateWrites <= 5)
        await engine.flushState()
        #expect(try ServerState.load(workspace).tokens == tokens)

        // A quit is saved too (after the delay, without an explicit flush).
        let quitter = ServerContext(method: Fl_V1_FederatedTraining.Method.quit, peerCommonName: "site-0", peerAddress: "127.0.0.1:1000")
        try await engine.quit(Fl_V1_QuitRequest(token: tokens["site-0"]!, clientName: "site-0"), context: quitter)
        let deadline = Date().addingTimeInterval(20)
        while try ServerState.load(workspace).tokens["site-0"] != nil, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(try ServerState.load(workspace).tokens["site-0"] == nil)
        #expect(try ServerState.load(workspace).tokens.count == 499)
    }
}

@Suite("Admin sessions: idle expiry and a cap per admin")
struct AdminSessionTests {
    func engine(_ root: String) throws -> ServerEngine {
        try FileManager.default.createDirectory(atPath: root + "/startup", withIntermediateDirectories: true)
        let authorization = AuthorizationConfig(admins: ["lead@x.org": .init(org: "x", roles: [.projectAdmin])], clients: [:])
        return try ServerEngine(workspace: Workspace(startupDirectory: root + "/startup"),
                                config: FedServerConfig.Server(name: "p", target: "localhost:8002", adminHost: "localhost", adminPort: 8003),
                                authorization: authorization, logger: Logger(label: "test"))
    }

    @Test("a session idle past the limit ends with a message saying so; one in use stays")
    func idleExpiry() async throws {
        let root = NSTemporaryDirectory() + "flock-sessions-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let engine = try engine(root)
        await engine.setAdminSessionIdleLimit(3)
        let context = ServerContext(method: Fl_V1_Admin.Method.login, peerCommonName: "lead@x.org", peerAddress: "127.0.0.1:9")
        // One session gets a command every 2.5 s (times passed in, so the test does not depend on
        // how promptly a loaded machine runs it); the other stays idle past the 3 s limit.
        let start = Date()
        let busy = try await engine.login("lead@x.org", context: context).session
        let idle = try await engine.login("lead@x.org", context: context).session
        for t in stride(from: 2.5, through: 20.0, by: 2.5) {
            _ = try await engine.session(busy, context: context, now: start.addingTimeInterval(t))
        }
        do { _ = try await engine.session(idle, context: context, now: start.addingTimeInterval(20)); Issue.record("an idle session was accepted") } catch let e as RPCError {
            #expect(e.code == .unauthenticated && e.message == "the session ended after 3 s without a command; log in again", "\(e.message)")
        }
        do { _ = try await engine.session(idle, context: context); Issue.record("an expired session was accepted") } catch let e as RPCError {
            #expect(e.code == .unauthenticated && e.message.contains("not logged in"), "the expired session is gone: \(e.message)")
        }
        _ = try await engine.session(busy, context: context, now: start.addingTimeInterval(21))
        #expect(try String(contentsOfFile: root + "/admin_audit.log", encoding: .utf8).contains("expired after"))
    }

    @Test("an admin's 17th login ends its least recently used session")
    func cap() async throws {
        let root = NSTemporaryDirectory() + "flock-sessions-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let engine = try engine(root)
        let context = ServerContext(method: Fl_V1_Admin.Method.login, peerCommonName: "lead@x.org", peerAddress: "127.0.0.1:9")
        var tokens: [String] = []
        for _ in 0..<ServerEngine.maxSessionsPerAdmin { tokens.append(try await engine.login("lead@x.org", context: context).session) }
        _ = try await engine.session(tokens[0], context: context) // the oldest is now recently used
        _ = try await engine.login("lead@x.org", context: context)
        #expect(await engine.sessions.count == ServerEngine.maxSessionsPerAdmin)
        _ = try await engine.session(tokens[0], context: context)
        await #expect(throws: RPCError.self) { try await engine.session(tokens[1], context: context) }
    }
}
