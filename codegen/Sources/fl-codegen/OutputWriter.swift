import FlockCodegen
import Foundation

enum OutputWriter {
    /// Writes each file under `folder`, creating folders as needed.
    static func write(_ files: [GeneratedFile], to folder: String) throws {
        let root = URL(fileURLWithPath: folder)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url)
        }
    }
}
