#pragma once
// Lab 04, alternative design: a ring per direction with two counters instead of per-slot states.
// Both processes compute this layout from the ChannelSpec they share; nothing describes it in the
// region itself.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ipcviz::labs {

inline constexpr std::size_t kLine = 64;

// The counters are free-running message counts kept in the low 30 bits (only compared for
// equality, so wrapping is harmless: a ring holds at most 32 messages).
inline constexpr std::uint32_t kCountMask = (std::uint32_t{1} << 30) - 1;
inline constexpr std::uint32_t kEnd = std::uint32_t{1} << 30;      // in head: the writer has closed
inline constexpr std::uint32_t kWaiting = std::uint32_t{1} << 31;  // someone sleeps on this word

// The start of each ring: each counter on a cache line of its own, so that the reader polling
// head and the writer polling tail do not steal each other's line on every message.
struct alignas(kLine) RingControl {
    alignas(kLine) std::atomic<std::uint32_t> head;  // written by the writer (and kWaiting by the reader)
    alignas(kLine) std::atomic<std::uint32_t> tail;  // written by the reader (and kWaiting by the writer)
};
static_assert(sizeof(RingControl) == 2 * kLine);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "futex words must be lock-free");
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "a futex word is 32 bits");

// What precedes a message's data in its slot: plain fields, published by the release of head.
struct SlotInfo {
    std::uint64_t sequence;  // which message, from 1
    std::uint32_t size;      // bytes of data
    std::uint32_t unused;
};
static_assert(sizeof(SlotInfo) == 16);

}  // namespace ipcviz::labs
