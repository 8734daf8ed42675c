import FlockCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// What a client should do next (the answer to GetTask).
public enum TaskAssignment: Sendable, Equatable {
    /// Nothing yet; ask again after the given time.
    case wait(milliseconds: UInt32)
    /// Train for a round, starting from the model at `model` (nil: the client's own initial
    /// weights, in a first round without a global model).
    case train(taskID: String, round: Int, numRounds: Int, model: String?)
    /// Evaluate `owner`'s model (the global model is owned by "server") on local validation data.
    case validate(taskID: String, owner: String, model: String)
    /// The run is over for this client.
    case end
}

/// Drives one run on the server: decides when rounds start, who takes part, when a round closes,
/// aggregates updates as they stream in, saves every round's global model atomically, runs
/// cross-site validation, and persists progress so a restarted server resumes where it stopped.
///
/// Clients long-poll `requestTask`; every state change wakes them. A client that goes away
/// (`clientGone`) is dropped from the round without stalling it.
public actor RunController {
    public enum Phase: String, Sendable { case waitingForClients, training, validating, finished, aborted }

    public let runNumber: Int
    public let config: FedServerAppConfig
    public let paths: RunPaths
    private let logger: Logger

    public private(set) var phase: Phase = .waitingForClients
    public private(set) var round: Int
    public private(set) var progress: RunProgress
    /// Why the run stopped on its own (a round that could not be saved, now or by the durable
    /// queue later); nil otherwise. check_status shows it.
    public private(set) var failure: String?

    /// Clients started for this run and alive.
    private var active: Set<String> = []
    private var participants: Set<String> = []
    private var taskIDs: [String: String] = [:]
    private var submitted: [String: (samples: UInt64, metrics: [String: Double])] = [:]
    private var inFlight: Set<String> = []
    private var aggregator: StreamingAggregator?
    /// Spool files reused from round to round (one per participant); released when the run ends.
    private let spools: SpoolFiles
    private var roundStartedAt = Date()
    /// When each participant of the round last showed progress (`noteProgress`).
    private var lastProgress: [String: Date] = [:]
    private var roundsStartedThisSession = 0
    private var startTimer: Task<Void, Never>?
    private var validationQueue: [String: [String]] = [:]
    private var validationTasks: [String: String] = [:]
    private var validationResults: [String: [String: [String: Double]]] = [:]
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0
    /// The newest global model: a round's staged file from the moment it is aggregated, or the
    /// saved `FL_global_model.safetensors` after a restart; nil before the first round ends.
    private var servingGlobal: String?
    /// Makes each finished round durable in order, off the critical path (see `finalizeRound`).
    private let durable = DurableQueue(label: "flock.run.durable")
    /// The run's last step is being saved; it becomes `finished` once that is done.
    private var finishing = false

    /// Creates the controller for `paths.run`, resuming from `fl_state.json` when it exists.
    /// Largest model (bytes) whose running FedAvg sum is kept in memory rather than in a file
    /// (fed_server.json `aggregation_memory_mb`).
    public let aggregationMemoryLimit: UInt64

    public init(paths: RunPaths, config: FedServerAppConfig,
                aggregationMemoryLimit: UInt64 = UInt64(FedServerConfig.Server.defaultAggregationMemoryMB) << 20,
                logger: Logger) throws {
        self.paths = paths
        self.aggregationMemoryLimit = aggregationMemoryLimit
        self.spools = SpoolFiles(directory: paths.models)
        self.runNumber = paths.run
        self.config = config
        self.logger = logger
        try FileManager.default.createDirectory(atPath: paths.models, withIntermediateDirectories: true)
        // A server killed while saving a global model left its temporary file (model-sized).
        for name in AtomicFile.removeStaleTemporaries(in: paths.models) {
            logger.info("Removed \(paths.models)/\(name), a partial file left by a previous fl-server that stopped mid-write")
        }
        if let saved = try RunProgress.load(paths.progress) {
            guard saved.finished == false else {
                throw FlockError(.failedPrecondition, "run \(paths.run) has already finished; set a new run number (set_run_number) to train again")
            }
            var p = saved
            p.numRounds = config.numRounds
            progress = p
        } else {
            progress = RunProgress(runNumber: paths.run, startRound: config.startRound, numRounds: config.numRounds)
        }
        round = progress.nextRound
        // A crash between recording a round in fl_state.json and linking its staged model to
        // FL_global_model.safetensors: finish the link (the staged file was synced first).
        if let last = progress.lastCompletedRound {
            let staged = paths.stagedGlobalModel(round: last)
            let current = try? SafeTensorsFile(path: paths.globalModel).metadata["round"]
            if FileManager.default.fileExists(atPath: staged), current != "\(last)" {
                try Self.link(staged, to: paths.globalModel)
                logger.info("Linked round \(last)'s saved global model to \(paths.globalModel) (the server stopped before it did)")
            }
        }
        // Staged models of rounds that never became durable belong to rounds that will run again.
        Self.removeStaged(in: paths, before: Int.max)
        if FileManager.default.fileExists(atPath: paths.globalModel) { servingGlobal = paths.globalModel }
        if let saved = try? String(contentsOfFile: paths.crossValidationResults, encoding: .utf8),
           let data = saved.data(using: .utf8),
           let results = try? JSONDecoder().decode([String: [String: [String: Double]]].self, from: data) {
            validationResults = results
        }
    }

    /// Logs where the run starts (fresh or resumed) and moves on if rounds are already done.
    public func begin() {
        if let last = progress.lastCompletedRound {
            logger.info("Resuming run \(runNumber) after round \(last): next round \(round) of \(progress.numRounds)")
        } else {
            logger.info("Starting run \(runNumber): rounds \(round)..<\(progress.numRounds), min_num_clients \(config.minNumClients)")
        }
        if round >= progress.numRounds { beginCrossValidation() }
    }

    public var trainingState: TrainingState {
        switch phase {
        case .waitingForClients, .training: return .started
        case .validating: return .crossValidating
        case .finished: return .finished
        case .aborted: return .stopped
        }
    }

    // MARK: Tasks

    /// The client's next task, waiting up to `maxWait` for one to become available.
    public func requestTask(client: String, maxWait: Duration = .seconds(5)) async -> TaskAssignment {
        if phase == .waitingForClients || phase == .training, !active.contains(client) {
            active.insert(client)
            logger.info("Client \(client) is ready for run \(runNumber) (\(active.count) ready)")
            considerStartingRound()
        }
        let deadline = ContinuousClock.now + maxWait
        while true {
            if let task = decide(client) { return task }
            if ContinuousClock.now >= deadline || Task.isCancelled { return .wait(milliseconds: 200) }
            await waitForChange(until: deadline)
        }
    }

    private func decide(_ client: String) -> TaskAssignment? {
        switch phase {
        case .aborted, .finished:
            return .end
        case .waitingForClients:
            return nil
        case .training:
            guard participants.contains(client), submitted[client] == nil, !inFlight.contains(client),
                  let id = taskIDs[client] else { return nil }
            lastProgress[client] = Date()
            return .train(taskID: id, round: round, numRounds: progress.numRounds, model: servingGlobal)
        case .validating:
            guard let owner = validationQueue[client]?.first else { return nil }
            let id = validationTasks[client] ?? UUID.random().uuidString.lowercased()
            validationTasks[client] = id
            let model = owner == "server" ? (servingGlobal ?? paths.globalModel) : paths.localModel(owner)
            return .validate(taskID: id, owner: owner, model: model)
        }
    }

    private func waitForChange(until deadline: ContinuousClock.Instant) async {
        nextWaiter += 1
        let id = nextWaiter
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            waiters[id] = c
            Task { [weak self] in
                try? await Task.sleep(until: deadline)
                await self?.wake(id)
            }
        }
    }

    private func wake(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeAll() {
        let all = waiters
        waiters.removeAll()
        for c in all.values { c.resume() }
    }

    // MARK: Rounds

    private func considerStartingRound() {
        guard phase == .waitingForClients, active.count >= config.minNumClients else { return }
        if roundsStartedThisSession > 0 || active.count >= config.maxNumClients || config.waitAfterMinClients == 0 {
            startRound()
        } else if startTimer == nil {
            logger.info("\(active.count) clients ready (min_num_clients \(config.minNumClients)); waiting \(config.waitAfterMinClients) s (wait_after_min_clients) for more")
            let wait = config.waitAfterMinClients
            startTimer = Task { [weak self] in
                try? await Task.sleep(for: .seconds(wait))
                await self?.startTimerFired()
            }
        }
    }

    private func startTimerFired() {
        startTimer = nil
        if phase == .waitingForClients, active.count >= config.minNumClients { startRound() }
    }

    private func startRound() {
        startTimer?.cancel()
        startTimer = nil
        participants = Set(active.sorted().prefix(config.maxNumClients))
        taskIDs = Dictionary(uniqueKeysWithValues: participants.map { ($0, UUID.random().uuidString.lowercased()) })
        submitted = [:]
        inFlight = []
        aggregator = nil
        roundStartedAt = Date()
        lastProgress = Dictionary(uniqueKeysWithValues: participants.map { ($0, roundStartedAt) })
        roundsStartedThisSession += 1
        phase = .training
        logger.info("Round \(round) started with \(participants.count) clients: \(participants.sorted().joined(separator: ", "))")
        wakeAll()
    }

    /// Starts receiving a client's update for the current round. `layout` comes from the update's
    /// manifest; it must match the global model's.
    public func beginUpdate(client: String, taskID: String, round updateRound: Int, sampleCount: UInt64,
                            isDelta: Bool, layout: [SafeTensors.Entry]) throws -> StreamingAggregator.Contribution {
        guard phase == .training, updateRound == round else {
            throw FlockError(.failedPrecondition, "update from \(client) is for round \(updateRound), but the server is \(phase == .training ? "in round \(round)" : "not training (\(phase.rawValue))"); it was discarded")
        }
        guard participants.contains(client), taskIDs[client] == taskID else {
            throw FlockError(.failedPrecondition, "\(client) is not taking part in round \(round) (or its task expired); the update was discarded")
        }
        guard sampleCount > 0 else {
            throw FlockError(.invalidArgument, "update from \(client) reports 0 training samples; it cannot be weighted")
        }
        if aggregator == nil {
            let base = try servingGlobal.map { try SafeTensorsFile(path: $0) }
            let entries = base?.entries ?? layout
            aggregator = try StreamingAggregator(directory: paths.models, layout: entries, base: base,
                                                 excluding: config.excludedTensors(entries.map(\.name)),
                                                 memoryLimit: aggregationMemoryLimit, spools: spools)
        }
        guard layout.map(\.name) == aggregator!.layout.map(\.name), layout.map(\.shape) == aggregator!.layout.map(\.shape) else {
            throw FlockError(.invalidArgument, "update from \(client) has tensors that do not match the global model (names or shapes differ); was the same app deployed everywhere?")
        }
        let weight = Double(sampleCount) * (config.aggregationWeights[client] ?? 1)
        let contribution = try aggregator!.begin(client: client, weight: weight, isDelta: isDelta)
        inFlight.insert(client)
        lastProgress[client] = Date()
        return contribution
    }

    /// Commits a fully received update; closes the round when it was the last one expected.
    public func finishUpdate(client: String, _ contribution: StreamingAggregator.Contribution,
                             sampleCount: UInt64, metrics: [String: Double]) throws {
        inFlight.remove(client)
        guard phase == .training, participants.contains(client) else {
            contribution.abandon()
            throw FlockError(.failedPrecondition, "round \(round) closed before the update from \(client) completed; it was discarded")
        }
        try contribution.finish()
        if round == progress.numRounds - 1 && config.crossSiteValidate {
            try FileManager.default.createDirectory(atPath: paths.crossValidationModels, withIntermediateDirectories: true)
            try contribution.saveWeights(to: paths.localModel(client))
        }
        submitted[client] = (sampleCount, metrics)
        logger.info("Received update from \(client) for round \(round) (\(sampleCount) samples)")
        try closeRoundIfComplete()
    }

    /// Takes a broken update back out (the stream failed).
    public func abandonUpdate(client: String, _ contribution: StreamingAggregator.Contribution) {
        contribution.abandon()
        inFlight.remove(client)
        try? closeRoundIfComplete()
        wakeAll()
    }

    /// A sign that `client` is getting on with its round: a chunk of the model downloaded, a
    /// training step reported, an update chunk received.
    public func noteProgress(_ client: String, at now: Date = Date()) {
        guard phase == .training, participants.contains(client) else { return }
        lastProgress[client] = now
    }

    /// Drops from the round every participant that showed no progress for `progress_timeout`
    /// seconds (when set). A participant whose update is arriving is left to the transport (its
    /// stream has keepalive and a deadline). Returns the dropped clients.
    @discardableResult
    public func dropStalled(at now: Date = Date()) -> [String] {
        let limit = config.progressTimeout
        guard limit > 0, phase == .training else { return [] }
        let stalled = participants.filter { p in
            submitted[p] == nil && !inFlight.contains(p) && now.timeIntervalSince(lastProgress[p] ?? roundStartedAt) > limit
        }.sorted()
        for p in stalled {
            clientGone(p, reason: "no progress for \(Self.seconds(limit)) s (progress_timeout): no model download, training step or update chunk")
        }
        return stalled
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s))" : "\(s)" }

    /// The client left, died or was removed: drop it from the round (and from validation).
    public func clientGone(_ client: String, reason: String) {
        guard active.remove(client) != nil || participants.contains(client) else { return }
        if phase == .training, participants.contains(client), submitted[client] == nil {
            participants.remove(client)
            logger.warning("Client \(client) dropped from round \(round): \(reason)")
            do { try closeRoundIfComplete() } catch {
                logger.error("Round \(round) could not be closed: \(error)")
            }
        }
        if phase == .validating, validationQueue.removeValue(forKey: client) != nil {
            logger.warning("Client \(client) left cross-site validation: \(reason)")
            finishIfValidated()
        }
        wakeAll()
    }

    private func closeRoundIfComplete() throws {
        guard phase == .training, inFlight.isEmpty, participants.allSatisfy({ submitted[$0] != nil }) else { return }
        guard !submitted.isEmpty else {
            logger.warning("Round \(round): every participant dropped out; waiting for clients to start it again")
            phase = .waitingForClients
            aggregator = nil
            considerStartingRound()
            return
        }
        do { try finalizeRound() } catch { throw stopAfterFailedSave(error) }
    }

    /// The round's global model could not be saved (typically: the disk is full). The previous
    /// global model and `fl_state.json` are untouched (atomic writes), so the run stops as after
    /// `abort server`, saying why in the log and in `check_status server`; `start server` (and
    /// `start client`) resume at this round once the cause is fixed. Returns the error for the
    /// update that closed the round.
    private func stopAfterFailedSave(_ error: Error) -> FlockError {
        let failed = round
        let diskFull = "\(error)".contains(String(cString: strerror(ENOSPC)))
        let previous = progress.lastCompletedRound.map { "round \($0)'s global model \(paths.globalModel) is intact" }
            ?? "no global model was saved before"
        let message = "Round \(failed): cannot save the global model: \(error)"
            + (diskFull ? " (ENOSPC: the disk holding \(paths.models) is full)" : "")
            + ". The run is stopped; \(previous) and completed rounds are kept. "
            + (diskFull ? "Free space on that disk (a round needs about 3 times the model's size there, 4 for a model larger than aggregation_memory_mb), then " : "Fix the cause, then ")
            + "run start server and start client to resume at round \(failed)"
        stop(failure: message)
        return FlockError(.failedPrecondition, message)
    }

    /// Stops the run on its own (a round that could not be saved): logged, shown by check_status,
    /// clients get END; what was saved before stays.
    private func stop(failure message: String) {
        logger.error("\(message)")
        failure = message
        aggregator = nil
        spools.removeAll()
        startTimer?.cancel()
        phase = .aborted
        wakeAll()
    }

    /// Ends the round. Its global model is aggregated into a staged file (page cache, no fsync)
    /// and the next round starts from it at once; the durable part — fsync, link to
    /// `FL_global_model.safetensors`, the best model, `fl_state.json` — runs on `durable`, in
    /// order. `fl_state.json` only ever records a round whose model is on disk, so a crash at any
    /// point resumes at the first round not durably saved.
    private func finalizeRound() throws {
        if let error = durable.failed { throw error }
        var record = RoundRecord(
            round: round, participants: submitted.keys.sorted(),
            samples: submitted.mapValues(\.samples),
            trainMetrics: submitted.mapValues { $0.metrics.filter { !$0.key.hasPrefix("val_") } },
            globalValidation: submitted.mapValues { m in
                Dictionary(uniqueKeysWithValues: m.metrics.filter { $0.key.hasPrefix("val_") }.map { (String($0.key.dropFirst(4)), $0.value) })
            }.filter { !$0.value.isEmpty },
            seconds: 0)
        let startedFrom = servingGlobal
        let staged = paths.stagedGlobalModel(round: round)
        try aggregator!.finalize(to: staged, metadata: ["round": "\(round)", "run": "\(runNumber)", "format": "pt"], durable: false)
        aggregator = nil
        // The round ends when its global model is written and the next round can start from it.
        record.seconds = Date().timeIntervalSince(roundStartedAt)
        servingGlobal = staged
        let best = bestCandidate(startedFrom, validatedBy: record)
        progress.lastCompletedRound = round
        progress.history.append(record)
        let snapshot = progress
        let paths = self.paths, logger = self.logger, summary = Self.summary(record), finished = round
        durable.enqueue({
            // Order matters for a crash at any point: the staged model is durable (content and
            // name) before fl_state.json records its round; a restart then links it if needed.
            try FileDescriptor(path: staged, flags: O_RDONLY).sync()
            AtomicFile.syncDirectory(of: staged)
            if let best { try Self.link(best, to: paths.bestModel) }
            try snapshot.save(paths.progress)
            try Self.link(staged, to: paths.globalModel)
            try? MetricsReport(progress: snapshot).write(csv: paths.metricsCSV, svg: paths.metricsSVG)
            Self.removeStaged(in: paths, before: finished)
            logger.info("\(summary). Global model saved to \(paths.globalModel)")
        }, onFailure: { [weak self] error in
            Task { await self?.durableStepFailed("saving round \(finished) failed: \(error)", resumeAt: finished) }
        })
        round += 1
        if round >= progress.numRounds {
            beginCrossValidation()
        } else {
            phase = .waitingForClients
            participants = []
            considerStartingRound()
        }
        wakeAll()
    }

    /// The model this round started from was validated by the sites: when it is the best so far,
    /// records it and returns its file (linked to the best model's name by the durable step).
    private func bestCandidate(_ startedFrom: String?, validatedBy record: RoundRecord) -> String? {
        let values = record.globalValidation.values.compactMap { $0["mean_dice"] ?? $0["accuracy"] ?? $0.values.first }
        guard !values.isEmpty, let startedFrom else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > (progress.bestMetric ?? -.infinity) else { return nil }
        progress.bestMetric = mean
        progress.bestRound = round - 1
        return startedFrom
    }

    /// Gives `file`'s (synced) content the name `path` atomically: a hard link to a temporary
    /// name, renamed over `path`, directory synced. No bytes are copied.
    private static func link(_ file: String, to path: String) throws {
        let temp = AtomicFile.temporaryPath(for: path)
        guard Glibc.link(file, temp) == 0 else { throw FlockError.posix("cannot link \(file) to \(path)", errno) }
        do { try AtomicFile.commit(temp, to: path) } catch { unlink(temp); throw error }
    }

    /// Removes staged global models of rounds before `round`: they are durable under their final
    /// name (or belong to rounds that will run again), and no participant still has to open them.
    static func removeStaged(in paths: RunPaths, before round: Int) {
        let prefix = ".FL_global_model.round-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.models)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".safetensors") {
            guard let r = Int(name.dropFirst(prefix.count).dropLast(".safetensors".count)), r < round else { continue }
            unlink(paths.models + "/" + name)
        }
    }

    /// Saving a finished round failed (disk full, I/O error): the run stops; everything saved
    /// before stays as it was.
    private func durableStepFailed(_ what: String, resumeAt next: Int) {
        let last = progress.history.last { $0.round < next }?.round
        stop(failure: "run \(runNumber) stopped: \(what). The last saved global model "
             + (last.map { "(round \($0)) " } ?? "") + "is intact at \(paths.globalModel); fix the cause (a full disk: free space), then start server to resume at round \(next)")
    }

    /// Waits until every finished round is durably saved (before the run's files are reused or
    /// the process exits).
    public func settle() async {
        await durable.drain()
        markFinished()
    }

    static func summary(_ r: RoundRecord) -> String {
        var s = "Round \(r.round) finished in \(String(format: "%.2f", r.seconds)) s"
        let dice = r.globalValidation.values.compactMap { $0["mean_dice"] }
        if !dice.isEmpty {
            s += String(format: ": global mean_dice %.4f", dice.reduce(0, +) / Double(dice.count))
        }
        let losses = r.trainMetrics.sorted { $0.key < $1.key }.compactMap { k, v in v["loss"].map { "\(k) \(String(format: "%.4f", $0))" } }
        if !losses.isEmpty { s += "; loss " + losses.joined(separator: ", ") }
        return s
    }

    // MARK: Cross-site validation

    private func beginCrossValidation() {
        participants = []
        spools.removeAll() // training is over: nothing more is spooled
        guard config.crossSiteValidate, servingGlobal != nil else {
            finish()
            return
        }
        let owners = ["server"] + Set(progress.localModels).union(savedLocalModels()).sorted()
        progress.localModels = owners.filter { $0 != "server" }
        phase = .validating
        for client in active {
            let done = Set(validationResults.compactMap { owner, byEval in byEval[client] != nil ? owner : nil })
            let left = owners.filter { !done.contains($0) }
            if !left.isEmpty { validationQueue[client] = left }
        }
        logger.info("Cross-site validation of \(owners.joined(separator: ", ")) on \(active.sorted().joined(separator: ", "))")
        finishIfValidated()
        wakeAll()
    }

    private func savedLocalModels() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: paths.crossValidationModels)) ?? []
        return files.filter { $0.hasSuffix(".safetensors") }.map { String($0.dropLast(".safetensors".count)) }
    }

    /// Records one cell of the cross-site validation matrix.
    public func submitValidation(client: String, taskID: String, owner: String, metrics: [String: Double]) throws {
        guard phase == .validating, validationQueue[client]?.first == owner, validationTasks[client] == taskID else {
            throw FlockError(.failedPrecondition, "no validation of \(owner)'s model is expected from \(client) now; the result was discarded")
        }
        if !metrics.isEmpty { validationResults[owner, default: [:]][client] = metrics }
        if owner == "server", !metrics.isEmpty {
            progress.finalGlobalValidation[client] = metrics
            persistProgress()
        }
        validationQueue[client]!.removeFirst()
        validationTasks[client] = nil
        if validationQueue[client]!.isEmpty { validationQueue[client] = nil }
        try FileManager.default.createDirectory(atPath: paths.crossValidation, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try enc.encode(validationResults)), to: paths.crossValidationResults)
        let shown = metrics.metricsText
        logger.info("Validation of \(owner)'s model on \(client): \(shown)")
        finishIfValidated()
        wakeAll()
    }

    /// The cross-site validation matrix so far: owner → evaluating client → metrics.
    public var crossValidationResults: [String: [String: [String: Double]]] { validationResults }

    private func finishIfValidated() {
        if phase == .validating, validationQueue.isEmpty { finish() }
    }

    /// Ends the run once everything it produced is saved: `finished` (in check_status, and
    /// `END` for the clients) always means the models and `fl_state.json` are on disk.
    private func finish() {
        guard !finishing, phase != .finished, phase != .aborted else { return }
        finishing = true
        progress.finished = true
        let message = "Run \(runNumber) finished: \(progress.history.count) rounds; global model at \(paths.globalModel)"
        persistProgress(then: message)
        let durable = self.durable
        Task { [weak self] in
            await durable.drain()
            await self?.markFinished()
        }
    }

    private func markFinished() {
        guard finishing, phase != .finished, phase != .aborted else { return }
        phase = .finished
        wakeAll()
    }

    /// Saves the progress as it is now, after every earlier durable step; logs `message` once saved.
    private func persistProgress(then message: String? = nil) {
        let snapshot = progress, paths = self.paths, logger = self.logger
        let finished = snapshot.finished, next = snapshot.nextRound
        durable.enqueue({
            try snapshot.save(paths.progress)
            try? MetricsReport(progress: snapshot).write(csv: paths.metricsCSV, svg: paths.metricsSVG)
            if finished { Self.removeStaged(in: paths, before: Int.max) }
            if let message { logger.info("\(message)") }
        }, onFailure: { [weak self] error in
            Task { await self?.durableStepFailed("saving \(paths.progress) failed: \(error)", resumeAt: next) }
        })
    }

    // MARK: Abort

    /// Stops the run; its progress stays, so `start server` resumes at the next round.
    public func abort() {
        guard phase != .finished else { return }
        startTimer?.cancel()
        spools.removeAll()
        phase = .aborted
        logger.info("Run \(runNumber) aborted in round \(round); completed rounds are kept")
        wakeAll()
    }

    /// For status displays.
    public var snapshot: (phase: Phase, round: Int, participants: [String], submitted: [String]) {
        (phase, round, participants.sorted(), submitted.keys.sorted())
    }
}
