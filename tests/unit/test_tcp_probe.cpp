// The tracer's two ways to read TCP's counters of another process's sockets: pidfd_getfd, and the
// kernel's socket diagnostics where a container's seccomp profile refuses pidfd_getfd (Docker's
// default does, unless CAP_SYS_PTRACE is added). Both must read the same segments, and the probe
// the audit uses must still read them when pidfd_getfd fails with EPERM.
#include <arpa/inet.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstring>

#include "tcp_probe.hpp"

using ipcviz::detail::TcpProbe;

namespace {

// A process holding both ends of a loopback TCP connection over which 5 small messages went each
// way, one segment each (TCP_NODELAY); it says so on @p ready and then waits to be killed.
pid_t start_tcp_holder(int ready) {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in listening_at{};
    listening_at.sin_family = AF_INET;
    listening_at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t listening_at_length = sizeof listening_at;
    auto* at = reinterpret_cast<sockaddr*>(&listening_at);
    if (listener < 0 || ::bind(listener, at, sizeof listening_at) != 0 || ::listen(listener, 1) != 0 ||
        ::getsockname(listener, at, &listening_at_length) != 0) {
        ::_exit(1);
    }
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0 || ::connect(client, at, sizeof listening_at) != 0) ::_exit(1);
    const int server = ::accept(listener, nullptr, nullptr);
    const int nodelay = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    char byte = 'x';
    for (int i = 0; i < 5; ++i) {
        if (::write(client, &byte, 1) != 1 || ::read(server, &byte, 1) != 1 || ::write(server, &byte, 1) != 1 ||
            ::read(client, &byte, 1) != 1) {
            ::_exit(1);
        }
    }
    if (::write(ready, &byte, 1) != 1) ::_exit(1);
    for (;;) ::pause();
}

// Refuses pidfd_getfd with EPERM from now on in this process, as Docker's default profile does.
bool refuse_pidfd_getfd() {
#if defined(__x86_64__)
    constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
    constexpr std::uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
    return false;
#endif
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_getfd, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

}  // namespace

TEST_CASE("TCP's segments of another process read the same through pidfd_getfd and the socket diagnostics, "
          "and through the diagnostics where a seccomp profile refuses pidfd_getfd",
          "[audit]") {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t holder = start_tcp_holder(ready[1]);
    REQUIRE(holder > 0);
    char byte = 0;
    const bool started = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    ::close(ready[1]);
    const TcpProbe by_pidfd = ipcviz::detail::probe_tcp_by_pidfd(holder);
    const TcpProbe by_diag = ipcviz::detail::probe_tcp_by_sock_diag(holder);
    // In a process of its own: the filter cannot be taken off again.
    const pid_t refused = ::fork();
    if (refused == 0) {
        if (!refuse_pidfd_getfd()) ::_exit(10);
        if (ipcviz::detail::probe_tcp_by_pidfd(holder).error.find("Operation not permitted") == std::string::npos) {
            ::_exit(11);  // the filter did not refuse it: the test would prove nothing
        }
        const TcpProbe probe = ipcviz::detail::probe_tcp(holder);
        if (!probe.error.empty()) ::_exit(12);
        ::_exit(probe.segments_out == by_diag.segments_out ? 0 : 13);
    }
    int status = -1;
    ::waitpid(refused, &status, 0);
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
    REQUIRE(started);
    INFO("pidfd_getfd: " << by_pidfd.segments_out << " segments " << by_pidfd.error << "; sock_diag: "
                         << by_diag.segments_out << " segments " << by_diag.error);
    CHECK(by_diag.error.empty());
    CHECK(by_diag.segments_out >= 10);  // 5 messages each way, a segment each, and the handshake's
    // Inside a container that refuses pidfd_getfd to this very test (Docker's default profile), only
    // the diagnostics can be compared with the probe; everywhere else both ways must agree.
    if (by_pidfd.error.find("Operation not permitted") != std::string::npos) {
        WARN("pidfd_getfd is refused here (a container's seccomp profile): compared the diagnostics only");
    } else {
        CHECK(by_pidfd.error.empty());
        CHECK(by_diag.segments_out == by_pidfd.segments_out);
    }
    INFO("the probe with pidfd_getfd refused ended with status " << status
                                                                 << " (10: no filter, 11: not refused, 12: the "
                                                                    "probe failed, 13: another count)");
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}
