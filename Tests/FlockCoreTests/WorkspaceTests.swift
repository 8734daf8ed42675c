import Testing
@testable import FlockCore

@Suite("Workspace layout")
struct WorkspaceTests {
    @Test("derives the seed's folders beside startup/")
    func layout() {
        let ws = Workspace(startupDirectory: "/srv/fl/site-1/startup/")
        #expect(ws.root == "/srv/fl/site-1")
        #expect(ws.transfer == "/srv/fl/site-1/transfer")
        #expect(ws.clientApp(run: 3, client: "site-1") == "/srv/fl/site-1/run_3/mmar_site-1")
        #expect(ws.serverApp(run: 12) == "/srv/fl/site-1/run_12/mmar_server")
        #expect(ws.crossValidation(run: 1) == "/srv/fl/site-1/run_1/cross_validation")
        #expect(ws.startupFile("fed_client.json") == "/srv/fl/site-1/startup/fed_client.json")
    }

    @Test("a startup folder at the file-system root has / as its workspace")
    func rootStartup() {
        #expect(Workspace(startupDirectory: "/startup").root == "/")
        #expect(Workspace(root: "/").log == "/log.txt")
    }
}
