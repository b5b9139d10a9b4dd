// The student release's stand-in for lib/bench/raw/raw_shm.cpp: that file is the reference Lab 04
// protocol written with std::atomic (the yardstick of `ipcviz bench --compare-raw`), so a release
// does not carry it. The comparison then covers the pipe and the sockets and says why not shared memory.
#include "raw_shm.hpp"

#include <stdexcept>

namespace ipcviz::bench::raw::detail {

double shm_round_trips(std::size_t, std::size_t) {
    throw std::runtime_error(
        "the raw shared-memory round trip is the reference Lab 04 protocol: not part of the student copy "
        "(--compare-raw --mechanisms pipe,unix,tcp leaves it out)");
}

}  // namespace ipcviz::bench::raw::detail
