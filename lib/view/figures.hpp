#pragma once
// The viewer's latency and throughput figures as a class can quote them: a median with its range,
// said to be too wide to quote when it is, labelled with how it was measured, and comparisons that
// never contradict the ordering Lab 05 grades (tests/graded/lab05_benchmark.cpp). Pure text from a
// Calibration: no ncurses, no runs.
#include <string>
#include <string_view>

#include "model.hpp"

namespace ipcviz::view::figures {

// True when a figure's rounds spread too widely to quote one number: the slowest round more than
// twice the fastest (on a loaded machine a round can be many times another).
bool too_wide(const Range& range);

// The round trip for a panel: "23.4 µs", or "wide 12–48 µs" when too wide to quote.
std::string latency(const Calibration& calibration);
// The one-way throughput for a panel: "1.20 M msg/s", or "wide 0.2–1.2 M/s".
std::string throughput(const Calibration& calibration);

// @p mechanism's round trip against @p reference's ("vs shm" for TCP, "vs pipe" for the Unix
// socket), both from the same race: "×2.7 slower", "similar (×1.05)", or "unclear (spread)" where the
// rounds overlap or the figure would contradict Lab 05's graded ordering (shared memory fastest).
std::string comparison(std::string_view reference, const Calibration& mine, const Calibration& theirs);

// What the figures are, for the status line, in at most @p width columns where it fits: "Round trip
// p50, median of 5 rounds, 64 B, pinned apart · 21.0–25.3 µs", after @p prefix.
std::string label(const Calibration& calibration, int width, std::string_view prefix = {});

// "NODELAY, one send: " where the run shown was made with TCP options the benchmark does not use
// (its figures are TCP_NODELAY and one send per message); empty otherwise.
std::string not_this_runs_modes(const ViewModel& model);

}  // namespace ipcviz::view::figures
