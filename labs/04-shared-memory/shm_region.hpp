#pragma once
// Lab 04 — the layout of the shared region. Both processes see these bytes at once, so the layout
// is fixed-size and trivially copyable, uses indices instead of pointers (each process may map it
// at a different address), and keeps each slot's hot word on a cache line of its own.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ipcviz::labs {

inline constexpr std::size_t kCacheLine = 64;

// Slot states. kSleeper is or'ed in by a process that is about to sleep on the slot's state word
// with futex_wait(); whoever changes the state sees the bit and calls futex_wake().
inline constexpr std::uint32_t kEmpty = 0;    // the writer may fill it
inline constexpr std::uint32_t kFull = 1;     // a message is ready: the reader may take it
inline constexpr std::uint32_t kClosed = 2;   // the writer has closed: no more messages
inline constexpr std::uint32_t kSleeper = 4;  // someone sleeps on this word

// One message's place in a ring: the word that says whose turn it is, what the message is, then
// its data (the slot's remaining bytes, rounded up to whole cache lines).
struct alignas(kCacheLine) SlotHeader {
    std::atomic<std::uint32_t> state;  // the ready flag: kEmpty, kFull or kClosed (| kSleeper)
    std::uint32_t size;                // bytes of data in this slot
    std::uint64_t sequence;            // which message this is, from 1: for the viewer and for checks
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "futex words must be lock-free");
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "a futex word is 32 bits");
static_assert(sizeof(SlotHeader) == kCacheLine);

// At offset 0 of the region; rings follow, ring r at ring_offset + r * slot_count * slot_stride.
struct alignas(kCacheLine) RegionHeader {
    std::uint32_t slot_count;    // slots per ring
    std::uint32_t ring_count;    // 1 (one-way) or 2 (duplex: a ring each way)
    std::uint64_t slot_stride;   // bytes from one slot to the next: header + data, cache-line multiple
    std::uint64_t ring_offset;   // where ring 0 starts
};

}  // namespace ipcviz::labs
