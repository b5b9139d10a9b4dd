#pragma once
// The workload of every timed run of the benchmark: untraced, unverified, pinned a CPU each.
#include <cstddef>

#include "ipcviz/run_result.hpp"

namespace ipcviz::bench {

// @p messages of @p size bytes in @p pattern, with tracing and the per-message check off and the
// two processes pinned to CPUs 0 and 1 when there are two.
Workload timing_workload(Pattern pattern, std::size_t messages, std::size_t size);

}  // namespace ipcviz::bench
