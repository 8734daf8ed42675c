import CFlockTrain
import FlockCore
import Foundation

/// An owned `fl_train_data` handle.
final class EngineData: @unchecked Sendable {
    let handle: OpaquePointer

    init(takingOwnership handle: OpaquePointer) { self.handle = handle }
    deinit { fl_train_data_del(handle) }

    var count: Int { Int(fl_train_data_count(handle)) }

    var channels: Int {
        var c: Int32 = 0
        fl_train_data_shape(handle, &c, nil, nil, nil)
        return Int(c)
    }

    static func phantom(_ p: TrainConfig.Phantom, height: Int, width: Int, site: String,
                        validation: Bool) throws -> EngineData {
        var ph = fl_train_phantom()
        fl_train_phantom_init(&ph)
        ph.samples = Int32(validation ? p.validationSamples : p.trainSamples)
        ph.height = Int32(height)
        ph.width = Int32(width)
        ph.seed = p.seed
        ph.split = validation ? 1 : 0
        ph.shift_strength = Float(p.shiftStrength)
        if let s = p.shift {
            ph.explicit_shift = 1
            ph.intensity_offset = Float(s.intensityOffset)
            ph.contrast = Float(s.contrast)
            ph.organ_scale = Float(s.organScale)
            ph.noise = Float(s.noise)
        }
        var window = cWindow(p.window)
        var out: OpaquePointer?
        let rc = site.withCString { cs -> Int32 in
            ph.site = cs
            return fl_train_data_new_phantom(&ph, &window, &out)
        }
        try check(rc, "phantom data")
        return EngineData(takingOwnership: out!)
    }

    /// Reads a datalist (Medical Segmentation Decathlon / Clara form) and loads its `training`
    /// (or `validation`) pairs. Returns nil for a missing or empty `validation` section.
    static func datalist(_ d: TrainConfig.Datalist, height: Int, width: Int, classes: Int?,
                         validation: Bool) throws -> EngineData? {
        let pairs = try Datalist.read(d.dataList, dataRoot: d.dataRoot, section: validation ? "validation" : "training")
        if pairs.isEmpty {
            if validation { return nil }
            throw FlockError(.invalidArgument, "datalist \(d.dataList): \"training\" has no entries")
        }
        var opts = fl_train_nifti_opts()
        opts.height = Int32(height)
        opts.width = Int32(width)
        opts.fit = d.fit == .crop ? Int32(FL_TRAIN_FIT_CROP) : Int32(FL_TRAIN_FIT_RESIZE)
        opts.slices = d.slices == .foreground ? Int32(FL_TRAIN_SLICES_FOREGROUND) : Int32(FL_TRAIN_SLICES_ALL)
        if let classes {
            opts.label_mode = Int32(FL_TRAIN_LABEL_CLASSES)
            opts.classes = Int32(classes)
        } else {
            opts.label_mode = Int32(FL_TRAIN_LABEL_BINARY)
        }
        opts.window = cWindow(d.window)
        let images = pairs.map { strdup($0.image) }
        let labels = pairs.map { strdup($0.label) }
        defer { images.forEach { free($0) }; labels.forEach { free($0) } }
        var out: OpaquePointer?
        let rc = images.map { UnsafePointer($0) }.withUnsafeBufferPointer { ib in
            labels.map { UnsafePointer($0) }.withUnsafeBufferPointer { lb in
                fl_train_data_new_nifti(ib.baseAddress, lb.baseAddress, Int32(pairs.count), &opts, &out)
            }
        }
        try check(rc, "datalist \(d.dataList) (\(validation ? "validation" : "training"))")
        return EngineData(takingOwnership: out!)
    }

    static func csv(path: String, labelColumn: String, classes: Int) throws -> EngineData {
        var out: OpaquePointer?
        try check(fl_train_data_new_csv(path, labelColumn, Int32(classes), &out), "")
        return EngineData(takingOwnership: out!)
    }

    private static func cWindow(_ w: TrainConfig.Window) -> fl_train_window {
        fl_train_window(a_min: Float(w.aMin), a_max: Float(w.aMax), b_min: Float(w.bMin),
                        b_max: Float(w.bMax), clip: w.clip ? 1 : 0)
    }
}

/// The datalist JSON: `{"training": [{"image": ..., "label": ...}], "validation": [...]}`, paths
/// relative to the data root (or absolute).
enum Datalist {
    struct Pair: Equatable { var image: String; var label: String }

    static func read(_ path: String, dataRoot: String, section: String) throws -> [Pair] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw FlockError(exists ? .io : .notFound, "datalist \(path): \(exists ? "cannot be read" : "no such file")")
        }
        return try parse(data, path: path, dataRoot: dataRoot, section: section)
    }

    /// The pairs of `section` of the datalist JSON `data` (read from `path`, named in errors).
    static func parse(_ data: Data, path: String, dataRoot: String, section: String) throws -> [Pair] {
        let value = try JSONValue.parse(data, file: "datalist \(path)")
        guard case .object(let top) = value else {
            throw FlockError(.invalidArgument, "datalist \(path): the top level must be an object with \"training\" (and \"validation\") arrays")
        }
        guard let entries = top[section] else {
            if section == "training" { throw FlockError(.invalidArgument, "datalist \(path): no \"training\" array") }
            return []
        }
        guard case .array(let items) = entries else {
            throw FlockError(.invalidArgument, "datalist \(path): \"\(section)\" must be an array")
        }
        return try items.enumerated().map { index, item in
            guard case .object(let o) = item, case .string(let image)? = o["image"], case .string(let label)? = o["label"],
                  !image.isEmpty, !label.isEmpty else {
                throw FlockError(.invalidArgument, "datalist \(path): \"\(section)\"[\(index)] must be an object with \"image\" and \"label\" paths")
            }
            return Pair(image: TrainConfig.resolve(image, against: dataRoot), label: TrainConfig.resolve(label, against: dataRoot))
        }
    }
}

/// Fuzzing (`fuzz/`): the datalist parser without a file.
@_spi(Fuzzing) public enum DatalistFuzzing {
    /// The (image, label) paths of `section` ("training" or "validation") of the datalist JSON
    /// `data`, resolved against `dataRoot`; throws `FlockError` for a malformed datalist.
    public static func pairs(_ data: Data, dataRoot: String, section: String) throws -> [(image: String, label: String)] {
        try Datalist.parse(data, path: "datalist.json", dataRoot: dataRoot, section: section).map { ($0.image, $0.label) }
    }
}
