import Foundation

/// One entry piece of a folder in transit; mirrors `fl.v1.FileChunk` without depending on the
/// generated code.
public struct FolderChunk: Sendable, Equatable {
    public var path: String
    public var isDirectory: Bool
    public var offset: UInt64
    public var data: [UInt8]
    public var mode: UInt32
    public var lastChunk: Bool
    public var fileSize: UInt64

    public init(path: String, isDirectory: Bool = false, offset: UInt64 = 0, data: [UInt8] = [],
                mode: UInt32 = 0o644, lastChunk: Bool = false, fileSize: UInt64 = 0) {
        self.path = path; self.isDirectory = isDirectory; self.offset = offset; self.data = data
        self.mode = mode; self.lastChunk = lastChunk; self.fileSize = fileSize
    }
}

/// Checks relative paths that arrive from the network or from admins.
public enum SafePath {
    /// Splits `path` into components, refusing absolute paths, `..`, `.`, empty components,
    /// backslashes and NUL. Returns the normalised components.
    public static func components(_ path: String) throws -> [String] {
        guard !path.isEmpty else { throw FlockError(.invalidArgument, "an empty path is not allowed") }
        guard !path.hasPrefix("/") else { throw FlockError(.permissionDenied, "\(path): absolute paths are not allowed; use a path relative to the folder") }
        guard !path.contains("\0"), !path.contains("\\") else { throw FlockError(.invalidArgument, "\(path): the path contains a NUL or backslash") }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for p in parts {
            if p == ".." { throw FlockError(.permissionDenied, "\(path): \"..\" is not allowed; paths must stay inside the folder") }
            if p.isEmpty || p == "." { throw FlockError(.invalidArgument, "\(path): empty or \".\" path components are not allowed") }
        }
        return parts
    }

    /// A single safe file-name component (an app or folder name).
    public static func name(_ s: String, what: String = "name") throws -> String {
        let parts = try components(s)
        guard parts.count == 1 else { throw FlockError(.invalidArgument, "\(what) \"\(s)\" must be a single folder name, without \"/\"") }
        return s
    }

    /// True when `path` or any of its parents below `root` is a symbolic link.
    public static func crossesSymlink(root: String, components: [String]) -> Bool {
        var p = root
        for c in components {
            p += "/" + c
            var st = stat()
            if lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK { return true }
        }
        return false
    }
}

/// Walks a folder and yields its entries as chunks of at most `chunkSize` bytes, directories
/// first, sorted, so transfers are deterministic. Symbolic links are refused (never followed).
public struct FolderReader: Sendable {
    public let root: String
    public let chunkSize: Int
    /// Top-level folders to include (e.g. config/ and resources/); nil for everything.
    public let only: Set<String>?

    public init(root: String, chunkSize: Int = 1 << 20, only: Set<String>? = nil) {
        self.root = root; self.chunkSize = chunkSize; self.only = only
    }

    /// Relative paths of every entry and whether it is a directory.
    public func entries() throws -> [(path: String, isDirectory: Bool, size: UInt64, mode: UInt32)] {
        var out: [(String, Bool, UInt64, UInt32)] = []
        func walk(_ rel: String) throws {
            let abs = rel.isEmpty ? root : root + "/" + rel
            let names = try FileManager.default.contentsOfDirectory(atPath: abs).sorted()
            for n in names {
                let r = rel.isEmpty ? n : rel + "/" + n
                if rel.isEmpty, let only, !only.contains(n) { continue }
                var st = stat()
                guard lstat(root + "/" + r, &st) == 0 else { throw FlockError.posix("cannot read \(root)/\(r)", errno) }
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    out.append((r, true, 0, UInt32(st.st_mode & 0o777)))
                    try walk(r)
                case S_IFREG:
                    out.append((r, false, UInt64(st.st_size), UInt32(st.st_mode & 0o777)))
                case S_IFLNK:
                    throw FlockError(.permissionDenied, "\(root)/\(r) is a symbolic link; links are not transferred (copy the file in instead)")
                default:
                    throw FlockError(.invalidArgument, "\(root)/\(r) is not a regular file or folder")
                }
            }
        }
        var st = stat()
        guard lstat(root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw FlockError(.notFound, "folder \(root) does not exist")
        }
        try walk("")
        return out
    }

    /// Total bytes of all files.
    public func totalBytes() throws -> UInt64 { try entries().reduce(0) { $0 + $1.size } }

    /// Calls `send` for every chunk in order.
    public func forEachChunk(_ send: (FolderChunk) async throws -> Void) async throws {
        for e in try entries() {
            if e.isDirectory {
                try await send(FolderChunk(path: e.path, isDirectory: true, mode: e.mode, lastChunk: true))
                continue
            }
            let file = try FileDescriptor(path: root + "/" + e.path, flags: O_RDONLY | O_NOFOLLOW)
            var offset: UInt64 = 0
            repeat {
                let n = Int(min(UInt64(chunkSize), e.size - offset))
                let data = try file.read(count: n, at: offset)
                let last = offset + UInt64(n) == e.size
                try await send(FolderChunk(path: e.path, offset: offset, data: data, mode: e.mode, lastChunk: last,
                                           fileSize: offset == 0 ? e.size : 0))
                offset += UInt64(n)
            } while offset < e.size
        }
    }
}

/// Receives a folder's chunks into a staging folder beside the destination and, on `commit`,
/// replaces the destination with it in one rename, so a failed or malicious transfer leaves the
/// destination as it was. Refuses unsafe paths, out-of-order chunks, and more than `maxBytes`.
public final class FolderWriter {
    public let destination: String
    public let staging: String
    public let maxBytes: UInt64
    /// Top-level folders kept (others are skipped silently, e.g. `models/` of an uploaded MMAR).
    public let keepOnly: Set<String>?
    public private(set) var bytesReceived: UInt64 = 0
    public private(set) var skipped: Set<String> = []
    /// Appended to the error of a transfer over `maxBytes` (e.g. which setting to raise).
    public var limitHint: String?
    private var current: (path: String, file: FileDescriptor, next: UInt64)?
    private var finished = false

    public init(destination: String, maxBytes: UInt64, keepOnly: Set<String>? = nil) throws {
        self.destination = destination
        self.maxBytes = maxBytes
        self.keepOnly = keepOnly
        let parent = AtomicFile.directory(of: destination)
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        staging = AtomicFile.temporaryPath(for: destination)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
    }

    deinit { if !finished { try? FileManager.default.removeItem(atPath: staging) } }

    public func write(_ chunk: FolderChunk) throws {
        let parts = try SafePath.components(chunk.path)
        if let keepOnly, !keepOnly.contains(parts[0]) {
            skipped.insert(parts[0])
            return
        }
        let target = staging + "/" + parts.joined(separator: "/")
        // Never through a link (the transfer cannot make one, but one may have been planted).
        if chunk.isDirectory || chunk.offset == 0, SafePath.crossesSymlink(root: staging, components: parts) {
            throw FlockError(.permissionDenied, "\(chunk.path): the path goes through a symbolic link")
        }
        if chunk.isDirectory {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            return
        }
        if chunk.offset == 0 {
            if chunk.fileSize > maxBytes || bytesReceived + chunk.fileSize > maxBytes {
                throw FlockError(.limitExceeded, "\(chunk.path) (\(chunk.fileSize) bytes) makes the transfer larger than the limit of \(maxBytes) bytes" + (limitHint.map { "; \($0)" } ?? ""))
            }
            try FileManager.default.createDirectory(atPath: AtomicFile.directory(of: target), withIntermediateDirectories: true)
            guard !FileManager.default.fileExists(atPath: target) else {
                throw FlockError(.invalidArgument, "\(chunk.path) was sent twice")
            }
            current = (chunk.path, try FileDescriptor(path: target, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode_t(chunk.mode & 0o755 | 0o600)), 0)
        }
        guard let cur = current, cur.path == chunk.path, cur.next == chunk.offset else {
            throw FlockError(.invalidArgument, "\(chunk.path): chunk at offset \(chunk.offset) arrived out of order")
        }
        bytesReceived += UInt64(chunk.data.count)
        guard bytesReceived <= maxBytes else {
            throw FlockError(.limitExceeded, "the transfer is larger than the limit of \(maxBytes) bytes" + (limitHint.map { "; \($0)" } ?? ""))
        }
        try cur.file.write(chunk.data, at: cur.next)
        current!.next += UInt64(chunk.data.count)
        if chunk.lastChunk {
            try cur.file.sync()
            current = nil
        }
    }

    /// Discards what was received; `destination` stays as it was.
    public func abandon() {
        guard !finished else { return }
        finished = true
        current = nil
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Replaces only the named top-level entries of `destination` (e.g. an app's `config` and
    /// `resources`) with what was received, removing those the transfer did not carry, and keeps
    /// everything else there (`models/`, a run's progress). Creates `destination` if needed.
    public func commit(replacing entries: [String]) throws {
        if let cur = current {
            abandon()
            throw FlockError(.invalidArgument, "\(cur.path) ended before its last chunk")
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for name in entries {
            let target = destination + "/" + name
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            if fm.fileExists(atPath: staging + "/" + name) { try fm.moveItem(atPath: staging + "/" + name, toPath: target) }
        }
        abandon()
        AtomicFile.syncDirectory(of: destination + "/.") // syncs `destination` itself
    }

    /// Replaces `destination` with what was received. Throws if a file is incomplete.
    public func commit() throws {
        if let cur = current {
            abandon()
            throw FlockError(.invalidArgument, "\(cur.path) ended before its last chunk")
        }
        let old = AtomicFile.temporaryPath(for: destination)
        let hadOld = FileManager.default.fileExists(atPath: destination)
        if hadOld { guard rename(destination, old) == 0 else { throw FlockError.posix("cannot replace \(destination)", errno) } }
        guard rename(staging, destination) == 0 else {
            let e = errno
            if hadOld { rename(old, destination) }
            throw FlockError.posix("cannot move the received folder to \(destination)", e)
        }
        finished = true
        AtomicFile.syncDirectory(of: destination)
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
    }
}
