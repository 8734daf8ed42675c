import Foundation

/// `config/config_fed_server.json` of an app (MMAR) deployed to the server: how the run goes.
///
///     {
///       "servers": [{ "min_num_clients": 2, "max_num_clients": 100, "wait_after_min_clients": 10,
///                     "heart_beat_timeout": 600, "start_round": 0, "num_rounds": 3,
///                     "exclude_vars": "", "num_rounds_per_valid": 1 }],
///       "aggregator": { "name": "ModelAggregator",
///                       "args": { "exclude_vars": "", "aggregation_weights": { "site-1": 1.0 } } },
///       "cross_site_validate": true
///     }
///
/// Keys are Clara 3.1's. See docs/config-reference.md for each key's meaning and default.
public struct FedServerAppConfig: Sendable, Equatable {
    public static let fileName = "config_fed_server.json"

    /// Clients needed before a round starts.
    public var minNumClients: Int = 1
    /// Most clients taking part in a round.
    public var maxNumClients: Int = 100
    /// Seconds to wait for more clients once `minNumClients` are ready, before round 0 starts.
    public var waitAfterMinClients: Double = 10
    /// Seconds without any call after which a client is dropped (overrides fed_server.json's value
    /// for this run when set).
    public var heartBeatTimeout: Double?
    /// Seconds a round's participant may go without any progress (no model download chunk, no
    /// training step in its heartbeats, no line from an external trainer, no update chunk)
    /// before it is dropped from the round; 0 (the default) never drops a participant that is
    /// still connected.
    public var progressTimeout: Double = 0
    /// First round (0-based) when a run starts fresh.
    public var startRound: Int = 0
    /// Rounds in the run.
    public var numRounds: Int = 1
    /// Regular expression over tensor names kept from the global model instead of averaged.
    public var excludeVars: String = ""
    /// Sites validate the global model they receive (reported as `val_*` metrics) every N rounds;
    /// 0 turns it off. The best global model is chosen from these validations.
    public var numRoundsPerValid: Int = 1
    /// Per-client multipliers of the sample-count weight (clients not listed: 1.0).
    public var aggregationWeights: [String: Double] = [:]
    /// Whether the run ends with cross-site validation.
    public var crossSiteValidate: Bool = true

    public static let aggregatorNames = ["ModelAggregator", "WeightedFedAvg"]

    public init() {}

    public init(contentsOf path: String) throws {
        try self.init(ConfigObject(contentsOf: path, display: Self.fileName))
    }

    public init(data: Data) throws {
        try self.init(ConfigObject(data: data, file: Self.fileName))
    }

    init(_ root: ConfigObject) throws {
        try root.rejectUnknownKeys(["servers", "aggregator", "cross_site_validate"])
        guard let servers = try root.objects("servers"), servers.count == 1 else {
            throw FlockError(.invalidConfiguration, "\(root.file): servers must be an array with exactly one object")
        }
        let s = servers[0]
        try s.rejectUnknownKeys(["name", "min_num_clients", "max_num_clients", "wait_after_min_clients",
                                 "heart_beat_timeout", "start_round", "num_rounds", "exclude_vars",
                                 "num_rounds_per_valid", "num_server_workers", "compression", "progress_timeout"])
        minNumClients = try s.int("min_num_clients", default: 1, range: 1...Int.max)
        maxNumClients = try s.int("max_num_clients", default: 100, range: 1...Int.max)
        guard maxNumClients >= minNumClients else {
            throw FlockError(.invalidConfiguration, "\(root.file): servers[0].max_num_clients (\(maxNumClients)) is smaller than min_num_clients (\(minNumClients))")
        }
        waitAfterMinClients = try s.double("wait_after_min_clients", default: 10, range: 0...86_400)
        heartBeatTimeout = s.has("heart_beat_timeout") ? try s.double("heart_beat_timeout", range: 1...Double.greatestFiniteMagnitude) : nil
        progressTimeout = try s.double("progress_timeout", default: 0, range: 0...604_800)
        startRound = try s.int("start_round", default: 0, range: 0...Int.max)
        numRounds = try s.int("num_rounds", default: 1, range: 1...Int.max)
        guard startRound < numRounds else {
            throw FlockError(.invalidConfiguration, "\(root.file): servers[0].start_round (\(startRound)) must be below num_rounds (\(numRounds))")
        }
        excludeVars = try s.string("exclude_vars", default: "")
        numRoundsPerValid = try s.int("num_rounds_per_valid", default: 1, range: 0...Int.max)
        if let agg = try root.object("aggregator") {
            try agg.rejectUnknownKeys(["name", "args"])
            _ = try agg.string("name", default: "ModelAggregator", oneOf: Self.aggregatorNames)
            if let args = try agg.object("args") {
                try args.rejectUnknownKeys(["exclude_vars", "aggregation_weights"])
                if args.has("exclude_vars") { excludeVars = try args.string("exclude_vars") }
                aggregationWeights = try args.numberMap("aggregation_weights") ?? [:]
            }
        }
        crossSiteValidate = try root.bool("cross_site_validate", default: true)
        try Self.validateExcludeVars(excludeVars, file: root.file)
    }

    static func validateExcludeVars(_ pattern: String, file: String) throws {
        guard !pattern.isEmpty else { return }
        do { _ = try NSRegularExpression(pattern: pattern) } catch {
            throw FlockError(.invalidConfiguration, "\(file): exclude_vars \"\(pattern)\" is not a valid regular expression")
        }
    }

    /// Names among `names` that exclude_vars matches (anywhere in the name, as Clara does).
    public func excludedTensors(_ names: [String]) -> Set<String> {
        Self.matching(excludeVars, names)
    }

    /// Names among `names` that the regular expression `pattern` matches anywhere ("" matches none).
    public static func matching(_ pattern: String, _ names: [String]) -> Set<String> {
        guard !pattern.isEmpty, let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        return Set(names.filter { re.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil })
    }
}

/// `config/config_fed_client.json` of an app deployed to a client: what the client does each round.
///
///     { "client": { "local_epochs": 2, "exclude_vars": "", "update_kind": "weights",
///                   "cross_site_validate": true } }
public struct FedClientAppConfig: Sendable, Equatable {
    public static let fileName = "config_fed_client.json"

    /// Epochs of local training per round.
    public var localEpochs: Int = 1
    /// Tensors (regular expression over names) the client neither receives nor sends changed.
    public var excludeVars: String = ""
    /// Send trained weights ("weights") or trained minus received weights ("delta").
    public var updateKind: String = "weights"
    /// Whether this client evaluates other sites' models at the end of the run.
    public var crossSiteValidate: Bool = true
    /// Benchmarking only: replace training by a pass-through trainer with a model of this size.
    public var benchmarkModelMegabytes: Double?

    public init() {}

    public init(contentsOf path: String) throws {
        try self.init(ConfigObject(contentsOf: path, display: Self.fileName))
    }

    public init(data: Data) throws {
        try self.init(ConfigObject(data: data, file: Self.fileName))
    }

    init(_ root: ConfigObject) throws {
        if root.has("privacy") {
            throw FlockError(.invalidConfiguration, "\(root.file): \"privacy\" (Clara's percentile and SVT privacy filters) is not supported by Flock; remove the block to train without it (docs/config-reference.md)")
        }
        try root.rejectUnknownKeys(["client", "servers"])
        guard let c = try root.object("client") else {
            throw FlockError(.invalidConfiguration, "\(root.file): the \"client\" object is missing; it holds local_epochs and the other per-round settings")
        }
        try c.rejectUnknownKeys(["local_epochs", "steps_aggregation", "exclude_vars", "update_kind",
                                 "cross_site_validate", "retry_timeout", "benchmark_model_mb"])
        localEpochs = try c.int("local_epochs", default: 1, range: 1...Int.max)
        let steps = try c.int("steps_aggregation", default: 0, range: 0...Int.max)
        guard steps == 0 else {
            throw FlockError(.invalidConfiguration, "\(root.file): client.steps_aggregation must be 0 (Flock aggregates per round of local_epochs)")
        }
        excludeVars = try c.string("exclude_vars", default: "")
        updateKind = try c.string("update_kind", default: "weights", oneOf: ["weights", "delta"])
        crossSiteValidate = try c.bool("cross_site_validate", default: true)
        benchmarkModelMegabytes = c.has("benchmark_model_mb") ? try c.double("benchmark_model_mb", range: 0.001...65_536) : nil
        try FedServerAppConfig.validateExcludeVars(excludeVars, file: root.file)
    }
}
