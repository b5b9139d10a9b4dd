#pragma once
// Round trips written with plain syscalls and no ipcviz library: the yardstick the benchmark holds
// the library's own runs against (`ipcviz bench --compare-raw`). Each makes the reference channel's
// calls and nothing else, in a forked echo process: write/read for the pipe; a 4-byte length
// prefix and the payload in one sendmsg/recvmsg for the sockets; for shared memory the reference's
// own protocol (a ring of slots each way, a state word, spin then futex) with std::atomic.
#include <cstddef>
#include <string_view>

namespace ipcviz::bench::raw {

// Mean round trip in nanoseconds over @p round_trips messages of @p size bytes (total time of the
// loop ÷ count: no per-message clock). Throws std::runtime_error naming the syscall that failed.
double round_trip_ns(std::string_view mechanism, std::size_t round_trips, std::size_t size);

// The floor for shared memory: two processes passing one cache line back and forth (ns per trip).
double cache_line_round_trip_ns(std::size_t round_trips);

}  // namespace ipcviz::bench::raw
