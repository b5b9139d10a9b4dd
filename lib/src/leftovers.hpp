#pragma once
// IPC objects a run left behind. Lab code names them after the run's parent pid (run_scoped_name),
// so after the run the caller can find, remove and report every one.
#include <sys/types.h>

#include <string>
#include <vector>

namespace ipcviz::detail {

// Removes /dev/shm/ipcviz-PID-* and $TMPDIR/ipcviz-PID-* (socket files, private directories) and
// returns what it removed, one path per entry.
std::vector<std::string> remove_leftovers(pid_t run_parent);

}  // namespace ipcviz::detail
