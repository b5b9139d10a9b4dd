#pragma once
// TCP's own counters for another process's sockets, read by the tracer, never in the process itself.
// First each socket descriptor of the process is duplicated into the caller with pidfd_getfd
// (Linux 5.6+, needs ptrace access, which the tracer has) and asked for TCP_INFO there. Where that
// call is refused although ptrace is not — a container's seccomp profile (Docker's default allows
// pidfd_getfd only with CAP_SYS_PTRACE) — the same tcp_info is read from the kernel's socket
// diagnostics (NETLINK_SOCK_DIAG, INET_DIAG_INFO, what `ss -ti` shows, no privilege needed), each
// socket matched by its inode from /proc/PID/fd.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace ipcviz::detail {

/** TCP's counters over the TCP sockets one process holds. */
struct TcpProbe {
    std::uint64_t segments_out = 0;  ///< tcpi_segs_out summed over its TCP sockets
    std::string error;               ///< why they could not be read ("pidfd_getfd: ...; sock_diag: ..."), empty when read
};

/// Sums TCP_INFO over every TCP socket @p pid holds now (best read while it is stopped): through
/// pidfd_getfd, or through the socket diagnostics where pidfd_getfd is refused.
TcpProbe probe_tcp(pid_t pid);

/// The same sum through pidfd_getfd only (for the tests that compare the two ways).
TcpProbe probe_tcp_by_pidfd(pid_t pid);

/// The same sum through NETLINK_SOCK_DIAG only, the sockets matched by inode (IPv4 and IPv6).
TcpProbe probe_tcp_by_sock_diag(pid_t pid);

}  // namespace ipcviz::detail
