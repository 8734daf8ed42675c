import FlockCore
import FlockTrain
import Foundation
import Logging

/// Trains with Flock's C engine (CPU, or CUDA where built) as `config/config_train.json` says.
public final class EngineTrainer: LocalTrainer, @unchecked Sendable {
    let trainer: Trainer
    let logger: Logger

    public init(config: TrainConfig, site: String, dataRoot: String?, threads: Int?, logger: Logger) throws {
        trainer = try Trainer(config: config, site: site, threads: threads, dataRoot: dataRoot, logger: logger)
        self.logger = logger
        logger.info("Training backend: \(trainer.backendDescription); \(trainer.trainingSamples) training and \(trainer.validationSamples) validation samples")
    }

    public var description: String { trainer.backendDescription }

    public func train(globalModel: String?, output: String, round: Int, numRounds: Int, epochs: Int, validateGlobal: Bool,
                      progress: @escaping @Sendable (UInt64) -> Void) async throws -> LocalTrainingResult {
        var metrics: [String: Double] = [:]
        if let globalModel {
            try trainer.setWeights(try SafeTensors.read(globalModel))
            if validateGlobal && trainer.validationSamples > 0 {
                for (k, v) in try await trainer.evaluate() { metrics["val_" + k] = v }
            }
        }
        let result = try await trainer.fit(epochs: epochs) { p in
            progress(UInt64(p.epoch * p.stepsPerEpoch + p.step))
        }
        try SafeTensors.write(try trainer.weights(), metadata: ["round": "\(round)"], to: output)
        metrics["loss"] = result.loss
        for (k, v) in result.metrics where metrics[k] == nil { metrics[k] = v }
        return LocalTrainingResult(samples: UInt64(max(result.samples, 1)), metrics: metrics)
    }

    public func validate(model: String) async throws -> [String: Double] {
        try trainer.setWeights(try SafeTensors.read(model))
        return try await trainer.evaluate()
    }
}
