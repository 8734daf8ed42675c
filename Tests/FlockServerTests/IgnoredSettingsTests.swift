import FlockCore
import Testing
@testable import FlockServer

@Suite("fed_server.json keys accepted for Clara compatibility but not acted on")
struct IgnoredSettingsTests {
    func server(compression: String = "none", adminStorage: String = "transfer") -> FedServerConfig.Server {
        FedServerConfig.Server(name: "p", target: "localhost:8002", adminHost: "localhost", adminPort: 8003,
                               adminStorage: adminStorage, compression: compression)
    }

    @Test("the defaults say nothing")
    func quiet() {
        #expect(ServerProcess.ignoredSettings(server()).isEmpty)
    }

    @Test("gzip compression and another admin_storage are each named, with what happens instead and how to silence it")
    func warned() {
        let notes = ServerProcess.ignoredSettings(server(compression: "gzip", adminStorage: "uploads"))
        #expect(notes.count == 2)
        #expect(notes.contains { $0.contains("compression is 'gzip'") && $0.contains("sent uncompressed") && $0.contains("\"none\"") })
        #expect(notes.contains { $0.contains("admin_storage is 'uploads'") && $0.contains("transfer/") })
    }
}
