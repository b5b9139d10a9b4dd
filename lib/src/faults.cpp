#include "faults.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fd_census.hpp"

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

}  // namespace ipcviz::detail
