#pragma once
// Per-message figures of a finished, successful run.
#include <array>
#include <cstdint>

#include "ipcviz/run_result.hpp"
#include "run_control.hpp"

namespace ipcviz::detail {

// @p stamps: the run's per-message timestamp arrays (see RunControl::stamps).
void compute_metrics(RunResult& result, const RunControl& control, const std::array<const std::int64_t*, 2>& stamps);

}  // namespace ipcviz::detail
