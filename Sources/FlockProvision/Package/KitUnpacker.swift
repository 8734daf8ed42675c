import Foundation
import FlockCore
import FlockTLS
internal import CZip

/// Extracts a kit package (AES-256 or ZipCrypto) for sites without 7z: `fl-provision unpack`.
public enum KitUnpacker {
    /// Largest file a kit may hold, and largest kit in all (kits hold certificates, keys, JSON and
    /// scripts of a few KiB): a zip bomb or a lying entry size fails instead of filling memory.
    public static let maxEntryBytes = 16 * 1024 * 1024
    public static let maxTotalBytes = 64 * 1024 * 1024

    /// What `unpack` produced.
    public struct Result: Sendable {
        /// Absolute path of the extracted `startup/` folder.
        public var startupDirectory: String
        public var files: [String]
        /// Nil when the kit signature verified; otherwise why it did not.
        public var signatureProblem: String?
    }

    /// Extracts `package` into `directory` (created if missing), giving `directory/startup/`.
    /// Refuses an existing `directory/startup`, entries outside `startup/`, links and path tricks.
    /// A wrong password fails with a message saying so, and leaves nothing behind.
    public static func unpack(package: String, password: String, into directory: String) throws -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: package, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw FlockError(.notFound, "package '\(package)' not found")
        }
        let target = URL(fileURLWithPath: directory).standardizedFileURL.path
        let finalStartup = target + "/" + Workspace.startupFolderName
        if FileManager.default.fileExists(atPath: finalStartup) {
            throw FlockError(.alreadyExists, "'\(finalStartup)' already exists; unpack into another folder with -d DIR, or move the old startup folder away first")
        }
        var errorCode: Int32 = 0
        guard let archive = LibZip.open(package, ZIP_RDONLY, &errorCode) else {
            throw FlockError(.invalidArgument, "'\(package)' is not a readable zip package: \(KitPackager.zipErrorText(errorCode))")
        }
        defer { zip_discard(archive) }

        // A folder this call creates is removed again if unpacking fails.
        var createdTarget = false
        if !FileManager.default.fileExists(atPath: target) {
            do {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                createdTarget = true
            } catch {
                throw FlockError(.io, "cannot create '\(target)': \(error.localizedDescription)")
            }
        }
        var succeeded = false
        defer { if createdTarget && !succeeded { try? FileManager.default.removeItem(atPath: target) } }
        let staging = target + "/.fl-unpack-\(UUID().uuidString.prefix(8))"
        guard mkdir(staging, 0o700) == 0 else {
            throw FlockError(.io, "cannot write into '\(target)': \(String(cString: strerror(errno))); choose a writable folder with -d DIR")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let stagingStartup = staging + "/" + Workspace.startupFolderName
        guard mkdir(stagingStartup, 0o755) == 0 else { throw FlockError(.io, "cannot create '\(stagingStartup)'") }

        var files: [String] = []
        var totalBytes = 0
        let count = zip_get_num_entries(archive, 0)
        for index in 0..<zip_uint64_t(max(count, 0)) {
            guard let rawName = zip_get_name(archive, index, zip_flags_t(ZIP_FL_ENC_GUESS)) else { continue }
            let name = String(cString: rawName)
            var opsys: zip_uint8_t = 0
            var attributes: zip_uint32_t = 0
            zip_file_get_external_attributes(archive, index, 0, &opsys, &attributes)
            let unixMode = opsys == zip_uint8_t(ZIP_OPSYS_UNIX) ? mode_t(attributes >> 16) : 0
            if name == Workspace.startupFolderName + "/" { continue }
            let prefix = Workspace.startupFolderName + "/"
            let fileName = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : ""
            guard !fileName.isEmpty, !fileName.contains("/"), fileName != ".", fileName != ".." else {
                throw FlockError(.invalidArgument, "'\(package)' holds '\(name)', which is not a file directly in startup/; this is not a Flock kit package")
            }
            if unixMode & mode_t(S_IFMT) != 0 && unixMode & mode_t(S_IFMT) != mode_t(S_IFREG) {
                throw FlockError(.invalidArgument, "'\(package)' holds '\(name)', which is not a plain file (a link or device); refusing to extract it")
            }
            let bytes = try read(archive, index: index, name: name, password: password, package: package)
            totalBytes += bytes.count
            guard totalBytes <= maxTotalBytes else {
                throw FlockError(.invalidArgument, "'\(package)' holds more than \(maxTotalBytes / (1024 * 1024)) MiB of files; this is not a Flock kit package")
            }
            let permissions = unixMode & 0o777 != 0 ? unixMode & 0o777 : 0o644
            let path = stagingStartup + "/" + fileName
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
            guard fd >= 0 else { throw FlockError(.io, "cannot write '\(path)': \(String(cString: strerror(errno)))") }
            fchmod(fd, permissions)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else { throw FlockError(.io, "cannot write '\(path)'") }
            files.append(fileName)
        }
        guard !files.isEmpty else {
            throw FlockError(.invalidArgument, "'\(package)' holds no startup/ files; this is not a Flock kit package")
        }
        guard rename(stagingStartup, finalStartup) == 0 else {
            throw FlockError(.io, "cannot move the kit into '\(finalStartup)': \(String(cString: strerror(errno)))")
        }
        succeeded = true
        var problem: String? = nil
        do { try KitSignature.verify(startupDirectory: finalStartup) } catch let error as FlockError { problem = error.message }
        return Result(startupDirectory: finalStartup, files: files.sorted(), signatureProblem: problem)
    }

    private static func read(_ archive: OpaquePointer, index: zip_uint64_t, name: String, password: String, package: String) throws -> [UInt8] {
        let wrongPassword = FlockError(.permissionDenied, "wrong password for '\(package)': use the 16-character password printed for this package when it was provisioned")
        guard let file = zip_fopen_index_encrypted(archive, index, 0, password) else {
            let code = zip_error_code_zip(zip_get_error(archive))
            if code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD { throw wrongPassword }
            throw FlockError(.io, "cannot open '\(name)' in '\(package)': \(String(cString: zip_strerror(archive)))")
        }
        defer { zip_fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = zip_fread(file, &chunk, zip_uint64_t(chunk.count))
            if n < 0 {
                // ZipCrypto checks only one byte of the password up front; a wrong one usually
                // surfaces here as a CRC or decompression error.
                let code = zip_error_code_zip(zip_file_get_error(file))
                if code == ZIP_ER_CRC || code == ZIP_ER_ZLIB || code == ZIP_ER_WRONGPASSWD { throw wrongPassword }
                throw FlockError(.io, "cannot read '\(name)' in '\(package)': \(String(cString: zip_file_strerror(file)))")
            }
            if n == 0 { break }
            guard result.count + Int(n) <= maxEntryBytes else {
                throw FlockError(.invalidArgument, "'\(name)' in '\(package)' is larger than \(maxEntryBytes / (1024 * 1024)) MiB; this is not a Flock kit package")
            }
            result.append(contentsOf: chunk[0..<Int(n)])
        }
        return result
    }
}
