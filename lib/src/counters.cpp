#include "ipcviz/counters.hpp"

namespace ipcviz {

std::uint64_t Counters::syscalls() const noexcept {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < kCallKinds; ++i) {
        if (is_syscall(static_cast<Call>(i))) total += calls[i];
    }
    return total;
}

Counters Counters::since(const Counters& earlier) const noexcept {
    Counters difference;
    for (std::size_t i = 0; i < kCallKinds; ++i) difference.calls[i] = calls[i] - earlier.calls[i];
    difference.bytes_to_kernel = bytes_to_kernel - earlier.bytes_to_kernel;
    difference.bytes_from_kernel = bytes_from_kernel - earlier.bytes_from_kernel;
    difference.bytes_user_copied = bytes_user_copied - earlier.bytes_user_copied;
    return difference;
}

}  // namespace ipcviz
