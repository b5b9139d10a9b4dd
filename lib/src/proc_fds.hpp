#pragma once
// How a descriptor is open, from /proc/PID/fdinfo: one reader for the side's own census (fd_census),
// the tracer's view of another process (proc_view) and the audit's vmsplice direction.
#include <sys/types.h>

namespace ipcviz::detail {

// The access mode of descriptor @p fd of process @p pid (0: the calling process), from the "flags:"
// line (octal) of /proc/PID/fdinfo/FD: O_RDONLY, O_WRONLY or O_RDWR; -1 when it cannot be read.
// Reads /proc, never fcntl(F_GETFL): that would be a syscall of the process being audited.
int fd_access_mode(pid_t pid, int fd);

}  // namespace ipcviz::detail
