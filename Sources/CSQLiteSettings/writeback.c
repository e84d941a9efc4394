// sync_file_range(2) is Linux's, declared by glibc under _GNU_SOURCE.
#define _GNU_SOURCE
#include "shim.h"

#ifdef __linux__

#include <fcntl.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

/// SQLite's own pwrite64, which the unix VFS calls through its table of system calls.
typedef ssize_t (*atalaya_pwrite64_call)(int, const void *, size_t, off_t);
static atalaya_pwrite64_call atalaya_sqlite_pwrite64;

/// How many bytes written to a file start their write-back (set once, before SQLite writes anything).
static long long atalaya_write_back_bytes;

/// Bytes written to each file descriptor (modulo 256: two files that share a slot only start their write-back
/// sooner) since its last write-back was started.
static _Atomic long long atalaya_unstarted[256];

/// SQLite's pwrite64, then, once `atalaya_write_back_bytes` have been written to a file that has a name, the start of
/// their write-back to disk (sync_file_range with SYNC_FILE_RANGE_WRITE: it queues the writes and returns). The files
/// SQLite deletes when it closes them (temporary tables, statement journals) have none, and are left in memory.
static ssize_t atalaya_pwrite64(int fd, const void *buffer, size_t count, off_t offset) {
    ssize_t written = atalaya_sqlite_pwrite64(fd, buffer, count, offset);
    if (written <= 0 || fd < 0) return written;
    _Atomic long long *unstarted = &atalaya_unstarted[fd & 255];
    long long total = atomic_fetch_add_explicit(unstarted, written, memory_order_relaxed) + written;
    if (total < atalaya_write_back_bytes) return written;
    atomic_store_explicit(unstarted, 0, memory_order_relaxed);
    struct stat status;
    if (fstat(fd, &status) == 0 && status.st_nlink > 0) {
        // A hint that changes no data and no durability (SQLite still syncs where it did); its errors are ignored.
        (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    return written;
}

int atalaya_sqlite3_write_back_early(long long bytes) {
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    if (vfs == NULL || vfs->iVersion < 3 || vfs->xGetSystemCall == NULL || vfs->xSetSystemCall == NULL) {
        return SQLITE_NOTFOUND;
    }
    atalaya_pwrite64_call current = (atalaya_pwrite64_call)vfs->xGetSystemCall(vfs, "pwrite64");
    if (current == NULL) return SQLITE_NOTFOUND;
    if (current == atalaya_pwrite64) return SQLITE_OK;
    atalaya_sqlite_pwrite64 = current;
    atalaya_write_back_bytes = bytes;
    return vfs->xSetSystemCall(vfs, "pwrite64", (sqlite3_syscall_ptr)atalaya_pwrite64);
}

#else

int atalaya_sqlite3_write_back_early(long long bytes) {
    // Not Linux: nothing to start write-back with, and SQLite is left as it is.
    (void)bytes;
    return SQLITE_NOTFOUND;
}

#endif
