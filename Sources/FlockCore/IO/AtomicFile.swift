#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes files so that readers (and a process restarted after a crash) see either the old or the
/// new content, never a half-written file: write a temporary file beside the target, fsync it,
/// rename it over the target, fsync the directory.
public enum AtomicFile {
    /// Replaces `path` with `bytes` atomically.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, durable: Bool = true) throws {
        try write(to: path, mode: mode, durable: durable) { file in try file.write(bytes, at: 0) }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644, durable: Bool = true) throws {
        try write(Array(text.utf8), to: path, mode: mode, durable: durable)
    }

    /// Creates a temporary file beside `path`, lets `fill` write it, then commits it atomically.
    /// If `fill` throws (or the disk fills up), the temporary file is removed and `path` keeps its
    /// old content. `durable: false` skips the fsyncs (readers still never see a half-written file,
    /// but after a power loss the file may be lost): for scratch files that can be fetched again,
    /// such as a client's copy of the global model.
    public static func write(to path: String, mode: mode_t = 0o644, durable: Bool = true, _ fill: (FileDescriptor) throws -> Void) throws {
        let temp = temporaryPath(for: path)
        do {
            let file = try FileDescriptor(path: temp, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            try fill(file)
            if durable { try file.sync() }
            try commit(temp, to: path, durable: durable)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Like `write(to:durable: false, _:)` for a scratch file rewritten again and again (a client's
    /// copy of the global model, its trained update), reusing the previous version's pages: the
    /// new content is written over a spare copy of the previous version (`sparePath(for:)`, kept
    /// from the last replacement), which is then swapped with `path` in one
    /// `renameat2(RENAME_EXCHANGE)`. Readers still see either the old or the new file, and a
    /// process killed mid-write leaves only a temporary file (`.NAME.PID.RANDOM.tmp`, removed by
    /// `removeStaleTemporaries`). Overwriting pages already in the page cache costs a fraction of
    /// allocating new ones, and nothing new becomes dirty for writeback. Not durable (no fsync).
    /// One writer at a time per `path` within a process; `path` must not be hard-linked elsewhere
    /// if that other name should keep the old content (the spare is only reused while it has no
    /// other name). `size` is the file's final size.
    public static func writeScratch(to path: String, size: UInt64, mode: mode_t = 0o644, _ fill: (FileDescriptor) throws -> Void) throws {
        let scratch = try Scratch(path: path, size: size, mode: mode)
        try fill(scratch.file)
        try scratch.commit()
    }

    /// The spare of a scratch file `path`: `.NAME.spare` beside it.
    public static func sparePath(for path: String) -> String {
        "\(directory(of: path))/.\(baseName(of: path)).spare"
    }

    /// Removes the spares of the scratch files in `directory` (when they will not be rewritten
    /// soon, e.g. at the end of a run). Returns the names removed.
    @discardableResult
    public static func removeSpares(in directory: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(".") && $0.hasSuffix(".spare") }
        return names.filter { unlink(directory + "/" + $0) == 0 }.sorted()
    }

    /// A scratch replacement in progress: `file` (a temporary name) receives the new content;
    /// `commit` swaps it in. Released without a commit, it removes the temporary file and `path`
    /// keeps its old content. See `writeScratch`.
    public final class Scratch {
        public let path: String
        public let file: FileDescriptor
        let temp: String
        let spare: String
        var finished = false

        public init(path: String, size: UInt64, mode: mode_t = 0o644) throws {
            self.path = path
            temp = AtomicFile.temporaryPath(for: path)
            spare = AtomicFile.sparePath(for: path)
            var st = stat()
            if lstat(spare, &st) == 0 {
                // Reuse only a plain file with no other name: its old content may be overwritten.
                if (st.st_mode & S_IFMT) != S_IFREG || st.st_nlink != 1 || rename(spare, temp) != 0 { unlink(spare) }
            }
            let f = try FileDescriptor(path: temp, flags: O_WRONLY | O_CREAT | O_NOFOLLOW, mode: mode)
            do {
                _ = fchmod(f.fd, mode)
                try f.truncate(to: size)
            } catch {
                unlink(temp)
                throw error
            }
            file = f
        }

        deinit { if !finished { unlink(temp) } }

        /// Swaps the new content in; the previous version becomes the spare.
        public func commit() throws {
            if renameExchange(temp, path) == 0 {
                finished = true
                if rename(temp, spare) != 0 { unlink(temp) }
                return
            }
            // No previous version (ENOENT), or no RENAME_EXCHANGE here: a plain atomic rename.
            let code = errno
            guard code == ENOENT || code == EINVAL || code == ENOSYS || code == EPERM else {
                throw FlockError.posix("cannot swap \(temp) with \(path)", code)
            }
            try AtomicFile.commit(temp, to: path, durable: false)
            finished = true
        }
    }

    /// Renames a fully written and synced `temp` over `path` and syncs the directory.
    public static func commit(_ temp: String, to path: String, durable: Bool = true) throws {
        guard rename(temp, path) == 0 else { throw FlockError.posix("cannot rename \(temp) to \(path)", errno) }
        if durable { syncDirectory(of: path) }
    }

    /// A unique temporary name in the same directory as `path` (so rename stays atomic).
    public static func temporaryPath(for path: String) -> String {
        "\(directory(of: path))/.\(baseName(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// Removes the temporary files that writers of other processes left in `directory` when
    /// they were killed before committing (`.NAME.PID.RANDOM.tmp`, see `temporaryPath`): a crash
    /// mid-write must not leave partial files behind. Files of this process are kept. Returns the
    /// names removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var removed: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix("."), name.hasSuffix(".tmp") else { continue }
            let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]), UInt32(parts[parts.count - 1]) != nil,
                  pid != getpid() else { continue }
            if unlink(directory + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    static func baseName(of path: String) -> String { String(path.split(separator: "/").last ?? "file") }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    public static func syncDirectory(of path: String) {
        let fd = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
