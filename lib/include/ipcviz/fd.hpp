#pragma once
/** @file
 *  Fd: the move-only owner of one file descriptor.
 */
#include <utility>

namespace ipcviz {

/**
 * Owns one file descriptor and closes it (through sys::close, so the close is counted and traced)
 * when destroyed. Move-only; -1 means empty.
 */
class Fd {
public:
    /** An empty owner. */
    Fd() noexcept = default;
    /** @param fd a descriptor this object now owns, or -1 */
    explicit Fd(int fd) noexcept : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    /** Takes over @p other's descriptor, leaving it empty. @param other the owner to move from */
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    /**
     * Closes the current descriptor, then takes over @p other's.
     * @param other the owner to move from
     * @return this owner
     */
    Fd& operator=(Fd&& other) noexcept;
    /** Closes the descriptor if there is one; errors from close are ignored. */
    ~Fd() noexcept;

    /** @return the descriptor, or -1 when empty. */
    int get() const noexcept { return fd_; }
    /** @return true when a descriptor is owned. */
    explicit operator bool() const noexcept { return fd_ >= 0; }
    /** Gives up ownership without closing. @return the descriptor, or -1 */
    int release() noexcept { return std::exchange(fd_, -1); }
    /**
     * Closes the descriptor now (if any) and leaves the owner empty.
     * @throws SysError if close(2) fails (the descriptor is released all the same)
     */
    void close();

private:
    int fd_ = -1;
};

}  // namespace ipcviz
