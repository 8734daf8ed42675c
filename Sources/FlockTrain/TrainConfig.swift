import FlockCore
import Foundation

/// `config/config_train.json` of an MMAR, parsed and validated. Every key is documented in
/// `docs/config_train.md`. Unknown keys and bad values are rejected with the key's dotted path and
/// the accepted values. Relative paths are resolved against `baseDirectory` (the MMAR root: the
/// parent of `config/` when the file sits there).
public struct TrainConfig: Sendable, Equatable {
    public enum Backend: String, Sendable, Equatable, CaseIterable { case auto, cpu, cuda }
    public enum Loss: String, Sendable, Equatable, CaseIterable { case diceBCE = "dice_bce", crossEntropy = "ce" }
    public enum Norm: Sendable, Equatable { case instance, group(Int) }

    public struct UNet2D: Sendable, Equatable {
        public var depth = 3
        public var baseChannels = 16
        public var inChannels = 1
        public var outChannels = 1
        public var height = 64
        public var width = 64
        public var norm = Norm.instance
        public init() {}
    }

    public struct MLP: Sendable, Equatable {
        /// Feature count; nil: taken from the data (the CSV's feature columns).
        public var inFeatures: Int?
        public var hidden: [Int] = [32]
        public var classes = 2
        public init() {}
    }

    public enum Model: Sendable, Equatable {
        case unet2d(UNet2D)
        case mlp(MLP)
        public var name: String {
            switch self { case .unet2d: return "unet2d"; case .mlp: return "mlp" }
        }
    }

    public enum OptimizerKind: String, Sendable, Equatable, CaseIterable { case sgd, adam }
    public struct Optimizer: Sendable, Equatable {
        public var kind = OptimizerKind.adam
        public var momentum = 0.9
        public var weightDecay = 0.0
        public var beta1 = 0.9
        public var beta2 = 0.999
        public var eps = 1e-8
        public init() {}
    }

    public enum ScheduleKind: String, Sendable, Equatable, CaseIterable { case constant, cosine }
    public struct Schedule: Sendable, Equatable {
        public var kind = ScheduleKind.constant
        public var minLearningRate = 0.0
        /// Cosine horizon in epochs counted from the trainer's creation; 0: each fit call's epochs.
        public var epochs = 0
        public init() {}
    }

    /// CT window: v' = bMin + (v - aMin) (bMax - bMin) / (aMax - aMin), clipped when `clip`.
    public struct Window: Sendable, Equatable {
        public var aMin = -160.0
        public var aMax = 240.0
        public var bMin = 0.0
        public var bMax = 1.0
        public var clip = true
        public init() {}
    }

    /// Explicit per-site phantom shift (overrides the one derived from the site name).
    public struct PhantomShift: Sendable, Equatable {
        public var intensityOffset = 0.0
        public var contrast = 1.0
        public var organScale = 1.0
        public var noise = 1.0
        public init() {}
    }

    public struct Phantom: Sendable, Equatable {
        public var trainSamples = 64
        public var validationSamples = 16
        public var seed: UInt64 = 0
        public var shiftStrength = 1.0
        public var shift: PhantomShift?
        public var window = Window()
        public init() {}
    }

    public enum Fit: String, Sendable, Equatable, CaseIterable { case resize, crop }
    public enum Slices: String, Sendable, Equatable, CaseIterable { case all, foreground }
    public struct Datalist: Sendable, Equatable {
        /// Absolute path of the datalist JSON.
        public var dataList: String
        /// Absolute data root; datalist paths are relative to it. Sites override it locally.
        public var dataRoot: String
        public var fit = Fit.resize
        public var slices = Slices.all
        public var window = Window()
        public init(dataList: String, dataRoot: String) {
            self.dataList = dataList
            self.dataRoot = dataRoot
        }
    }

    public struct CSV: Sendable, Equatable {
        public var train: String
        public var validation: String?
        public var labelColumn = "label"
        public init(train: String, validation: String?) {
            self.train = train
            self.validation = validation
        }
    }

    public enum DataSource: Sendable, Equatable {
        case phantom(Phantom)
        case datalist(Datalist)
        case csv(CSV)
    }

    public var seed: UInt64 = 0
    /// Local epochs per federated round.
    public var epochs = 2
    public var batchSize = 8
    public var learningRate = 1e-3
    public var model = Model.unet2d(UNet2D())
    public var loss = Loss.diceBCE
    public var optimizer = Optimizer()
    public var schedule = Schedule()
    public var data = DataSource.phantom(Phantom())
    /// CPU threads; 0: all cores.
    public var threads = 0
    public var backend = Backend.auto
    public var gpus = 1
    /// `trainer.command`: an external-process trainer (run by the FL client, not this engine).
    public var externalCommand: [String]?
    /// Where relative paths were resolved (the MMAR root).
    public var baseDirectory: String

    /// The defaults: a U-Net on the phantom.
    public init(baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.baseDirectory = baseDirectory
    }

    /// Reads `path` (e.g. `<mmar>/config/config_train.json`); relative paths in it resolve against
    /// the MMAR root (the parent of `config/`, else the file's folder).
    public init(contentsOf path: String) throws {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw FlockError(exists ? .io : .notFound, "\(path): cannot read the training config (\(exists ? "unreadable" : "no such file"))")
        }
        var base = url.deletingLastPathComponent()
        if base.lastPathComponent == "config" { base = base.deletingLastPathComponent() }
        try self.init(json: data, baseDirectory: base.path, file: path)
    }

    /// Parses config JSON; `file` names the source in errors.
    public init(json: Data, baseDirectory: String, file: String = "config_train.json") throws {
        self.init(baseDirectory: baseDirectory)
        let root = try ConfigObject(JSONValue.parse(json, file: file), path: "", file: file)
        try root.checkKeys(["seed", "epochs", "batch_size", "learning_rate", "model", "loss", "optimizer",
                            "lr_schedule", "data", "threads", "backend", "gpus", "trainer"])
        let seedValue = try root.int("seed", default: 0, 0...Int.max)
        seed = UInt64(seedValue)
        epochs = try root.int("epochs", default: 2, 0...100_000)
        batchSize = try root.int("batch_size", default: 8, 1...65536)
        learningRate = try root.double("learning_rate", default: 1e-3, "a number > 0 and <= 10") { $0 > 0 && $0 <= 10 }
        threads = try root.int("threads", default: 0, 0...256)
        backend = Backend(rawValue: try root.choice("backend", default: "auto", Backend.allCases.map(\.rawValue)))!
        gpus = try root.int("gpus", default: 1, 1...16)

        if let m = try root.object("model") {
            let name = try m.choice("name", default: "unet2d", ["unet2d", "mlp"])
            if name == "unet2d" {
                try m.checkKeys(["name", "depth", "base_channels", "in_channels", "out_channels", "image_size", "norm", "norm_groups"])
                var u = UNet2D()
                u.depth = try m.int("depth", default: 3, 1...6)
                u.baseChannels = try m.int("base_channels", default: 16, 1...256)
                u.inChannels = try m.int("in_channels", default: 1, 1...64)
                u.outChannels = try m.int("out_channels", default: 1, 1...64)
                if let size = try m.ints("image_size", count: 2...2, element: 8...4096) {
                    u.height = size[0]
                    u.width = size[1]
                }
                let multiple = 1 << u.depth
                if u.height % multiple != 0 || u.width % multiple != 0 {
                    throw m.fail("image_size", "is [\(u.height), \(u.width)]; both must be multiples of 2^depth = \(multiple)")
                }
                let norm = try m.choice("norm", default: "instance", ["instance", "group"])
                if norm == "group" {
                    let groups = try m.int("norm_groups", default: 8, 1...256)
                    for level in 0...u.depth where (u.baseChannels << level) % groups != 0 {
                        throw m.fail("norm_groups", "is \(groups); it must divide every level's channels (base_channels * 2^level), and \(u.baseChannels << level) is not divisible")
                    }
                    u.norm = .group(groups)
                } else if m.has("norm_groups") {
                    throw m.fail("norm_groups", "applies only with \"norm\": \"group\"")
                }
                model = .unet2d(u)
            } else {
                try m.checkKeys(["name", "in_features", "hidden", "classes"])
                var p = MLP()
                if m.has("in_features") { p.inFeatures = try m.int("in_features", default: 1, 1...1_000_000) }
                p.hidden = try m.ints("hidden", count: 0...8, element: 1...65536) ?? [32]
                p.classes = try m.int("classes", default: 2, 2...65536)
                model = .mlp(p)
            }
        }

        switch model {
        case .unet2d(let u):
            let defaultLoss = u.outChannels == 1 ? Loss.diceBCE : .crossEntropy
            loss = Loss(rawValue: try root.choice("loss", default: defaultLoss.rawValue, Loss.allCases.map(\.rawValue)))!
            if loss == .crossEntropy && u.outChannels < 2 {
                throw root.fail("loss", "is \"ce\", which needs model.out_channels >= 2 (one per class); use \"dice_bce\" for one output channel")
            }
        case .mlp:
            loss = Loss(rawValue: try root.choice("loss", default: "ce", ["ce"]))!
        }

        if let o = try root.object("optimizer") {
            var opt = Optimizer()
            opt.kind = OptimizerKind(rawValue: try o.choice("name", default: "adam", OptimizerKind.allCases.map(\.rawValue)))!
            if opt.kind == .sgd {
                try o.checkKeys(["name", "momentum", "weight_decay"])
                opt.momentum = try o.double("momentum", default: 0.9, "0 <= momentum < 1") { $0 >= 0 && $0 < 1 }
            } else {
                try o.checkKeys(["name", "betas", "eps", "weight_decay"])
                if let betas = try o.doubles("betas", count: 2) {
                    guard betas.allSatisfy({ $0 >= 0 && $0 < 1 }) else { throw o.fail("betas", "is \(betas); accepted values: two numbers in [0, 1)") }
                    opt.beta1 = betas[0]
                    opt.beta2 = betas[1]
                }
                opt.eps = try o.double("eps", default: 1e-8, "a number > 0") { $0 > 0 }
            }
            opt.weightDecay = try o.double("weight_decay", default: 0, "a number >= 0") { $0 >= 0 }
            optimizer = opt
        }

        if let s = try root.object("lr_schedule") {
            var sch = Schedule()
            sch.kind = ScheduleKind(rawValue: try s.choice("name", default: "constant", ScheduleKind.allCases.map(\.rawValue)))!
            if sch.kind == .cosine {
                try s.checkKeys(["name", "min_lr", "epochs"])
                let lr = learningRate
                sch.minLearningRate = try s.double("min_lr", default: 0, "0 <= min_lr <= learning_rate (\(lr))") { $0 >= 0 && $0 <= lr }
                sch.epochs = try s.int("epochs", default: 0, 0...1_000_000)
            } else {
                try s.checkKeys(["name"])
            }
            schedule = sch
        }

        if let d = try root.object("data") {
            let source = try d.choice("source", default: "phantom", ["phantom", "datalist", "csv"])
            let isMLP: Bool = { if case .mlp = model { return true } else { return false } }()
            if isMLP != (source == "csv") {
                throw d.fail("source", "is \"\(source)\", which model \"\(model.name)\" cannot train on; unet2d takes \"phantom\" or \"datalist\", mlp takes \"csv\"")
            }
            switch source {
            case "phantom":
                try d.checkKeys(["source", "train_samples", "val_samples", "seed", "shift_strength", "site_shift", "intensity"])
                var p = Phantom()
                p.trainSamples = try d.int("train_samples", default: 64, 1...1_000_000)
                p.validationSamples = try d.int("val_samples", default: 16, 1...1_000_000)
                p.seed = UInt64(try d.int("seed", default: 0, 0...Int.max))
                p.shiftStrength = try d.double("shift_strength", default: 1, "0...2") { $0 >= 0 && $0 <= 2 }
                if let s = try d.object("site_shift") {
                    try s.checkKeys(["intensity_offset", "contrast", "organ_scale", "noise"])
                    var shift = PhantomShift()
                    shift.intensityOffset = try s.double("intensity_offset", default: 0, "-500...500") { abs($0) <= 500 }
                    shift.contrast = try s.double("contrast", default: 1, "0 < contrast <= 4") { $0 > 0 && $0 <= 4 }
                    shift.organScale = try s.double("organ_scale", default: 1, "0.2 < organ_scale <= 3") { $0 > 0.2 && $0 <= 3 }
                    shift.noise = try s.double("noise", default: 1, "0...10") { $0 >= 0 && $0 <= 10 }
                    p.shift = shift
                }
                p.window = try Self.window(d)
                if case .unet2d(let u) = model, u.inChannels != 1 {
                    throw d.fail("source", "\"phantom\" gives one image channel; model.in_channels is \(u.inChannels)")
                }
                data = .phantom(p)
            case "datalist":
                try d.checkKeys(["source", "data_list", "data_root", "fit", "slices", "intensity"])
                guard let list = try d.string("data_list"), !list.isEmpty else { throw d.fail("data_list", "is required with \"source\": \"datalist\" (a path to the datalist JSON)") }
                let rootDir = try d.string("data_root") ?? "."
                var dl = Datalist(dataList: Self.resolve(list, against: baseDirectory),
                                  dataRoot: Self.resolve(rootDir, against: baseDirectory))
                dl.fit = Fit(rawValue: try d.choice("fit", default: "resize", Fit.allCases.map(\.rawValue)))!
                dl.slices = Slices(rawValue: try d.choice("slices", default: "all", Slices.allCases.map(\.rawValue)))!
                dl.window = try Self.window(d)
                if case .unet2d(let u) = model, u.inChannels != 1 {
                    throw d.fail("source", "\"datalist\" gives one image channel; model.in_channels is \(u.inChannels)")
                }
                data = .datalist(dl)
            default:
                try d.checkKeys(["source", "train", "validation", "label_column", "data_root"])
                guard let train = try d.string("train"), !train.isEmpty else { throw d.fail("train", "is required with \"source\": \"csv\" (a path to the training CSV)") }
                let rootDir = Self.resolve(try d.string("data_root") ?? ".", against: baseDirectory)
                var csv = CSV(train: Self.resolve(train, against: rootDir),
                              validation: try d.string("validation").map { Self.resolve($0, against: rootDir) })
                csv.labelColumn = try d.string("label_column") ?? "label"
                if csv.labelColumn.isEmpty { throw d.fail("label_column", "must not be empty") }
                data = .csv(csv)
            }
        } else if case .mlp = model {
            throw root.fail("data", "is required for model \"mlp\" (\"source\": \"csv\")")
        }

        if let t = try root.object("trainer") {
            try t.checkKeys(["command"])
            guard let cmd = try t.strings("command") else { throw t.fail("command", "is required in \"trainer\" (an argv array)") }
            externalCommand = cmd
        }
    }

    private static func window(_ d: ConfigObject) throws -> Window {
        var w = Window()
        guard let o = try d.object("intensity") else { return w }
        try o.checkKeys(["a_min", "a_max", "b_min", "b_max", "clip"])
        w.aMin = try o.double("a_min", default: w.aMin, "a number") { _ in true }
        w.aMax = try o.double("a_max", default: w.aMax, "a number > a_min (\(w.aMin))") { [w] in $0 > w.aMin }
        w.bMin = try o.double("b_min", default: w.bMin, "a number") { _ in true }
        w.bMax = try o.double("b_max", default: w.bMax, "a number != b_min (\(w.bMin))") { [w] in $0 != w.bMin }
        w.clip = try o.bool("clip", default: true)
        return w
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        let joined = URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
        return joined
    }
}
