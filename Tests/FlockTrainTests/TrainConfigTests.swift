import FlockCore
import Foundation
import Testing
@testable import FlockTrain

@Suite("config_train.json parsing and validation")
struct TrainConfigTests {
    func parse(_ json: String, base: String = "/mmar") throws -> TrainConfig {
        try TrainConfig(json: Data(json.utf8), baseDirectory: base, file: "config_train.json")
    }

    func message(_ json: String) -> String {
        do {
            _ = try parse(json)
            return "(accepted)"
        } catch let e as FlockError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    @Test("an empty object gives the defaults: a U-Net on the phantom with Adam")
    func defaults() throws {
        let c = try parse("{}")
        #expect(c.model == .unet2d(TrainConfig.UNet2D()))
        #expect(c.loss == .diceBCE)
        #expect(c.optimizer.kind == .adam)
        #expect(c.epochs == 2 && c.batchSize == 8 && c.learningRate == 1e-3 && c.seed == 0)
        #expect(c.data == .phantom(TrainConfig.Phantom()))
        #expect(c.externalCommand == nil)
    }

    @Test("every documented key is read")
    func fullConfig() throws {
        let c = try parse("""
        {"seed": 5, "epochs": 3, "batch_size": 4, "learning_rate": 0.01, "threads": 2, "backend": "cpu", "gpus": 2,
         "model": {"name": "unet2d", "depth": 2, "base_channels": 8, "in_channels": 1, "out_channels": 3,
                   "image_size": [32, 48], "norm": "group", "norm_groups": 4},
         "loss": "ce",
         "optimizer": {"name": "sgd", "momentum": 0.8, "weight_decay": 0.0001},
         "lr_schedule": {"name": "cosine", "min_lr": 0.001, "epochs": 20},
         "data": {"source": "datalist", "data_list": "config/dataset_0.json", "data_root": "../data",
                  "fit": "crop", "slices": "foreground",
                  "intensity": {"a_min": -57, "a_max": 164, "b_min": 0, "b_max": 1, "clip": false}},
         "trainer": {"command": ["python3", "custom/train.py", "--fast"]}}
        """, base: "/srv/mmar")
        guard case .unet2d(let u) = c.model else { Issue.record("not a unet"); return }
        #expect(u.depth == 2 && u.baseChannels == 8 && u.outChannels == 3 && u.height == 32 && u.width == 48)
        #expect(u.norm == .group(4))
        #expect(c.loss == .crossEntropy && c.optimizer.kind == .sgd && c.optimizer.momentum == 0.8)
        #expect(c.schedule.kind == .cosine && c.schedule.epochs == 20 && c.schedule.minLearningRate == 0.001)
        guard case .datalist(let d) = c.data else { Issue.record("not a datalist"); return }
        #expect(d.dataList == "/srv/mmar/config/dataset_0.json")
        #expect(d.dataRoot == "/srv/data")
        #expect(d.fit == .crop && d.slices == .foreground && d.window.aMin == -57 && !d.window.clip)
        #expect(c.externalCommand == ["python3", "custom/train.py", "--fast"])
        #expect(c.backend == .cpu && c.gpus == 2 && c.threads == 2)
    }

    @Test("unknown keys are rejected with their path and the accepted keys")
    func unknownKeys() {
        let top = message(#"{"epoch": 3}"#)
        #expect(top.contains("unknown key \"epoch\"") && top.contains("epochs"))
        let nested = message(#"{"optimizer": {"name": "adam", "momentum": 0.9}}"#)
        #expect(nested.contains("\"optimizer.momentum\"") && nested.contains("betas"))
        let phantom = message(#"{"data": {"source": "phantom", "samples": 3}}"#)
        #expect(phantom.contains("\"data.samples\"") && phantom.contains("train_samples"))
    }

    @Test("bad values name the key and the accepted values")
    func badValues() {
        let opt = message(#"{"optimizer": {"name": "rmsprop"}}"#)
        #expect(opt.contains("\"optimizer.name\"") && opt.contains("\"sgd\", \"adam\""))
        let model = message(#"{"model": {"name": "resnet"}}"#)
        #expect(model.contains("\"model.name\"") && model.contains("\"unet2d\", \"mlp\""))
        #expect(message(#"{"epochs": -1}"#).contains("\"epochs\" is -1; accepted values: 0...100000"))
        #expect(message(#"{"epochs": "two"}"#).contains("\"epochs\" must be an integer"))
        #expect(message(#"{"batch_size": 1.5}"#).contains("\"batch_size\" must be an integer"))
        #expect(message(#"{"learning_rate": 0}"#).contains("\"learning_rate\""))
        #expect(message(#"{"model": {"depth": 3, "image_size": [60, 64]}}"#).contains("multiples of 2^depth = 8"))
        #expect(message(#"{"model": {"norm": "group", "norm_groups": 3}}"#).contains("\"model.norm_groups\""))
        #expect(message(#"{"loss": "ce"}"#).contains("out_channels >= 2"))
        #expect(message(#"{"backend": "metal"}"#).contains("\"auto\", \"cpu\", \"cuda\""))
        #expect(message(#"{"data": {"source": "datalist"}}"#).contains("\"data.data_list\" is required"))
        #expect(message(#"{"model": {"name": "mlp"}, "data": {"source": "phantom"}}"#).contains("mlp takes \"csv\""))
        #expect(message(#"{"trainer": {"command": "train.sh"}}"#).contains("\"trainer.command\""))
        #expect(message(#"{"data": {"source": "phantom", "intensity": {"a_min": 10, "a_max": 5}}}"#).contains("\"data.intensity.a_max\""))
        #expect(message("[1, 2]").contains("must be a JSON object"))
        #expect(message("{epochs: 2}").contains("is not valid JSON"))
    }

    @Test("a config file resolves relative paths against the MMAR root, and a missing file is not found")
    func fromFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("config"), withIntermediateDirectories: true)
        try dir.write("config/config_train.json", #"{"data": {"source": "datalist", "data_list": "config/list.json"}}"#)
        let c = try TrainConfig(contentsOf: dir.file("config/config_train.json"))
        guard case .datalist(let d) = c.data else { Issue.record("not a datalist"); return }
        let root = URL(fileURLWithPath: dir.path).standardizedFileURL.path
        #expect(d.dataList == root + "/config/list.json")
        #expect(d.dataRoot == root)
        do {
            _ = try TrainConfig(contentsOf: dir.file("config/missing.json"))
            Issue.record("a missing config was accepted")
        } catch let e as FlockError {
            #expect(e.code == .notFound && e.message.contains("missing.json"))
        }
    }
}
