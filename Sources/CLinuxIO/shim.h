#ifndef FLOCK_CLINUXIO_SHIM_H
#define FLOCK_CLINUXIO_SHIM_H
/* Linux headers the Glibc module does not export to Swift: epoll and eventfd, used by
 * FlockRPC's event loops; malloc.h for mallopt (FlockCore's MemoryTuning); renameat2 for AtomicFile. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <malloc.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* renameat2(RENAME_EXCHANGE): swaps two names atomically (AtomicFile's scratch files). Through
 * syscall(2), as glibc declares renameat2 only under _GNU_SOURCE. Fails with ENOSYS/EINVAL where
 * the kernel or the file system lacks it; callers fall back to rename(2). */
static inline int flock_rename_exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2u /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}
#endif
