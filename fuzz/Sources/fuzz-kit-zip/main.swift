// Fuzz target: extracting a kit zip (KitUnpacker, over libzip): zip-slip names, links, devices,
// huge or lying entry sizes, broken archives, encryption. Whatever the zip, nothing may land
// outside <target>/startup/, and only plain files may be created there.
import FlockCore
import FlockProvision
import Foundation
import FuzzSupport

let password = "fuzzfuzzfuzzfuzz"
var counter = 0

/// Every path below `root` (lstat, links not followed), relative.
func walk(_ root: String) -> [(path: String, mode: mode_t)] {
    var out: [(String, mode_t)] = []
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return out }
    for name in names {
        let path = root + "/" + name
        var st = stat()
        guard lstat(path, &st) == 0 else { continue }
        out.append((name, st.st_mode & S_IFMT))
        if st.st_mode & S_IFMT == S_IFDIR { out += walk(path).map { (name + "/" + $0.path, $0.mode) } }
    }
    return out
}

fuzzMain { bytes in
    counter += 1
    let box = fuzzScratch + "/box-\(counter)"
    try? FileManager.default.createDirectory(atPath: box, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: box) }
    let package = box + "/kit.zip"
    FileManager.default.createFile(atPath: package, contents: Data(bytes))
    let target = box + "/workspace"
    do {
        let result = try KitUnpacker.unpack(package: package, password: password, into: target)
        for file in result.files {
            precondition(!file.contains("/") && file != ".." && file != ".", "unpacked an unsafe name \(file)")
        }
    } catch is FlockError {
    } catch {
        fatalError("unpack threw a non-FlockError: \(error)")
    }
    for entry in walk(box) {
        let inside = entry.path == "kit.zip" || entry.path == "workspace" || entry.path == "workspace/startup"
            || (entry.path.hasPrefix("workspace/startup/") && entry.mode == S_IFREG
                && !entry.path.dropFirst("workspace/startup/".count).contains("/"))
        precondition(inside, "unpack left \(entry.path) (mode \(String(entry.mode, radix: 8))) outside workspace/startup/ or not a plain file")
    }
}
