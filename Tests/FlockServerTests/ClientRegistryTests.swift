import Foundation
import Testing
import FlockCore
@testable import FlockServer

@Suite("Client registry: sessions, limits, liveness")
struct ClientRegistryTests {
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    func register(_ r: inout ClientRegistry, _ name: String, previous: String? = nil, at t: Date) throws -> ClientRegistry.Client {
        try r.register(name: name, instanceName: "", address: "127.0.0.1:1", previousToken: previous,
                       status: .notStarted, runNumber: 0, now: t).client
    }

    @Test("registering again under the same name replaces the old session: its token stops working")
    func replacement() throws {
        var r = ClientRegistry(maxClients: 5, heartbeatTimeout: 60)
        let first = try register(&r, "site-1", at: t0)
        let (second, replaced) = try r.register(name: "site-1", instanceName: "", address: "127.0.0.1:2", previousToken: nil,
                                                status: .notStarted, runNumber: 0, now: t0)
        #expect(replaced?.token == first.token)
        #expect(second.token != first.token)
        #expect(r.clients.count == 1)
        let oldWorks = r.touch(token: first.token, name: "site-1", now: t0)
        let newWorks = r.touch(token: second.token, name: "site-1", now: t0)
        #expect(!oldWorks && newWorks)
        #expect(second.instanceName == "site-1")
    }

    @Test("a client re-registering after a server restart keeps its token; a foreign token is not reused")
    func previousToken() throws {
        var r = ClientRegistry(maxClients: 5, heartbeatTimeout: 60)
        let kept = UUID().uuidString.lowercased()
        #expect(try register(&r, "site-1", previous: kept, at: t0).token == kept)
        #expect(try register(&r, "site-2", previous: kept, at: t0).token != kept)
        #expect(try register(&r, "site-3", previous: "not-a-uuid", at: t0).token != "not-a-uuid")
    }

    @Test("max_num_clients is enforced with a message that says how to fix it")
    func limit() throws {
        var r = ClientRegistry(maxClients: 2, heartbeatTimeout: 60)
        _ = try register(&r, "a", at: t0)
        _ = try register(&r, "b", at: t0)
        #expect { try register(&r, "c", at: t0) } throws: { error in
            guard let e = error as? FlockError else { return false }
            return e.code == .limitExceeded && e.message.contains("max_num_clients = 2") && e.message.contains("remove_client")
        }
        _ = try register(&r, "a", at: t0) // a known name may always come back
    }

    @Test("only clients silent past heart_beat_timeout are dropped; heartbeats record progress")
    func expiry() throws {
        var r = ClientRegistry(maxClients: 5, heartbeatTimeout: 30)
        let a = try register(&r, "busy", at: t0)
        _ = try register(&r, "silent", at: t0)
        let beat = r.heartbeat(token: a.token, name: "busy", status: .started, runNumber: 1, round: 2, stepsDone: 40, now: t0 + 25)
        #expect(beat)
        let none = r.expire(now: t0 + 29)
        let silent = r.expire(now: t0 + 31)
        #expect(none.isEmpty && silent.map(\.name) == ["silent"])
        #expect(r.client(named: "busy")?.stepsDone == 40 && r.client(named: "busy")?.round == 2)
        let later = r.expire(now: t0 + 56)
        #expect(later.map(\.name) == ["busy"])
        let afterDrop = r.heartbeat(token: a.token, name: "busy", status: .started, runNumber: 1, round: 2, stepsDone: 41, now: t0 + 57)
        #expect(!afterDrop)
    }
}
