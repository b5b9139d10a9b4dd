#include "live_session.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <utility>

#include "ipcviz/audit.hpp"
#include "ipcviz/report.hpp"
#include "run_control.hpp"
#include "text.hpp"

namespace ipcviz::view {

namespace {

constexpr std::size_t kLogKept = 64;

std::string first_line(pid_t pid, const char* file) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
    std::string line;
    std::getline(in, line);
    return line;
}

// A call not yet returned, named as the trace names it, without the result it has not got.
std::string pending_text(const TraceEvent& event, const RegionLayout& layout) {
    if (static_cast<std::size_t>(event.call) >= kCallKinds) return {};
    TraceEvent copy = event;
    copy.error = 0;
    std::string text = format_call(copy, &layout);
    if (const std::size_t result = text.find(") = "); result != std::string::npos) text.resize(result + 1);
    return text;
}

bool is_data_to_kernel(Call call) { return call == Call::write || call == Call::send || call == Call::sendmsg; }
bool is_data_from_kernel(Call call) { return call == Call::read || call == Call::recv || call == Call::recvmsg; }
bool is_word_operation(Call call) {
    return call == Call::store_release || call == Call::load_acquire || call == Call::exchange ||
           call == Call::compare_exchange;
}

}  // namespace

KernelView read_kernel_view(pid_t pid) {
    KernelView view;
    if (pid <= 0) return view;
    const std::string stat = first_line(pid, "stat");
    const std::size_t end = stat.rfind(')');
    if (end == std::string::npos || end + 2 >= stat.size()) return view;
    view.state = stat.substr(end + 2, 1);
    const std::string wchan = first_line(pid, "wchan");
    if (wchan != "0") view.wchan = wchan;
    const std::string syscall = first_line(pid, "syscall");
    const std::string number = syscall.substr(0, syscall.find(' '));
    if (number == "running") {
        view.syscall = "running";
    } else if (!number.empty() && number != "-1") {
        try {
            view.syscall = syscall_name(std::stol(number));
        } catch (...) {
        }
    }
    return view;
}

LiveSession::LiveSession(const Mechanism& mechanism, std::string impl, std::size_t messages)
    : mechanism_(mechanism) {
    frame_.mechanism = std::string(mechanism.title);
    frame_.impl = std::move(impl);
    frame_.messages = messages;
    frame_.pace_per_s = 4;
    frame_.channel.shared_memory = mechanism.name == "shm";
    for (int i = 0; i < 2; ++i) {
        frame_.sides[i].role = std::string(mechanism.roles[i]);
        frame_.sides[i].duty = std::string(mechanism.duties[i]);
        frame_.sides[i].parent = i == 0;
    }
}

bool LiveSession::step(bool explain) {
    // Both stopped: the one that stopped first goes (its call was asked for first).
    std::optional<Side> next;
    std::int64_t earliest = 0;
    for (const Side side : {Side::parent, Side::child}) {
        if (live_.state(side) != LiveRun::State::stopped) continue;
        const auto call = live_.call(side);
        const std::int64_t at = call ? call->start_ns : 0;
        if (!next || at < earliest) {
            next = side;
            earliest = at;
        }
    }
    if (next && live_.step(*next)) {
        ++frame_.steps;
        return true;
    }
    if (explain) {
        frame_.notice = "Nothing to step: " + why_not_stopped(Side::parent) + "; " + why_not_stopped(Side::child) +
                        ". k kills the selected process, q ends the run.";
    }
    return false;
}

bool LiveSession::step_selected() {
    if (live_.step(frame_.selected)) {
        ++frame_.steps;
        return true;
    }
    frame_.notice = "Nothing to step: " + why_not_stopped(frame_.selected) + ".";
    return false;
}

std::string LiveSession::why_not_stopped(Side side) const {
    const LiveSideView& view = frame_.sides[static_cast<int>(side)];
    const std::string& who = view.role;
    switch (live_.state(side)) {
        case LiveRun::State::stopped: return who + " is stopped at the gate";
        case LiveRun::State::user: return who + " runs its own code between two calls";
        case LiveRun::State::closed:
            return who + (view.parent ? " closed its end and waits for its child to end" : " closed its end and ended");
        case LiveRun::State::in_call: {
            const auto call = live_.call(side);
            const std::string name = call && static_cast<std::size_t>(call->call) < kCallKinds
                                         ? std::string(call_name(call->call)) + "()"
                                         : std::string("a call");
            // Asleep in the kernel (the state letter of /proc/PID/stat), it waits for its peer.
            return view.kernel.state == "S" ? who + " is blocked in the kernel inside " + name
                                            : who + " is inside " + name;
        }
        case LiveRun::State::none: break;
    }
    if (view.killed) return who + " was killed";
    return view.pid == 0 ? who + " has not started" : who + " has ended";
}

void LiveSession::kill_selected() {
    LiveSideView& side = frame_.sides[static_cast<int>(frame_.selected)];
    if (live_.kill(frame_.selected)) {
        side.killed = true;
        frame_.notice = side.role + " (" + side.duty + ", pid " + std::to_string(side.pid) +
                        ") killed with SIGKILL: watch what its peer gets at its next call";
    } else {
        frame_.notice = side.role + " has no process to kill (not started, or already gone)";
    }
}

void LiveSession::close_selected() {
    LiveSideView& side = frame_.sides[static_cast<int>(frame_.selected)];
    const LiveRun::State state = live_.state(frame_.selected);
    if (state == LiveRun::State::none || state == LiveRun::State::closed) {
        frame_.notice = "Nothing to close: " + why_not_stopped(frame_.selected) + ".";
        return;
    }
    live_.ask_close(frame_.selected);
    side.close_asked = true;
    frame_.notice = side.role + " (" + side.duty + ") will call close() on its end before its next message: "
                    "step it there, then watch its peer";
    if (state == LiveRun::State::in_call && side.kernel.state == "S") {
        // It cannot get there by itself: only its peer can end the call it sleeps in.
        frame_.notice = side.role + " (" + side.duty + ") is blocked in the kernel: it will call close() once its "
                        "call returns, before its next message; step its peer, or k kills it";
    }
}

void LiveSession::take(const TraceEvent& event) {
    // The ring is in memory the run's processes could write: an event naming no side is dropped.
    if (static_cast<unsigned>(event.side) > 1) return;
    if (event.call == Call::message_received) frame_.delivered = std::max<std::size_t>(frame_.delivered, event.detail + 1);
    if (event.call < Call::message_sent) ++frame_.sides[static_cast<int>(event.side)].calls;
    std::string text = format_call(event, &layout_);
    all_log_.push_back(text::format("%-7s %s", std::string(mechanism_.roles[static_cast<int>(event.side)]).c_str(),
                                    text.c_str()));
    if (all_log_.size() > kLogKept) all_log_.erase(all_log_.begin());
    if (event.result > 0 && event.error == 0) {
        if (is_data_to_kernel(event.call)) frame_.channel.bytes_in_kernel += event.result;
        if (is_data_from_kernel(event.call)) frame_.channel.bytes_in_kernel -= event.result;
    }
    if (is_word_operation(event.call) && event.region != 0) {
        const std::string name = layout_.name_of(event.region, static_cast<std::uint32_t>(event.fd));
        const auto known = std::find_if(words_.begin(), words_.end(), [&](const auto& word) { return word.first == name; });
        if (known != words_.end()) words_.erase(known);
        words_.emplace_back(name, event.detail);  // most recent last
    }
}

const LiveFrame& LiveSession::refresh(std::uint64_t delivered) {
    layout_ = live_.layout();
    for (const TraceEvent& event : live_.new_events()) take(event);
    frame_.delivered = std::max<std::size_t>(frame_.delivered, delivered);
    for (const Side side : {Side::parent, Side::child}) {
        LiveSideView& view = frame_.sides[static_cast<int>(side)];
        const pid_t pid = live_.pid(side);
        if (pid != 0) view.pid = pid;
        view.state = live_.state(side);
        const auto call = live_.call(side);
        view.call = call ? pending_text(*call, layout_) : std::string();
        view.kernel = read_kernel_view(pid);
    }
    frame_.channel.words.clear();
    for (const auto& [name, value] : words_) frame_.channel.words.push_back(name + " = " + std::to_string(value));
    frame_.log = all_log_;
    return frame_;
}

const LiveFrame& LiveSession::finish(const RunResult& result) {
    layout_ = result.layout;
    frame_.ended = true;
    frame_.ok = result.ok;
    frame_.delivered = result.messages_delivered;
    for (int i = 0; i < 2; ++i) {
        LiveSideView& view = frame_.sides[i];
        view.state = LiveRun::State::none;
        view.call.clear();
        view.kernel = KernelView{};
        const SideReport& side = result.sides[i];
        if (!side.in_call.empty()) view.call = side.in_call;
        view.error = side.error;
        if (!side.status) {
            view.end = "ended";
        } else if (WIFSIGNALED(*side.status)) {
            const char* name = sigabbrev_np(WTERMSIG(*side.status));
            view.end = std::string("killed by SIG") + (name != nullptr ? name : "?");
        } else if (WIFEXITED(*side.status)) {
            const int code = WEXITSTATUS(*side.status);
            if (code == 0) {
                view.end = "finished";
            } else if (code == detail::kStoppedForPeer) {
                view.end = view.close_asked ? "closed its end as asked, and ended" : "stopped: its peer failed";
            } else {
                view.end = "failed (exit status " + std::to_string(code) + ")";
            }
        }
        if (!side.in_call.empty()) view.end += " inside " + side.in_call;
    }
    frame_.notice = result.ok ? text::format("The run ended: all %zu messages delivered.", result.messages_delivered)
                              : "The run ended: " + result.failure;
    if (!result.leftovers.empty()) frame_.notice += " (IPC objects it left were removed)";
    return frame_;
}

}  // namespace ipcviz::view
