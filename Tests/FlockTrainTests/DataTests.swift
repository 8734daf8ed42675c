import CFlockTrain
import FlockCore
import Foundation
import Testing
@testable import FlockTrain

@Suite("NIfTI, datalists and CSV data")
struct DataTests {
    /// A volume with a bright block (the "organ") in a gradient, and its label.
    static func volume(nx: Int, ny: Int, nz: Int) -> (image: [Float], label: [Float]) {
        var image = [Float](repeating: 0, count: nx * ny * nz), label = image
        for z in 0..<nz { for y in 0..<ny { for x in 0..<nx {
            let i = (z * ny + y) * nx + x
            let inside = x > nx / 3 && x < 2 * nx / 3 && y > ny / 4 && y < 3 * ny / 4 && z > 0
            image[i] = Float(x + 2 * y) - 50 + (inside ? 150 : 0) + Float(z)
            label[i] = inside ? 1 : 0
        } } }
        return (image, label)
    }

    @Test("a volume written as .nii and .nii.gz reads back with its shape and values", arguments: ["nii", "nii.gz"])
    func roundTrip(_ ext: String) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (image, _) = Self.volume(nx: 12, ny: 10, nz: 3)
        let path = dir.file("ct.\(ext)")
        #expect(fl_train_nifti_write(path, image, 12, 10, 3, 16) == 0, "\(String(cString: fl_train_last_error()))")
        #expect(dir.contents() == ["ct.\(ext)"], "only the target file, no temporary left")
        var v = fl_train_volume()
        #expect(fl_train_nifti_read(path, &v) == 0)
        defer { fl_train_volume_free(&v) }
        #expect(v.nx == 12 && v.ny == 10 && v.nz == 3)
        let back = Array(UnsafeBufferPointer(start: v.data, count: 12 * 10 * 3))
        #expect(back == image)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if ext == "nii.gz" {
            #expect(bytes.prefix(2) == Data([0x1f, 0x8b]), "gzip magic")
        } else {
            #expect(bytes.count >= 348 + 12 * 10 * 3 * 4)
            #expect(bytes[344..<348] == Data("n+1\0".utf8), "NIfTI-1 single-file magic")
        }
        // int16 storage rounds values
        let p16 = dir.file("ct16.\(ext)")
        #expect(fl_train_nifti_write(p16, image.map { $0 + 0.4 }, 12, 10, 3, 4) == 0)
        var v16 = fl_train_volume()
        #expect(fl_train_nifti_read(p16, &v16) == 0)
        defer { fl_train_volume_free(&v16) }
        #expect(Array(UnsafeBufferPointer(start: v16.data, count: 360)) == image)
    }

    /// Writes a datalist MMAR: two training volumes and one validation volume.
    static func makeDatalist(_ dir: TempDir) throws -> String {
        try FileManager.default.createDirectory(atPath: dir.file("data/imagesTr"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("data/labelsTr"), withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            let (image, label) = volume(nx: 40, ny: 36, nz: 4)
            #expect(fl_train_nifti_write(dir.file("data/imagesTr/\(name).nii.gz"), image, 40, 36, 4, 4) == 0)
            #expect(fl_train_nifti_write(dir.file("data/labelsTr/\(name).nii.gz"), label, 40, 36, 4, 2) == 0)
        }
        try dir.write("datalist.json", """
        {"training": [{"image": "imagesTr/a.nii.gz", "label": "labelsTr/a.nii.gz"},
                      {"image": "./imagesTr/b.nii.gz", "label": "./labelsTr/b.nii.gz"}],
         "validation": [{"image": "imagesTr/c.nii.gz", "label": "labelsTr/c.nii.gz"}]}
        """)
        return """
        {"epochs": 1, "batch_size": 4, "learning_rate": 0.01, "threads": 1,
         "model": {"name": "unet2d", "depth": 2, "base_channels": 4, "image_size": [32, 32]},
         "data": {"source": "datalist", "data_list": "datalist.json", "data_root": "data",
                  "intensity": {"a_min": -50, "a_max": 250, "b_min": 0, "b_max": 1, "clip": true}}}
        """
    }

    @Test("a datalist of NIfTI volumes is sliced axially, resized, and trains")
    func datalistTrains() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let json = try Self.makeDatalist(dir)
        let config = try TrainConfig(json: Data(json.utf8), baseDirectory: dir.path)
        let trainer = try Trainer(config: config, site: "site-1")
        #expect(trainer.trainingSamples == 8)   // 2 volumes x 4 slices
        #expect(trainer.validationSamples == 4)
        let r = try await trainer.fit(epochs: 2)
        #expect(r.samples == 8 && r.loss.isFinite)
        let m = try await trainer.evaluate()
        #expect(m["mean_dice"] != nil && m["samples"] == 4)

        // foreground slices only: slice z = 0 has no label
        var crop = config
        if case .datalist(var d) = crop.data { d.slices = .foreground; d.fit = .crop; crop.data = .datalist(d) }
        #expect(try Trainer(config: crop, site: "s").trainingSamples == 6)
    }

    func loadError(_ dir: TempDir, _ datalist: String) throws -> FlockError? {
        try dir.write("datalist.json", datalist)
        let json = try Self.makeDatalistConfigOnly()
        do {
            _ = try Trainer(config: try TrainConfig(json: Data(json.utf8), baseDirectory: dir.path), site: "s")
            return nil
        } catch let e as FlockError {
            return e
        }
    }

    static func makeDatalistConfigOnly() throws -> String {
        """
        {"model": {"name": "unet2d", "depth": 2, "base_channels": 4, "image_size": [32, 32]},
         "data": {"source": "datalist", "data_list": "datalist.json", "data_root": "data"}}
        """
    }

    @Test("bad inputs give errors that name the file: missing image, wrong label shape, corrupt gzip, non-JSON datalist")
    func badInputs() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        _ = try Self.makeDatalist(dir)
        let before = dir.contents()

        let missing = try loadError(dir, #"{"training": [{"image": "imagesTr/nope.nii.gz", "label": "labelsTr/a.nii.gz"}]}"#)
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("imagesTr/nope.nii.gz") == true)

        let (_, small) = Self.volume(nx: 20, ny: 36, nz: 4)
        #expect(fl_train_nifti_write(dir.file("data/labelsTr/small.nii.gz"), small, 20, 36, 4, 2) == 0)
        let shape = try loadError(dir, #"{"training": [{"image": "imagesTr/a.nii.gz", "label": "labelsTr/small.nii.gz"}]}"#)
        #expect(shape?.message.contains("labelsTr/small.nii.gz") == true)
        #expect(shape?.message.contains("20x36x4") == true)

        // a gzip stream cut short, and a file of garbage with the right name
        let good = try Data(contentsOf: URL(fileURLWithPath: dir.file("data/imagesTr/a.nii.gz")))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: dir.file("data/imagesTr/cut.nii.gz")))
        let cut = try loadError(dir, #"{"training": [{"image": "imagesTr/cut.nii.gz", "label": "labelsTr/a.nii.gz"}]}"#)
        #expect(cut?.message.contains("imagesTr/cut.nii.gz") == true, "\(cut?.message ?? "accepted")")
        try Data("not a nifti file at all".utf8).write(to: URL(fileURLWithPath: dir.file("data/imagesTr/junk.nii.gz")))
        let junk = try loadError(dir, #"{"training": [{"image": "imagesTr/junk.nii.gz", "label": "labelsTr/a.nii.gz"}]}"#)
        #expect(junk?.message.contains("imagesTr/junk.nii.gz") == true, "\(junk?.message ?? "accepted")")

        let notJSON = try loadError(dir, "training: a.nii.gz")
        #expect(notJSON?.message.contains("datalist.json") == true)
        #expect(notJSON?.message.contains("not valid JSON") == true)
        let noLabel = try loadError(dir, #"{"training": [{"image": "imagesTr/a.nii.gz"}]}"#)
        #expect(noLabel?.message.contains("\"training\"[0]") == true)

        // nothing half-written: the data folder holds exactly what the test put there
        #expect(dir.contents() == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("data/imagesTr")).sorted()
        #expect(files == ["a.nii.gz", "b.nii.gz", "c.nii.gz", "cut.nii.gz", "junk.nii.gz"])
    }

    // Found by fuzz-train-data: niftilib allocated what a header claimed (terabytes) before
    // noticing the file is short; the loader now checks the header against the file first.
    @Test("a NIfTI header describing more data than the file holds fails cleanly before any allocation")
    func lyingNiftiHeader() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (image, _) = Self.volume(nx: 12, ny: 10, nz: 3)
        let path = dir.file("ct.nii")
        #expect(fl_train_nifti_write(path, image, 12, 10, 3, 16) == 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))

        // dims 30000 x 30000 x 30000 float32: about 100 TB claimed by a 2 KB file
        for i in 1...3 { bytes[40 + 2 * i] = UInt8(30000 & 0xFF); bytes[41 + 2 * i] = UInt8(30000 >> 8) }
        let huge = dir.file("huge.nii")
        try Data(bytes).write(to: URL(fileURLWithPath: huge))
        var v = fl_train_volume()
        #expect(fl_train_nifti_read(huge, &v) == FL_TRAIN_E_FORMAT)
        #expect(String(cString: fl_train_last_error()).contains("more voxel data than the file holds"))
        #expect(v.data == nil)

        // the real header, the data cut short
        let valid = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = dir.file("cut.nii")
        try Data(valid.prefix(valid.count - 8)).write(to: URL(fileURLWithPath: cut))
        #expect(fl_train_nifti_read(cut, &v) == FL_TRAIN_E_FORMAT)
        #expect(String(cString: fl_train_last_error()).contains("cut.nii"))
        #expect(fl_train_nifti_read(path, &v) == 0, "the intact file still reads")
        fl_train_volume_free(&v)
    }

    @Test("an MLP trains on CSV tables and reports accuracy; CSV errors name file and line")
    func csvMLP() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var rng = TestRandom(3)
        func table(_ rows: Int) -> String {
            var s = "f0,f1,label,f2\n"
            for _ in 0..<rows {
                let a = rng.uniform(-1, 1), b = rng.uniform(-1, 1), c = rng.uniform(-1, 1)
                s += "\(a),\(b),\(a + 0.5 * b > 0 ? 1 : 0),\(c)\n"
            }
            return s
        }
        try dir.write("train.csv", table(200))
        try dir.write("val.csv", table(100))
        let json = """
        {"epochs": 30, "batch_size": 20, "learning_rate": 0.01, "threads": 1,
         "model": {"name": "mlp", "hidden": [16], "classes": 2},
         "data": {"source": "csv", "train": "train.csv", "validation": "val.csv"}}
        """
        let trainer = try Trainer(config: try TrainConfig(json: Data(json.utf8), baseDirectory: dir.path), site: "s")
        #expect(try trainer.weights().map(\.name) == ["fc0.weight", "fc0.bias", "head.weight", "head.bias"])
        #expect(try trainer.weights()[0].shape == [16, 3])
        _ = try await trainer.fit()
        let m = try await trainer.evaluate()
        #expect(m["accuracy"]! > 0.9, "accuracy \(m["accuracy"]!)")
        #expect(m["mean_dice"] == nil)

        try dir.write("bad.csv", "f0,label\n1,0\n2,x\n")
        var d: OpaquePointer?
        #expect(fl_train_data_new_csv(dir.file("bad.csv"), "label", 2, &d) == FL_TRAIN_E_FORMAT)
        #expect(d == nil)
        let msg = String(cString: fl_train_last_error())
        #expect(msg.contains("bad.csv line 3") && msg.contains("\"x\""))
        #expect(fl_train_data_new_csv(dir.file("bad.csv"), "target", 2, &d) == FL_TRAIN_E_FORMAT)
        #expect(String(cString: fl_train_last_error()).contains("no column named \"target\""))
    }

    @Test("one optimizer step follows torch.optim: SGD p - lr g, Adam p - lr g / (|g| + eps)", arguments: ["sgd", "adam"])
    func optimizerStep(_ name: String) async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write("t.csv", "a,b,label\n0.5,-1,0\n1.5,0.25,1\n-0.5,2,1\n")
        let json = """
        {"batch_size": 3, "learning_rate": 0.1, "threads": 1, "optimizer": {"name": "\(name)"},
         "model": {"name": "mlp", "hidden": [4], "classes": 2}, "data": {"source": "csv", "train": "t.csv"}}
        """
        let config = try TrainConfig(json: Data(json.utf8), baseDirectory: dir.path)
        let trainer = try Trainer(config: config, site: "s")
        let w0 = try trainer.weights()

        // the gradient of the full batch, from the engine's own forward/backward
        var cfg = fl_train_config()
        fl_train_config_init(&cfg)
        cfg.model = Int32(FL_TRAIN_MODEL_MLP); cfg.in_features = 2; cfg.n_hidden = 1; cfg.hidden.0 = 4; cfg.classes = 2
        cfg.threads = 1
        var probe: OpaquePointer?
        #expect(fl_train_new(&cfg, &probe) == 0)
        defer { fl_train_del(probe) }
        for (i, t) in w0.enumerated() { #expect(fl_train_set_tensor(probe, Int32(i), t.values, t.count) == 0) }
        var loss: Float = 0
        #expect(fl_train_forward_backward(probe, [0.5, -1, 1.5, 0.25, -0.5, 2], [0, 1, 1], 3, &loss, nil) == 0)

        _ = try await trainer.fit(epochs: 1)
        let w1 = try trainer.weights()
        for (i, t) in w0.enumerated() {
            var g = [Float](repeating: 0, count: t.count)
            #expect(fl_train_get_grad(probe, Int32(i), &g, g.count) == 0)
            for k in 0..<t.count {
                let expected = name == "sgd" ? t.values[k] - 0.1 * g[k] : t.values[k] - 0.1 * g[k] / (abs(g[k]) + 1e-8)
                #expect(abs(w1[i].values[k] - expected) <= 1e-5 + 1e-4 * abs(expected), "\(t.name)[\(k)]")
            }
        }
    }
}
