#include "ipcviz/mem.hpp"

#include "regions.hpp"

namespace ipcviz::mem::detail {

namespace {
// A copy's source, packed into one field: (region << 32 | offset), or -1 for private memory.
std::int64_t packed_place(const void* address) noexcept {
    const ipcviz::detail::RegionSpot spot = ipcviz::detail::locate_region(address);
    if (spot.region == 0) return -1;
    return static_cast<std::int64_t>(std::uint64_t{spot.region} << 32 | (spot.offset & 0xffffffffu));
}
}  // namespace

void begin(Call call, const void* word, std::int64_t bytes, std::uint64_t value, std::int64_t expected) noexcept {
    const ipcviz::detail::RegionSpot spot = ipcviz::detail::locate_region(word);
    begin_call(call, spot.region, static_cast<std::int32_t>(spot.offset & 0x7fffffff), bytes, monotonic_ns(), value,
               expected);
}

void begin_copy(void* destination, const void* source, std::int64_t bytes) noexcept {
    const ipcviz::detail::RegionSpot spot = ipcviz::detail::locate_region(destination);
    begin_call(Call::user_copy, spot.region, static_cast<std::int32_t>(spot.offset & 0x7fffffff), bytes,
               monotonic_ns(), 0, packed_place(source));
}

void trace(Call call, const void* word, std::uint64_t value, std::int64_t bytes, std::int64_t previous,
           std::int64_t at) noexcept {
    const TraceContext& context = trace_context();
    const std::int64_t now = at != 0 ? at : monotonic_ns();
    // The word as (mapping, offset from its start): the same in both processes, and tells every
    // word of the region apart (a mapping larger than 2 GiB would wrap; no channel maps one).
    const ipcviz::detail::RegionSpot spot = ipcviz::detail::locate_region(word);
    const auto offset = static_cast<std::int32_t>(spot.offset & 0x7fffffff);
    context.ring->append(
        TraceEvent{0, now, now, context.pid, context.side, call, spot.region, offset, 0, bytes, previous, value});
}

void trace_copy(void* destination, const void* source, std::int64_t bytes, std::int64_t at) noexcept {
    trace(Call::user_copy, destination, 0, bytes, packed_place(source), at);
}

}  // namespace ipcviz::mem::detail
