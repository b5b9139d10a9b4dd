#pragma once
/** @file
 *  Counters: what one process's calls through sys:: and mem:: added up to.
 */
#include <array>
#include <cstdint>

#include "ipcviz/call.hpp"

namespace ipcviz {

/**
 * Per-process tallies kept by the sys:: and mem:: wrappers. Plain integers: each process of a run
 * is single-threaded, and atomics would cost a locked instruction per call.
 */
struct Counters {
    std::array<std::uint64_t, kCallKinds> calls{};  ///< how many times each Call was made
    std::uint64_t bytes_to_kernel = 0;    ///< payload bytes copied user → kernel (write, send)
    std::uint64_t bytes_from_kernel = 0;  ///< payload bytes copied kernel → user (read, recv)
    std::uint64_t bytes_user_copied = 0;  ///< payload bytes copied in user space (mem::copy)

    /**
     * @param call a call
     * @return how many times it was made
     */
    std::uint64_t operator[](Call call) const noexcept { return calls[static_cast<std::size_t>(call)]; }
    /** @return the number of real syscalls among the counted calls. */
    std::uint64_t syscalls() const noexcept;
    /**
     * @param earlier an earlier snapshot of the same process's counters
     * @return this minus @p earlier, field by field: the work done in between
     */
    Counters since(const Counters& earlier) const noexcept;
};

namespace detail {
/// The calling process's counters. An inline variable, so that counting costs no call on the hot path.
inline Counters g_process_counters;
}  // namespace detail

/** @return the calling process's counters (a child starts with a copy of its parent's). */
inline Counters& process_counters() noexcept { return detail::g_process_counters; }

}  // namespace ipcviz
