#include "tcp_probe.hpp"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/tcp.h>  // glibc's <netinet/tcp.h> lacks tcpi_segs_out
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include "proc_view.hpp"

namespace ipcviz::detail {

namespace {
// The caller's own descriptor, closed raw: not a call of the run's (sys::close would count it).
struct OwnedFd {
    int fd;
    explicit OwnedFd(long value) : fd(static_cast<int>(value)) {}
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;
    ~OwnedFd() {
        if (fd >= 0) ::close(fd);
    }
};
}  // namespace

TcpProbe probe_tcp(pid_t pid) {
    TcpProbe probe;
    const auto failed = [&](const char* call) {
        probe.error = std::string(call) + ": " + std::strerror(errno);
        return probe;
    };
    const OwnedFd process(::syscall(SYS_pidfd_open, pid, 0));
    if (process.fd < 0) return failed("pidfd_open");
    for (const auto& [fd, target] : descriptors_of(pid)) {
        if (fd == kUnreadable) {
            probe.error = target;
            return probe;
        }
        if (target.rfind("socket:", 0) != 0) continue;
        const OwnedFd copy(::syscall(SYS_pidfd_getfd, process.fd, fd, 0));
        if (copy.fd < 0) {
            if (errno == EBADF) continue;  // closed since the listing
            return failed("pidfd_getfd");
        }
        tcp_info info{};
        socklen_t length = sizeof info;
        // EOPNOTSUPP: a socket that is not TCP (the Unix socket of Lab 02, a listening socket's peer...).
        if (::getsockopt(copy.fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) continue;
        probe.segments_out += info.tcpi_segs_out;
    }
    return probe;
}

}  // namespace ipcviz::detail
