internal import CLinuxIO

/// `renameat2(from, to, RENAME_EXCHANGE)`: swaps the two names atomically. Returns 0, or -1 with
/// `errno` set (ENOSYS or EINVAL where the kernel or the file system lacks it, ENOENT when either
/// name is missing).
func renameExchange(_ from: String, _ to: String) -> Int32 {
    flock_rename_exchange(from, to)
}
