import FlockCore
import Foundation

/// Streams a model stored as safetensors in chunks (the first carries the manifest), reading the
/// file piece by piece so memory stays one chunk whatever the model's size.
public enum ModelStreaming {
    /// 256 KiB: with every client streaming at once, the server holds about one chunk per upload
    /// in assembly and decoding, so smaller chunks keep its memory flat as clients are added
    /// (128 MiB x 8 clients: 100 MiB peak RSS with 1 MiB chunks, 72 MiB with 256 KiB); the
    /// framing cost per chunk (a few dozen bytes) stays negligible.
    public static let defaultChunkSize = 256 << 10

    /// Calls `send` with each ModelChunk of the model at `path`.
    public static func send(file path: String, chunkSize: Int = defaultChunkSize, meta: [String: String] = [:],
                            _ send: (Fl_V1_ModelChunk) async throws -> Void) async throws {
        let file = try SafeTensorsFile(path: path)
        let manifest = Fl_V1_ModelManifest(entries: file.entries, meta: meta.merging(file.metadata) { a, _ in a })
        var offset: UInt64 = 0
        var first = true
        repeat {
            let n = Int(min(UInt64(chunkSize), file.dataSize - offset))
            let data = try file.readData(count: n, at: offset)
            try await send(Fl_V1_ModelChunk(manifest: first ? manifest : nil, offset: offset, data: data))
            first = false
            offset += UInt64(n)
        } while offset < file.dataSize
    }
}

/// Writes a model arriving in chunks to a safetensors file (temporary until `finish`), checking
/// order and size. Memory stays one chunk.
public final class ModelFileWriter {
    public let path: String
    public let entries: [SafeTensors.Entry]
    private let temp: String?
    private let scratch: AtomicFile.Scratch?
    private let file: FileDescriptor
    private let dataStart: UInt64
    public private(set) var received: UInt64 = 0
    private var done = false

    /// Starts writing the model described by `manifest` to `path`. A `scratch` file (a client's
    /// copy of the global model, replaced every round and fetched again after a crash) is written
    /// over the spare copy of its previous version and never synced (`AtomicFile.writeScratch`).
    public init(path: String, manifest: Fl_V1_ModelManifest, scratch isScratch: Bool = false) throws {
        self.path = path
        entries = try manifest.entries()
        let header = SafeTensors.headerBytes(entries, metadata: manifest.meta)
        dataStart = UInt64(header.count)
        if isScratch {
            let s = try AtomicFile.Scratch(path: path, size: dataStart + (entries.last?.end ?? 0))
            scratch = s
            temp = nil
            file = s.file
        } else {
            let t = AtomicFile.temporaryPath(for: path)
            temp = t
            scratch = nil
            file = try FileDescriptor(path: t, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        }
        do {
            try file.write(header, at: 0)
        } catch {
            if let temp { unlink(temp) }
            throw error
        }
    }

    // A scratch writer's temporary file goes with its `AtomicFile.Scratch`.
    deinit { if !done, let temp { unlink(temp) } }

    public var totalBytes: UInt64 { entries.last?.end ?? 0 }

    public func write(_ chunk: Fl_V1_ModelChunk) throws {
        guard chunk.offset == received else {
            throw FlockError(.invalidArgument, "model chunk at offset \(chunk.offset), expected \(received)")
        }
        guard received + UInt64(chunk.data.count) <= totalBytes else {
            throw FlockError(.invalidArgument, "the model is larger than its manifest says (\(totalBytes) bytes)")
        }
        try file.write(chunk.data, at: dataStart + received)
        received += UInt64(chunk.data.count)
    }

    /// Commits the file (renamed into place; synced to disk only when `durable`: a client's copy
    /// of the global model can be fetched again after a crash, so it skips the fsync; a scratch
    /// file is never synced); throws if bytes are missing.
    public func finish(durable: Bool = true) throws {
        guard received == totalBytes else {
            throw FlockError(.invalidArgument, "the model ended after \(received) of \(totalBytes) bytes")
        }
        if let scratch {
            try scratch.commit()
        } else if let temp {
            if durable { try file.sync() }
            try AtomicFile.commit(temp, to: path, durable: durable)
        }
        done = true
    }
}
