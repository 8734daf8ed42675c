import CFlockTrain
import Testing

/// Deterministic test numbers (xorshift), so a failure reproduces.
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E3779B97F4A7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
}

@Suite("Layer backward passes against finite differences")
struct LayerGradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var kind: String
        var n = 2, cin = 4, h = 4, w = 4, cout = 3, groups = 2
        var testDescription: String { h == 4 && w == 4 ? kind : "\(kind) \(h)x\(w)" }
    }

    static let cases: [Case] = [
        Case(kind: "conv3x3"),
        // width a multiple of 16, or 8 with an even height: the CPU backend's fused im2col + GEMM
        // path (AVX2 CPUs)
        Case(kind: "conv3x3", h: 3, w: 32), Case(kind: "conv3x3", h: 4, w: 8),
        Case(kind: "conv1x1"), Case(kind: "upconv2x2"),
        Case(kind: "groupnorm"), Case(kind: "instancenorm"), Case(kind: "relu"),
        Case(kind: "maxpool2x2"), Case(kind: "dense", cin: 5, h: 1, w: 1),
        Case(kind: "dice_bce", cin: 2), Case(kind: "cross_entropy", cin: 3),
    ]

    @Test("analytic gradients of inputs and parameters match central differences", arguments: cases)
    func gradients(_ c: Case) throws {
        var layer: OpaquePointer?
        #expect(fl_train_layer_new(c.kind, Int32(c.n), Int32(c.cin), Int32(c.h), Int32(c.w), Int32(c.cout), Int32(c.groups), &layer) == 0)
        let l = try #require(layer)
        defer { fl_train_layer_del(l) }
        var nx = 0, nt = 0, np = 0, ny = 0
        fl_train_layer_sizes(l, &nx, &nt, &np, &ny)
        var rng = TestRandom(UInt64(c.kind.utf8.count) &* 31 &+ 7)

        var x = (0..<nx).map { _ in rng.uniform(-1, 1) }
        if c.kind == "relu" {
            // keep inputs away from the kink at 0
            x = x.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        }
        if c.kind == "maxpool2x2" {
            // distinct values 0.1 apart: no ties inside a window
            var values = (0..<nx).map { Float($0) * 0.1 - Float(nx) * 0.05 }
            for i in stride(from: nx - 1, to: 0, by: -1) { values.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            x = values
        }
        var t = [Float](repeating: 0, count: nt)
        if c.kind == "dice_bce" { t = (0..<nt).map { _ in rng.uniform(0, 1) > 0.6 ? 1 : 0 } }
        if c.kind == "cross_entropy" { t = (0..<nt).map { _ in Float(rng.next() % UInt64(c.cin)) } }
        var p = (0..<np).map { _ in rng.uniform(-0.8, 0.8) }
        if c.kind.hasSuffix("norm") { for i in 0..<c.cin { p[i] = 1 + rng.uniform(-0.3, 0.3) } }
        let dy = (0..<ny).map { _ in ny == 1 ? Float(1) : rng.uniform(-1, 1) }

        func objective(_ x: [Float], _ p: [Float]) -> Double {
            var y = [Float](repeating: 0, count: ny)
            _ = fl_train_layer_forward(l, x, t, p.isEmpty ? nil : p, &y)
            return zip(y, dy).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }

        var dx = [Float](repeating: 0, count: nx)
        var dp = [Float](repeating: 0, count: max(np, 1))
        #expect(fl_train_layer_backward(l, x, t, p.isEmpty ? nil : p, dy, &dx, &dp) == 0)

        let eps: Float = c.kind == "relu" || c.kind == "maxpool2x2" ? 1e-2 : 5e-3
        var numDx = [Double](repeating: 0, count: nx)
        for i in 0..<nx {
            let saved = x[i]
            x[i] = saved + eps
            let up = objective(x, p)
            x[i] = saved - eps
            let down = objective(x, p)
            x[i] = saved
            numDx[i] = (up - down) / Double(2 * eps)
        }
        var numDp = [Double](repeating: 0, count: np)
        for i in 0..<np {
            let saved = p[i]
            p[i] = saved + eps
            let up = objective(x, p)
            p[i] = saved - eps
            let down = objective(x, p)
            p[i] = saved
            numDp[i] = (up - down) / Double(2 * eps)
        }

        func relativeError(_ analytic: [Float], _ numeric: [Double]) -> Double {
            let scale = numeric.map(abs).max() ?? 0
            let diff = zip(analytic, numeric).map { abs(Double($0) - $1) }.max() ?? 0
            return diff / max(scale, 1e-6)
        }
        #expect((numDx.map(abs).max() ?? 0) > 1e-4, "the input gradient of \(c.kind) is trivially zero")
        #expect(relativeError(dx, numDx) < 1e-2, "input gradient of \(c.kind)")
        if np > 0 {
            #expect(relativeError(Array(dp.prefix(np)), numDp) < 1e-2, "parameter gradient of \(c.kind)")
        }
    }

    @Test("an unknown layer kind is rejected with the accepted kinds")
    func unknownKind() {
        var layer: OpaquePointer?
        #expect(fl_train_layer_new("batchnorm", 1, 1, 2, 2, 1, 1, &layer) == FL_TRAIN_E_INVALID)
        #expect(layer == nil)
        #expect(String(cString: fl_train_last_error()).contains("groupnorm"))
    }
}
