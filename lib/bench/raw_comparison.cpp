#include "raw_comparison.hpp"

#include <algorithm>
#include <cmath>

#include "bench_workload.hpp"
#include "ipcviz/harness.hpp"
#include "raw/raw.hpp"

namespace ipcviz::bench {

namespace {

// Long enough that a run's fixed costs (fork, set-up, the first page faults) vanish in it; short
// enough that drift seldom strikes inside a quad. Bounded for estimates that are far off.
std::size_t trips_for(double round_trip_us) {
    constexpr double kRunMicroseconds = 20'000;
    const double trips = round_trip_us > 0 ? kRunMicroseconds / round_trip_us : 1000;
    return static_cast<std::size_t>(std::clamp(trips, 200.0, 200'000.0));
}

}  // namespace

std::string compare_with_raw(const Mechanism& mechanism, const ChannelFactory& factory, std::size_t size,
                             double round_trip_us, int quads, PairedRoundTrips& into,
                             const std::function<void()>& between_runs) {
    const std::size_t trips = trips_for(round_trip_us);
    Workload loop = timing_workload(Pattern::round_trip, trips, size);
    loop.per_message_times = false;  // timed as the raw loop is: only the window
    const auto library = [&](double& us) {
        const RunResult run = ipcviz::run(mechanism, factory, loop);
        us = static_cast<double>(run.window_ns) / 1000.0 / static_cast<double>(trips);
        if (between_runs) between_runs();
        return run.ok ? std::string() : run.failure;
    };
    const auto raw = [&] {
        const double us = raw::round_trip_ns(mechanism.name, trips, size) / 1000.0;
        if (between_runs) between_runs();
        return us;
    };
    for (int quad = 0; quad < quads; ++quad) {
        double first = 0, last = 0;
        if (std::string failure = library(first); !failure.empty()) return failure;
        const double raw_first = raw();
        const double raw_last = raw();
        if (std::string failure = library(last); !failure.empty()) return failure;
        into.library_us.insert(into.library_us.end(), {first, last});
        into.raw_us.insert(into.raw_us.end(), {raw_first, raw_last});
        into.ratios.push_back((first + last) / (raw_first + raw_last));
    }
    return {};
}

}  // namespace ipcviz::bench
