#include "ipcviz/mem.hpp"

#include <cstring>

#include "ipcviz/counters.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::mem {

namespace {

// @p value: what the operation stored or loaded; @p previous: what the word held before (exchanges).
void count_and_trace(Call call, const void* word, std::uint64_t value, std::int64_t bytes,
                     std::int64_t previous = 0) noexcept {
    ++process_counters().calls[static_cast<std::size_t>(call)];
    const TraceContext& context = trace_context();
    if (context.ring == nullptr) return;
    const std::int64_t now = monotonic_ns();
    // fd carries the word's offset within its page: enough to tell the region's words apart.
    const auto offset = static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(word) & 0xfff);
    context.ring->append(TraceEvent{0, now, now, context.pid, context.side, call, 0, offset, 0, bytes, previous, value});
}

// The last load_acquire() of this process: a repeat of the same value from the same word is a spin.
struct LastLoad {
    const void* word = nullptr;
    std::uint64_t value = 0;
};
LastLoad last_load;

template <typename Word>
auto load(const std::atomic<Word>& word) noexcept {
    const Word value = word.load(std::memory_order_acquire);
    if (last_load.word != &word || last_load.value != value) {
        last_load = LastLoad{&word, value};
        count_and_trace(Call::load_acquire, &word, value, sizeof(Word));
    }
    return value;
}

}  // namespace

void store_release(std::atomic<std::uint64_t>& word, std::uint64_t value) noexcept {
    word.store(value, std::memory_order_release);
    count_and_trace(Call::store_release, &word, value, sizeof value);
}

void store_release(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept {
    word.store(value, std::memory_order_release);
    count_and_trace(Call::store_release, &word, value, sizeof value);
}

std::uint64_t load_acquire(const std::atomic<std::uint64_t>& word) noexcept { return load(word); }

std::uint32_t load_acquire(const std::atomic<std::uint32_t>& word) noexcept { return load(word); }

std::uint32_t exchange(std::atomic<std::uint32_t>& word, std::uint32_t value) noexcept {
    const std::uint32_t previous = word.exchange(value, std::memory_order_acq_rel);
    count_and_trace(Call::exchange, &word, value, sizeof value, previous);
    return previous;
}

bool compare_exchange(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::uint32_t desired) noexcept {
    const std::uint32_t wanted = expected;
    const bool swapped = word.compare_exchange_strong(expected, desired, std::memory_order_acq_rel);
    // detail: the value the word holds now; result: what it held (expected, if the swap happened).
    count_and_trace(Call::compare_exchange, &word, swapped ? desired : expected, sizeof desired, wanted);
    return swapped;
}

void copy(void* destination, const void* source, std::size_t bytes) noexcept {
    std::memcpy(destination, source, bytes);
    process_counters().bytes_user_copied += bytes;
    count_and_trace(Call::user_copy, destination, 0, static_cast<std::int64_t>(bytes));
}

}  // namespace ipcviz::mem
