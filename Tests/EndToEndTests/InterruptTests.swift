import FlockCore
import FlockProto
import FlockServer
import Foundation
import Testing

/// The seed's known issue: "Do not use ctrl-c to stop the FL server or FL clients, as there are
/// known issues that can leave clients in a state where they are stuck and unable to communicate
/// with the FL server." In Flock an interrupt (SIGINT, as Ctrl-C sends) is a clean stop: the
/// process says goodbye, its supervisor does not restart it, and starting it again carries on.
@Suite("Interrupts (Ctrl-C) mid-round leave nothing stuck", .serialized)
struct InterruptTests {
    /// Sends SIGINT to `name`'s process and waits until it has exited and stays down (its
    /// supervisor must not restart a process that was stopped on purpose).
    func interrupt(_ fed: Federation, _ name: String) async throws {
        let p = try #require(fed.pid(name))
        kill(p, SIGINT)
        _ = try await fed.eventually("\(name) to exit after SIGINT", timeout: 30, every: 0.2) { () -> Bool? in
            fed.pid(name) == nil ? true : nil
        }
        try await Task.sleep(for: .seconds(3)) // > FLOCK_RESTART_DELAY (1 s in tests)
        #expect(fed.pid(name) == nil, "the supervisor restarted \(name) after a deliberate stop")
    }

    @Test("Ctrl-C on a client mid-round: it leaves cleanly, the round closes without it, and started again it rejoins")
    func clientInterrupted() async throws {
        let fed = try Federation(label: "int-client")
        defer { fed.shutdownAll() }
        // Four rounds: the interrupt lands in round 1 or, when site-2 was quick, round 2; the
        // round it hit closes without it and the next one waits for it (min 2 clients), so it
        // is back before the last round. (With three rounds a late interrupt hit the last one.)
        try await fed.startRun(app: try fed.makeApp(rounds: 4, epochs: 4, minClients: 2), name: "phantom")
        _ = try await fed.eventually("round 1 to start", timeout: 120) { () -> Bool? in
            (try await fed.serverStatus().currentRound) >= 1 ? true : nil
        }
        try await interrupt(fed, "site-2")
        // The server learns at once (Quit), not after heart_beat_timeout (60 s here).
        _ = try await fed.eventually("the server to drop site-2", timeout: 20) { () -> Bool? in
            let names = try await fed.serverStatus().registeredClients.map(\.clientName)
            return names.contains("site-2") ? nil : true
        }
        #expect(fed.log("server").contains("site-2"))
        // Started again, it registers and resumes training by itself; the run completes with both.
        try fed.start("site-2")
        let p = try await fed.waitForFinish()
        #expect(p.history.map(\.round) == [0, 1, 2, 3])
        #expect(p.history.last?.participants == ["site-1", "site-2"], "site-2 should be back for the last round: \(p.history.map(\.participants))")
        #expect(fed.log("site-2").contains("Resuming training of run 1 after a restart"))
    }

    @Test("Ctrl-C on the server mid-round: it stops cleanly, clients wait for it, and started again the run resumes without restarting them")
    func serverInterrupted() async throws {
        let fed = try Federation(label: "int-server")
        defer { fed.shutdownAll() }
        try await fed.startRun(app: try fed.makeApp(rounds: 4, epochs: 3, minClients: 2), name: "phantom")
        _ = try await fed.eventually("round 1 to complete", timeout: 120) { () -> Bool? in
            (fed.progress()?.lastCompletedRound ?? -1) >= 1 ? true : nil
        }
        let clientPIDs = fed.clients.map { fed.pid($0) }
        try await interrupt(fed, "server")
        let completed = try #require(fed.progress()?.lastCompletedRound)
        #expect(fed.log("server").contains("Server shutting down"))
        // Clients keep trying to reach it (they are neither stuck nor gone).
        _ = try await fed.eventually("site-1 to notice the server is gone", timeout: 30) { () -> Bool? in
            let log = fed.log("site-1")
            return log.contains("Server not reachable") || log.contains("Could not connect to server") ? true : nil
        }
        try fed.start("server")
        try await fed.login()
        try await fed.waitForClients()
        _ = try await fed.adminClient().start(Fl_V1_TargetRequest(session: fed.session, target: .server))
        #expect(fed.log("server").contains("Resuming run 1 after round \(completed)"))
        let p = try await fed.waitForFinish()
        #expect(p.history.map(\.round) == [0, 1, 2, 3], "every round exactly once")
        #expect(fed.clients.map { fed.pid($0) } == clientPIDs, "clients must not have been restarted")
    }
}
