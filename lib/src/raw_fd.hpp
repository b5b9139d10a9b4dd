#pragma once
// The harness's own descriptors (a /proc file, a socketpair, a pidfd, a netlink socket): owned and
// closed with a raw close(2). ipcviz::Fd is the channel's owner and closes through sys::close, which
// counts and traces the close as the channel's own call.
#include <unistd.h>

#include <utility>

namespace ipcviz::detail {

class RawFd {
public:
    RawFd() noexcept = default;
    // @p fd: a descriptor this object now owns, or -1 (a failed open, socket, syscall, ...).
    explicit RawFd(long fd) noexcept : fd_(static_cast<int>(fd)) {}
    RawFd(const RawFd&) = delete;
    RawFd& operator=(const RawFd&) = delete;
    RawFd(RawFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    RawFd& operator=(RawFd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    ~RawFd() { reset(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    // Closes the descriptor now, if there is one (an error of close(2) is of no use here).
    void reset() noexcept {
        if (fd_ >= 0) ::close(std::exchange(fd_, -1));
    }

private:
    int fd_ = -1;
};

}  // namespace ipcviz::detail
