import FlockCore
import Foundation
import Logging

/// Runs a site's own training program (e.g. `python3 train.py` with PyTorch or MONAI) for each
/// task, exchanging models as safetensors files. The contract (documented for sites in docs/protocol.md, "External trainers"):
///
/// The command runs in the app folder (`run_N/mmar_<client>`) with these variables:
///
/// | variable | meaning |
/// |---|---|
/// | `FLOCK_TASK` | `train` or `validate` |
/// | `FLOCK_GLOBAL_MODEL` | safetensors file of the model to start from / to validate; unset in a first round without a global model |
/// | `FLOCK_OUTPUT_MODEL` | (train) where to write the trained weights, safetensors, the same tensor names and shapes |
/// | `FLOCK_METRICS` | where to write a JSON object: `{"samples": N, "metrics": {"loss": 0.1, ...}}` (validate: `{"metrics": {...}}`) |
/// | `FLOCK_ROUND`, `FLOCK_NUM_ROUNDS`, `FLOCK_LOCAL_EPOCHS` | the round and the epochs to train |
/// | `FLOCK_VALIDATE_GLOBAL` | (train) `1` when the server asks for the received model's `val_*` metrics this round |
/// | `FLOCK_SITE`, `FLOCK_DATA_ROOT`, `FLOCK_APP_DIR` | the client name, the site's data root (startup/local_settings.json), the app folder |
///
/// A non-zero exit fails the task; after three failures in a row the client stops training (its
/// status becomes "training stopped") and says why in its log.
/// The command's output goes to the client's log.
public final class ExternalTrainer: LocalTrainer, @unchecked Sendable {
    public let command: [String]
    let appDirectory: String
    let site: String
    let dataRoot: String
    let logger: Logger

    public init(command: [String], appDirectory: String, site: String, dataRoot: String, logger: Logger) throws {
        guard !command.isEmpty else {
            throw FlockError(.invalidConfiguration, "config_train.json: trainer.command is empty; give the program and its arguments, e.g. [\"python3\", \"train.py\"]")
        }
        self.command = command
        self.appDirectory = appDirectory
        self.site = site
        self.dataRoot = dataRoot
        self.logger = logger
    }

    public var description: String { "external: " + command.joined(separator: " ") }

    public func train(globalModel: String?, output: String, round: Int, numRounds: Int, epochs: Int, validateGlobal: Bool,
                      progress: @escaping @Sendable (UInt64) -> Void) async throws -> LocalTrainingResult {
        let metricsPath = output + ".metrics.json"
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: metricsPath)
        var env = ["FLOCK_TASK": "train", "FLOCK_OUTPUT_MODEL": output, "FLOCK_METRICS": metricsPath,
                   "FLOCK_ROUND": "\(round)", "FLOCK_NUM_ROUNDS": "\(numRounds)", "FLOCK_LOCAL_EPOCHS": "\(epochs)",
                   "FLOCK_VALIDATE_GLOBAL": validateGlobal ? "1" : "0"]
        if let globalModel { env["FLOCK_GLOBAL_MODEL"] = globalModel }
        // Each line the program prints is progress (the server's progress_timeout).
        try await run(env, onLine: progress)
        guard FileManager.default.fileExists(atPath: output) else {
            throw FlockError(.failedPrecondition, "\(description) exited without writing FLOCK_OUTPUT_MODEL (\(output))")
        }
        _ = try SafeTensorsFile(path: output) // refuse a malformed file here, not at the server
        let (samples, metrics) = try readMetrics(metricsPath)
        guard let samples, samples > 0 else {
            throw FlockError(.failedPrecondition, "\(description): \(metricsPath) must give \"samples\" > 0 (the number of training samples)")
        }
        progress(samples)
        return LocalTrainingResult(samples: samples, metrics: metrics)
    }

    public func validate(model: String) async throws -> [String: Double] {
        let metricsPath = appDirectory + "/models/validate.metrics.json"
        try? FileManager.default.removeItem(atPath: metricsPath)
        try await run(["FLOCK_TASK": "validate", "FLOCK_GLOBAL_MODEL": model, "FLOCK_METRICS": metricsPath])
        return try readMetrics(metricsPath).metrics
    }

    func readMetrics(_ path: String) throws -> (samples: UInt64?, metrics: [String: Double]) {
        let o = try ConfigObject(contentsOf: path, display: "the trainer's metrics file \(path)")
        let samples = o.has("samples") ? UInt64(try o.int("samples", range: 0...Int.max)) : nil
        return (samples, try o.numberMap("metrics") ?? [:])
    }

    /// Runs the command with `extra` in its environment; `onLine` gets the number of lines it
    /// has printed so far, after each one.
    func run(_ extra: [String: String], onLine: @escaping @Sendable (UInt64) -> Void = { _ in }) async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        p.currentDirectoryURL = URL(fileURLWithPath: appDirectory)
        var env = ProcessInfo.processInfo.environment
        env["FLOCK_SITE"] = site
        env["FLOCK_DATA_ROOT"] = dataRoot
        env["FLOCK_APP_DIR"] = appDirectory
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try? pipe.fileHandleForWriting.close()
        // Read the program's output until it closes it, on a thread of its own, then reap it.
        let logger = self.logger
        let name = command.first ?? "trainer"
        let reading = pipe.fileHandleForReading
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    var pending = Data()
                    var lines: UInt64 = 0
                    while true {
                        let chunk = reading.availableData
                        if chunk.isEmpty { break }
                        pending.append(chunk)
                        while let nl = pending.firstIndex(of: 0x0A) {
                            logger.info("[\(name)] \(String(decoding: pending[pending.startIndex..<nl], as: UTF8.self))")
                            pending.removeSubrange(pending.startIndex...nl)
                            lines += 1
                            onLine(lines)
                        }
                    }
                    if !pending.isEmpty { logger.info("[\(name)] \(String(decoding: pending, as: UTF8.self))") }
                    p.waitUntilExit()
                    c.resume()
                }
            }
        } onCancel: {
            p.terminate()
        }
        try Task.checkCancellation()
        guard p.terminationStatus == 0 else {
            throw FlockError(.failedPrecondition, "\(description) failed with exit code \(p.terminationStatus) (its output is in the client's log)")
        }
    }
}
