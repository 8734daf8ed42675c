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
