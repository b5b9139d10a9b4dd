#include "ipcviz/call.hpp"

#include <array>

namespace ipcviz {

namespace {
constexpr std::array<std::string_view, kCallKinds> kNames = {
    "pipe", "read", "write", "close",
    "socket", "bind", "listen", "accept", "connect", "send", "recv", "sendmsg", "recvmsg", "setsockopt",
    "getsockopt", "getsockname", "mkdtemp", "unlink", "rmdir",
    "shm_open", "ftruncate", "mmap", "munmap", "shm_unlink", "futex_wait", "futex_wake",
    "store_release", "load_acquire", "exchange", "compare_exchange", "user_copy",
    "message_sent", "message_received",
};
}  // namespace

std::string_view call_name(Call call) noexcept {
    const auto index = static_cast<std::size_t>(call);
    return index < kNames.size() ? kNames[index] : std::string_view("?");
}

bool is_syscall(Call call) noexcept { return call < Call::store_release; }

}  // namespace ipcviz
