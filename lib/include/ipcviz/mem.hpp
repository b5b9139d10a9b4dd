#pragma once
/** @file
 *  mem:: — annotated shared-memory operations. They make no syscall; they exist so that the
 *  shared-memory lab's publishing and copying show up in the counts and the trace like syscalls do.
 */
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ipcviz::mem {

/**
 * Stores @p value into @p word with release order: every write this process made before it is
 * visible to a process that reads @p value from @p word with load_acquire(). Counted and traced.
 * @param word a word in shared memory
 * @param value the value to publish
 */
void store_release(std::atomic<std::uint64_t>& word, std::uint64_t value) noexcept;

/** @copydoc store_release(std::atomic<std::uint64_t>&, std::uint64_t) */
void store_release(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept;

/**
 * Loads @p word with acquire order: once it returns a value another process stored with
 * store_release(), everything that process wrote before that store is visible here. Counted and
 * traced only when the value differs from this process's previous load_acquire() of the same
 * word, so a spin loop on an unchanged word does not flood the trace.
 * @param word a word in shared memory
 * @return its value
 */
std::uint64_t load_acquire(const std::atomic<std::uint64_t>& word) noexcept;

/** @copydoc load_acquire(const std::atomic<std::uint64_t>&) */
std::uint32_t load_acquire(const std::atomic<std::uint32_t>& word) noexcept;

/**
 * Swaps @p value into @p word (acquire and release order: publishes like store_release and sees
 * like load_acquire) and returns what was there. Counted and traced.
 * @param word a word in shared memory
 * @param value the new value
 * @return the previous value
 */
std::uint32_t exchange(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept;

/**
 * Replaces @p word's value with @p desired only if it is still @p expected (acquire and release
 * order). Counted and traced.
 * @param word a word in shared memory
 * @param expected the value it must have
 * @param desired the value to put there
 * @return true if the word held @p expected and now holds @p desired
 */
bool compare_exchange(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::uint32_t desired) noexcept;

/**
 * memcpy in user space, counted as a user copy of @p bytes and traced.
 * @param destination where the bytes go
 * @param source where they come from (must not overlap @p destination)
 * @param bytes how many
 */
void copy(void* destination, const void* source, std::size_t bytes) noexcept;

}  // namespace ipcviz::mem
