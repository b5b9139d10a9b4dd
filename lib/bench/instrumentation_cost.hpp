#pragma once
// What the instrumentation costs per syscall: write(2) of one byte to /dev/null (a real but cheap
// syscall) timed three ways, interleaved round by round so drift favours none — raw ::write,
// sys::write with tracing off, sys::write with tracing on. Used by `ipcviz overhead` and reported
// by `ipcviz bench`.
#include <cstddef>

namespace ipcviz::bench {

struct InstrumentationCost {
    double raw_ns = 0;       // ::write, median ns per call
    double untraced_ns = 0;  // sys::write, tracing off
    double traced_ns = 0;    // sys::write, tracing on (two clock reads and a ring append more)
};

// Medians over @p rounds rounds (after one discarded warm-up round) of @p calls calls each.
// @throws SysError if /dev/null cannot be opened; std::bad_alloc if the ring cannot be allocated
InstrumentationCost measure_instrumentation_cost(std::size_t rounds, std::size_t calls);

}  // namespace ipcviz::bench
