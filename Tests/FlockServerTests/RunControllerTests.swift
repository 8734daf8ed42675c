import Foundation
import Logging
import Testing
import FlockCore
@testable import FlockServer

@Suite("Run controller: rounds, drops, cross-site validation, resume")
struct RunControllerTests {
    let workspace: Workspace = {
        let d = NSTemporaryDirectory() + "flock-run-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d + "/run_1/mmar_server/config", withIntermediateDirectories: true)
        return Workspace(root: d)
    }()
    let layout = SafeTensors.layout([("w", [4]), ("b", [2])])

    func config(rounds: Int, min: Int = 2, crossSite: Bool = true) -> FedServerAppConfig {
        var c = FedServerAppConfig()
        c.numRounds = rounds
        c.minNumClients = min
        c.waitAfterMinClients = 0
        c.crossSiteValidate = crossSite
        return c
    }

    func controller(_ c: FedServerAppConfig) throws -> RunController {
        try RunController(paths: RunPaths(workspace: workspace, run: 1), config: c, logger: Logger(label: "test"))
    }

    func values(_ v: Float) -> [UInt8] { [Float](repeating: v, count: 6).withUnsafeBytes { Array($0) } }

    /// A client's whole round: ask for the task, send `value` everywhere, with `samples`.
    func train(_ rc: RunController, _ client: String, value: Float, samples: UInt64, metrics: [String: Double] = [:]) async throws -> Int {
        guard case let .train(id, round, _, _) = await rc.requestTask(client: client, maxWait: .seconds(5)) else {
            Issue.record("\(client) got no training task")
            return -1
        }
        let c = try await rc.beginUpdate(client: client, taskID: id, round: round, sampleCount: samples, isDelta: false, layout: layout)
        try c.add(values(value), at: 0)
        try await rc.finishUpdate(client: client, c, sampleCount: samples, metrics: metrics)
        return round
    }

    func globalValues() throws -> [Float] {
        try SafeTensors.read(RunPaths(workspace: workspace, run: 1).globalModel).flatMap(\.values)
    }

    @Test("runs rounds of weighted FedAvg, then cross-site validation, and finishes")
    func fullRun() async throws {
        let rc = try controller(config(rounds: 2))
        await rc.begin()
        async let a = train(rc, "site-1", value: 1, samples: 1, metrics: ["loss": 0.5])
        async let b = train(rc, "site-2", value: 4, samples: 3, metrics: ["loss": 0.7])
        #expect(try await [a, b] == [0, 0])
        // Round 1 starts from round 0's model at once (its staged file), while it is made durable.
        guard case let .train(_, 1, 2, model?) = await rc.requestTask(client: "site-1", maxWait: .seconds(2)) else {
            Issue.record("round 1 should start with the global model"); return
        }
        #expect(model.hasSuffix("models/.FL_global_model.round-0.safetensors"))
        #expect(try SafeTensors.read(model).flatMap(\.values) == [Float](repeating: 3.25, count: 6))
        await rc.settle()
        #expect(try globalValues() == [Float](repeating: 3.25, count: 6))
        #expect(try RunProgress.load(RunPaths(workspace: workspace, run: 1).progress)?.lastCompletedRound == 0)
        async let c = train(rc, "site-1", value: 2, samples: 1, metrics: ["val_mean_dice": 0.6])
        async let d = train(rc, "site-2", value: 2, samples: 1, metrics: ["val_mean_dice": 0.8])
        _ = try await [c, d]
        await rc.settle()
        #expect(try globalValues() == [Float](repeating: 2, count: 6))
        #expect(await rc.phase == .validating)
        // Each site validates the global model and both local models.
        for site in ["site-1", "site-2"] {
            for _ in 0..<3 {
                guard case let .validate(id, owner, path) = await rc.requestTask(client: site, maxWait: .seconds(2)) else {
                    Issue.record("\(site) expected a validation task"); return
                }
                #expect(FileManager.default.fileExists(atPath: path))
                try await rc.submitValidation(client: site, taskID: id, owner: owner, metrics: ["mean_dice": owner == "server" ? 0.9 : 0.7])
            }
        }
        await rc.settle() // "finished" once the run's files are saved
        #expect(await rc.phase == .finished)
        #expect(await rc.requestTask(client: "site-1", maxWait: .milliseconds(10)) == .end)
        await rc.settle()
        let staged = try FileManager.default.contentsOfDirectory(atPath: RunPaths(workspace: workspace, run: 1).models).filter { $0.hasPrefix(".") }
        #expect(staged.isEmpty, "staged models are removed once the run is saved: \(staged)")
        let results = await rc.crossValidationResults
        #expect(Set(results.keys) == ["server", "site-1", "site-2"])
        #expect(results["server"]?["site-2"]?["mean_dice"] == 0.9)
        let paths = RunPaths(workspace: workspace, run: 1)
        #expect(FileManager.default.fileExists(atPath: paths.crossValidationResults))
        #expect(FileManager.default.fileExists(atPath: paths.bestModel))
        let progress = try #require(try RunProgress.load(paths.progress))
        #expect(progress.finished && progress.lastCompletedRound == 1 && progress.bestRound == 0)
        #expect(try String(contentsOfFile: paths.metricsCSV, encoding: .utf8).contains("1,site-2,1,,0.800000"))
        #expect(try String(contentsOfFile: paths.metricsSVG, encoding: .utf8).hasPrefix("<svg"))
    }

    @Test("a client that dies mid-round is dropped and the round completes without it")
    func dropMidRound() async throws {
        let rc = try controller(config(rounds: 1, min: 2, crossSite: false))
        await rc.begin()
        _ = await rc.requestTask(client: "site-2", maxWait: .milliseconds(1))
        guard case let .train(id, round, _, _) = await rc.requestTask(client: "site-1", maxWait: .seconds(2)) else {
            Issue.record("no task"); return
        }
        let dying = try await rc.beginUpdate(client: "site-2", taskID: {
            if case let .train(i, _, _, _) = await rc.requestTask(client: "site-2", maxWait: .seconds(1)) { return i }
            return ""
        }(), round: round, sampleCount: 9, isDelta: false, layout: layout)
        try dying.add(Array(values(100)[0..<10]), at: 0)
        let good = try await rc.beginUpdate(client: "site-1", taskID: id, round: round, sampleCount: 1, isDelta: false, layout: layout)
        try good.add(values(5), at: 0)
        try await rc.finishUpdate(client: "site-1", good, sampleCount: 1, metrics: [:])
        #expect(await rc.phase == .training) // still waiting for site-2's stream
        await rc.abandonUpdate(client: "site-2", dying)
        await rc.clientGone("site-2", reason: "connection lost")
        await rc.settle() // "finished" once the run's files are saved
        #expect(await rc.phase == .finished)
        await rc.settle()
        #expect(try globalValues() == [Float](repeating: 5, count: 6))
    }

    @Test("a restarted server resumes after the last completed round")
    func resume() async throws {
        do {
            let rc = try controller(config(rounds: 3, min: 1, crossSite: false))
            await rc.begin()
            #expect(try await train(rc, "site-1", value: 7, samples: 2) == 0)
            // Round 1 starts; the "crash" happens mid-round: the controller is simply dropped.
            guard case .train(_, 1, _, _) = await rc.requestTask(client: "site-1", maxWait: .seconds(2)) else {
                Issue.record("round 1 did not start"); return
            }
            await rc.settle()
        }
        let rc = try controller(config(rounds: 3, min: 1, crossSite: false))
        await rc.begin()
        #expect(await rc.round == 1)
        #expect(try await train(rc, "site-1", value: 1, samples: 1) == 1)
        #expect(try await train(rc, "site-1", value: 3, samples: 1) == 2)
        await rc.settle() // "finished" once the run's files are saved
        #expect(await rc.phase == .finished)
        await rc.settle()
        let p = try #require(try RunProgress.load(RunPaths(workspace: workspace, run: 1).progress))
        #expect(p.history.map(\.round) == [0, 1, 2])
        #expect(throws: FlockError.self) { try controller(config(rounds: 3, min: 1)) }
    }

    @Test("a round whose model cannot be saved stops the run; the saved model and progress stay as they were")
    func durableSaveFailure() async throws {
        let rc = try controller(config(rounds: 3, min: 1, crossSite: false))
        let paths = RunPaths(workspace: workspace, run: 1)
        await rc.begin()
        #expect(try await train(rc, "site-1", value: 7, samples: 2) == 0)
        await rc.settle()
        let savedModel = try Data(contentsOf: URL(fileURLWithPath: paths.globalModel))
        let savedProgress = try Data(contentsOf: URL(fileURLWithPath: paths.progress))
        // Round 1 validates round 0's model as the best so far, but the best model's name is taken
        // by a folder: round 1's durable step fails after the round itself ended.
        try FileManager.default.createDirectory(atPath: paths.bestModel + "/blocked", withIntermediateDirectories: true)
        #expect(try await train(rc, "site-1", value: 1, samples: 1, metrics: ["val_mean_dice": 0.5]) == 1)
        await rc.settle()
        for _ in 0..<200 where await rc.phase != .aborted { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await rc.phase == .aborted)
        let failure = try #require(await rc.failure)
        #expect(failure.contains("saving round 1 failed") && failure.contains("(round 0) is intact") && failure.contains("resume at round 1"), "\(failure)")
        #expect(await rc.requestTask(client: "site-1", maxWait: .milliseconds(10)) == .end)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths.globalModel)) == savedModel)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths.progress)) == savedProgress)
        // Restarted once the folder is gone, the run resumes at the round that was not saved.
        try FileManager.default.removeItem(atPath: paths.bestModel)
        let resumed = try controller(config(rounds: 3, min: 1, crossSite: false))
        #expect(await resumed.round == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: paths.models).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "staged models of unsaved rounds are removed at restart: \(left)")
    }

    @Test("a crash after fl_state.json recorded a round but before its model got the global name is repaired at start")
    func repairsUnlinkedGlobalModel() async throws {
        let paths = RunPaths(workspace: workspace, run: 1)
        do {
            let rc = try controller(config(rounds: 3, min: 1, crossSite: false))
            await rc.begin()
            #expect(try await train(rc, "site-1", value: 7, samples: 2) == 0)
            await rc.settle()
            let round0 = try Data(contentsOf: URL(fileURLWithPath: paths.globalModel))
            #expect(try await train(rc, "site-1", value: 1, samples: 1) == 1)
            await rc.settle()
            // The state a crash between the two last durable steps leaves: fl_state.json says
            // round 1, its synced staged file exists, the global name still holds round 0.
            // (The newest staged file stays until the next round is saved.)
            #expect(FileManager.default.fileExists(atPath: paths.stagedGlobalModel(round: 1)))
            try FileManager.default.removeItem(atPath: paths.globalModel)
            try round0.write(to: URL(fileURLWithPath: paths.globalModel))
        }
        let resumed = try controller(config(rounds: 3, min: 1, crossSite: false))
        #expect(await resumed.round == 2)
        #expect(try SafeTensorsFile(path: paths.globalModel).metadata["round"] == "1")
        #expect(try globalValues() == [Float](repeating: 1, count: 6))
        #expect(!FileManager.default.fileExists(atPath: paths.stagedGlobalModel(round: 1)))
    }

    @Test("refuses updates from non-participants, for the wrong round, or with another layout")
    func refusals() async throws {
        let rc = try controller(config(rounds: 1, min: 1, crossSite: false))
        await rc.begin()
        guard case let .train(id, _, _, _) = await rc.requestTask(client: "site-1", maxWait: .seconds(2)) else { return }
        await #expect(throws: FlockError.self) { try await rc.beginUpdate(client: "intruder", taskID: id, round: 0, sampleCount: 1, isDelta: false, layout: layout) }
        await #expect(throws: FlockError.self) { try await rc.beginUpdate(client: "site-1", taskID: id, round: 5, sampleCount: 1, isDelta: false, layout: layout) }
        await #expect(throws: FlockError.self) { try await rc.beginUpdate(client: "site-1", taskID: id, round: 0, sampleCount: 0, isDelta: false, layout: layout) }
        _ = try await rc.beginUpdate(client: "site-1", taskID: id, round: 0, sampleCount: 1, isDelta: false, layout: layout)
        await #expect(throws: FlockError.self) {
            try await rc.beginUpdate(client: "site-1", taskID: id, round: 0, sampleCount: 1, isDelta: false, layout: SafeTensors.layout([("x", [6])]))
        }
    }

    @Test("progress_timeout drops a participant that shows no progress, counting downloads, steps and update chunks as progress")
    func stalledParticipant() async throws {
        var c = config(rounds: 2, crossSite: false)
        c.progressTimeout = 10
        let rc = try controller(c)
        await rc.begin()
        // Both take their task (progress); site-1 submits, site-2 goes silent.
        async let t1 = rc.requestTask(client: "site-1", maxWait: .seconds(5))
        async let t2 = rc.requestTask(client: "site-2", maxWait: .seconds(5))
        guard case let .train(id1, round, _, _) = await t1, case let .train(id2, _, _, _) = await t2 else {
            Issue.record("no training tasks"); return
        }
        let t0 = Date()
        let u = try await rc.beginUpdate(client: "site-1", taskID: id1, round: round, sampleCount: 1, isDelta: false, layout: layout)
        try u.add(values(2), at: 0)
        try await rc.finishUpdate(client: "site-1", u, sampleCount: 1, metrics: [:])
        #expect(await rc.dropStalled(at: t0.addingTimeInterval(5)).isEmpty)
        await rc.noteProgress("site-2", at: t0.addingTimeInterval(8)) // e.g. a training step in a heartbeat
        #expect(await rc.dropStalled(at: t0.addingTimeInterval(15)).isEmpty, "8 s + 10 s have not passed")
        #expect(await rc.dropStalled(at: t0.addingTimeInterval(19)) == ["site-2"])
        // The round closed without it, from site-1's update alone, and the next one began.
        await rc.settle()
        #expect(await rc.progress.history.first?.participants == ["site-1"])
        #expect(try globalValues() == [Float](repeating: 2, count: 6))
        #expect(await rc.round == 1)
        // Its late update for round 0 is refused, not mixed into round 1.
        await #expect(throws: FlockError.self) {
            _ = try await rc.beginUpdate(client: "site-2", taskID: id2, round: 0, sampleCount: 1, isDelta: false, layout: layout)
        }
    }

    @Test("progress_timeout 0 (the default) never drops a connected participant; an arriving update is left to the transport")
    func noStallLimit() async throws {
        for limit in [0.0, 1.0] {
            var c = config(rounds: 1, crossSite: false)
            c.progressTimeout = limit
            let rc = try RunController(paths: RunPaths(workspace: Workspace(root: workspace.root + "/limit-\(limit)"), run: 1), config: c,
                                       logger: Logger(label: "test"))
            await rc.begin()
            async let t1 = rc.requestTask(client: "site-1", maxWait: .seconds(5))
            async let t2 = rc.requestTask(client: "site-2", maxWait: .seconds(5))
            guard case let .train(id, round, _, _) = await t1, case .train = await t2 else { Issue.record("no tasks"); return }
            _ = try await rc.beginUpdate(client: "site-1", taskID: id, round: round, sampleCount: 1, isDelta: false, layout: layout)
            // site-1's update is arriving: never dropped; site-2 did nothing: dropped only with a limit.
            #expect(await rc.dropStalled(at: Date().addingTimeInterval(1e6)) == (limit > 0 ? ["site-2"] : []))
        }
    }
}
