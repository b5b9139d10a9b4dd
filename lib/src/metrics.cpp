#include "metrics.hpp"

#include <algorithm>
#include <vector>

namespace ipcviz::detail {

namespace {
double percentile(const std::vector<std::int64_t>& sorted, double fraction) {
    if (sorted.empty()) return 0;
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1) + 0.5);
    return static_cast<double>(sorted[std::min(index, sorted.size() - 1)]);
}
}  // namespace

void compute_metrics(RunResult& result, const RunControl& control, const std::array<const std::int64_t*, 2>& stamps) {
    const Workload& workload = result.workload;
    const auto moved = static_cast<double>(result.messages_moved);
    const double payload = moved * static_cast<double>(workload.message_size);
    Metrics& metrics = result.metrics;
    double syscalls = 0, kernel_bytes = 0, user_bytes = 0, switches = 0, segments = 0;
    for (const SideReport& side : result.sides) {
        syscalls += static_cast<double>(side.counters.syscalls());
        kernel_bytes += static_cast<double>(side.counters.bytes_to_kernel + side.counters.bytes_from_kernel);
        user_bytes += static_cast<double>(side.counters.bytes_user_copied);
        switches += static_cast<double>(side.voluntary_switches + side.involuntary_switches);
        segments += static_cast<double>(side.tcp.segments_out);
    }
    metrics.syscalls = syscalls / moved;
    metrics.kernel_copies = kernel_bytes / payload;
    metrics.user_copies = user_bytes / payload;
    metrics.context_switches = switches / moved;
    metrics.tcp_segments = segments / moved;

    // The window runs from the parent's first send to the last receive (the child's, one-way).
    const int receiver = workload.pattern == Pattern::one_way ? 1 : 0;
    result.window_ns = control.sides[receiver].window_end_ns - control.sides[0].window_start_ns;
    std::vector<std::int64_t> latencies(workload.messages);
    if (workload.per_message_times) {
        for (std::size_t i = 0; i < workload.messages; ++i) latencies[i] = stamps[1][i] - stamps[0][i];
    } else {  // untimed messages: every one is given the window's average
        std::fill(latencies.begin(), latencies.end(), result.window_ns / static_cast<std::int64_t>(workload.messages));
    }
    std::sort(latencies.begin(), latencies.end());
    double sum = 0;
    for (const std::int64_t latency : latencies) sum += static_cast<double>(latency);
    metrics.latency_mean_ns = sum / static_cast<double>(latencies.size());
    metrics.latency_p50_ns = percentile(latencies, 0.50);
    metrics.latency_p99_ns = percentile(latencies, 0.99);

    if (result.window_ns > 0) {
        const double seconds = static_cast<double>(result.window_ns) / 1e9;
        metrics.messages_per_s = static_cast<double>(workload.messages) / seconds;
        metrics.megabytes_per_s =
            static_cast<double>(workload.messages * workload.message_size) / seconds / 1e6;
    }
}

}  // namespace ipcviz::detail
