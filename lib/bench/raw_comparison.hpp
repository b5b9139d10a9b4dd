#pragma once
// The library against the raw ping-pongs (`ipcviz bench --compare-raw`): the same round trips,
// timed the same way (the loop's time ÷ count), in short runs paired closely — library, raw, raw,
// library — so that a noisy machine's drift falls on both sides of each pair alike. (Round trips
// through the kernel move by ±20 % within seconds here; long runs compared once were off by that.)
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ipcviz/mechanism.hpp"

namespace ipcviz::bench {

// Per-run figures in µs per round trip, and one library ÷ raw ratio per quad of runs.
struct PairedRoundTrips {
    std::vector<double> library_us, raw_us, ratios;
};

// Runs @p quads quads (library, raw, raw, library) of @p mechanism's round trips with @p size-byte
// messages, each run about 20 ms long judging by @p round_trip_us (an estimate), and appends their
// figures to @p into. @p between_runs is called after every run, when no process of it is left:
// it may throw to stop. @return empty, or why a library run failed (a raw run that fails throws
// std::runtime_error).
std::string compare_with_raw(const Mechanism& mechanism, const ChannelFactory& factory, std::size_t size,
                             double round_trip_us, int quads, PairedRoundTrips& into,
                             const std::function<void()>& between_runs = {});

}  // namespace ipcviz::bench
