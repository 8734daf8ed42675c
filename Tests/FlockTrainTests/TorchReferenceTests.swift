import CFlockTrain
import Foundation
import Testing

/// Compares the engine's forward and backward passes with PyTorch's on the same networks, weights
/// and inputs (Resources/torch_reference.json, written by scripts/make-train-reference.py).
@Suite("U-Net and MLP against PyTorch reference values")
struct TorchReferenceTests {
    struct Tensor: Decodable { var shape: [Int]; var values: [Float] }
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var model: String
        var depth: Int?
        var base_channels: Int?
        var out_channels: Int?
        var size: Int?
        var norm_groups: Int?
        var in_features: Int?
        var hidden: [Int]?
        var classes: Int?
        var batch: Int
        var loss: String
        var x: [Float]
        var y: [Float]
        var order: [String]
        var weights: [String: Tensor]
        var expected_loss: Double
        var expected_logits: [Float]
        var expected_grads: [String: [Float]]
        var testDescription: String { name }
    }
    struct Document: Decodable { var cases: [Case] }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "torch_reference", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let doc = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return doc.cases
    }()

    @Test("the reference file holds the three networks")
    func referenceLoads() {
        #expect(Self.cases.map(\.name) == ["unet_instance_dice_bce", "unet_group_ce", "mlp"])
    }

    /// Largest |a - b| relative to the largest |b|.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count)
        let scale = b.map { abs(Double($0)) }.max() ?? 0
        let diff = zip(a, b).map { abs(Double($0) - Double($1)) }.max() ?? 0
        return diff / max(scale, 1e-12)
    }

    @Test("names, shapes, loss, logits and every gradient match PyTorch", arguments: cases)
    func matches(_ c: Case) throws {
        var cfg = fl_train_config()
        fl_train_config_init(&cfg)
        cfg.threads = 1
        cfg.batch_size = Int32(c.batch)
        if c.model == "unet2d" {
            cfg.model = Int32(FL_TRAIN_MODEL_UNET2D)
            cfg.depth = Int32(c.depth!)
            cfg.base_channels = Int32(c.base_channels!)
            cfg.out_channels = Int32(c.out_channels!)
            cfg.height = Int32(c.size!)
            cfg.width = Int32(c.size!)
            cfg.norm_groups = Int32(c.norm_groups!)
            cfg.loss = c.loss == "ce" ? Int32(FL_TRAIN_LOSS_CE) : Int32(FL_TRAIN_LOSS_DICE_BCE)
        } else {
            cfg.model = Int32(FL_TRAIN_MODEL_MLP)
            cfg.in_features = Int32(c.in_features!)
            cfg.n_hidden = Int32(c.hidden!.count)
            cfg.hidden.0 = Int32(c.hidden![0])
            cfg.hidden.1 = Int32(c.hidden![1])
            cfg.classes = Int32(c.classes!)
        }
        var model: OpaquePointer?
        #expect(fl_train_new(&cfg, &model) == 0, "\(String(cString: fl_train_last_error()))")
        let m = try #require(model)
        defer { fl_train_del(m) }

        // the same names in the same order, the same shapes
        let count = Int(fl_train_tensor_count(m))
        var names: [String] = []
        for i in 0..<count {
            var name: UnsafePointer<CChar>?
            var ndim: Int32 = 0
            var shape: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
            var n: Int64 = 0
            _ = withUnsafeMutableBytes(of: &shape) { fl_train_tensor_info(m, Int32(i), &name, &ndim, $0.baseAddress!.assumingMemoryBound(to: Int64.self), &n) }
            let s = String(cString: name!)
            names.append(s)
            let dims = [shape.0, shape.1, shape.2, shape.3].prefix(Int(ndim)).map { Int($0) }
            #expect(dims == c.weights[s]?.shape, "shape of \(s)")
            let values = try #require(c.weights[s]).values
            #expect(fl_train_set_tensor(m, Int32(i), values, values.count) == 0)
        }
        #expect(names == c.order)

        var loss: Float = 0
        var logits = [Float](repeating: 0, count: c.expected_logits.count)
        #expect(fl_train_forward_backward(m, c.x, c.y, Int32(c.batch), &loss, &logits) == 0, "\(String(cString: fl_train_last_error()))")
        #expect(abs(Double(loss) - c.expected_loss) <= 1e-4 * max(1, abs(c.expected_loss)), "loss \(loss) vs torch \(c.expected_loss)")
        #expect(Self.relativeError(logits, c.expected_logits) < 1e-4, "logits")

        for (i, name) in names.enumerated() {
            guard let expected = c.expected_grads[name] else {
                Issue.record("torch has no gradient for \(name)")
                continue
            }
            var grad = [Float](repeating: 0, count: expected.count)
            #expect(fl_train_get_grad(m, Int32(i), &grad, grad.count) == 0)
            let err = Self.relativeError(grad, expected)
            #expect(err < 2e-3, "gradient of \(name): relative error \(err)")
        }
    }
}
