import FlockCore
import FlockProto
import FlockRPC
import Foundation
import Testing
import FlockServer

/// The issue's acceptance run: provisioned kits, real binaries started with start.sh on 127.0.0.1,
/// driven through the generated Admin client.
@Suite("A federated run from provisioned kits", .serialized)
struct FederatedRunTests {
    @Test("server and two clients train three rounds, cross-validate and shut down, as the seed describes")
    func fullRun() async throws {
        let fed = try Federation(label: "run")
        defer { fed.shutdownAll() }
        try fed.start("server")
        for c in fed.clients { try fed.start(c) }
        try await fed.login()
        try await fed.waitForClients()
        let admin = try fed.adminClient()
        let s = fed.session

        let initial = try await fed.serverStatus()
        #expect(!initial.runNumberSet && initial.status == .notStarted && initial.registeredClients.count == 2)

        let setRun = try await admin.setRunNumber(Fl_V1_RunNumberRequest(session: s, runNumber: 1))
        #expect(setRun.message == "Create a new run folder: run_1")
        #expect(setRun.replies.allSatisfy { $0.ok })

        let upload = try await fed.upload("phantom", from: try fed.makeApp(rounds: 3, epochs: 3, minClients: 2))
        #expect(upload.message == "Created folder \(fed.workspace("server"))/transfer/phantom")

        #expect(try await admin.deploy(Fl_V1_DeployRequest(session: s, app: "phantom", target: .server)).message == "mmar_server has been deployed.")
        let deployed = try await admin.deploy(Fl_V1_DeployRequest(session: s, app: "phantom", target: .client))
        #expect(deployed.replies.map(\.message) == ["MMAR deployed.", "MMAR deployed."])
        #expect(try await admin.start(Fl_V1_TargetRequest(session: s, target: .server)).message == "Server training is starting....")
        #expect(try await fed.serverStatus().status == .started)
        let started = try await admin.start(Fl_V1_TargetRequest(session: s, target: .client))
        #expect(started.replies.map(\.message) == ["Starting the client...", "Starting the client..."])

        _ = try await fed.eventually("the run to finish", timeout: 240, every: 1) { () -> Bool? in
            try await fed.serverStatus().status == .finished ? true : nil
        }

        // Folder layout of the seed.
        let server = fed.workspace("server"), fm = FileManager.default
        for path in ["run_1/mmar_server/config/config_fed_server.json", "run_1/mmar_server/resources",
                     "run_1/mmar_server/models/FL_global_model.safetensors", "run_1/cross_validation/cross_site_validation.json",
                     "transfer/phantom/config", "admin_audit.log", "log.txt"] {
            #expect(fm.fileExists(atPath: "\(server)/\(path)"), "server workspace lacks \(path)")
        }
        #expect(!fm.fileExists(atPath: "\(server)/transfer/phantom/models"))
        for c in fed.clients {
            for sub in ["config", "models", "evals", "resources"] {
                #expect(fm.fileExists(atPath: "\(fed.workspace(c))/run_1/mmar_\(c)/\(sub)"), "\(c) lacks run_1/mmar_\(c)/\(sub)")
            }
            // Once the client's run is over, its scratch spares and temporaries are gone too.
            let models = "\(fed.workspace(c))/run_1/mmar_\(c)/models"
            _ = try await fed.eventually("\(c)'s models folder to hold no hidden scratch files", timeout: 30, every: 0.25) { () -> Bool? in
                (try fm.contentsOfDirectory(atPath: models)).allSatisfy { !$0.hasPrefix(".") } ? true : nil
            }
            #expect(fm.fileExists(atPath: models + "/global.safetensors") && fm.fileExists(atPath: models + "/local.safetensors"))
        }

        // Global Dice rises over rounds (measured by the sites on each round's global model).
        let progress = try #require(try RunProgress.load(server + "/run_1/mmar_server/fl_state.json"))
        #expect(progress.finished && progress.history.map(\.round) == [0, 1, 2])
        let dice = progress.history.compactMap { r -> Double? in
            let d = r.globalValidation.values.compactMap { $0["mean_dice"] }
            return d.isEmpty ? nil : d.reduce(0, +) / Double(d.count)
        }
        let validation = try await admin.validate(Fl_V1_ValidateRequest(session: s, all: true))
        let finalDice = validation.entries.filter { $0.source == "server" }.compactMap { $0.metrics.dictionary["mean_dice"] }
        #expect(dice.count == 2 && finalDice.count == 2)
        let series = dice + [finalDice.reduce(0, +) / Double(max(finalDice.count, 1))]
        #expect(series.last! > series.first!, "global mean Dice did not rise: \(series)")

        // Cross-site validation matrix: global and both local models on both sites.
        #expect(Set(validation.entries.map { "\($0.source)>\($0.target)" }) ==
                ["server>site-1", "server>site-2", "site-1>site-1", "site-1>site-2", "site-2>site-1", "site-2>site-2"])

        // The seed's log lines.
        let serverLog = fed.log("server")
        for c in fed.clients {
            #expect(serverLog.contains(" - ClientManager - INFO - Client: New client \(c)@127.0.0.1 joined. Sent token: "))
            #expect(fed.log(c).contains(" - FederatedClient - INFO - Successfully registered client:\(c) for \(fed.project). Got token:"))
        }
        #expect(serverLog.range(of: #"Total clients: 2"#) != nil)

        // Shut down clients first, then the server.
        let shut = try await admin.shutdown(Fl_V1_TargetRequest(session: s, target: .client))
        #expect(shut.replies.map(\.message) == ["Shutdown the client...", "Shutdown the client..."])
        #expect(try await admin.shutdown(Fl_V1_TargetRequest(session: s, target: .server)).message.hasPrefix("Shutting down the server"))
        _ = try await fed.eventually("every process to exit", timeout: 30) { () -> Bool? in
            (["server"] + fed.clients).allSatisfy { fed.pid($0) == nil } ? true : nil
        }
        #expect(fed.log("server").contains("fl-server shut down cleanly"))
    }
}
