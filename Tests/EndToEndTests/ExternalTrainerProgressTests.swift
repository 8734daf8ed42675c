import FlockCore
import Foundation
import Logging
import Testing
@testable import FlockClient

/// An external training program reports no steps; each line it prints is its progress (what the
/// client's heartbeats carry, and what the server's progress_timeout looks at).
@Suite("External trainers: output lines are progress")
struct ExternalTrainerProgressTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var seen: [UInt64] = []
        func add(_ n: UInt64) { lock.withLock { seen.append(n) } }
    }

    @Test("every line the program prints advances the progress count, in order")
    func linesAreProgress() async throws {
        let dir = NSTemporaryDirectory() + "flock-ext-progress-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try ExternalTrainer(command: ["sh", "-c", "echo epoch 1; echo epoch 2; printf 'epoch 3\\n'"],
                                          appDirectory: dir, site: "site-1", dataRoot: "", logger: Logger(label: "test"))
        let lines = Lines()
        try await trainer.run([:], onLine: { lines.add($0) })
        #expect(lines.seen == [1, 2, 3])
    }
}
