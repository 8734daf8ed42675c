import Foundation
import Testing
import FlockCore
@testable import FlockServer

@Suite("Admin requests relayed to clients")
struct AdminRelayTests {
    @Test("delivers a request through the client's stream and returns its reply")
    func roundTrip() async throws {
        let relay = AdminRelay<String, String>()
        let (_, requests) = await relay.attach(client: "site-1")
        let clientSide = Task {
            for await d in requests {
                await relay.reply("done: \(d.request)", to: d.id, from: "site-1")
            }
        }
        #expect(try await relay.send("deploy", to: "site-1", timeout: .seconds(5)) == "done: deploy")
        #expect(try await relay.send("start", to: "site-1", timeout: .seconds(5)) == "done: start")
        clientSide.cancel()
    }

    @Test("fails fast for an unconnected client, on disconnect, and on timeout")
    func failures() async throws {
        let relay = AdminRelay<String, String>()
        await #expect { try await relay.send("x", to: "ghost", timeout: .seconds(5)) } throws: { "\($0)".contains("not connected") }
        let (id, _) = await relay.attach(client: "site-1")
        let pending = Task { try await relay.send("x", to: "site-1", timeout: .seconds(30)) }
        for _ in 0..<500 where await relay.pendingCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        await relay.detach(client: "site-1", stream: id)
        await #expect { _ = try await pending.value } throws: { "\($0)".contains("disconnected") }
        _ = await relay.attach(client: "site-2")
        await #expect { try await relay.send("x", to: "site-2", timeout: .milliseconds(100)) } throws: { "\($0)".contains("did not answer") }
    }

    @Test("a newer stream from the same client replaces the old one, and replies from others are ignored")
    func replacement() async throws {
        let relay = AdminRelay<String, String>()
        let (oldID, old) = await relay.attach(client: "site-1")
        let (_, new) = await relay.attach(client: "site-1")
        var it = old.makeAsyncIterator()
        #expect(await it.next() == nil)
        await relay.detach(client: "site-1", stream: oldID) // stale detach: no effect
        #expect(await relay.isConnected("site-1"))
        let t = Task {
            for await d in new {
                #expect(await relay.reply("forged", to: d.id, from: "site-2") == false)
                await relay.reply("ok", to: d.id, from: "site-1")
            }
        }
        #expect(try await relay.send("x", to: "site-1", timeout: .seconds(5)) == "ok")
        t.cancel()
    }
}
