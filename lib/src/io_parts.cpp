#include "ipcviz/io_parts.hpp"

namespace ipcviz {

void consume(std::span<iovec>& parts, std::size_t bytes) noexcept {
    while (!parts.empty() && bytes >= parts.front().iov_len) {
        bytes -= parts.front().iov_len;
        parts = parts.subspan(1);
    }
    if (!parts.empty() && bytes > 0) {
        parts.front().iov_base = static_cast<char*>(parts.front().iov_base) + bytes;
        parts.front().iov_len -= bytes;
    }
}

}  // namespace ipcviz
