import FlockCore
import FlockProto
import FlockRPC
import FlockServer
import FlockTLS
import Foundation
import Testing

/// Crash drills and refusals with the real binaries: the run survives a client or the server
/// being killed with SIGKILL mid-round, and impostors are refused at the door.
@Suite("Faults: crashes mid-round and refused clients", .serialized)
struct FaultTests {
    /// Sets run 1 up with the phantom app and starts the server and the clients.
    func startRun(_ fed: Federation, rounds: Int, epochs: Int, minClients: Int) async throws {
        try await fed.startRun(app: try fed.makeApp(rounds: rounds, epochs: epochs, minClients: minClients), name: "phantom")
    }

    @Test("a client killed with SIGKILL mid-round is restarted by its supervisor and rejoins; the run completes")
    func clientCrash() async throws {
        let fed = try Federation(label: "cli-crash")
        defer { fed.shutdownAll() }
        try await startRun(fed, rounds: 3, epochs: 4, minClients: 2)
        _ = try await fed.eventually("round 1 to start", timeout: 120) { () -> Bool? in
            (try await fed.serverStatus().currentRound) >= 1 ? true : nil
        }
        let before = try #require(fed.pid("site-2"))
        try fed.kill9("site-2")
        let p = try await fed.waitForFinish()
        #expect(p.history.map(\.round) == [0, 1, 2])
        #expect(p.history.last?.participants == ["site-1", "site-2"], "site-2 should be back for the last round")
        let after = try #require(fed.pid("site-2"))
        #expect(after != before)
        #expect(fed.log("site-2").contains("Resuming training of run 1 after a restart"))
    }

    @Test("the server killed with SIGKILL mid-round resumes at the last completed round; clients carry on without a restart")
    func serverCrash() async throws {
        let fed = try Federation(label: "srv-crash")
        defer { fed.shutdownAll() }
        try await startRun(fed, rounds: 4, epochs: 3, minClients: 2)
        _ = try await fed.eventually("round 2 to start", timeout: 120) { () -> Bool? in
            (fed.progress()?.lastCompletedRound ?? -1) >= 1 ? true : nil
        }
        let clientPIDs = fed.clients.map { fed.pid($0) }
        let completedBeforeCrash = try #require(fed.progress()?.lastCompletedRound)
        try fed.kill9("server")
        // The supervisor restarts the server; the admin logs in again and starts it.
        try await fed.login()
        try await fed.waitForClients()
        let start = try await fed.adminClient().start(Fl_V1_TargetRequest(session: fed.session, target: .server))
        #expect(start.message == "Server training is starting....")
        #expect(fed.log("server").contains("Resuming run 1 after round \(completedBeforeCrash)"))
        let p = try await fed.waitForFinish()
        #expect(p.history.map(\.round) == [0, 1, 2, 3], "every round exactly once, as without the crash")
        #expect(fed.clients.map { fed.pid($0) } == clientPIDs, "clients must not have been restarted")
        let results = try #require(FileManager.default.contents(atPath: fed.workspace("server") + "/run_1/cross_validation/cross_site_validation.json"))
        #expect(String(decoding: results, as: UTF8.self).contains("\"server\""))
    }

    @Test("a client whose certificate comes from another CA, and one claiming another client's name, are refused and logged")
    func impostors() async throws {
        let fed = try Federation(clients: ["site-1", "site-2"], label: "impostor")
        defer { fed.shutdownAll() }
        try fed.start("server")
        try await fed.login() // the server is up
        let kit = fed.workspace("site-1") + "/startup/"
        let trusted = try String(contentsOfFile: kit + "rootCA.pem", encoding: .utf8)

        // A certificate for "site-1" from a CA the project never made.
        let foreignCA = try CertificateAuthority.create(commonName: "Evil Root CA")
        let key = try PrivateKey.generate(.ecP256)
        let cert = try foreignCA.issue(commonName: "site-1", purpose: .client, publicKeyOf: key, validity: .days(30))
        let foreign = try RPCChannel(configuration: .init(
            host: "127.0.0.1", port: fed.fedPort,
            tls: TLSConfiguration(certificateChainPEM: try cert.pemEncoded(), privateKeyPEM: try key.pemEncoded(),
                                  trustRootsPEM: trusted, serverHostName: "localhost")))
        defer { foreign.close() }
        let stub = Fl_V1_FederatedTrainingClient(transport: foreign)
        await #expect(throws: RPCError.self) {
            _ = try await stub.register(Fl_V1_RegisterRequest(clientName: "site-1", project: fed.project))
        }

        // site-2's genuine certificate, claiming to be site-1.
        let s2 = fed.workspace("site-2") + "/startup/"
        let liar = try RPCChannel(configuration: .init(
            host: "127.0.0.1", port: fed.fedPort,
            tls: try TLSConfiguration.fromFiles(certificate: s2 + "client.crt", privateKey: s2 + "client.key",
                                                trustRoots: s2 + "rootCA.pem", serverHostName: "localhost")))
        defer { liar.close() }
        await #expect { _ = try await Fl_V1_FederatedTrainingClient(transport: liar).register(
            Fl_V1_RegisterRequest(clientName: "site-1", project: fed.project))
        } throws: { error in
            (error as? RPCError)?.code == .unauthenticated && "\(error)".contains("does not match the certificate CN site-2")
        }

        let log = try await fed.eventually("the refusals in the server log", timeout: 10) { () -> String? in
            let l = fed.log("server")
            return l.contains("it claims to be site-1 but its certificate CN is site-2") && l.lowercased().contains("certificate") ? l : nil
        }
        #expect(log.contains("Refused registration from 127.0.0.1"))
        #expect(!log.contains("New client site-1@"), "no impostor may join")
    }
}
