#include "faults.hpp"

#include <fcntl.h>
#include <linux/sockios.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <vector>

#include "fd_census.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/trace.hpp"
#include "nap.hpp"

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

// How many bytes of one more message the writer sends before it goes.
std::size_t cut_bytes(Fault fault, std::size_t message_size, bool prefixed) {
    switch (fault) {
        case Fault::torn_message:
        case Fault::torn_then_reset:
            return (prefixed ? sizeof(std::uint32_t) : 0) + message_size / 2;
        case Fault::torn_prefix:
        case Fault::torn_prefix_then_reset:
            // Inside the prefix; without one, still fewer bytes than a message (messages have 2 or more).
            return prefixed ? 2 : std::min<std::size_t>(2, message_size - 1);
        default:
            return 0;
    }
}

// Where the writer cut the stream, for the reader's failure message: "message 11 was cut after …".
std::string where_cut(const Workload& workload, bool prefixed) {
    const std::string next = "message " + std::to_string(workload.messages + 1);
    const std::string of_size = " of its " + std::to_string(workload.message_size) + " bytes";
    const bool reset = resets_connection(workload.fault);
    const std::string how = reset ? ", the writer resetting the connection (SO_LINGER 0, then close)"
                                  : ", the writer gone without close()";
    switch (workload.fault) {
        case Fault::torn_message:
        case Fault::torn_then_reset:
            return next + " was cut after " + (prefixed ? "its 4-byte prefix and " : "") +
                   std::to_string(workload.message_size / 2) + of_size + how;
        case Fault::torn_prefix:
        case Fault::torn_prefix_then_reset:
            if (!prefixed) {
                const std::size_t sent = cut_bytes(workload.fault, workload.message_size, false);
                return next + " was cut after " + std::to_string(sent) + of_size + how;
            }
            return next + " was cut 2 bytes into its 4-byte length prefix (none" + of_size + " sent)" + how;
        default:
            return "right after message " + std::to_string(workload.messages) + " (no byte of " + next +
                   " sent) the writer reset the connection (SO_LINGER 0, then close)";
    }
}

}  // namespace

bool framed_with_prefix(const Mechanism& mechanism) { return mechanism.name != "pipe"; }

bool writer_cuts_stream(Fault fault) {
    return fault == Fault::torn_message || fault == Fault::torn_then_reset || fault == Fault::torn_prefix ||
           fault == Fault::torn_prefix_then_reset || fault == Fault::reset_between_messages;
}

bool resets_connection(Fault fault) {
    return fault == Fault::torn_then_reset || fault == Fault::torn_prefix_then_reset ||
           fault == Fault::reset_between_messages || fault == Fault::reader_resets;
}

int channel_send_fd(const std::map<int, std::string>& baseline) {
    for (const auto& [fd, target] : open_fds()) {
        if (baseline.count(fd) != 0) continue;
        if (is_socket(target) && connected_socket(fd)) return fd;
        if (target.rfind("pipe:", 0) == 0 && (::fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY) return fd;
    }
    return -1;
}

std::string write_cut_message(const std::map<int, std::string>& baseline, const Workload& workload, bool prefixed) {
    ::signal(SIGPIPE, SIG_IGN);
    const int fd = channel_send_fd(baseline);
    if (fd == -1) {
        return "after open() the harness found no connected socket or pipe write end among the writer's "
               "descriptors to cut the stream on";
    }
    // Room for any cut; after the prefix any bytes: the reader must not get as far as checking them.
    std::vector<std::byte> bytes(sizeof(std::uint32_t) + workload.message_size, std::byte{0x5a});
    if (prefixed) {
        const auto length = static_cast<std::uint32_t>(workload.message_size);
        std::memcpy(bytes.data(), &length, sizeof length);
    }
    bytes.resize(cut_bytes(workload.fault, workload.message_size, prefixed));
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (put == -1 && errno == EINTR) continue;
        if (put == -1) {
            return std::string("the harness could not write a torn message: write(fd ") + std::to_string(fd) +
                   "): " + std::strerror(errno);
        }
        done += static_cast<std::size_t>(put);
    }
    return {};
}

void drop_channel_fds(const std::map<int, std::string>& baseline, bool reset) {
    const std::int64_t give_up = monotonic_ns() + 1'000'000'000;
    for (const auto& [fd, target] : open_fds()) {
        if (baseline.count(fd) != 0) continue;
        if (reset && is_socket(target)) {
            // An abortive close discards the send queue: bytes written but not yet sent (held back
            // by the congestion window, say) would be lost, and the reader would meet the reset
            // before the place where the harness cut the stream. SIOCOUTQNSD (TCP only): unsent bytes.
            int unsent = 0;
            while (::ioctl(fd, SIOCOUTQNSD, &unsent) == 0 && unsent > 0 && monotonic_ns() < give_up) {
                nap_ns(50'000);
            }
            const linger abort{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        }
        ::close(fd);
    }
}

std::string receive_after_cut(Channel& channel, std::span<std::byte> buffer, const Workload& workload,
                              bool prefixed) {
    const bool boundary = workload.fault == Fault::reset_between_messages;
    const bool reset = resets_connection(workload.fault);
    const std::string what = where_cut(workload, prefixed);
    std::size_t returned = 0;
    try {
        returned = channel.receive(buffer);
    } catch (const ProtocolError& error) {
        if (!boundary) return {};
        return what + "; receive() threw ProtocolError \"" + error.what() +
               "\" instead of returning 0 (no byte of a message had arrived: the stream ended between messages)";
    } catch (const SysError& failed_call) {
        if (boundary) {
            return what + "; receive() threw SysError \"" + failed_call.what() +
                   "\" instead of returning 0 (a reset before the first byte of a message ends the stream, as a "
                   "close does)";
        }
        if (reset) return {};
        return what + "; receive() threw SysError \"" + failed_call.what() +
               "\" instead of ProtocolError (a torn message is a protocol error, not a failed call)";
    }
    if (boundary) {
        if (returned == 0) return {};
        return what + "; receive() returned " + std::to_string(returned) + " instead of 0 (end of stream)";
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
