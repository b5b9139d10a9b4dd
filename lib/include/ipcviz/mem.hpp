#pragma once
/** @file
 *  mem:: — annotated shared-memory operations. They make no syscall; they exist so that the
 *  shared-memory lab's publishing and copying show up in the counts and the trace like syscalls do.
 *  They are inline: with tracing off each costs the operation itself and one counter increment.
 */
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ipcviz/counters.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::mem {

namespace detail {
/// Appends a mem:: event to the trace (only called when tracing is on), stamped @p at (0: now).
// Out of line and cold: with tracing off, the hot path is a counter and one test.
[[gnu::cold]] void trace(Call call, const void* word, std::uint64_t value, std::int64_t bytes, std::int64_t previous,
                         std::int64_t at) noexcept;

/// Appends a mem::copy() to the trace: its destination as the word, its source in the result.
[[gnu::cold]] void trace_copy(void* destination, const void* source, std::int64_t bytes, std::int64_t at) noexcept;

/// Traced runs: publishes the operation about to be made on @p word as this side's call in
/// progress (and, live, stops before it), with what it will store (@p value) and, for a
/// compare-exchange, the value it expects (@p expected; -1 otherwise). end_call() clears it.
[[gnu::cold]] void begin(Call call, const void* word, std::int64_t bytes, std::uint64_t value = 0,
                         std::int64_t expected = -1) noexcept;

/// begin() for a mem::copy(): its destination as the word, its source as the trace will say it.
[[gnu::cold]] void begin_copy(void* destination, const void* source, std::int64_t bytes) noexcept;

/// The last load_acquire() of this process, if no other mem:: operation came after it: a repeat of
/// the same value from the same word is then a spin, counted once.
inline const void* g_last_word = nullptr;
inline std::uint64_t g_last_value = 0;

/// Counts one operation (with tracing off, all that an operation adds to itself).
inline void count(Call call) noexcept {
    ++process_counters().calls[static_cast<std::size_t>(call)];
    // Any other operation ends a spin: a load after it is a new look, even if it sees the value the
    // last one saw. (A reader of a one-slot ring sees "full" for every message, with its own store
    // of "empty" in between; counting only changed values reported 1 acquire load for 20 messages.)
    if (call != Call::load_acquire) g_last_word = nullptr;
}

/// Whether this process traces: read once per operation, so the untraced path tests it once.
inline bool tracing() noexcept { return trace_context().ring != nullptr; }

/// Counts one operation and, when tracing is on, records it, stamped @p at (0: now, after the operation).
inline void note(Call call, const void* word, std::uint64_t value, std::int64_t bytes, std::int64_t previous = 0,
                 std::int64_t at = 0) noexcept {
    count(call);
    if (tracing()) [[unlikely]] trace(call, word, value, bytes, previous, at);
}

template <typename Word>
Word load(const std::atomic<Word>& word) noexcept {
    // Announced (and, live, stopped before) once per word: a spin on one word is one stop.
    const bool announce = tracing() && &word != g_last_word;
    if (announce) [[unlikely]] begin(Call::load_acquire, &word, sizeof(Word));
    const Word value = word.load(std::memory_order_acquire);
    if (announce) [[unlikely]] end_call();
    if (&word != g_last_word || value != g_last_value) {
        g_last_word = &word;
        g_last_value = value;
        note(Call::load_acquire, &word, value, sizeof(Word));
    }
    return value;
}
}  // namespace detail

/**
 * Stores @p value into @p word with release order: every write this process made before it is
 * visible to a process that reads @p value from @p word with load_acquire(). Counted and traced.
 * @param word a word in shared memory
 * @param value the value to publish
 */
inline void store_release(std::atomic<std::uint64_t>& word, std::uint64_t value) noexcept {
    if (detail::tracing()) [[unlikely]] {
        // Stamped before it publishes: a stamp read after the store could come after the peer saw
        // the value and reported the message received. (A load is stamped after: never earlier.)
        detail::begin(Call::store_release, &word, sizeof value, value);
        const std::int64_t at = monotonic_ns();
        word.store(value, std::memory_order_release);
        end_call();
        detail::note(Call::store_release, &word, value, sizeof value, 0, at);
        return;
    }
    word.store(value, std::memory_order_release);
    detail::count(Call::store_release);
}

/**
 * The 32-bit form of store_release(): publishes @p value with release order. Counted and traced.
 * @param word a 32-bit word in shared memory (a futex word, for instance)
 * @param value the value to publish
 */
inline void store_release(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept {
    if (detail::tracing()) [[unlikely]] {
        detail::begin(Call::store_release, &word, sizeof value, value);
        const std::int64_t at = monotonic_ns();  // before it publishes (see the 64-bit form)
        word.store(value, std::memory_order_release);
        end_call();
        detail::note(Call::store_release, &word, value, sizeof value, 0, at);
        return;
    }
    word.store(value, std::memory_order_release);
    detail::count(Call::store_release);
}

/**
 * Loads @p word with acquire order: once it returns a value another process stored with
 * store_release(), everything that process wrote before that store is visible here. Counted and
 * traced only when the value differs from this process's previous load_acquire() of the same
 * word or another mem:: operation came in between, so a spin loop on an unchanged word does not
 * flood the trace.
 * @param word a word in shared memory
 * @return its value
 */
inline std::uint64_t load_acquire(const std::atomic<std::uint64_t>& word) noexcept { return detail::load(word); }

/**
 * The 32-bit form of load_acquire(): loads @p word with acquire order. Counted and traced unless it
 * repeats this process's previous mem:: operation (a load of the same word with the same value).
 * @param word a 32-bit word in shared memory
 * @return its value
 */
inline std::uint32_t load_acquire(const std::atomic<std::uint32_t>& word) noexcept { return detail::load(word); }

/**
 * Swaps @p value into @p word (acquire and release order: publishes like store_release and sees
 * like load_acquire) and returns what was there. Counted and traced.
 * @param word a word in shared memory
 * @param value the new value
 * @return the previous value
 */
inline std::uint32_t exchange(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept {
    if (detail::tracing()) [[unlikely]] {
        detail::begin(Call::exchange, &word, sizeof value, value);
        const std::int64_t at = monotonic_ns();  // before it publishes (see store_release)
        const std::uint32_t previous = word.exchange(value, std::memory_order_acq_rel);
        end_call();
        detail::note(Call::exchange, &word, value, sizeof value, previous, at);
        return previous;
    }
    const std::uint32_t previous = word.exchange(value, std::memory_order_acq_rel);
    detail::count(Call::exchange);
    return previous;
}

/**
 * Replaces @p word's value with @p desired only if it is still @p expected (acquire and release
 * order). Counted and traced.
 * @param word a word in shared memory
 * @param expected the value it must have
 * @param desired the value to put there
 * @return true if the word held @p expected and now holds @p desired
 */
inline bool compare_exchange(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::uint32_t desired) noexcept {
    const std::uint32_t wanted = expected;
    if (detail::tracing()) [[unlikely]] {
        detail::begin(Call::compare_exchange, &word, sizeof desired, desired, expected);
        const std::int64_t at = monotonic_ns();  // before it publishes (see store_release)
        const bool swapped = word.compare_exchange_strong(expected, desired, std::memory_order_acq_rel);
        end_call();
        // Traced with the value the word holds now, and what it held (the expected one, if swapped).
        detail::note(Call::compare_exchange, &word, swapped ? desired : expected, sizeof desired, wanted, at);
        return swapped;
    }
    const bool swapped = word.compare_exchange_strong(expected, desired, std::memory_order_acq_rel);
    detail::count(Call::compare_exchange);
    return swapped;
}

/**
 * memcpy in user space, counted as a user copy of @p bytes and traced.
 * @param destination where the bytes go
 * @param source where they come from (must not overlap @p destination)
 * @param bytes how many
 */
inline void copy(void* destination, const void* source, std::size_t bytes) noexcept {
    if (detail::tracing()) [[unlikely]] detail::begin_copy(destination, source, static_cast<std::int64_t>(bytes));
    const std::int64_t at = detail::tracing() ? monotonic_ns() : 0;  // before the bytes land
    std::memcpy(destination, source, bytes);
    if (detail::tracing()) [[unlikely]] end_call();
    process_counters().bytes_user_copied += bytes;
    detail::count(Call::user_copy);
    if (detail::tracing()) [[unlikely]] detail::trace_copy(destination, source, static_cast<std::int64_t>(bytes), at);
}

}  // namespace ipcviz::mem
