import FlockCore
import Foundation

/// What a round of local training produced.
public struct LocalTrainingResult: Sendable {
    /// Training samples behind the update (its aggregation weight).
    public var samples: UInt64
    /// Metrics of the round, e.g. "loss"; the validation of the received global model is reported
    /// as "val_<metric>".
    public var metrics: [String: Double]
}

/// Trains and evaluates on a site's local data. Models come and go as safetensors files, so a
/// trainer never needs to hold more than it trains.
public protocol LocalTrainer: AnyObject, Sendable {
    /// Which engine trains, for logs and sys_info ("cpu (openblas, 2 threads)", "external: python3 train.py").
    var description: String { get }

    /// Trains for `epochs` starting from `globalModel` (nil: the trainer's own initial weights) and
    /// writes the trained weights to `output`. When `validateGlobal` is set, the received global
    /// model is first evaluated on local validation data and reported as `val_<metric>`.
    /// `progress` receives the number of steps done.
    func train(globalModel: String?, output: String, round: Int, numRounds: Int, epochs: Int, validateGlobal: Bool,
               progress: @escaping @Sendable (UInt64) -> Void) async throws -> LocalTrainingResult

    /// Evaluates the model in `model` on local validation data.
    func validate(model: String) async throws -> [String: Double]
}
