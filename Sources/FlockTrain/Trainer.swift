import CFlockTrain
import Dispatch
import FlockCore
import Foundation
import Logging

/// One site's local trainer: the C engine's model and that site's training and validation data.
///
/// The FL client creates one per run, then each round: `setWeights` (the global model), `fit`,
/// `weights` (the update, with `FitResult.samples` as its FedAvg weight), and `evaluate`.
/// Calls are serialized on the trainer's own queue; `fit` and `evaluate` run there without
/// blocking the caller's executor and stop between batches when their task is cancelled
/// (throwing `CancellationError`; the weights are then those of the last completed step).
public final class Trainer: @unchecked Sendable {
    public struct Progress: Sendable, Equatable {
        public var epoch: Int
        public var step: Int
        public var stepsPerEpoch: Int
        public var loss: Double
        public var learningRate: Double
    }

    public struct FitResult: Sendable, Equatable {
        /// Training samples (the update's weight in federated averaging).
        public var samples: Int
        public var steps: Int
        /// Mean training loss of the last epoch.
        public var loss: Double
        /// `train_loss`, `epochs`.
        public var metrics: [String: Double]
    }

    public let config: TrainConfig
    public let site: String
    /// Which backend runs and why ("cpu: AVX2 GEMM/conv kernels, 2 thread(s) (...)").
    public let backendDescription: String
    public let trainingSamples: Int
    public let validationSamples: Int

    private let model: OpaquePointer
    private let train: EngineData
    private let validation: EngineData?
    private let queue: DispatchQueue
    private let logger: Logger

    /// Builds the model and loads the site's data. `site` is the FL client name: it picks the
    /// phantom's per-site shift. `threads` overrides `config.threads`; `dataRoot` overrides a
    /// datalist's data root (sites keep their data in different places).
    public init(config: TrainConfig, site: String, threads: Int? = nil, dataRoot: String? = nil,
                logger: Logger = Logger(label: "flock.train")) throws {
        _ = Self.silenceEngineLog
        var config = config
        if let dataRoot, case .datalist(var d) = config.data {
            d.dataRoot = TrainConfig.resolve(dataRoot, against: config.baseDirectory)
            config.data = .datalist(d)
        }
        if let threads { config.threads = threads }
        self.config = config
        self.site = site
        self.logger = logger

        var c = fl_train_config()
        fl_train_config_init(&c)
        let train: EngineData
        let validation: EngineData?
        switch (config.model, config.data) {
        case (.unet2d(let u), .phantom(let p)):
            train = try EngineData.phantom(p, height: u.height, width: u.width, site: site, validation: false)
            validation = try EngineData.phantom(p, height: u.height, width: u.width, site: site, validation: true)
        case (.unet2d(let u), .datalist(let d)):
            let classes = config.loss == .crossEntropy ? u.outChannels : nil
            train = try EngineData.datalist(d, height: u.height, width: u.width, classes: classes, validation: false)!
            validation = try EngineData.datalist(d, height: u.height, width: u.width, classes: classes, validation: true)
        case (.mlp(let m), .csv(let csv)):
            train = try EngineData.csv(path: csv.train, labelColumn: csv.labelColumn, classes: m.classes)
            validation = try csv.validation.map { try EngineData.csv(path: $0, labelColumn: csv.labelColumn, classes: m.classes) }
            if let v = validation, v.channels != train.channels {
                throw FlockError(.invalidArgument, "csv \(csv.validation!): \(v.channels) feature columns, the training CSV has \(train.channels)")
            }
        default:
            throw FlockError(.invalidConfiguration, "model \(config.model.name) cannot train on this data source")
        }
        switch config.model {
        case .unet2d(let u):
            c.model = Int32(FL_TRAIN_MODEL_UNET2D)
            c.depth = Int32(u.depth)
            c.base_channels = Int32(u.baseChannels)
            c.in_channels = Int32(u.inChannels)
            c.out_channels = Int32(u.outChannels)
            c.height = Int32(u.height)
            c.width = Int32(u.width)
            if case .group(let g) = u.norm { c.norm_groups = Int32(g) } else { c.norm_groups = 0 }
            c.loss = config.loss == .diceBCE ? Int32(FL_TRAIN_LOSS_DICE_BCE) : Int32(FL_TRAIN_LOSS_CE)
        case .mlp(let m):
            if let f = m.inFeatures, f != train.channels {
                throw FlockError(.invalidConfiguration, "model.in_features is \(f) but the training CSV has \(train.channels) feature columns")
            }
            c.model = Int32(FL_TRAIN_MODEL_MLP)
            c.in_features = Int32(train.channels)
            c.n_hidden = Int32(m.hidden.count)
            withUnsafeMutableBytes(of: &c.hidden) { raw in
                let h = raw.bindMemory(to: Int32.self)
                for (i, v) in m.hidden.enumerated() { h[i] = Int32(v) }
            }
            c.classes = Int32(m.classes)
            c.loss = Int32(FL_TRAIN_LOSS_CE)
        }
        c.optimizer = config.optimizer.kind == .sgd ? Int32(FL_TRAIN_OPT_SGD) : Int32(FL_TRAIN_OPT_ADAM)
        c.lr = Float(config.learningRate)
        c.momentum = Float(config.optimizer.momentum)
        c.weight_decay = Float(config.optimizer.weightDecay)
        c.beta1 = Float(config.optimizer.beta1)
        c.beta2 = Float(config.optimizer.beta2)
        c.eps = Float(config.optimizer.eps)
        c.lr_schedule = config.schedule.kind == .cosine ? Int32(FL_TRAIN_LR_COSINE) : Int32(FL_TRAIN_LR_CONSTANT)
        c.lr_min = Float(config.schedule.minLearningRate)
        c.schedule_epochs = Int32(config.schedule.epochs)
        c.batch_size = Int32(config.batchSize)
        c.seed = config.seed
        c.threads = Int32(config.threads)
        switch config.backend {
        case .auto: c.backend = Int32(FL_TRAIN_BACKEND_AUTO)
        case .cpu: c.backend = Int32(FL_TRAIN_BACKEND_CPU)
        case .cuda: c.backend = Int32(FL_TRAIN_BACKEND_CUDA)
        }
        c.gpus = Int32(config.gpus)

        var handle: OpaquePointer?
        try check(fl_train_new(&c, &handle), "model \(config.model.name)")
        self.model = handle!
        self.train = train
        self.validation = validation
        self.trainingSamples = train.count
        self.validationSamples = validation?.count ?? 0
        self.backendDescription = String(cString: fl_train_backend(handle))
        self.queue = DispatchQueue(label: "flock.train.\(site)")
        logger.info("training backend \(backendDescription)", metadata: [
            "client.name": "\(site)", "train.model": "\(config.model.name)",
            "train.samples": "\(trainingSamples)", "train.validation_samples": "\(validationSamples)",
        ])
    }

    deinit { fl_train_del(model) }

    /// The engine logs through Swift (the backend line above), so its stderr sink is switched off.
    private static let silenceEngineLog: Void = { fl_train_set_log(nil, nil) }()

    // MARK: Weights

    /// Every weight tensor, in the engine's stable order, under stable names.
    public func weights() throws -> [NamedTensor] {
        try queue.sync {
            let count = fl_train_tensor_count(model)
            var out: [NamedTensor] = []
            out.reserveCapacity(Int(count))
            for i in 0..<count {
                let info = try tensorInfo(i)
                var values = [Float](repeating: 0, count: info.count)
                try check(values.withUnsafeMutableBufferPointer { fl_train_get_tensor(model, i, $0.baseAddress, $0.count) }, "weights")
                out.append(NamedTensor(name: info.name, shape: info.shape, values: values))
            }
            return out
        }
    }

    /// Sets weights by name. Every name must be one of the model's and appear once, with the
    /// model's shape; everything is checked before anything is written, so a rejected call
    /// leaves the model as it was. Tensors not given keep their values.
    public func setWeights(_ tensors: [NamedTensor]) throws {
        try queue.sync {
            var seen = Set<String>()
            var plan: [(Int32, NamedTensor)] = []
            for t in tensors {
                guard seen.insert(t.name).inserted else {
                    throw FlockError(.invalidArgument, "setWeights: tensor \"\(t.name)\" is given twice")
                }
                let index = fl_train_tensor_find(model, t.name)
                guard index >= 0 else {
                    throw FlockError(.invalidArgument, "setWeights: the model has no tensor \"\(t.name)\" (model \(config.model.name); names like \"\(try tensorInfo(0).name)\")")
                }
                let info = try tensorInfo(index)
                guard info.shape == t.shape else {
                    throw FlockError(.invalidArgument, "setWeights: tensor \"\(t.name)\" has shape \(t.shape); the model's is \(info.shape)")
                }
                if let bad = t.values.firstIndex(where: { !$0.isFinite }) {
                    throw FlockError(.invalidArgument, "setWeights: tensor \"\(t.name)\" value \(bad) is not finite")
                }
                plan.append((index, t))
            }
            for (index, t) in plan {
                try check(t.values.withUnsafeBufferPointer { fl_train_set_tensor(model, index, $0.baseAddress, $0.count) }, "setWeights")
            }
        }
    }

    private func tensorInfo(_ i: Int32) throws -> (name: String, shape: [Int], count: Int) {
        var name: UnsafePointer<CChar>?
        var ndim: Int32 = 0
        var shape: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        var count: Int64 = 0
        try check(withUnsafeMutableBytes(of: &shape) { raw in
            fl_train_tensor_info(model, i, &name, &ndim, raw.baseAddress!.assumingMemoryBound(to: Int64.self), &count)
        }, "tensor \(i)")
        let dims = [shape.0, shape.1, shape.2, shape.3].prefix(Int(ndim)).map { Int($0) }
        return (String(cString: name!), dims, Int(count))
    }

    // MARK: Training

    /// Trains `epochs` (default: the config's epochs per round) over the site's training data.
    /// `progress` is called after every step, on the training thread: it must return quickly and
    /// must not call back into this trainer (calls are serialized, so that would wait forever).
    public func fit(epochs: Int? = nil, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> FitResult {
        let epochs = epochs ?? config.epochs
        guard epochs >= 0 else { throw FlockError(.invalidArgument, "fit: epochs \(epochs) must be >= 0") }
        let box = ProgressBox(progress)
        let result: fl_train_fit_result = try await runCancellable { flag in
            var r = fl_train_fit_result()
            let user = Unmanaged.passUnretained(box).toOpaque()
            let rc = fl_train_fit(self.model, self.train.handle, Int32(epochs), { user, p in
                guard let user, let p else { return }
                let box = Unmanaged<ProgressBox>.fromOpaque(user).takeUnretainedValue()
                box.call(Progress(epoch: Int(p.pointee.epoch), step: Int(p.pointee.step),
                                  stepsPerEpoch: Int(p.pointee.steps_per_epoch),
                                  loss: Double(p.pointee.loss), learningRate: Double(p.pointee.lr)))
            }, user, flag, &r)
            withExtendedLifetime(box) {}
            try check(rc, "fit")
            return r
        }
        logger.debug("fit done", metadata: ["train.epochs": "\(epochs)", "train.loss": "\(result.loss)"])
        return FitResult(samples: Int(result.samples), steps: Int(result.steps), loss: result.loss,
                         metrics: ["train_loss": result.loss, "epochs": Double(epochs)])
    }

    /// Metrics on the site's validation data: `loss`, `accuracy`, `samples`, and for the U-Net
    /// `mean_dice` (mean Dice over sample/foreground pairs whose ground truth is not empty).
    public func evaluate() async throws -> [String: Double] {
        guard let validation else {
            throw FlockError(.failedPrecondition, "evaluate: this site has no validation data (datalist without \"validation\", or csv without \"validation\")")
        }
        let m: fl_train_metrics = try await runCancellable { flag in
            var m = fl_train_metrics()
            try check(fl_train_evaluate(self.model, validation.handle, flag, &m), "evaluate")
            return m
        }
        var out: [String: Double] = ["loss": m.loss, "accuracy": m.accuracy, "samples": Double(m.samples)]
        if case .unet2d = config.model { out["mean_dice"] = m.mean_dice }
        return out
    }

    /// Runs `body` on the trainer's queue with a fresh abort flag that task cancellation raises.
    private func runCancellable<T: Sendable>(_ body: @escaping @Sendable (UnsafeMutablePointer<Int32>) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let flag = AbortFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, Error>) in
                queue.async {
                    cont.resume(with: Result { try body(flag.pointer) })
                }
            }
        } onCancel: {
            flag.raise()
        }
    }
}

/// A heap int the engine reads atomically between batches.
private final class AbortFlag: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int32>
    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }
    func raise() { fl_train_abort_set(pointer, 1) }
    deinit { pointer.deallocate() }
}

private final class ProgressBox: @unchecked Sendable {
    let call: @Sendable (Trainer.Progress) -> Void
    init(_ call: @escaping @Sendable (Trainer.Progress) -> Void) { self.call = call }
}
