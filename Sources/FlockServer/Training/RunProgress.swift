import FlockCore
import Foundation

/// What a run has achieved, persisted atomically after every round as
/// `run_N/mmar_server/fl_state.json`, so a server restarted after a crash (even `kill -9`) resumes
/// from the last completed round.
public struct RunProgress: Codable, Equatable, Sendable {
    public var runNumber: Int
    public var startRound: Int
    public var numRounds: Int
    /// The last round whose global model is saved; nil before the first round completes.
    public var lastCompletedRound: Int?
    /// Whether the run (rounds and cross-site validation) is over.
    public var finished: Bool = false
    /// Best mean validation metric of a global model so far, and the round that produced it.
    public var bestMetric: Double?
    public var bestRound: Int?
    /// One record per completed round.
    public var history: [RoundRecord] = []
    /// Clients whose final local models are saved for cross-site validation.
    public var localModels: [String] = []
    /// Each site's validation of the final global model (cross-site validation's "server" row).
    public var finalGlobalValidation: [String: [String: Double]] = [:]

    public init(runNumber: Int, startRound: Int, numRounds: Int) {
        self.runNumber = runNumber
        self.startRound = startRound
        self.numRounds = numRounds
    }

    /// The round a (re)started run works on next.
    public var nextRound: Int { lastCompletedRound.map { $0 + 1 } ?? startRound }

    enum CodingKeys: String, CodingKey {
        case runNumber, startRound, numRounds, lastCompletedRound, finished, bestMetric, bestRound, history, localModels,
             finalGlobalValidation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runNumber = try c.decode(Int.self, forKey: .runNumber)
        startRound = try c.decode(Int.self, forKey: .startRound)
        numRounds = try c.decode(Int.self, forKey: .numRounds)
        lastCompletedRound = try c.decodeIfPresent(Int.self, forKey: .lastCompletedRound)
        finished = try c.decodeIfPresent(Bool.self, forKey: .finished) ?? false
        bestMetric = try c.decodeIfPresent(Double.self, forKey: .bestMetric)
        bestRound = try c.decodeIfPresent(Int.self, forKey: .bestRound)
        history = try c.decodeIfPresent([RoundRecord].self, forKey: .history) ?? []
        localModels = try c.decodeIfPresent([String].self, forKey: .localModels) ?? []
        finalGlobalValidation = try c.decodeIfPresent([String: [String: Double]].self, forKey: .finalGlobalValidation) ?? [:]
    }

    public static func load(_ path: String) throws -> RunProgress? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try JSONDecoder().decode(RunProgress.self, from: data) } catch {
            throw FlockError(.invalidConfiguration, "\(path) is damaged (\(error)); move it away to restart the run from round 0")
        }
    }

    public func save(_ path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try enc.encode(self)), to: path)
    }
}

/// One completed round.
public struct RoundRecord: Codable, Equatable, Sendable {
    public var round: Int
    public var participants: [String]
    /// Training samples each participant reported.
    public var samples: [String: UInt64]
    /// Training metrics each participant reported (e.g. "loss").
    public var trainMetrics: [String: [String: Double]]
    /// Each site's validation metrics of the global model this round started from (from the
    /// `val_*` metrics clients send); empty for a round that started without a global model.
    public var globalValidation: [String: [String: Double]]
    public var seconds: Double
}
