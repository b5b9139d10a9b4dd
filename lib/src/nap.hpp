#pragma once
// The harness's short sleeps while it polls for a moment to come (a reader asleep, a piece read,
// a process gone). A raw nanosleep: the harness's own call, never counted as the channel's.
#include <time.h>

namespace ipcviz::detail {

// Sleeps about @p ns (under a second). A signal may end it early: every caller polls in a loop that
// looks again at what it waits for.
inline void nap_ns(long ns) {
    timespec pause{0, ns};
    ::nanosleep(&pause, nullptr);
}

}  // namespace ipcviz::detail
