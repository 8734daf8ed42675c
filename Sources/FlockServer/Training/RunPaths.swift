import FlockCore

/// Where a run's files live in the server workspace (the seed's layout).
public struct RunPaths: Sendable {
    public let workspace: Workspace
    public let run: Int

    public init(workspace: Workspace, run: Int) {
        self.workspace = workspace
        self.run = run
    }

    public var root: String { workspace.run(run) }
    public var serverApp: String { workspace.serverApp(run: run) }
    public var serverConfig: String { serverApp + "/config/" + FedServerAppConfig.fileName }
    public var models: String { serverApp + "/models" }
    public var globalModel: String { models + "/FL_global_model.safetensors" }
    /// Round `round`'s global model as soon as it is aggregated, before it is durable; the next
    /// round's clients download it while it is being fsynced and linked to `globalModel`.
    public func stagedGlobalModel(round: Int) -> String { models + "/.FL_global_model.round-\(round).safetensors" }
    public var bestModel: String { models + "/FL_global_model_best.safetensors" }
    public var progress: String { serverApp + "/fl_state.json" }
    public var metricsCSV: String { serverApp + "/metrics.csv" }
    public var metricsSVG: String { serverApp + "/metrics.svg" }
    public var crossValidation: String { workspace.crossValidation(run: run) }
    public var crossValidationModels: String { crossValidation + "/models" }
    public var crossValidationResults: String { crossValidation + "/cross_site_validation.json" }
    public func localModel(_ client: String) -> String { crossValidationModels + "/\(client).safetensors" }
}
