#include <cstdio>
#include <string>

#include "ipcviz/report.hpp"

namespace ipcviz {

namespace {

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string counters_json(const Counters& counters) {
    std::string out = "{\"calls\": {";
    bool first = true;
    for (std::size_t i = 0; i < kCallKinds; ++i) {
        if (counters.calls[i] == 0) continue;
        out += (first ? "" : ", ") + quoted(std::string(call_name(static_cast<Call>(i)))) + ": " +
               std::to_string(counters.calls[i]);
        first = false;
    }
    return out + "}, \"bytes_to_kernel\": " + std::to_string(counters.bytes_to_kernel) +
           ", \"bytes_from_kernel\": " + std::to_string(counters.bytes_from_kernel) +
           ", \"bytes_user_copied\": " + std::to_string(counters.bytes_user_copied) + "}";
}

std::string audit_json(const AuditCounts& audit) {
    std::string out = "{\"calls\": {";
    bool first = true;
    for (const auto& [name, count] : audit.calls) {
        out += (first ? "" : ", ") + quoted(name) + ": " + std::to_string(count);
        first = false;
    }
    out += "}, \"bytes_to_kernel\": " + std::to_string(audit.bytes_to_kernel) +
           ", \"bytes_from_kernel\": " + std::to_string(audit.bytes_from_kernel) + ", \"objects\": [";
    for (std::size_t i = 0; i < audit.objects.size(); ++i) out += (i ? ", " : "") + quoted(audit.objects[i]);
    return out + "]}";
}

std::string side_json(const SideReport& side) {
    std::string out = "{\"role\": " + quoted(side.role) + ", \"duty\": " + quoted(side.duty) +
                      ", \"endpoint\": " + quoted(side.endpoint) +
                      ", \"pid\": " + std::to_string(side.pid) + ", \"finished\": " +
                      (side.finished ? "true" : "false") + ", \"error\": " + quoted(side.error) +
                      ", \"counters\": " + counters_json(side.counters) +
                      ", \"voluntary_switches\": " + std::to_string(side.voluntary_switches) +
                      ", \"involuntary_switches\": " + std::to_string(side.involuntary_switches) +
                      ", \"user_ns\": " + std::to_string(side.user_ns) +
                      ", \"system_ns\": " + std::to_string(side.system_ns) +
                      ", \"tcp\": {\"segments_out\": " + std::to_string(side.tcp.segments_out) +
                      ", \"segments_in\": " + std::to_string(side.tcp.segments_in) +
                      ", \"retransmits\": " + std::to_string(side.tcp.retransmits) +
                      ", \"bytes_sent\": " + std::to_string(side.tcp.bytes_sent) +
                      ", \"bytes_acked\": " + std::to_string(side.tcp.bytes_acked) +
                      ", \"bytes_received\": " + std::to_string(side.tcp.bytes_received) + "}";
    if (side.audit) out += ", \"audit\": " + audit_json(*side.audit);
    out += ", \"leaked_fds\": [";
    for (std::size_t i = 0; i < side.leaked_fds.size(); ++i) out += (i ? ", " : "") + quoted(side.leaked_fds[i]);
    return out + "]}";
}

}  // namespace

std::string format_json(const RunResult& result, bool with_trace) {
    const Workload& w = result.workload;
    const Metrics& m = result.metrics;
    std::string out = "{\"mechanism\": " + quoted(result.mechanism) + ", \"pattern\": " +
                      quoted(w.pattern == Pattern::one_way ? "one_way" : "round_trip") +
                      ", \"messages\": " + std::to_string(w.messages) +
                      ", \"message_size\": " + std::to_string(w.message_size) +
                      ", \"ok\": " + (result.ok ? "true" : "false") +
                      ", \"timed_out\": " + (result.timed_out ? "true" : "false") +
                      ", \"failure\": " + quoted(result.failure) +
                      ", \"messages_delivered\": " + std::to_string(result.messages_delivered) +
                      ", \"window_ns\": " + std::to_string(result.window_ns) + ", \"sides\": [" +
                      side_json(result.sides[0]) + ", " + side_json(result.sides[1]) + "]" +
                      ", \"metrics\": {\"syscalls\": " + number(m.syscalls) +
                      ", \"kernel_copies\": " + number(m.kernel_copies) +
                      ", \"user_copies\": " + number(m.user_copies) +
                      ", \"context_switches\": " + number(m.context_switches) +
                      ", \"tcp_segments\": " + number(m.tcp_segments) +
                      ", \"latency_mean_ns\": " + number(m.latency_mean_ns) +
                      ", \"latency_p50_ns\": " + number(m.latency_p50_ns) +
                      ", \"latency_p99_ns\": " + number(m.latency_p99_ns) +
                      ", \"messages_per_s\": " + number(m.messages_per_s) +
                      ", \"megabytes_per_s\": " + number(m.megabytes_per_s) + "}, \"leftovers\": [";
    for (std::size_t i = 0; i < result.leftovers.size(); ++i) out += (i ? ", " : "") + quoted(result.leftovers[i]);
    out += "]";
    if (with_trace) {
        out += ", \"trace\": [";
        for (std::size_t i = 0; i < result.trace.size(); ++i) {
            const TraceEvent& e = result.trace[i];
            out += std::string(i ? ", " : "") + "{\"seq\": " + std::to_string(e.sequence) +
                   ", \"pid\": " + std::to_string(e.pid) + ", \"side\": " + quoted(result.side(e.side).role) +
                   ", \"call\": " + quoted(std::string(call_name(e.call))) + ", \"fd\": " + std::to_string(e.fd) +
                   ", \"asked\": " + std::to_string(e.asked) + ", \"result\": " + std::to_string(e.result) +
                   ", \"errno\": " + std::to_string(e.error) + ", \"start_ns\": " + std::to_string(e.start_ns) +
                   ", \"end_ns\": " + std::to_string(e.end_ns) + ", \"detail\": " + std::to_string(e.detail) + "}";
        }
        out += "]";
    }
    return out + "}\n";
}

}  // namespace ipcviz
