#pragma once
// Lab 04 — the layout of the shared region: yours to design (README.md, "Designing the region").
//
// Both processes see these bytes at once, so whatever you put here must be fixed-size and trivially
// copyable, hold offsets or indices rather than pointers (each process may map the region at a
// different address), and keep a word that one process polls while the other writes nearby on a
// cache line of its own. Every word a process waits on with futex_wait() is a
// std::atomic<std::uint32_t>: the checks below say that such a word is a plain 32-bit word the
// kernel can read, with no hidden lock in one process's private memory.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ipcviz::labs {

inline constexpr std::size_t kCacheLine = 64;

static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "futex words must be lock-free");
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "a futex word is 32 bits");

// Your layout: the structs at the start of the region and of each slot, the constants of your
// protocol (what a word's values mean), and static_asserts for what you rely on.

}  // namespace ipcviz::labs
