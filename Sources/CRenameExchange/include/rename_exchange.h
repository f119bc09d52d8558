#ifndef GONGKAI_RENAME_EXCHANGE_H
#define GONGKAI_RENAME_EXCHANGE_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE): a reader sees either the old
/// or the new folder at each path, never neither. Returns 0, or -1 with errno set (ENOSYS or
/// EINVAL where the kernel or file system cannot do it).
int gongkai_rename_exchange(const char *a, const char *b);

#endif

#include <stddef.h>
#include <sys/types.h>

/// Copies `length` bytes from `in` at `*offset` to the end of `out` in the kernel (Linux
/// copy_file_range); returns the bytes copied, or -1 with errno set where it cannot.
long gongkai_copy_file_range(int in, long long *offset, int out, size_t length);
