import FlockCore
import FlockProto
import FlockRPC
import FlockTrain
import Foundation

/// Training: asks for tasks, trains or validates, sends results; retries through server outages.
extension ClientEngine {
    var isTraining: Bool { training != nil }

    func startTraining(run: Int, gpus: Int?) throws -> String {
        guard !isTraining else { throw FlockError(.failedPrecondition, "the client is already training run \(state.runNumber ?? run)") }
        let app = appDirectory(run: run)
        guard FileManager.default.fileExists(atPath: app + "/config/" + FedClientAppConfig.fileName) else {
            throw FlockError(.failedPrecondition, "no app is deployed for run \(run) (no \(app)/config/\(FedClientAppConfig.fileName)); deploy one first")
        }
        state.runNumber = run
        state.started = true
        state.gpus = gpus
        state.save(workspace)
        status = .starting
        training = Task { await self.trainingLoop(run: run, gpus: gpus) }
        if let gpus { return "Starting the client with \(gpus) GPU\(gpus == 1 ? "" : "s")..." }
        return "Starting the client..."
    }

    func stopTraining() {
        training?.cancel()
        training = nil
        if status == .started || status == .starting || status == .crossValidating { status = .stopped }
        state.started = false
        state.save(workspace)
    }

    func trainingEnded(_ final: TrainingState, message: String) {
        training = nil
        status = final
        state.started = false
        state.save(workspace)
        trainLogger.info("\(message)")
    }

    /// Builds (once per run and app) the trainer the app asks for.
    func makeTrainer(run: Int, gpus: Int?, clientConfig: FedClientAppConfig) throws -> LocalTrainer {
        let app = appDirectory(run: run)
        if let t = trainer, t.run == run, t.app == app { return t.trainer }
        let made: LocalTrainer
        if let mb = clientConfig.benchmarkModelMegabytes {
            made = PassThroughTrainer(modelMegabytes: mb)
        } else {
            let config = try TrainConfig(contentsOf: app + "/config/config_train.json")
            if let command = config.externalCommand {
                made = try ExternalTrainer(command: command, appDirectory: app, site: name, dataRoot: dataRoot, logger: trainLogger)
            } else {
                if let gpus, gpus > 1 {
                    trainLogger.info("start_mgpu asked for \(gpus) GPUs; the engine picks its backend (multi-GPU needs the CUDA library from `make cuda`)")
                }
                made = try EngineTrainer(config: config, site: name, dataRoot: dataRoot.isEmpty ? nil : dataRoot, threads: nil, logger: trainLogger)
            }
        }
        trainer = (run, app, made)
        return made
    }

    func trainingLoop(run: Int, gpus: Int?) async {
        let app = appDirectory(run: run)
        let models = app + "/models"
        let clientConfig: FedClientAppConfig
        let local: LocalTrainer
        do {
            try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
            // A client killed while receiving a model (or writing its update) left a partial
            // temporary file: remove it before fetching again.
            for name in AtomicFile.removeStaleTemporaries(in: models) {
                trainLogger.info("Removed \(models)/\(name), a partial file left by a previous fl-client that stopped mid-write")
            }
            clientConfig = try FedClientAppConfig(contentsOf: app + "/config/" + FedClientAppConfig.fileName)
            local = try makeTrainer(run: run, gpus: gpus, clientConfig: clientConfig)
        } catch {
            trainingEnded(.stopped, message: "Cannot start training: \(error)")
            return
        }
        // The spares of the per-round scratch files (AtomicFile.writeScratch) go when the loop ends.
        defer { AtomicFile.removeSpares(in: models) }
        status = .started
        trainLogger.info("Training started for run \(run) with \(local.description)")
        var backoff = Backoff(maximum: 10)
        var failures = 0
        while !Task.isCancelled {
            do {
                let task = try await fetchTask(run: run, into: models + "/global.safetensors")
                backoff.reset()
                switch task.header.kind {
                case .wait:
                    try await Task.sleep(for: .milliseconds(Int64(max(50, task.header.retryAfterMs))))
                case .end:
                    trainingEnded(.finished, message: "Run \(run) is over for this client")
                    return
                case .train:
                    status = .started
                    round = Int(task.header.round)
                    try await trainRound(task, run: run, local: local, clientConfig: clientConfig, models: models)
                    failures = 0
                case .validate:
                    status = .crossValidating
                    // A site that opted out answers without evaluating; the server leaves its cells empty.
                    let metrics = clientConfig.crossSiteValidate ? try await local.validate(model: task.modelPath!) : [:]
                    try await submitValidation(task.header, run: run, metrics: metrics)
                default:
                    throw FlockError(.invalidArgument, "the server sent an unknown task kind \(task.header.kind)")
                }
            } catch is CancellationError {
                break
            } catch let e as RPCError where e.code == .unauthenticated {
                if let t = token { sessionLost(t) }
                try? await Task.sleep(for: backoff.next())
            } catch let e as RPCError where e.code == .unavailable || e.code == .deadlineExceeded || e.code == .cancelled || e.code == .internal {
                if Task.isCancelled { break }
                trainLogger.info("Server not reachable (\(e.message)); retrying")
                try? await Task.sleep(for: backoff.next())
            } catch {
                if Task.isCancelled { break }
                failures += 1
                // A task that fails for a reason of its own (a trainer that exits non-zero, an update
                // the server refuses as malformed) will fail again: stop instead of looping forever.
                if failures >= 3 {
                    trainingEnded(.stopped, message: "Training stopped after \(failures) failed tasks in a row; the last error: \(error). Fix the cause, then start the client again (start client \(name))")
                    return
                }
                trainLogger.error("Task failed (\(failures) of 3 tries): \(error)")
                try? await Task.sleep(for: backoff.next())
            }
        }
    }

    /// How long a model transfer (GetTask with its download, SubmitUpdate) may go without a
    /// message either way before it is given up and retried. Not a deadline: a large model over
    /// a slow link takes as long as it needs while chunks keep moving. Generous, because the last
    /// update of a round is answered only once the round's global model is written.
    static let transferIdleTimeout: Duration = .seconds(600)

    struct ReceivedTask {
        var header: Fl_V1_TaskHeader
        var modelPath: String?
    }

    /// GetTask: the header and, when attached, the model written to `path`.
    func fetchTask(run: Int, into path: String) async throws -> ReceivedTask {
        let t = await currentToken()
        return try await stub.getTask(Fl_V1_GetTaskRequest(token: t, clientName: name, runNumber: Int32(run)),
                                      options: CallOptions(idleTimeout: ClientEngine.transferIdleTimeout)) { chunks in
            var header: Fl_V1_TaskHeader?
            var writer: ModelFileWriter?
            for try await c in chunks {
                if let h = c.header { header = h }
                guard let m = c.model else { continue }
                if let manifest = m.manifest { writer = try ModelFileWriter(path: path, manifest: manifest, scratch: true) }
                guard let w = writer else { throw FlockError(.invalidArgument, "model data arrived before its manifest") }
                try w.write(m)
            }
            guard let header else { throw FlockError(.invalidArgument, "the server's task had no header") }
            if let writer {
                // Scratch copy (not synced, written over the previous round's pages): after a
                // crash the task and its model are fetched again.
                try writer.finish()
                return ReceivedTask(header: header, modelPath: path)
            }
            return ReceivedTask(header: header, modelPath: nil)
        }
    }

    func trainRound(_ task: ReceivedTask, run: Int, local: LocalTrainer, clientConfig: FedClientAppConfig, models: String) async throws {
        let h = task.header
        trainLogger.info("Round \(h.round) of \(h.numRounds): training \(clientConfig.localEpochs) epochs")
        stepsDone = 0
        let output = models + "/local.safetensors"
        let result = try await local.train(globalModel: task.modelPath, output: output, round: Int(h.round),
                                           numRounds: Int(h.numRounds), epochs: clientConfig.localEpochs,
                                           validateGlobal: h.params["validate"] != "false") { steps in
            Task { await self.progressed(steps) }
        }
        var kind = Fl_V1_UpdateKind.weights
        var upload = output
        if let global = task.modelPath {
            let excluded = FedServerAppConfig.matching(clientConfig.excludeVars, try SafeTensorsFile(path: output).entries.map(\.name))
            if !excluded.isEmpty { try Self.restore(excluded, in: output, from: global) }
            if clientConfig.updateKind == "delta" {
                upload = models + "/delta.safetensors"
                try Self.writeDelta(trained: output, global: global, to: upload)
                kind = .delta
            }
        }
        let shown = result.metrics.metricsText
        trainLogger.info("Round \(h.round) trained on \(result.samples) samples: \(shown)")
        // The update is on disk; resend it if the server is briefly unreachable.
        var attempts = 0
        while true {
            do {
                try await submit(upload, header: h, run: run, kind: kind, result: result)
                return
            } catch let e as RPCError where (e.code == .unavailable || e.code == .internal) && attempts < 5 {
                attempts += 1
                trainLogger.info("Sending the update failed (\(e.message)); retrying")
                try await Task.sleep(for: .seconds(Double(attempts)))
            }
        }
    }

    func submit(_ path: String, header h: Fl_V1_TaskHeader, run: Int, kind: Fl_V1_UpdateKind, result: LocalTrainingResult) async throws {
        let t = await currentToken()
        let updateHeader = Fl_V1_UpdateHeader(token: t, clientName: name, taskId: h.taskId, runNumber: Int32(run), round: h.round,
                                              sampleCount: result.samples, kind: kind, metrics: Fl_V1_Metric.list(result.metrics))
        let reply = try await stub.submitUpdate(options: CallOptions(idleTimeout: ClientEngine.transferIdleTimeout)) { writer in
            var first = true
            try await ModelStreaming.send(file: path) { chunk in
                try await writer.write(Fl_V1_UpdateChunk(header: first ? updateHeader : nil, model: chunk))
                first = false
            }
        }
        if reply.accepted {
            trainLogger.info("Round \(h.round): update sent")
        } else {
            trainLogger.warning("Round \(h.round): the server did not take the update: \(reply.message)")
        }
    }

    func submitValidation(_ h: Fl_V1_TaskHeader, run: Int, metrics: [String: Double]) async throws {
        let t = await currentToken()
        _ = try await stub.submitValidation(Fl_V1_ValidationReport(token: t, clientName: name, taskId: h.taskId, runNumber: Int32(run),
                                                                    modelOwner: h.modelOwner, metrics: Fl_V1_Metric.list(metrics)),
                                            options: CallOptions(timeout: .seconds(60)))
        let shown = metrics.metricsText
        trainLogger.info("Validated \(h.modelOwner)'s model: \(shown)")
    }

    /// Puts the global values of `names` back into `path` (client exclude_vars: those tensors are
    /// not shared as trained).
    static func restore(_ names: Set<String>, in path: String, from global: String) throws {
        let g = try SafeTensorsFile(path: global)
        let out = try SafeTensorsFile(path: path)
        let file = try FileDescriptor(path: path, flags: O_RDWR)
        for e in out.entries where names.contains(e.name) {
            guard let ge = g.entries.first(where: { $0.name == e.name }), ge.byteCount == e.byteCount else { continue }
            try file.write(try g.readData(count: Int(ge.byteCount), at: ge.begin), at: out.dataStart + e.begin)
        }
        try file.sync()
    }

    /// Writes trained − global, tensor by tensor, chunk by chunk.
    static func writeDelta(trained: String, global: String, to path: String) throws {
        let a = try SafeTensorsFile(path: trained), b = try SafeTensorsFile(path: global)
        guard a.entries.map(\.name) == b.entries.map(\.name), a.dataSize == b.dataSize else {
            throw FlockError(.invalidArgument, "the trained model's tensors differ from the global model's")
        }
        let header = SafeTensors.headerBytes(a.entries, metadata: a.metadata)
        // Re-made from the trained model after a crash: a scratch file.
        try AtomicFile.writeScratch(to: path, size: UInt64(header.count) + a.dataSize) { out in
            try out.write(header, at: 0)
            var offset: UInt64 = 0
            while offset < a.dataSize {
                let n = Int(min(1 << 20, a.dataSize - offset))
                var x = [Float](repeating: 0, count: n / 4), y = x
                try x.withUnsafeMutableBytes { try a.readData(into: $0, at: offset) }
                try y.withUnsafeMutableBytes { try b.readData(into: $0, at: offset) }
                for i in 0..<x.count { x[i] -= y[i] }
                try x.withUnsafeBytes { try out.write($0, at: UInt64(header.count) + offset) }
                offset += UInt64(n)
            }
        }
    }
}
