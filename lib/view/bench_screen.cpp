#include "bench_screen.hpp"

#include <algorithm>
#include <cstdio>

#include "keys.hpp"
#include "screens.hpp"
#include "text.hpp"
#include "terminal.hpp"

namespace ipcviz::view {

namespace {

using text::format;
using text::micros;

const char* label_of(const std::string& name) {
    if (name == "shm") return "shm";
    if (name == "pipe") return "pipe";
    if (name == "unix") return "unix sock";
    return "tcp";
}

std::string title_of(const std::string& name) {
    const Mechanism* mechanism = find_mechanism(name);
    return mechanism != nullptr ? std::string(mechanism->title) : name;
}


// What to implement, when every failure of the report is an unimplemented stub: "labs/01-pipe, ...";
// empty otherwise.
std::string unimplemented_labs(const bench::BenchReport& report) {
    std::string labs;
    for (const bench::MechanismResult& r : report.results) {
        if (r.ok) continue;
        if (r.failure.find("not implemented") == std::string::npos) return {};
        const Mechanism* mechanism = find_mechanism(r.name);
        if (mechanism != nullptr) labs += (labs.empty() ? "labs/" : ", labs/") + std::string(mechanism->lab);
    }
    return labs;
}

}  // namespace

void render_bench(Canvas& canvas, const BenchView& view) {
    if (canvas.width() < kMinWidth || canvas.height() < kMinHeight) {
        render_too_small(canvas);
        return;
    }
    const int width = canvas.width();
    const bench::BenchOptions& o = view.options;
    const int title =
        canvas.text(1, 0, format("Benchmark · %zu messages · %zu bytes", o.messages, o.size), Style::title);
    const std::string how = format("%d round%s interleaved · tracing off", o.rounds, o.rounds == 1 ? "" : "s");
    if (1 + title + 2 + columns(how) < width) canvas.text(width - 1 - columns(how), 0, how, Style::dim);
    int y = 2;
    for (const std::string& name : o.mechanisms) {
        const auto found = view.progress.find(name);
        std::size_t done = found == view.progress.end() ? 0 : found->second.first;
        const std::size_t total = found == view.progress.end() ? 1 : std::max<std::size_t>(found->second.second, 1);
        // A mechanism whose runs failed raced nothing: an empty bar, not a full one.
        bool failed = false;
        if (view.report) {
            for (const bench::MechanismResult& r : view.report->results) failed |= r.name == name && !r.ok;
        }
        if (failed) done = 0;
        canvas.text(2, y, label_of(name), Style::bold);
        const int bar = width - 26;
        const int filled = static_cast<int>(static_cast<double>(bar) * static_cast<double>(done) / static_cast<double>(total));
        for (int i = 0; i < bar; ++i) canvas.text(13 + i, y, i < filled ? "█" : "░", i < filled ? Style::user : Style::dim);
        if (failed) {
            canvas.text(width - 11, y, "failed", Style::error);
        } else {
            canvas.text(width - 11, y,
                        format("%5.1f%%", 100.0 * static_cast<double>(done) / static_cast<double>(total)), Style::dim);
        }
        ++y;
    }
    ++y;
    if (!view.report) {
        canvas.text(2, y, "Measuring: every run is two real processes, interleaved A B C D, after a warm-up…", Style::dim,
                    width - 4);
        canvas.text(1, canvas.height() - 1, "q or Esc: stop the benchmark", Style::dim, width - 2);
        return;
    }
    const bench::BenchReport& report = *view.report;
    canvas.text(2, y, "Mechanism", Style::dim);
    canvas.text(16, y, "Copies", Style::dim);
    canvas.text(23, y, "Syscalls", Style::dim);
    canvas.text(32, y, "Latency (rt)", Style::dim);
    canvas.text(45, y, "Throughput", Style::dim);
    canvas.text(57, y, "Use when", Style::dim, width - 58);
    ++y;
    for (const bench::MechanismResult& r : report.results) {
        canvas.text(2, y, title_of(r.name), Style::bold, 14);
        if (!r.ok) {
            // The stub's own words are the useful part: "not implemented: PipeChannel::setup — …".
            const std::size_t stub = r.failure.find("not implemented");
            canvas.text(16, y, stub != std::string::npos ? r.failure.substr(stub) : "failed: " + r.failure,
                        Style::error, width - 17);
        } else {
            // Predict, then reveal: every figure (and so the ordering) stands as "?" until revealed.
            const auto shown = [&](const std::string& figure) { return view.hidden ? std::string("?") : figure; };
            canvas.text(16, y, shown(format("%.2f", r.kernel_copies)));
            canvas.text(23, y, shown(format("%.2f", r.syscalls)));
            canvas.text(32, y, shown(micros(r.round_trip_p50_us.median)));
            canvas.text(45, y, shown(r.messages_per_s.median >= 1e6 ? format("%.2f M/s", r.messages_per_s.median / 1e6)
                                                                    : format("%.0f k/s", r.messages_per_s.median / 1e3)));
            canvas.text(57, y, bench::use_when(r.name), Style::dim, width - 58);
        }
        ++y;
    }
    ++y;
    if (const std::string labs = unimplemented_labs(report); !labs.empty()) {
        canvas.wrapped(2, y, width - 4, 4,
                       "Nothing to race yet: implement " + labs + " (the handout is each folder's README.md; "
                       "make check LAB=NN grades one), then run the benchmark again.",
                       Style::warning);
        canvas.text(1, canvas.height() - 1, "any key: back", Style::dim, width - 2);
        return;
    }
    const auto lines = bench::summary(report);
    const int box_height = static_cast<int>(lines.size()) + 2;
    canvas.box(1, y, 40, box_height, "Summary", Style::dim, Style::title);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        canvas.text(3, y + 1 + static_cast<int>(i), lines[i].first, Style::dim);
        canvas.text(18, y + 1 + static_cast<int>(i), view.hidden ? std::string("?") : lines[i].second, Style::bold, 21);
    }
    canvas.wrapped(43, y, width - 45, box_height,
                   "Faster ≠ always better. Shared memory has no isolation: a bug in either process can corrupt the "
                   "shared region. TCP adds retransmission, ordering and reach across machines.",
                   Style::normal);
    canvas.text(1, canvas.height() - 1,
                view.hidden ? "Predict, then reveal: v shows the table and the summary · q back"
                            : "medians of the rounds · latency: round trip p50 · any key: back",
                Style::dim, width - 2);
}

bench::BenchReport run_bench_on_screen(Terminal& terminal, const bench::BenchOptions& options,
                                       const Implementation& implementation, bool predict) {
    BenchView view;
    view.options = options;
    view.hidden = predict;
    const auto draw = [&] {
        Canvas canvas(terminal.width(), terminal.height());
        render_bench(canvas, view);
        terminal.draw(canvas);
    };
    draw();
    const auto too_small = [&] { return terminal.width() < kMinWidth || terminal.height() < kMinHeight; };
    view.report = bench::run_bench(options, implementation, [&](const std::string& name, std::size_t done, std::size_t total) {
        if (Terminal::stop_requested()) throw BenchStopped();
        for (int key = terminal.read_key(0); key != key::none; key = terminal.read_key(0)) {
            if (key == 'q' || key == 'Q' || key == key::escape) throw BenchCancelled();
        }
        view.progress[name] = {done, total};
        draw();
    });
    draw();
    terminal.discard_pending_keys();  // a key pressed during the race must not close the results
    while (!Terminal::stop_requested()) {
        const int key = terminal.read_key(250);
        if (key == key::resize) {
            draw();
        } else if (key != key::none && view.hidden && !too_small() && (key == 'v' || key == 'V' || key == key::enter)) {
            view.hidden = false;  // revealed: the next key goes back
            draw();
        } else if (key != key::none && (!too_small() || key == 'q' || key == 'Q')) {
            break;  // while the screen is refused, only q acts
        }
    }
    return *view.report;
}

}  // namespace ipcviz::view
