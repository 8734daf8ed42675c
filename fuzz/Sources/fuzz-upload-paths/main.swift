// Fuzz target: receiving an uploaded folder (FolderWriter and SafePath, what upload_folder,
// deploy and DownloadApp write): chunks with `..`, absolute paths, empty components, NULs,
// backslashes, links in the way, out-of-order offsets and oversize transfers. Whatever arrives,
// nothing may be written outside the destination, and never more than the byte limit.
import FlockCore
import Foundation
import FuzzSupport

/// Paths a hostile admin or server would try; the input picks among them or sends its own.
let knownPaths = ["config/config_train.json", "config", "resources/a.txt", "models/model.safetensors", "../escape",
                  "config/../../escape", "/etc/passwd", "a//b", "a/./b", "./a", "a/", "", "a\\..\\b", "link/x",
                  "link", "config/sub/deep/file", "a\0b", "..", ".", "outside/x"]
let maxBytes: UInt64 = 4096
var counter = 0

func walk(_ root: String) -> [String] {
    var out: [String] = []
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return out }
    for name in names {
        out.append(name)
        var st = stat()
        if lstat(root + "/" + name, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { out += walk(root + "/" + name).map { name + "/" + $0 } }
    }
    return out
}

fuzzMain { bytes in
    var input = FuzzInput(bytes)
    counter += 1
    let box = fuzzScratch + "/box-\(counter)"
    let destination = box + "/transfer/app"
    try? FileManager.default.createDirectory(atPath: box + "/outside", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: box) }
    let flags = input.byte()
    let keepOnly: Set<String>? = flags & 1 != 0 ? ["config", "resources", "link"] : nil
    guard let writer = try? FolderWriter(destination: destination, maxBytes: maxBytes, keepOnly: keepOnly) else { return }
    if flags & 2 != 0 {
        // A link in the staging folder pointing out (as if planted by a race or a bug).
        _ = symlink(box + "/outside", writer.staging + "/link")
    }
    var failed = false
    while !input.isEmpty && !failed {
        // kind: 0x80 own path (else a byte picks a known one), 0x40 directory, 0x20 offset 0,
        // 0x10 last chunk, low 2 bits scale the announced file size.
        let kind = input.byte()
        let path: String
        if kind & 0x80 != 0 {
            path = String(decoding: input.take(Int(input.byte() % 64)), as: UTF8.self)
        } else {
            path = knownPaths[Int(input.byte()) % knownPaths.count]
        }
        let offset = UInt64(input.uint16())
        let data = input.take(Int(input.byte()))
        let fileSize = UInt64(input.uint16()) * UInt64(1 + (kind & 3))
        let chunk = FolderChunk(path: path, isDirectory: kind & 0x40 != 0, offset: kind & 0x20 != 0 ? 0 : offset, data: data,
                                mode: UInt32(input.uint16()), lastChunk: kind & 0x10 != 0, fileSize: fileSize)
        do {
            if let parts = try? SafePath.components(path) {
                precondition(!parts.contains("..") && !parts.contains(".") && !parts.contains("") && !path.hasPrefix("/"),
                             "SafePath accepted \(path)")
            }
            try writer.write(chunk)
        } catch is FlockError {
            failed = true
        } catch {
            failed = true   // FileManager errors (e.g. a file where a folder is needed)
        }
        precondition(writer.bytesReceived <= maxBytes || failed, "FolderWriter accepted more than its limit")
    }
    if failed || flags & 4 != 0 { writer.abandon() } else { try? writer.commit() }
    // Nothing outside the destination (and its staging folder, which must be gone after abandon).
    let outside = walk(box + "/outside")
    precondition(outside.isEmpty, "the transfer wrote \(outside) outside the destination")
    for entry in walk(box) {
        precondition(entry == "outside" || entry == "transfer" || entry.hasPrefix("transfer/app"),
                     "the transfer left \(entry) outside the destination")
        if failed || flags & 4 != 0 { precondition(!entry.hasPrefix("transfer/app"), "an abandoned transfer left \(entry)") }
    }
}
