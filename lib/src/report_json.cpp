// A run as JSON (`ipcviz trace --format json`): every string a channel can influence (its error
// text, a path, a leaked descriptor's target) is escaped, and bytes that are not UTF-8 replaced
// (json_text.hpp), so a strict parser always accepts it.
#include "ipcviz/report.hpp"

#include <map>
#include <string>

#include "json_text.hpp"

namespace ipcviz {

namespace {

using json::Json;

Json counters_json(const Counters& counters) {
    Json calls = Json::object();
    for (std::size_t i = 0; i < kCallKinds; ++i) {
        if (counters.calls[i] != 0) calls[std::string(call_name(static_cast<Call>(i)))] = counters.calls[i];
    }
    return {{"calls", calls},
            {"bytes_to_kernel", counters.bytes_to_kernel},
            {"bytes_from_kernel", counters.bytes_from_kernel},
            {"bytes_user_copied", counters.bytes_user_copied}};
}

Json counts_json(const std::map<std::string, std::uint64_t>& counts) {
    Json out = Json::object();
    for (const auto& [name, count] : counts) out[name] = count;
    return out;
}

// {"127.0.0.1:40123": {"ECONNREFUSED": 30, "ok": 1}}: each address a connect() named, by outcome.
Json connects_json(const std::map<std::string, std::map<std::string, std::uint64_t>>& connects) {
    Json out = Json::object();
    for (const auto& [target, outcomes] : connects) out[target] = counts_json(outcomes);
    return out;
}

Json audit_json(const AuditCounts& audit) {
    return {{"calls", counts_json(audit.calls)},
            {"sends", counts_json(audit.sends)},
            {"receives", counts_json(audit.receives)},
            {"transfers", counts_json(audit.transfers)},
            {"bytes_to_kernel", audit.bytes_to_kernel},
            {"bytes_from_kernel", audit.bytes_from_kernel},
            {"bytes_within_kernel", audit.bytes_within_kernel},
            {"objects", audit.objects},
            // Read by the harness from /proc while ptrace had the process stopped.
            {"fds_at_first_message", audit.fds_at_first_message},
            {"fds_after_close", audit.fds_after_close},
            {"mappings_after_close", audit.mappings_after_close},
            {"names_at_first_message", audit.names_at_first_message},
            {"tcp_segments_out", audit.tcp_segments_out},
            {"tcp_unreadable", audit.tcp_unreadable},
            {"futex_sleeps", audit.futex_sleeps},
            {"futex_sleep_ns", audit.futex_sleep_ns},
            {"futex_wakes", audit.futex_wakes},
            {"window_ns", audit.window_ns},
            {"cpu_ns", audit.cpu_ns},
            {"runqueue_ns", audit.runqueue_ns},
            {"voluntary_switches", audit.voluntary_switches},
            {"involuntary_switches", audit.involuntary_switches},
            {"quiet",
             {{"total_ns", audit.quiet.total_ns},
              {"longest_ns", audit.quiet.longest_ns},
              {"longest_wall_ns", audit.quiet.longest_wall_ns},
              {"stretches", audit.quiet.stretches},
              {"overlap_ns", audit.quiet.overlap_ns}}},
            // Inside the side's open(): where a side that waits for its peer shows.
            {"open",
             {{"calls", counts_json(audit.open.calls)},
              {"failures", counts_json(audit.open.failures)},
              {"timeouts", counts_json(audit.open.timeouts)},
              {"connects", connects_json(audit.open.connects)},
              {"ended", audit.open.ended}}}};
}

Json side_json(const SideReport& side) {
    Json out = {{"role", side.role},
                {"duty", side.duty},
                {"endpoint", side.endpoint},
                {"pid", side.pid},
                {"finished", side.finished},
                {"error", side.error},
                {"counters", counters_json(side.counters)},
                {"voluntary_switches", side.voluntary_switches},
                {"involuntary_switches", side.involuntary_switches},
                {"user_ns", side.user_ns},
                {"system_ns", side.system_ns},
                {"tcp",
                 {{"segments_out", side.tcp.segments_out},
                  {"segments_in", side.tcp.segments_in},
                  {"retransmits", side.tcp.retransmits},
                  {"bytes_sent", side.tcp.bytes_sent},
                  {"bytes_acked", side.tcp.bytes_acked},
                  {"bytes_received", side.tcp.bytes_received}}}};
    if (side.audit) out["audit"] = audit_json(*side.audit);
    out["leaked_fds"] = side.leaked_fds;
    return out;
}

}  // namespace

std::string format_json(const RunResult& result, bool with_trace) {
    const Workload& w = result.workload;
    const Metrics& m = result.metrics;
    Json out = {{"mechanism", result.mechanism},
                {"pattern", w.pattern == Pattern::one_way ? "one_way" : "round_trip"},
                {"messages", w.messages},
                {"message_size", w.message_size},
                {"ok", result.ok},
                {"timed_out", result.timed_out},
                {"failure", result.failure},
                {"messages_delivered", result.messages_delivered},
                {"window_ns", result.window_ns},
                {"sides", Json::array({side_json(result.sides[0]), side_json(result.sides[1])})},
                {"metrics",
                 {{"syscalls", m.syscalls},
                  {"kernel_copies", m.kernel_copies},
                  {"user_copies", m.user_copies},
                  {"context_switches", m.context_switches},
                  {"tcp_segments", m.tcp_segments},
                  {"latency_mean_ns", m.latency_mean_ns},
                  {"latency_p50_ns", m.latency_p50_ns},
                  {"latency_p99_ns", m.latency_p99_ns},
                  {"messages_per_s", m.messages_per_s},
                  {"megabytes_per_s", m.megabytes_per_s}}},
                {"leftovers", result.leftovers}};
    if (with_trace) {
        Json trace = Json::array();
        for (const TraceEvent& e : result.trace) {
            trace.push_back({{"seq", e.sequence},
                             {"pid", e.pid},
                             {"side", result.side(e.side).role},
                             {"call", std::string(call_name(e.call))},
                             {"fd", e.fd},
                             {"asked", e.asked},
                             {"result", e.result},
                             {"errno", e.error},
                             {"start_ns", e.start_ns},
                             {"end_ns", e.end_ns},
                             // mem:: operations are stamped once (start_ns == end_ns), not timed.
                             {"timed", e.call < Call::store_release || e.call >= Call::message_sent},
                             {"detail", e.detail},
                             // An address in shared memory: its mapping (0: none) and offset in "fd".
                             {"region", e.region},
                             {"text", format_call(e, &result.layout)}});
        }
        out["trace"] = std::move(trace);
    }
    return json::one_line(out);
}

}  // namespace ipcviz
