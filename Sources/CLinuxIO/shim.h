#ifndef FLOCK_CLINUXIO_SHIM_H
#define FLOCK_CLINUXIO_SHIM_H
/* Linux headers the Glibc module does not export to Swift: epoll and eventfd, used by
 * FlockRPC's event loops; malloc.h for mallopt (FlockCore's MemoryTuning). */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <malloc.h>
#endif
