#include "ipcviz/mem.hpp"

namespace ipcviz::mem::detail {

void trace(Call call, const void* word, std::uint64_t value, std::int64_t bytes, std::int64_t previous,
           std::int64_t at) noexcept {
    const TraceContext& context = trace_context();
    const std::int64_t now = at != 0 ? at : monotonic_ns();
    // fd carries the word's offset within its page: enough to tell the region's words apart.
    const auto offset = static_cast<std::int32_t>(reinterpret_cast<std::uintptr_t>(word) & 0xfff);
    context.ring->append(TraceEvent{0, now, now, context.pid, context.side, call, 0, offset, 0, bytes, previous, value});
}

}  // namespace ipcviz::mem::detail
