#include "bench_workload.hpp"

#include <algorithm>
#include <chrono>

#include "ipcviz/cpus.hpp"

namespace ipcviz::bench {

Workload timing_workload(Pattern pattern, std::size_t messages, std::size_t size) {
    Workload w;
    w.pattern = pattern;
    w.messages = std::max<std::size_t>(messages, 1);
    w.message_size = size;
    w.trace = false;
    w.verify = false;  // the harness's per-message check is test scaffolding, not the channel's cost
    w.deadline = std::chrono::milliseconds(60000);
    // A CPU each (see Workload::pin_cpus), chosen among those this process may use: under
    // `taskset -c 0` or a cpuset of one CPU the two sides share it.
    if (const CpuBudget budget = cpu_budget(); budget.usable() >= 2) {
        w.pin_cpus[0] = budget.allowed[0];
        w.pin_cpus[1] = budget.allowed[1];
    }
    return w;
}

}  // namespace ipcviz::bench
