// The benchmark's results as text (table, summary, caveat), CSV and JSON (json_text.hpp: valid
// whatever bytes a channel's failure text holds).
#include <cstdio>
#include <string>

#include "bench.hpp"
#include "json_text.hpp"
#include "text.hpp"

namespace ipcviz::bench {

namespace {

using text::format;
using text::micros;

std::string title_of(const std::string& name) {
    const Mechanism* mechanism = find_mechanism(name);
    return mechanism != nullptr ? std::string(mechanism->title) : name;
}

std::string rate(double per_s) { return per_s >= 1e6 ? format("%.2f M/s", per_s / 1e6) : format("%.0f k/s", per_s / 1e3); }

const MechanismResult* find(const BenchReport& report, const std::string& name) {
    for (const MechanismResult& result : report.results) {
        if (result.name == name && result.ok) return &result;
    }
    return nullptr;
}

std::string pad(const std::string& text, int width) {
    int columns = 0;
    for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return columns >= width ? text : text + std::string(static_cast<std::size_t>(width - columns), ' ');
}

constexpr const char* kCaveat =
    "Faster ≠ always better. Shared memory has no isolation: a bug in either process can corrupt the shared "
    "region. TCP adds retransmission, ordering and reach across machines. Choose by your real constraints.";

}  // namespace

std::vector<std::pair<std::string, std::string>> summary(const BenchReport& report) {
    std::vector<std::pair<std::string, std::string>> lines;
    const MechanismResult* fastest = nullptr;
    for (const MechanismResult& result : report.results) {
        if (result.ok && (fastest == nullptr || result.round_trip_p50_us.median < fastest->round_trip_p50_us.median)) {
            fastest = &result;
        }
    }
    if (fastest != nullptr) lines.emplace_back("Fastest", title_of(fastest->name));
    const auto ratio = [&](const char* label, const char* fast, const char* slow) {
        const MechanismResult* a = find(report, fast);
        const MechanismResult* b = find(report, slow);
        if (a != nullptr && b != nullptr && a->round_trip_p50_us.median > 0) {
            lines.emplace_back(label, format("×%.0f", b->round_trip_p50_us.median / a->round_trip_p50_us.median));
        }
    };
    ratio("SHM vs TCP", "shm", "tcp");
    ratio("SHM vs Pipe", "shm", "pipe");
    const MechanismResult* pipe = find(report, "pipe");
    const MechanismResult* unix_socket = find(report, "unix");
    if (pipe != nullptr && unix_socket != nullptr && pipe->round_trip_p50_us.median > 0) {
        const double r = unix_socket->round_trip_p50_us.median / pipe->round_trip_p50_us.median;
        lines.emplace_back("Pipe vs Unix", r >= 1 / 1.2 && r <= 1.2 ? format("similar (×%.2f)", r) : format("×%.2f", r));
    }
    return lines;
}

std::string format_table(const BenchReport& report) {
    const BenchOptions& o = report.options;
    std::string out = format("Benchmark · %zu messages one-way, %zu round trips · %zu bytes · %d round%s interleaved, "
                             "tracing off\n\n",
                             o.messages, o.round_trips, o.size, o.rounds, o.rounds == 1 ? "" : "s");
    out += pad("Mechanism", 15) + pad("Copies", 8) + pad("Syscalls", 10) + pad("Latency (rt p50, min–max)", 30) +
           pad("Throughput (min–max)", 33) + "Use when\n";
    for (const MechanismResult& r : report.results) {
        if (!r.ok) {
            out += pad(title_of(r.name), 15) + "FAILED: " + r.failure + "\n";
            continue;
        }
        out += pad(title_of(r.name), 15) + pad(format("%.2f", r.kernel_copies), 8) + pad(format("%.2f", r.syscalls), 10) +
               pad(micros(r.round_trip_p50_us.median) + " (" + micros(r.round_trip_p50_us.min) + "–" +
                       micros(r.round_trip_p50_us.max) + ")",
                   30) +
               pad(rate(r.messages_per_s.median) + " (" + rate(r.messages_per_s.min) + "–" + rate(r.messages_per_s.max) + ")",
                   33) +
               use_when(r.name) + "\n";
    }
    out += "\nSummary\n";
    for (const auto& [label, value] : summary(report)) out += "  " + pad(label, 14) + value + "\n";
    out += "\n" + std::string(kCaveat) + "\n";
    out += format("\nCopies: payload bytes across the user/kernel boundary ÷ message size (shared memory copies in "
                  "user space instead). Counts are per one-way message; latency is a round trip, the clock's own "
                  "%.0f ns taken off.\n",
                  report.clock_ns);
    const InstrumentationCost& cost = report.instrumentation;
    out += format("The library's instrumentation per syscall (a 1-byte write to /dev/null, %.0f ns raw): %+.0f ns "
                  "untraced (the runs above), %+.0f ns traced (the viewer's runs).\n",
                  cost.raw_ns, cost.untraced_ns - cost.raw_ns, cost.traced_ns - cost.raw_ns);
    if (o.compare_raw) {
        out += "\nLibrary vs raw (round trip: a loop's time ÷ its count; runs in quads library, raw, raw, library;\n"
               "ratio: median of the quads' library ÷ raw, with its range)\n";
        for (const MechanismResult& r : report.results) {
            if (!r.ok || !r.against_raw) continue;
            const RawComparison& c = *r.against_raw;
            const double ratio = c.ratio.median;
            const char* verdict = ratio > 1.10 ? "MORE than 10% over raw"
                                  : ratio < 0.90 ? "faster than raw by more than 10%: noise, rerun" : "within 10%";
            out += "  " + pad(title_of(r.name), 15) + pad("library " + micros(c.library_us.median), 20) +
                   pad("raw " + micros(c.raw_us.median), 16) +
                   format("×%.2f (%.2f–%.2f, %zu quads)  %s\n", ratio, c.ratio.min, c.ratio.max, c.quads, verdict);
        }
        if (report.cache_line_round_trip_ns) {
            out += format("  cache line ping-pong between two cores (the floor for shared memory): %.0f ns", *report.cache_line_round_trip_ns);
            if (const MechanismResult* shm = find(report, "shm")) {
                if (shm->against_raw) {
                    out += format("; shared memory round trip ×%.1f of it",
                                  shm->against_raw->library_us.median * 1000 / *report.cache_line_round_trip_ns);
                }
            }
            out += "\n";
        }
    }
    return out;
}

std::string format_csv(const BenchReport& report) {
    std::string out = "mechanism,ok,copies,user_copies,syscalls,context_switches,kernel_cpu_ns,rt_mean_us,rt_p50_us,"
                      "rt_p50_min_us,rt_p50_max_us,rt_p99_us,messages_per_s,messages_per_s_min,messages_per_s_max,"
                      "megabytes_per_s,library_rt_loop_us,raw_rt_loop_us,library_to_raw\n";
    for (const MechanismResult& r : report.results) {
        out += format("%s,%s,%.4f,%.4f,%.4f,%.4f,%.1f,%.4f,%.4f,%.4f,%.4f,%.4f,%.0f,%.0f,%.0f,%.3f,", r.name.c_str(),
                      r.ok ? "true" : "false", r.kernel_copies, r.user_copies, r.syscalls, r.context_switches, r.kernel_cpu_ns,
                      r.round_trip_mean_us.median, r.round_trip_p50_us.median, r.round_trip_p50_us.min,
                      r.round_trip_p50_us.max, r.round_trip_p99_us.median, r.messages_per_s.median, r.messages_per_s.min,
                      r.messages_per_s.max, r.megabytes_per_s.median);
        out += r.against_raw ? format("%.4f,%.4f,%.4f", r.against_raw->library_us.median, r.against_raw->raw_us.median,
                                      r.against_raw->ratio.median)
                             : std::string(",,");
        out += "\n";
    }
    return out;
}

std::string format_json(const BenchReport& report) {
    using json::Json;
    const auto spread = [](const Spread& s) { return Json{{"median", s.median}, {"min", s.min}, {"max", s.max}}; };
    const BenchOptions& o = report.options;
    Json results = Json::array();
    for (const MechanismResult& r : report.results) {
        Json result = {{"mechanism", r.name},
                       {"ok", r.ok},
                       {"failure", r.failure},  // a channel's own error text: any bytes at all
                       {"copies", r.kernel_copies},
                       {"user_copies", r.user_copies},
                       {"syscalls", r.syscalls},
                       {"context_switches", r.context_switches},
                       {"kernel_cpu_ns", r.kernel_cpu_ns},
                       {"rt_mean_us", spread(r.round_trip_mean_us)},
                       {"rt_p50_us", spread(r.round_trip_p50_us)},
                       {"rt_p99_us", spread(r.round_trip_p99_us)},
                       {"messages_per_s", spread(r.messages_per_s)},
                       {"megabytes_per_s", spread(r.megabytes_per_s)}};
        if (r.against_raw) {
            result["against_raw"] = {{"library_rt_loop_us", spread(r.against_raw->library_us)},
                                     {"raw_rt_loop_us", spread(r.against_raw->raw_us)},
                                     {"library_to_raw", spread(r.against_raw->ratio)},
                                     {"quads", r.against_raw->quads}};
        }
        results.push_back(std::move(result));
    }
    Json lines = Json::object();
    for (const auto& [label, value] : summary(report)) lines[label] = value;
    Json out = {{"messages", o.messages},
                {"round_trips", o.round_trips},
                {"size", o.size},
                {"rounds", o.rounds},
                {"clock_ns", report.clock_ns},
                {"results", std::move(results)},
                {"summary", std::move(lines)}};
    if (report.cache_line_round_trip_ns) out["cache_line_round_trip_ns"] = *report.cache_line_round_trip_ns;
    out["instrumentation_ns"] = {{"raw", report.instrumentation.raw_ns},
                                 {"untraced", report.instrumentation.untraced_ns},
                                 {"traced", report.instrumentation.traced_ns}};
    return json::one_line(out);
}

}  // namespace ipcviz::bench
