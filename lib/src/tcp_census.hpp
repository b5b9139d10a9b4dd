#pragma once
// TCP's own counters for the calling process's TCP sockets, read with getsockopt(TCP_INFO) by the
// harness (not the channel: no lab has to expose its socket), before and after the window.
#include "ipcviz/run_result.hpp"

namespace ipcviz::detail {

// Sums TCP_INFO over every open TCP socket of this process.
TcpCounters tcp_totals();

// @p after minus @p before, field by field.
TcpCounters tcp_since(const TcpCounters& after, const TcpCounters& before);

}  // namespace ipcviz::detail
