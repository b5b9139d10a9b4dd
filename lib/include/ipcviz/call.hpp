#pragma once
/** @file
 *  Call: every operation the library counts and traces — syscalls, shared-memory operations and
 *  the harness's own message markers.
 */
#include <cstdint>
#include <string_view>

namespace ipcviz {

/** One kind of counted operation. The order is part of the trace format. */
enum class Call : std::uint8_t {
    pipe, read, write, close,
    socket, bind, listen, accept, connect, send, recv, sendmsg, recvmsg, setsockopt, getsockopt,
    getsockname, mkdtemp, unlink, rmdir,
    shm_open, ftruncate, mmap, munmap, shm_unlink, futex_wait, futex_wake,
    // mem:: operations: no syscall, but visible in the trace.
    store_release, load_acquire, exchange, compare_exchange, user_copy,
    // Harness markers (not made by lab code).
    message_sent, message_received,
    count_  ///< not a call: the number of kinds
};

/** How many kinds of Call there are. */
inline constexpr std::size_t kCallKinds = static_cast<std::size_t>(Call::count_);

/**
 * @param call a call
 * @return its name as printed in traces and reports, e.g. "write"
 */
std::string_view call_name(Call call) noexcept;

/**
 * @param call a call
 * @return true for real syscalls (not mem:: operations, not harness markers)
 */
bool is_syscall(Call call) noexcept;

}  // namespace ipcviz
