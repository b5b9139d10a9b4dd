#pragma once
// What the kernel says about another process, read from /proc by the harness's caller (the
// tracer), never from the process's own memory: its CPU time and context switches, its open
// descriptors, and whether a path exists. The audit takes these at ptrace stops, so the process is
// stopped while it is looked at.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ipcviz::detail {

struct ProcSample {
    std::int64_t at_ns = 0;             // CLOCK_MONOTONIC when it was read
    std::int64_t cpu_ns = 0;            // run time of every thread (/proc/PID/task/*/schedstat)
    std::int64_t runqueue_ns = 0;       // time every thread was ready to run but waited for a CPU (same file)
    std::uint64_t voluntary = 0;        // voluntary_ctxt_switches, every thread
    std::uint64_t involuntary = 0;      // nonvoluntary_ctxt_switches, every thread
};

// Reads @p pid's CPU time and context switches; zeros for what cannot be read.
ProcSample sample_process(pid_t pid);

// The key descriptors_of() lists when /proc/PID/fd cannot be read: never a real descriptor.
inline constexpr int kUnreadable = -1;

// @p pid's descriptors: fd → "pipe:[123] (write end)", "socket:[99]", "/dev/null (read end)"; when
// the list cannot be read, one entry kUnreadable → "opendir(/proc/N/fd) failed: <errno text>".
std::map<int, std::string> descriptors_of(pid_t pid);

// @p pid's mappings of a shared-memory object (/dev/shm, a memfd), as /proc/PID/maps lists them:
// "7f01…-7f02… rw-s /dev/shm/ipcviz-1-shm (deleted)". The harness's own shared regions are
// anonymous and never listed. Fails closed: when the file cannot be read, one entry saying so.
std::vector<std::string> object_mappings_of(pid_t pid);

// The mode bits of @p path ("0700"), or empty when it cannot be stat'ed. A relative path is
// resolved in @p pid's working directory.
std::string mode_of(pid_t pid, const std::string& path);

// Whether @p path exists (a relative one in @p pid's working directory).
bool exists_for(pid_t pid, const std::string& path);

}  // namespace ipcviz::detail
