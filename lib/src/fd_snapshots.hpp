#pragma once
// The descriptor snapshots a side wrote into its SideShared block, read back for its SideReport.
#include <vector>

#include "ipcviz/run_result.hpp"
#include "run_control.hpp"

namespace ipcviz::detail {

// The snapshots @p shared holds, in the order of their moments; ones not taken are left out. The
// block is memory the run's processes could scribble on: lines are bounded and malformed ones skipped.
std::vector<DescriptorSnapshot> read_snapshots(const SideShared& shared);

}  // namespace ipcviz::detail
