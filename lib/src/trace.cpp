#include "ipcviz/trace.hpp"

#include <time.h>

#include <new>

namespace ipcviz {

std::size_t TraceRing::bytes_for(std::size_t capacity) noexcept {
    return sizeof(TraceRing) + capacity * sizeof(Slot);
}

TraceRing* TraceRing::create_in(void* memory, std::size_t capacity) noexcept {
    auto* ring = new (memory) TraceRing();
    ring->capacity_ = capacity;
    Slot* slots = ring->slots();
    for (std::size_t i = 0; i < capacity; ++i) new (&slots[i].published) std::atomic<std::uint64_t>(0);
    return ring;
}

TraceRing::Slot* TraceRing::slots() noexcept { return reinterpret_cast<Slot*>(this + 1); }
const TraceRing::Slot* TraceRing::slots() const noexcept {
    return reinterpret_cast<const Slot*>(this + 1);
}

void TraceRing::append(TraceEvent event) noexcept {
    // Relaxed: the index only has to be unique; the event's visibility is carried by `published`.
    const std::uint64_t index = head_.fetch_add(1, std::memory_order_relaxed);
    Slot& slot = slots()[index % capacity_];
    event.sequence = index;
    slot.event = event;
    // Release pairs with the acquire load in snapshot(): whoever sees index + 1 sees the event.
    slot.published.store(index + 1, std::memory_order_release);
}

std::vector<TraceEvent> TraceRing::snapshot(std::size_t expected_capacity) const {
    if (capacity_ == 0 || (expected_capacity != 0 && capacity_ != expected_capacity)) return {};
    const std::uint64_t head = appended();
    const std::uint64_t first = head > capacity_ ? head - capacity_ : 0;
    std::vector<TraceEvent> events;
    events.reserve(head - first);
    for (std::uint64_t index = first; index < head; ++index) {
        const Slot& slot = slots()[index % capacity_];
        // Acquire pairs with the release store in append(); a slot claimed but never published
        // (its process was killed mid-append) is skipped.
        if (slot.published.load(std::memory_order_acquire) == index + 1) events.push_back(slot.event);
    }
    return events;
}

void TraceRing::read_from(std::uint64_t& next, std::vector<TraceEvent>& out, std::size_t expected_capacity) const {
    if (capacity_ == 0 || capacity_ != expected_capacity) return;
    const std::uint64_t head = appended();
    if (head > capacity_ && next < head - capacity_) next = head - capacity_;  // overwritten meanwhile
    for (; next < head; ++next) {
        const Slot& slot = slots()[next % capacity_];
        if (slot.published.load(std::memory_order_acquire) != next + 1) break;  // still being written
        out.push_back(slot.event);
    }
}

std::int64_t monotonic_ns() noexcept {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void record_event(Call call, std::uint64_t detail, std::int64_t bytes, std::int64_t start_ns) noexcept {
    const TraceContext& context = trace_context();
    if (context.ring == nullptr) return;
    const std::int64_t now = monotonic_ns();
    context.ring->append(TraceEvent{0, start_ns != 0 ? start_ns : now, now, context.pid, context.side, call, 0, -1, 0,
                                    bytes, bytes, detail});
}

}  // namespace ipcviz
