#include "bench_workload.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace ipcviz::bench {

Workload timing_workload(Pattern pattern, std::size_t messages, std::size_t size) {
    Workload w;
    w.pattern = pattern;
    w.messages = std::max<std::size_t>(messages, 1);
    w.message_size = size;
    w.trace = false;
    w.verify = false;  // the harness's per-message check is test scaffolding, not the channel's cost
    w.deadline = std::chrono::milliseconds(60000);
    if (std::thread::hardware_concurrency() >= 2) {  // a CPU each: see Workload::pin_cpus
        w.pin_cpus[0] = 0;
        w.pin_cpus[1] = 1;
    }
    return w;
}

}  // namespace ipcviz::bench
