import FlockCore
import Foundation

/// What a client remembers across restarts, in `<workspace>/.flock_client_state.json`: the run it
/// works on and whether training was started, so a client restarted after a crash carries on.
struct ClientState: Codable, Equatable {
    var runNumber: Int?
    var started = false
    var gpus: Int?
    var token: String?

    static func path(_ ws: Workspace) -> String { ws.root + "/.flock_client_state.json" }

    static func load(_ ws: Workspace) -> ClientState {
        guard let data = FileManager.default.contents(atPath: path(ws)),
              let s = try? JSONDecoder().decode(ClientState.self, from: data) else { return ClientState() }
        return s
    }

    func save(_ ws: Workspace) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try? AtomicFile.write(Array((try? enc.encode(self)) ?? Data()), to: Self.path(ws))
    }
}

/// Exponential back-off with jitter for reconnecting: 1 s doubling to `maximum`.
struct Backoff {
    var maximum: Double
    private(set) var attempt = 0

    init(maximum: Double) { self.maximum = maximum }

    mutating func next() -> Duration {
        let base = min(maximum, pow(2.0, Double(attempt)))
        attempt += 1
        return .milliseconds(Int64(base * 1000 * Double.random(in: 0.8...1.2)))
    }

    mutating func reset() { attempt = 0 }
}
