#pragma once
// The raw shared-memory round trip (raw_shm.cpp), for raw_round_trips.cpp's dispatch.
#include <cstddef>

namespace ipcviz::bench::raw::detail {

// Total nanoseconds for @p count round trips of @p size-byte messages.
double shm_round_trips(std::size_t count, std::size_t size);

}  // namespace ipcviz::bench::raw::detail
