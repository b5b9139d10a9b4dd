#pragma once
// What the calling process's sockets say about themselves, read by the harness (not the channel:
// no lab has to expose its sockets) around the window: TCP's own counters from getsockopt(TCP_INFO),
// and the address a socket is bound to.
#include <string>

#include "ipcviz/run_result.hpp"

namespace ipcviz::detail {

// Sums TCP_INFO over every open TCP socket of this process.
TcpCounters tcp_totals();

// @p after minus @p before, field by field.
TcpCounters tcp_since(const TcpCounters& after, const TcpCounters& before);

// The local address of this process's first connected or listening socket: "/tmp/.../ipc.sock" for
// a Unix socket, "127.0.0.1:40123" for TCP; empty when it has none.
std::string socket_endpoint();

}  // namespace ipcviz::detail
