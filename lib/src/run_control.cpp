#include "run_control.hpp"

#include <new>

namespace ipcviz::detail {

namespace {
std::size_t round_up(std::size_t bytes) { return (bytes + kCacheLine - 1) / kCacheLine * kCacheLine; }
std::size_t stamps_bytes(const Workload& workload) {
    return round_up(workload.messages * sizeof(std::int64_t));
}
}  // namespace

std::size_t run_region_bytes(const Workload& workload) {
    std::size_t bytes = round_up(sizeof(RunControl)) + 2 * stamps_bytes(workload);
    if (workload.trace) bytes += TraceRing::bytes_for(workload.trace_capacity);
    return bytes;
}

RunControl* create_run_control(void* region, const Workload& workload) {
    auto* base = static_cast<std::byte*>(region);
    auto* control = new (base) RunControl();
    std::size_t offset = round_up(sizeof(RunControl));
    control->messages = workload.messages;
    for (auto& stamps : control->stamps) {
        stamps = reinterpret_cast<std::int64_t*>(base + offset);
        offset += stamps_bytes(workload);
    }
    if (workload.trace) control->ring = TraceRing::create_in(base + offset, workload.trace_capacity);
    return control;
}

}  // namespace ipcviz::detail
