#pragma once
// What the raw round trips share: an echo child that is always reaped, and errors with errno.
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace ipcviz::bench::raw::detail {

[[noreturn]] void fail(const std::string& call);

// Answers whether the other process of a raw round trip has ended, for a loop that would otherwise
// wait for ever. (The echo is also killed by the kernel when the pinging process dies.)
using PeerGone = std::function<bool()>;

// Forks @p echo into a child (its exit status is checked), runs @p ping in this process and
// returns the nanoseconds @p ping took. The clock starts only once the child is up and
// pinned (a handshake over a pipe), as the harness's window starts after its barrier: neither
// counts process start-up. The child is killed if @p ping throws.
double time_with_echo(const std::function<void(const PeerGone&)>& echo, const std::function<void(const PeerGone&)>& ping);

std::int64_t now_ns();

}  // namespace ipcviz::bench::raw::detail
