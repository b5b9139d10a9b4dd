#pragma once
// TCP's own counters for another process's sockets, read by the tracer: each socket descriptor of
// the process is duplicated into the caller with pidfd_getfd (Linux 5.6+, needs ptrace access,
// which the tracer has) and asked for TCP_INFO there, never in the process itself.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace ipcviz::detail {

struct TcpProbe {
    std::uint64_t segments_out = 0;  // tcpi_segs_out summed over its TCP sockets
    std::string error;               // why they could not be read ("pidfd_getfd: ..."), empty when read
};

// Sums TCP_INFO over every TCP socket @p pid holds now (best read while it is stopped).
TcpProbe probe_tcp(pid_t pid);

}  // namespace ipcviz::detail
