#pragma once
// The benchmark's screen: the race (a bar per mechanism, advancing as its measured runs complete),
// then the table, the summary and the caveat. Drawn by `ipcviz bench` and by the viewer's `b` key.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "../bench/bench.hpp"
#include "canvas.hpp"

namespace ipcviz::view {

struct BenchView {
    bench::BenchOptions options;
    std::map<std::string, std::pair<std::size_t, std::size_t>> progress;  // mechanism → (done, total)
    std::optional<bench::BenchReport> report;                             // once finished
    bool hidden = false;  // predict mode: the table's figures and the summary are "?" until revealed
};

void render_bench(Canvas& canvas, const BenchView& view);

// Thrown out of run_bench_on_screen when SIGINT, SIGTERM or SIGHUP arrives: the benchmark stops
// after the run in progress (which the harness has already ended and cleaned up).
struct BenchStopped : std::runtime_error {
    BenchStopped() : std::runtime_error("the benchmark was stopped") {}
};

// Thrown out of run_bench_on_screen when q or Esc is pressed during the race: the benchmark stops
// after the run in progress (which the harness has already ended and cleaned up).
struct BenchCancelled : std::runtime_error {
    BenchCancelled() : std::runtime_error("the benchmark was cancelled") {}
};

// Runs the benchmark on @p terminal's screen, then shows the results until a key is pressed.
// Below the viewer's least size it shows only a request to enlarge the terminal, and keys other
// than q do nothing until it is large enough. With @p predict the results come up hidden: v, V or
// Enter reveals them, and only then does a key go back.
class Terminal;
bench::BenchReport run_bench_on_screen(Terminal& terminal, const bench::BenchOptions& options,
                                       const Implementation& implementation, bool predict = false);

}  // namespace ipcviz::view
