#pragma once
// Minimal round trips written with plain syscalls and no ipcviz library: the yardstick the
// benchmark holds the library's own runs against (`ipcviz bench --compare-raw`). Each moves the same
// bytes with the same calls as the reference channel (a 4-byte length prefix and the payload in
// one sendmsg for sockets; a slot and a ready word for shared memory), in a forked echo process.
#include <cstddef>
#include <string_view>

namespace ipcviz::bench::raw {

// Mean round trip in nanoseconds over @p round_trips messages of @p size bytes (total time of the
// loop ÷ count: no per-message clock). Throws std::runtime_error naming the syscall that failed.
double round_trip_ns(std::string_view mechanism, std::size_t round_trips, std::size_t size);

// The floor for shared memory: two processes passing one cache line back and forth (ns per trip).
double cache_line_round_trip_ns(std::size_t round_trips);

}  // namespace ipcviz::bench::raw
