#include "faults.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <vector>

#include "fd_census.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::detail {

namespace {

bool is_socket(const std::string& target) { return target.rfind("socket:", 0) == 0; }

bool connected_socket(int fd) {
    int listening = 0;
    socklen_t length = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == -1 || listening != 0) return false;
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    return ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) == 0;
}

}  // namespace

bool framed_with_prefix(const Mechanism& mechanism) { return mechanism.name != "pipe"; }

int channel_send_fd(const std::map<int, std::string>& baseline) {
    for (const auto& [fd, target] : open_fds()) {
        if (baseline.count(fd) != 0) continue;
        if (is_socket(target) && connected_socket(fd)) return fd;
        if (target.rfind("pipe:", 0) == 0 && (::fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY) return fd;
    }
    return -1;
}

std::string write_torn_message(int fd, std::size_t message_size, bool prefixed) {
    ::signal(SIGPIPE, SIG_IGN);
    std::vector<std::byte> bytes;
    if (prefixed) {
        const auto length = static_cast<std::uint32_t>(message_size);
        bytes.resize(sizeof length);
        std::memcpy(bytes.data(), &length, sizeof length);
    }
    // Any bytes: the reader must not get as far as checking them.
    bytes.resize(bytes.size() + message_size / 2, std::byte{0x5a});
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (put == -1 && errno == EINTR) continue;
        if (put == -1) return std::string("write(fd ") + std::to_string(fd) + "): " + std::strerror(errno);
        done += static_cast<std::size_t>(put);
    }
    return {};
}

void drop_channel_fds(const std::map<int, std::string>& baseline, bool reset) {
    for (const auto& [fd, target] : open_fds()) {
        if (baseline.count(fd) != 0) continue;
        if (reset && is_socket(target)) {
            const linger abort{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        }
        ::close(fd);
    }
}

std::string receive_torn_message(Channel& channel, std::span<std::byte> buffer, const Workload& workload,
                                 bool prefixed) {
    const bool reset = workload.fault == Fault::torn_then_reset;
    const std::string what = "message " + std::to_string(workload.messages + 1) + " was cut after " +
                             (prefixed ? "its 4-byte prefix and " : "") + std::to_string(workload.message_size / 2) +
                             " of its " + std::to_string(workload.message_size) + " bytes, " +
                             (reset ? "the writer resetting the connection" : "the writer gone");
    std::size_t returned = 0;
    try {
        returned = channel.receive(buffer);
    } catch (const ProtocolError&) {
        return {};
    } catch (const SysError& failed_call) {
        if (reset) return {};
        return what + "; receive() threw SysError \"" + failed_call.what() +
               "\" instead of ProtocolError (a torn message is a protocol error, not a failed call)";
    }
    const char* kind = returned == 0                       ? " (a clean end of stream)"
                       : returned == workload.message_size ? " (a whole message)"
                                                           : " (a short message)";
    return what + "; receive() returned " + std::to_string(returned) + kind + " instead of throwing " +
           (reset ? "ProtocolError or SysError" : "ProtocolError");
}

std::string sigpipe_changed_by_channel() {
    struct sigaction current {};
    sigset_t blocked;
    if (::sigaction(SIGPIPE, nullptr, &current) == -1) return std::string("sigaction(SIGPIPE): ") + std::strerror(errno);
    if (::sigprocmask(SIG_BLOCK, nullptr, &blocked) == -1) return std::string("sigprocmask: ") + std::strerror(errno);
    const char* how = current.sa_handler == SIG_IGN                                         ? "ignores SIGPIPE"
                      : (current.sa_flags & SA_SIGINFO) != 0 || current.sa_handler != SIG_DFL ? "catches SIGPIPE"
                      : sigismember(&blocked, SIGPIPE) == 1                                  ? "blocks SIGPIPE"
                                                                                             : nullptr;
    if (how == nullptr) return {};
    return std::string("this process ") + how +
           " (the harness started it with SIGPIPE at its default, so the channel's code changed it): an EPIPE "
           "then says nothing about MSG_NOSIGNAL, which is what every sys::sendmsg must pass; a channel leaves "
           "its process's signals alone";
}

std::string send_until_refused(Channel& channel, std::span<const std::byte> message) {
    if (std::string changed = sigpipe_changed_by_channel(); !changed.empty()) return changed;
    const std::int64_t give_up = monotonic_ns() + 2'000'000'000;
    for (std::uint64_t sends = 1;; ++sends) {
        try {
            channel.send(message);
        } catch (const SysError& refused) {
            if (refused.code() == EPIPE || refused.code() == ECONNRESET) return {};
            return "after the reader had gone, send() threw SysError \"" + std::string(refused.what()) +
                   "\"; expected EPIPE or ECONNRESET";
        }
        if (monotonic_ns() > give_up) {
            return "after the reader had gone, send() returned normally " + std::to_string(sends) +
                   " times in 2 s instead of throwing SysError (EPIPE or ECONNRESET)";
        }
        timespec pause{0, 1'000'000};  // the kernel learns of a reset within microseconds on loopback
        while (::nanosleep(&pause, &pause) == -1 && errno == EINTR) {
        }
    }
}

}  // namespace ipcviz::detail
