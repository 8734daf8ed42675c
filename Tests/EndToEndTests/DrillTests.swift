import FlockCore
import FlockProto
import FlockServer
import Foundation
import Testing

/// Fault drills (docs/drills.md): the real binaries through crashes at the worst moments, a full
/// disk, skewed clocks and a cut network link. They need root (tmpfs mounts, network namespaces)
/// and libfaketime, so they run only under `make drills` (FLOCK_DRILLS=1), which CI runs as part
/// of `make test`; there a missing prerequisite fails the drill instead of skipping it.
@Suite("Fault drills (make drills)", .serialized, .enabled(if: Drills.enabled, "set FLOCK_DRILLS=1 (make drills) to run the fault drills"))
struct DrillTests {
    // MARK: (a) server killed mid-upload

    @Test("drill: the server killed with SIGKILL while a client uploads a large model resumes at the last completed round; saved models are intact")
    func serverKilledMidUpload() async throws {
        try Drills.requireRoot()
        let fed = try Federation(label: "drill-upload")
        defer { fed.shutdownAll() }
        let mb = 24
        let app = try Drills.passThroughApp(fed, megabytes: mb, rounds: 4, minClients: 2)
        try await Drills.startRun(fed, app: app)

        // Wait until a client is sending its update (it logged the round as trained but not the
        // update as sent), after at least one completed round; freeze the server, record what is
        // saved, then SIGKILL it. (The server's spool files are reused from round to round, so
        // their size no longer tells an upload in progress.)
        let serverPID = try #require(fed.pid("server"))
        let models = Drills.serverModels(fed)
        let total = UInt64(mb) << 20
        let (saved, completed) = try await Drills.freezeServer(fed, pid: serverPID, models: models,
                                                               at: "an upload in progress after round 0", every: 0.02) {
            guard let done = fed.progress()?.lastCompletedRound, done >= 0, Drills.uploading(fed, round: done + 1) else { return nil }
            return done
        }
        kill(serverPID, SIGKILL)
        #expect(saved["FL_global_model.safetensors"] != nil, "round \(completed)'s global model should be saved before the kill")

        // The supervisor restarts fl-server; before anything else, what was saved is unchanged.
        _ = try await fed.eventually("fl-server to be restarted", timeout: 30) { () -> Int32? in
            guard let p = fed.pid("server"), p != serverPID else { return nil }
            return p
        }
        #expect(try Drills.snapshot(models, plus: [fed.progressPath]) == saved, "saved files changed across the crash")
        let global = try SafeTensorsFile(path: models + "/FL_global_model.safetensors")
        #expect(global.dataSize == total && global.metadata["round"] == "\(completed)")
        #expect(Drills.temporaries(models).isEmpty)

        try await fed.login()
        try await fed.waitForClients()
        _ = try await fed.adminClient().start(Fl_V1_TargetRequest(session: fed.session, target: .server))
        #expect(fed.log("server").contains("Resuming run 1 after round \(completed)"))
        let p = try await fed.waitForFinish(timeout: 180, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2, 3], "every round exactly once")
        #expect(p.history.last?.participants == ["site-1", "site-2"])
        #expect(try SafeTensorsFile(path: models + "/FL_global_model.safetensors").metadata["round"] == "3")
        #expect(Drills.temporaries(models).isEmpty)
    }

    @Test("drill: the server killed with SIGKILL while it writes a round's global model keeps the previous one intact and leaves no partial file")
    func serverKilledWhileSaving() async throws {
        try Drills.requireRoot()
        let fed = try Federation(clients: ["site-1"], label: "drill-save")
        defer { fed.shutdownAll() }
        let app = try Drills.passThroughApp(fed, megabytes: 32, rounds: 5, minClients: 1)
        try await Drills.startRun(fed, app: app)
        let serverPID = try #require(fed.pid("server"))
        let models = Drills.serverModels(fed)
        // A `..FL_global_model.round-N.safetensors.*.tmp` is a round's aggregated model being
        // written (its staged file, see docs/architecture.md; rounds ≥ 1, so that an earlier one
        // is saved).
        let (saved, completed) = try await Drills.freezeServer(fed, pid: serverPID, models: models,
                                                               at: "a global model being saved", every: 0.01) {
            guard Drills.temporaries(models).contains(where: { $0.hasPrefix("..FL_global_model.round-") }) else { return nil }
            return fed.progress()?.lastCompletedRound
        }
        kill(serverPID, SIGKILL)
        _ = try await fed.eventually("fl-server to be restarted", timeout: 30) { () -> Int32? in
            guard let p = fed.pid("server"), p != serverPID else { return nil }
            return p
        }
        #expect(try Drills.snapshot(models, plus: [fed.progressPath]) == saved, "saved files changed across the crash")
        #expect(!Drills.temporaries(models).isEmpty, "the kill should leave the partial model behind for the restarted server to clean")

        try await fed.login()
        try await fed.waitForClients()
        _ = try await fed.adminClient().start(Fl_V1_TargetRequest(session: fed.session, target: .server))
        #expect(fed.log("server").contains("Resuming run 1 after round \(completed)"))
        // The global model is the one fl_state.json records (linked at start if the crash came
        // between the two), and no temporary or staged file is left.
        #expect(try SafeTensorsFile(path: models + "/FL_global_model.safetensors").metadata["round"] == "\(completed)")
        #expect(Drills.temporaries(models).isEmpty, "partial files left: \(Drills.temporaries(models))")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: models)) ?? []).contains { $0.hasPrefix(".FL_global_model.round-") })
        #expect(fed.log("server").contains("a partial file left by a previous fl-server"))
        let p = try await fed.waitForFinish(timeout: 180, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2, 3, 4], "every round exactly once")
        #expect(try SafeTensorsFile(path: models + "/FL_global_model.safetensors").metadata["round"] == "4")
    }

    // MARK: (b) client killed while receiving

    @Test("drill: a client killed with SIGKILL while receiving the global model leaves no partial file and rejoins; the run completes")
    func clientKilledWhileReceiving() async throws {
        try Drills.requireRoot()
        let fed = try Federation(label: "drill-receive")
        defer { fed.shutdownAll() }
        let app = try Drills.passThroughApp(fed, megabytes: 24, rounds: 5, minClients: 2)
        try await Drills.startRun(fed, app: app)

        let models = fed.workspace("site-2") + "/run_1/mmar_site-2/models"
        let before = try #require(fed.pid("site-2"))
        let server = try #require(fed.pid("server"))
        // A temporary `.global.safetensors.*.tmp` is the model being received (rounds ≥ 1).
        let partial = try await fed.eventually("site-2 receiving a global model", timeout: 180, every: 0.02) { () -> [String]? in
            guard !Drills.temporaries(models).filter({ $0.hasPrefix(".global.safetensors.") }).isEmpty else { return nil }
            kill(before, SIGSTOP)
            let t = Drills.temporaries(models).filter { $0.hasPrefix(".global.safetensors.") }
            if t.isEmpty { kill(before, SIGCONT); return nil }
            return t
        }
        kill(before, SIGKILL)
        let killedIn = fed.progress().map { ($0.lastCompletedRound ?? -1) + 1 } ?? 0
        #expect(!partial.isEmpty, "the kill should leave a partial download behind for the restarted client to clean")

        let p = try await fed.waitForFinish(timeout: 180, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2, 3, 4], "every round exactly once")
        #expect(p.history.last?.participants == ["site-1", "site-2"], "site-2 should be back for the last round (killed in round \(killedIn))")
        #expect(fed.pid("site-2") != before, "the supervisor restarts the killed client")
        // The server must survive a peer that dies while it streams to it (it overflowed its stack once).
        #expect(fed.pid("server") == server && !fed.log("server").contains("fl-server exited"), "fl-server crashed")
        let log = fed.log("site-2")
        #expect(log.contains("Resuming training of run 1 after a restart"))
        #expect(log.contains("a partial file left by a previous fl-client"), "the restarted client removes the partial download")
        #expect(Drills.temporaries(models).isEmpty, "no partial files in the client workspace: \(Drills.temporaries(models))")
        let received = try SafeTensorsFile(path: models + "/global.safetensors")
        #expect(received.dataSize == 24 << 20)
    }

    // MARK: (c) disk full while saving a round

    @Test("drill: a full disk while saving a round keeps the previous global model intact, stops the run with ENOSPC, and resumes after space is freed")
    func diskFullWhileSaving() async throws {
        try Drills.requireRoot()
        let fed = try Federation(clients: ["site-1"], label: "drill-diskfull")
        let run = fed.workspace("server") + "/run_1"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        // An 8 MiB model (summed in memory: below aggregation_memory_mb): round 0 needs ~2 models
        // of space (the update's spool, the new global model) and round 1 ~3 (plus the previous
        // global model): 20 MiB fits the first.
        try Drills.sh("mount -t tmpfs -o size=20m,mode=0755 flock-drill \(Drills.quoted(run))")
        defer {
            fed.shutdownAll()
            Drills.unmount(run)
        }
        let app = try Drills.passThroughApp(fed, megabytes: 8, rounds: 3, minClients: 1)
        try await Drills.startRun(fed, app: app)
        let models = Drills.serverModels(fed)

        // Round 0 is saved; round 1's save fails for want of space.
        let saved = try await fed.eventually("round 0 to be saved", timeout: 120, every: 0.05) { () -> [String: Data]? in
            guard fed.progress()?.lastCompletedRound == 0 else { return nil }
            return try Drills.snapshot(models, plus: [fed.progressPath])
        }
        let status = try await fed.eventually("the run to stop", timeout: 120, every: 0.25) { () -> Fl_V1_ServerStatus? in
            let s = try await fed.serverStatus()
            return s.status == .stopped ? s : nil
        }
        let warning = status.warnings.first { $0.contains("cannot save the global model") } ?? ""
        #expect(warning.contains("Round 1:") && warning.contains("No space left on device") && warning.contains("ENOSPC"),
                "check_status server should name the failure: \(status.warnings)")
        #expect(warning.contains("Free space") && warning.contains("start server"), "and the fix: \(warning)")
        #expect(fed.log("server").contains("ERROR - Round 1: cannot save the global model"))
        // The client logs the refusal once its reply arrives, which may be just after the server stopped.
        let clientSaid = try? await fed.eventually("site-1 to log the refusal", timeout: 15, every: 0.2) { () -> Bool? in
            fed.log("site-1").contains("No space left on device") ? true : nil
        }
        #expect(clientSaid == true, "the client says why its update was not taken")

        // The previous global model and the progress are byte-identical; nothing half-written.
        #expect(try Drills.snapshot(models, plus: [fed.progressPath]) == saved)
        #expect(try SafeTensorsFile(path: models + "/FL_global_model.safetensors").metadata["round"] == "0")
        #expect(fed.progress()?.lastCompletedRound == 0)
        #expect(Drills.temporaries(models).isEmpty, "half-written files left: \(Drills.temporaries(models))")

        // Space is freed (the tmpfs grows); start server and start client resume at round 1.
        try Drills.sh("mount -o remount,size=96m \(Drills.quoted(run))")
        let admin = try fed.adminClient(), s = fed.session
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .server))
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .client))
        #expect(fed.log("server").contains("Resuming run 1 after round 0"))
        let p = try await fed.waitForFinish(timeout: 120, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2])
        #expect((try await fed.serverStatus()).warnings.allSatisfy { !$0.contains("cannot save") }, "the warning goes with the failed run")
        #expect(try SafeTensorsFile(path: models + "/FL_global_model.safetensors").metadata["round"] == "2")
    }

    // MARK: (d) clock-skewed clients

    /// libfaketime shifts CLOCK_REALTIME only (FAKETIME_DONT_FAKE_MONOTONIC=1), as a wrong clock
    /// does. A negative shift cannot be faked for a running Swift program (libfaketime then
    /// stalls its timers), so "a client behind the server" is made by putting the server ahead.
    @Test("drill: clients whose clocks are 2 h ahead of or 10 min behind the server's register, heartbeat and train; a clock outside the certificate's validity gets a clear error")
    func clockSkew() async throws {
        try Drills.requireRoot()
        let faketime = try Drills.requireFaketime()
        func shifted(_ by: String) -> [String: String] { ["LD_PRELOAD": faketime, "FAKETIME": by, "FAKETIME_DONT_FAKE_MONOTONIC": "1"] }
        let fed = try Federation(clients: ["site-1", "site-2", "site-3"], label: "drill-clock")
        defer { fed.shutdownAll() }
        // heart_beat_timeout 10 s: an expiry computed with a client's clock would drop it at once.
        let app = try Drills.passThroughApp(fed, megabytes: 1, rounds: 3, minClients: 2, heartBeat: 10)
        try await Drills.startRun(fed, app: app, clients: ["site-1", "site-2"], server: shifted("+10m")) { name in
            name == "site-1" ? shifted("+130m") : [:]
        }
        let p = try await fed.waitForFinish(timeout: 120, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2])
        #expect(p.history.allSatisfy { $0.participants == ["site-1", "site-2"] }, "both skewed clients in every round")
        // The skews are real: log lines carry each program's own clock, and clients notice.
        let server = try #require(Drills.lastLogTime(fed.log("server"))).timeIntervalSinceNow
        let ahead = try #require(Drills.lastLogTime(fed.log("site-1"))).timeIntervalSinceNow
        #expect(abs(server - 600) < 60 && abs(ahead - 7800) < 60, "server +600 s, site-1 +7800 s; are \(Int(server)), \(Int(ahead))")
        let noticed = (Drills.reportedSkew(fed.log("site-1")), Drills.reportedSkew(fed.log("site-2")))
        #expect(abs((noticed.0 ?? 0) - 7200) < 30 && abs((noticed.1 ?? 0) - 600) < 30, "clients warn about the skew: \(noticed)")

        // Longer than heart_beat_timeout later both are still registered and seen recently:
        // liveness is measured with the server's clock only.
        try await Task.sleep(for: .seconds(12))
        let status = try await fed.serverStatus()
        for c in ["site-1", "site-2"] {
            let r = status.registeredClients.first { $0.clientName == c }
            #expect(r != nil && r!.lastSeenSeconds < 8, "\(c) should still be registered and heartbeating: \(String(describing: r))")
        }
        #expect(!fed.log("server").contains("Remove the dead Client"))

        // Clocks outside the certificates' validity (provisioned now, 365 days): a clear refusal
        // at start-up that names the clock, not a retry loop.
        // Each waits until the supervisor has given up and exited (`not restarting`, no pid file).
        func refusal(_ count: Int, _ what: String) async throws -> String {
            try await fed.eventually("site-3's refusal (\(what))", timeout: 30) { () -> String? in
                let log = fed.log("site-3")
                guard log.components(separatedBy: "not restarting").count == count + 1,
                      !FileManager.default.fileExists(atPath: fed.workspace("site-3") + "/fl_supervisor.pid") else { return nil }
                return log.split(separator: "\n").last { $0.contains("Cannot start the client") }.map(String.init)
            }
        }
        try Drills.startClient(fed, "site-3", environment: shifted("+400d"))
        let expired = try await refusal(1, "clock ahead")
        #expect(expired.contains("expired on") && expired.contains("check this machine's clock"), "the message should point at the clock: \(expired)")
        try Drills.startClient(fed, "site-3", environment: shifted("-1d"))
        let early = try await refusal(2, "clock behind")
        #expect(early.contains("is not valid before") && early.contains("check this machine's clock"), "the message should point at the clock: \(early)")
        #expect(!(try await fed.serverStatus()).registeredClients.contains { $0.clientName == "site-3" })
    }

    // MARK: (e) network cut

    @Test("drill: a client behind a veth link that is cut mid-round for longer than heart_beat_timeout is dropped from the round and rejoins")
    func networkCut() async throws {
        try Drills.requireRoot()
        try Drills.requireTools(["ip"])
        let net = try Drills.VethPair()
        defer { net.remove() }
        let fed = try Federation(label: "drill-netcut")
        defer { fed.shutdownAll() } // runs before net.remove(): stop the processes, then remove the namespace
        try net.up()
        // min_num_clients 2: without site-2 no new round starts, so the run continues only if it comes back.
        let app = try Drills.trainerApp(fed, rounds: 4, minClients: 2, heartBeat: 10, seconds: 3)
        try await Drills.startRun(fed, app: app, namespaces: ["site-2": net.namespace])

        // Cut the link while site-2 trains round 1; keep it cut longer than heart_beat_timeout.
        _ = try await fed.eventually("site-2 to train round 1", timeout: 120, every: 0.1) { () -> Bool? in
            fed.log("site-2").contains("Round 1 of 4: training") ? true : nil
        }
        try net.cut()
        let cutAt = Date()
        _ = try await fed.eventually("site-2 to be dropped", timeout: 40, every: 0.25) { () -> Bool? in
            fed.log("server").contains("Client site-2 dropped from round 1") ? true : nil
        }
        // Its last heartbeat came at most one interval (2.5 s) before the cut.
        #expect(Date().timeIntervalSince(cutAt) >= 7, "dropped by heart_beat_timeout (10 s), not sooner")
        try await Task.sleep(for: .seconds(max(0, 14 - Date().timeIntervalSince(cutAt))))
        try net.restore()

        let p = try await fed.waitForFinish(timeout: 150, every: 0.5)
        #expect(p.history.map(\.round) == [0, 1, 2, 3], "every round exactly once")
        #expect(p.history[1].participants == ["site-1"], "round 1 completes without the cut-off client")
        #expect(p.history[2].participants == ["site-1", "site-2"] && p.history[3].participants == ["site-1", "site-2"],
                "site-2 rejoins after the link is back: \(p.history.map(\.participants))")
        #expect(fed.log("server").contains("Remove the dead Client. Name: site-2"))
    }
}

// MARK: - Drill helpers

enum Drills {
    static let enabled = ProcessInfo.processInfo.environment["FLOCK_DRILLS"] == "1"

    // Prerequisites: missing ones fail the drill loudly (make drills installs them).

    static func requireRoot() throws {
        guard getuid() == 0 else {
            throw FlockError(.failedPrecondition, "the fault drills need root (tmpfs mounts, network namespaces, SIGSTOP of test processes); run make drills as root")
        }
    }

    static func requireTools(_ tools: [String]) throws {
        for t in tools where !["/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"].contains(where: { FileManager.default.isExecutableFile(atPath: $0 + t) }) {
            throw FlockError(.failedPrecondition, "the fault drills need \(t) (apt-get install -y iproute2 faketime; make drills installs them)")
        }
    }

    /// The libfaketime preload library.
    static func requireFaketime() throws -> String {
        for p in ["/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
                  "/usr/lib/faketime/libfaketime.so.1"] where FileManager.default.fileExists(atPath: p) {
            return p
        }
        throw FlockError(.failedPrecondition, "the clock drill needs libfaketime (apt-get install -y faketime; make drills installs it)")
    }

    // Shell

    @discardableResult
    static func sh(_ command: String) throws -> String {
        let r = try Federation.run("/bin/bash", ["-c", command])
        guard r.status == 0 else { throw FlockError(.internal, "`\(command)` failed (\(r.status)): \(r.output)") }
        return r.stdout
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Unmounts (lazily if still busy); never throws: cleanup.
    static func unmount(_ path: String) {
        for _ in 0..<20 {
            if (try? sh("umount \(quoted(path))")) != nil { return }
            if (try? sh("mountpoint -q \(quoted(path))")) == nil { return }
            usleep(250_000)
        }
        _ = try? sh("umount -l \(quoted(path))")
    }

    // Apps

    static func writeServerConfig(_ app: String, rounds: Int, minClients: Int, heartBeat: Int) throws {
        try """
        {"servers": [{"min_num_clients": \(minClients), "max_num_clients": 10, "wait_after_min_clients": 0,
                      "heart_beat_timeout": \(heartBeat), "num_rounds": \(rounds)}],
         "cross_site_validate": false}
        """.write(toFile: app + "/config/config_fed_server.json", atomically: true, encoding: .utf8)
    }

    /// The phantom app with the pass-through trainer (`benchmark_model_mb`): a model of any size, no training.
    static func passThroughApp(_ fed: Federation, megabytes: Int, rounds: Int, minClients: Int, heartBeat: Int = 60) throws -> String {
        let app = try fed.makeApp(rounds: rounds, epochs: 1, minClients: minClients)
        try writeServerConfig(app, rounds: rounds, minClients: minClients, heartBeat: heartBeat)
        try "{\"client\": {\"benchmark_model_mb\": \(megabytes), \"cross_site_validate\": false}}"
            .write(toFile: app + "/config/config_fed_client.json", atomically: true, encoding: .utf8)
        return app
    }

    /// An app whose external trainer takes `seconds` per round (a tiny model, plain Python).
    static func trainerApp(_ fed: Federation, rounds: Int, minClients: Int, heartBeat: Int, seconds: Int) throws -> String {
        let app = try fed.makeApp(rounds: rounds, epochs: 1, minClients: minClients)
        try writeServerConfig(app, rounds: rounds, minClients: minClients, heartBeat: heartBeat)
        try #"{"trainer": {"command": ["python3", "resources/slow_train.py"]}}"#
            .write(toFile: app + "/config/config_train.json", atomically: true, encoding: .utf8)
        try """
        import json, os, shutil, struct, time
        time.sleep(\(seconds))
        out = os.environ.get("FLOCK_OUTPUT_MODEL")
        if out:
            g = os.environ.get("FLOCK_GLOBAL_MODEL")
            if g:
                shutil.copyfile(g, out)
            else:
                h = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
                h += b" " * (-len(h) % 8)
                open(out, "wb").write(struct.pack("<Q", len(h)) + h + struct.pack("<4f", 1, 2, 3, 4))
        json.dump({"samples": 10, "metrics": {"loss": 0.5}}, open(os.environ["FLOCK_METRICS"], "w"))
        """.write(toFile: app + "/resources/slow_train.py", atomically: true, encoding: .utf8)
        return app
    }

    // Processes

    /// Starts a client with its kit's start.sh, with extra environment, optionally inside a network namespace.
    static func startClient(_ fed: Federation, _ name: String, environment: [String: String] = [:], namespace: String? = nil) throws {
        let env = ["FLOCK_HOME": Federation.binaries, "FLOCK_RESTART_DELAY": "1"].merging(environment) { $1 }
        let start = fed.workspace(name) + "/startup/start.sh"
        let r = try namespace.map { try Federation.run("/usr/sbin/ip", ["netns", "exec", $0, start], environment: env) }
            ?? Federation.run(start, [], environment: env)
        guard r.status == 0 else { throw FlockError(.internal, "start.sh of \(name) failed: \(r.output)") }
    }

    /// Federation.startRun with per-client environment and namespaces: server, clients, admin
    /// login, run 1, upload, deploy everywhere, start server and clients.
    static func startRun(_ fed: Federation, app: String, clients: [String]? = nil, namespaces: [String: String] = [:],
                         server: [String: String] = [:], environment: (String) -> [String: String] = { _ in [:] }) async throws {
        let clients = clients ?? fed.clients
        let r = try Federation.run(fed.workspace("server") + "/startup/start.sh", [],
                                   environment: ["FLOCK_HOME": Federation.binaries, "FLOCK_RESTART_DELAY": "1"].merging(server) { $1 })
        guard r.status == 0 else { throw FlockError(.internal, "start.sh of the server failed: \(r.output)") }
        for c in clients { try startClient(fed, c, environment: environment(c), namespace: namespaces[c]) }
        try await fed.login()
        try await fed.waitForClients(clients)
        let admin = try fed.adminClient(), s = fed.session
        _ = try await admin.setRunNumber(Fl_V1_RunNumberRequest(session: s, runNumber: 1))
        _ = try await fed.upload("drill", from: app)
        _ = try await admin.deploy(Fl_V1_DeployRequest(session: s, app: "drill", target: .server))
        _ = try await admin.deploy(Fl_V1_DeployRequest(session: s, app: "drill", target: .client))
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .server))
        _ = try await admin.start(Fl_V1_TargetRequest(session: s, target: .client))
    }

    // Run state and files

    static func serverModels(_ fed: Federation) -> String { fed.workspace("server") + "/run_1/mmar_server/models" }

    /// Waits for the moment `moment` describes (it returns the last completed round while the
    /// server is in the state to catch), freezes fl-server (SIGSTOP) and asks again: still the same
    /// round? Then it returns what is saved (`models` and fl_state.json) and that round, with the
    /// server left stopped; otherwise it lets the server go on (SIGCONT) and waits again.
    static func freezeServer(_ fed: Federation, pid: Int32, models: String, at what: String, every: Double,
                             _ moment: @escaping () -> Int?) async throws -> ([String: Data], Int) {
        try await fed.eventually(what, timeout: 180, every: every) { () -> ([String: Data], Int)? in
            guard let done = moment() else { return nil }
            kill(pid, SIGSTOP)
            guard moment() == done else {
                kill(pid, SIGCONT)
                return nil
            }
            do { return (try snapshot(models, plus: [fed.progressPath]), done) } catch {
                kill(pid, SIGCONT)
                throw error
            }
        }
    }
    /// The contents of the visible files of `dir`, and of `extra` files, by name.
    static func snapshot(_ dir: String, plus extra: [String] = []) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        for path in extra { out[path] = try Data(contentsOf: URL(fileURLWithPath: path)) }
        return out
    }

    /// Temporary files of atomic writes (`.NAME.PID.RANDOM.tmp`) in `dir`.
    static func temporaries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }.sorted()
    }

    /// Whether a client has trained `round` and not yet logged its update as sent.
    static func uploading(_ fed: Federation, round: Int) -> Bool {
        fed.clients.contains { c in
            let log = fed.log(c)
            return log.contains("Round \(round) trained on") && !log.contains("Round \(round): update sent")
        }
    }

    /// The skew in seconds from fl-client's "This machine's clock differs from the server's by N s".
    static func reportedSkew(_ log: String) -> Int? {
        guard let r = log.range(of: "This machine's clock differs from the server's by ") else { return nil }
        return Int(log[r.upperBound...].prefix { $0.isNumber })
    }

    /// The time of the last timestamped line of a log (`2026-01-02 03:04:05,678 - ...`, local time).
    static func lastLogTime(_ log: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = .current
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for line in log.split(separator: "\n").reversed() where line.count > 19 {
            if let d = f.date(from: String(line.prefix(19))) { return d }
        }
        return nil
    }

    // Network

    /// A network namespace joined to this one by a veth pair with private addresses
    /// (10.200.N.1 here, 10.200.N.2 inside). Inside, the server's name (`localhost` in the test
    /// kits) resolves to 10.200.N.1 through /etc/netns/NS/hosts, so a client there reaches the
    /// server only over the pair. Nothing leaves the machine; `remove` deletes everything.
    final class VethPair {
        let namespace: String
        let host: String
        let peer: String
        let subnet: Int
        var hostAddress: String { "10.200.\(subnet).1" }

        init() throws {
            let tag = String(format: "%05x", Int(getpid()) & 0xfffff)
            namespace = "flock-drill-\(tag)"
            host = "fdh\(tag)"
            peer = "fdn\(tag)"
            subnet = 100 + Int(getpid()) % 150
        }

        func up() throws {
            remove() // leftovers of an interrupted earlier drill with the same pid
            try sh("ip netns add \(namespace)")
            try sh("ip link add \(host) type veth peer name \(peer)")
            try sh("ip link set \(peer) netns \(namespace)")
            try sh("ip addr add \(hostAddress)/30 dev \(host) && ip link set \(host) up")
            try sh("ip netns exec \(namespace) ip addr add 10.200.\(subnet).2/30 dev \(peer)")
            try sh("ip netns exec \(namespace) ip link set \(peer) up && ip netns exec \(namespace) ip link set lo up")
            try FileManager.default.createDirectory(atPath: "/etc/netns/\(namespace)", withIntermediateDirectories: true)
            try "\(hostAddress) localhost\n".write(toFile: "/etc/netns/\(namespace)/hosts", atomically: true, encoding: .utf8)
        }

        func cut() throws { try sh("ip link set \(host) down") }
        func restore() throws { try sh("ip link set \(host) up") }

        func remove() {
            _ = try? sh("ip link del \(host) 2>/dev/null || true")
            _ = try? sh("ip netns del \(namespace) 2>/dev/null || true")
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(namespace)")
        }
    }
}
