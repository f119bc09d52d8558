#ifndef GONGKAI_CHILD_PROCESS_H
#define GONGKAI_CHILD_PROCESS_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) as a child process that the kernel kills when the
/// thread that started it ends (Linux PR_SET_PDEATHSIG): a build killed midway leaves no child
/// writing into its folders. Standard input is /dev/null; standard output and error go to a pipe
/// whose reading end is put in `*output` (close-on-exec). Returns the child's pid, or -1 with
/// errno set. The caller reads the pipe to its end and waits for the child on the same thread.
pid_t gongkai_spawn_tied(const char *path, char *const argv[], int *output);

#endif
