#define _GNU_SOURCE
#include "rename_exchange.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <linux/fs.h>
#endif

int gongkai_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

long gongkai_copy_file_range(int in, long long *offset, int out, size_t length) {
#if defined(__linux__) && defined(SYS_copy_file_range)
    loff_t from = (loff_t)*offset;
    long n = (long)syscall(SYS_copy_file_range, in, &from, out, NULL, length, 0);
    if (n > 0) *offset = (long long)from;
    return n;
#else
    errno = ENOSYS;
    return -1;
#endif
}
