#pragma once
// Per-message figures of a finished, successful run.
#include "ipcviz/run_result.hpp"
#include "run_control.hpp"

namespace ipcviz::detail {

void compute_metrics(RunResult& result, const RunControl& control);

}  // namespace ipcviz::detail
