import Foundation
import FlockCore
internal import CZip

/// Zips a kit's files as `startup/<name>` into an encrypted package with libzip.
///
/// Every file is encrypted with the package password (AES-256 or ZipCrypto); the `startup/`
/// folder entry is not (zip cannot encrypt folder entries). Unix permission bits travel in the
/// external attributes, so `unzip`, `7z` and `fl-provision unpack` restore 0600 keys and 0755
/// scripts. The zip is written to a temporary name beside `destination` and renamed into place,
/// so a failure never leaves a partial package.
enum KitPackager {
    /// Packs `files` as `startup/<name>` into `destination`, with their modes.
    static func pack(files: [KitFile], to destination: String, password: String, encryption: ZipEncryption) throws {
        let temp = destination + ".partial-\(UUID().uuidString.prefix(8))"
        var errorCode: Int32 = 0
        guard let archive = LibZip.open(temp, ZIP_CREATE | ZIP_EXCL, &errorCode) else {
            throw FlockError(.io, "cannot create '\(temp)': \(zipErrorText(errorCode))")
        }
        var closed = false
        defer {
            if !closed { zip_discard(archive) }
            unlink(temp)
        }
        func fail(_ what: String) -> FlockError {
            FlockError(.io, "cannot write package '\(destination)': \(what): \(String(cString: zip_strerror(archive)))")
        }

        let folder = Workspace.startupFolderName
        let dirIndex = zip_dir_add(archive, folder, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard dirIndex >= 0 else { throw fail("adding \(folder)/") }
        guard zip_file_set_external_attributes(archive, zip_uint64_t(dirIndex), 0, zip_uint8_t(ZIP_OPSYS_UNIX),
                                               (UInt32(S_IFDIR) | 0o755) << 16) == 0 else {
            throw fail("setting the mode of \(folder)/")
        }
        let method = encryption == .aes256 ? zip_uint16_t(ZIP_EM_AES_256) : zip_uint16_t(ZIP_EM_TRAD_PKWARE)
        for file in files {
            let name = file.name
            // libzip keeps the buffer until zip_close and frees it (freep = 1), so hand it a malloc'd copy.
            let buffer = malloc(max(file.bytes.count, 1))!
            file.bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { buffer.copyMemory(from: base, byteCount: raw.count) }
            }
            guard let source = zip_source_buffer(archive, buffer, zip_uint64_t(file.bytes.count), 1) else {
                free(buffer)
                throw fail("buffering \(name)")
            }
            let index = zip_file_add(archive, "\(folder)/\(name)", source, zip_flags_t(ZIP_FL_ENC_UTF_8))
            guard index >= 0 else {
                zip_source_free(source)
                throw fail("adding \(name)")
            }
            let mode = UInt32(S_IFREG) | UInt32(file.mode & 0o777)
            guard zip_file_set_external_attributes(archive, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX), mode << 16) == 0 else {
                throw fail("setting the mode of \(name)")
            }
            guard zip_file_set_encryption(archive, zip_uint64_t(index), method, password) == 0 else {
                throw fail("encrypting \(name)")
            }
        }
        guard zip_close(archive) == 0 else { throw fail("finishing the archive") }
        closed = true
        chmod(temp, 0o600)
        guard rename(temp, destination) == 0 else {
            throw FlockError(.io, "cannot move package into '\(destination)': \(String(cString: strerror(errno)))")
        }
    }

    static func zipErrorText(_ code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
