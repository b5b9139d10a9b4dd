#include "ipcviz/fd.hpp"

#include "ipcviz/error.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz {

Fd& Fd::operator=(Fd&& other) noexcept {
    if (this != &other) {
        Fd old(std::exchange(fd_, std::exchange(other.fd_, -1)));  // closes the old one
    }
    return *this;
}

Fd::~Fd() noexcept {
    if (fd_ >= 0) {
        try {
            sys::close(fd_);
        } catch (const SysError&) {
            // A destructor cannot report; the descriptor is gone on Linux either way.
        }
    }
}

void Fd::close() {
    if (fd_ >= 0) sys::close(std::exchange(fd_, -1));
}

}  // namespace ipcviz
