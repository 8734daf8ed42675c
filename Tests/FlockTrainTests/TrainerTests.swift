import CFlockTrain
import FlockCore
import Foundation
import Synchronization
import Testing
@testable import FlockTrain

@Suite("Trainer on the phantom")
struct TrainerTests {
    @Test("a small U-Net's loss falls over a few steps and Dice rises")
    func lossFalls() async throws {
        let trainer = try Trainer(config: smallPhantomConfig(epochs: 1), site: "site-1")
        let before = try await trainer.evaluate()
        let losses = Mutex<[Double]>([])
        let result = try await trainer.fit(epochs: 6) { p in losses.withLock { $0.append(p.loss) } }
        let after = try await trainer.evaluate()
        let seen = losses.withLock { $0 }
        #expect(seen.count == 6 * 4)   // 32 samples, batches of 8
        #expect(result.steps == 24)
        #expect(result.samples == 32)
        let firstSteps = seen.prefix(4).reduce(0, +) / 4, lastSteps = seen.suffix(4).reduce(0, +) / 4
        #expect(lastSteps < firstSteps * 0.9, "training loss \(firstSteps) -> \(lastSteps)")
        #expect(after["loss"]! < before["loss"]!)
        #expect(after["mean_dice"]! > before["mean_dice"]! + 0.2, "Dice \(before["mean_dice"]!) -> \(after["mean_dice"]!)")
        #expect(trainer.backendDescription.hasPrefix("cpu"))
    }

    @Test("the same seed and thread count give bit-identical weights")
    func deterministic() async throws {
        func run() async throws -> [NamedTensor] {
            let t = try Trainer(config: smallPhantomConfig(seed: 7, train: 16, validation: 4), site: "site-a")
            _ = try await t.fit(epochs: 1)
            return try t.weights()
        }
        let a = try await run(), b = try await run()
        #expect(a == b)
        let c = try Trainer(config: smallPhantomConfig(seed: 8, train: 16, validation: 4), site: "site-a").weights()
        #expect(c != a, "a different seed gives different initial weights")
    }

    @Test("weights have stable names and round-trip through setWeights")
    func weightsRoundTrip() async throws {
        let a = try Trainer(config: smallPhantomConfig(seed: 1, train: 8, validation: 4), site: "s")
        let b = try Trainer(config: smallPhantomConfig(seed: 2, train: 8, validation: 4), site: "s")
        let wa = try a.weights()
        #expect(wa.first?.name == "enc0.conv1.weight")
        #expect(wa.first?.shape == [8, 1, 3, 3])
        #expect(wa.last?.name == "head.bias")
        #expect(wa.map(\.name) == (try b.weights()).map(\.name))
        try b.setWeights(wa)
        #expect(try b.weights() == wa)
        #expect(try await a.evaluate() == (try await b.evaluate()))
    }

    @Test("setWeights rejects unknown names, wrong shapes and duplicates, and changes nothing")
    func setWeightsRejects() throws {
        let t = try Trainer(config: smallPhantomConfig(train: 8, validation: 4), site: "s")
        let original = try t.weights()
        var changed = original
        changed[0].values = changed[0].values.map { $0 + 1 }
        let bogus = NamedTensor(name: "enc9.conv1.weight", shape: [1], values: [0])
        #expect(throws: FlockError.self) { try t.setWeights([changed[0], bogus]) }
        let wrongShape = NamedTensor(name: "head.bias", shape: [2], values: [0, 0])
        do {
            try t.setWeights([changed[0], wrongShape])
            Issue.record("a wrong shape was accepted")
        } catch let e as FlockError {
            #expect(e.message.contains("head.bias"))
            #expect(e.message.contains("[1]"))
        }
        #expect(throws: FlockError.self) { try t.setWeights([changed[0], changed[0]]) }
        #expect(try t.weights() == original, "a rejected call must not write anything")
    }

    @Test("sites get different (non-IID) phantoms from their names; the same name the same data")
    func nonIID() throws {
        var o1: Float = 0, c1: Float = 0, s1: Float = 0, n1: Float = 0
        var o2: Float = 0, c2: Float = 0, s2: Float = 0, n2: Float = 0
        fl_train_phantom_site_shift("site-1", 1, &o1, &c1, &s1, &n1)
        fl_train_phantom_site_shift("site-2", 1, &o2, &c2, &s2, &n2)
        #expect((o1, c1, s1, n1) != (o2, c2, s2, n2))
        var o0: Float = 1, c0: Float = 0, s0: Float = 0, n0: Float = 0
        fl_train_phantom_site_shift("", 1, &o0, &c0, &s0, &n0)
        #expect(o0 == 0 && c0 == 1 && s0 == 1 && n0 == 1)

        func mean(_ site: String) throws -> Double {
            var p = fl_train_phantom()
            fl_train_phantom_init(&p)
            p.samples = 16
            var w = fl_train_window(a_min: -160, a_max: 240, b_min: 0, b_max: 1, clip: 1)
            var d: OpaquePointer?
            let rc = site.withCString { p.site = $0; return fl_train_data_new_phantom(&p, &w, &d) }
            #expect(rc == 0)
            defer { fl_train_data_del(d) }
            var x = [Float](repeating: 0, count: 64 * 64), y = x, total = 0.0
            for i in 0..<16 {
                _ = fl_train_data_sample(d, Int64(i), &x, x.count, &y, y.count)
                total += Double(y.reduce(0, +))
            }
            return total
        }
        #expect(try mean("site-1") != (try mean("site-2")))
        #expect(try mean("site-1") == (try mean("site-1")))
    }

    @Test("cancelling the task stops fit between batches with CancellationError")
    func cancellation() async throws {
        let t = try Trainer(config: smallPhantomConfig(train: 64, validation: 4), site: "s")
        let steps = Mutex(0)
        let task = Task { try await t.fit(epochs: 50) { _ in steps.withLock { $0 += 1 } } }
        while steps.withLock({ $0 }) < 2 { try await Task.sleep(nanoseconds: 5_000_000) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(steps.withLock { $0 } < 50 * 8)
        // the trainer still works afterwards
        _ = try await t.fit(epochs: 1)
    }
}
