#include "instrumentation_cost.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "ipcviz/error.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/sys.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::bench {

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template <typename Call>
double ns_per_call(std::size_t calls, Call call) {
    const std::int64_t start = monotonic_ns();
    for (std::size_t i = 0; i < calls; ++i) call();
    return static_cast<double>(monotonic_ns() - start) / static_cast<double>(calls);
}

}  // namespace

InstrumentationCost measure_instrumentation_cost(std::size_t rounds, std::size_t calls) {
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd == -1) throw SysError("open(/dev/null)", errno);
    const Fd owner(null_fd);
    const std::byte one[1] = {std::byte{1}};

    // A ring big enough for one round, in ordinary memory: tracing's cost is the append itself.
    const std::size_t ring_bytes = TraceRing::bytes_for(calls);
    std::unique_ptr<void, decltype(&std::free)> memory(std::aligned_alloc(64, (ring_bytes + 63) / 64 * 64), std::free);
    if (!memory) throw std::bad_alloc();
    std::fill_n(static_cast<std::byte*>(memory.get()), ring_bytes, std::byte{0});
    TraceRing* ring = TraceRing::create_in(memory.get(), calls);
    TraceContext& context = trace_context();
    const TraceContext saved = context;
    // In a run every sys:: call also publishes itself in its side's call-in-progress record: measured
    // with one, as runs make them (a few plain stores).
    CallInProgress record;

    std::vector<double> raw, untraced, traced;
    for (std::size_t round = 0; round <= rounds; ++round) {  // round 0 warms up and is discarded
        const double r = ns_per_call(calls, [&] { (void)!::write(null_fd, one, 1); });
        context = TraceContext{nullptr, static_cast<std::int32_t>(::getpid()), Side::parent, 0, &record};
        const double u = ns_per_call(calls, [&] { sys::write(null_fd, one); });
        context = TraceContext{ring, static_cast<std::int32_t>(::getpid()), Side::parent, 0, &record};
        const double t = ns_per_call(calls, [&] { sys::write(null_fd, one); });
        context = saved;
        if (round == 0) continue;
        raw.push_back(r);
        untraced.push_back(u);
        traced.push_back(t);
    }
    return InstrumentationCost{median(raw), median(untraced), median(traced)};
}

}  // namespace ipcviz::bench
