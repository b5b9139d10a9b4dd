#pragma once
// What the raw round trips share: an echo child that is always reaped, and errors with errno.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

namespace ipcviz::bench::raw::detail {

[[noreturn]] void fail(const std::string& call);

// Forks @p echo into a child (it must not return; its exit status is checked), runs @p ping in this
// process and returns the nanoseconds @p ping took. The clock starts only once the child is up and
// pinned (a handshake over a pipe), as the harness's window starts after its barrier: neither
// counts process start-up. The child is killed if @p ping throws.
double time_with_echo(const std::function<void()>& echo, const std::function<void()>& ping);

std::int64_t now_ns();

}  // namespace ipcviz::bench::raw::detail
