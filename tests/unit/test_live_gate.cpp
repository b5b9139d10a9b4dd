// Live runs (issue 12): real runs of the reference channels whose sides stop before each call until
// the test lets them go, as `ipcviz view --live` steps them. What each side is doing is checked
// against the kernel's own view (/proc/PID/stat and wchan), and a kill or a close from the caller
// shows what the peer really gets.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>

#include "ipcviz/harness.hpp"
#include "ipcviz/live.hpp"
#include "ipcviz/report.hpp"

using namespace ipcviz;

namespace {

ChannelFactory reference(const char* mechanism) {
    static const Implementation implementation(&ipcviz_new_channel);
    return implementation.factory(mechanism);
}

Workload live_workload(LiveRun& live, std::size_t messages = 5) {
    Workload workload;
    workload.messages = messages;
    workload.live = &live;
    workload.deadline = std::chrono::milliseconds(20000);  // a stepped run is slow by design
    return workload;
}

std::string proc_text(pid_t pid, const char* file) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
    std::string text;
    std::getline(in, text);
    return text;
}

// The state letter of /proc/PID/stat ("S" asleep, "R" running, "t" stopped by a tracer).
std::string proc_state(pid_t pid) {
    const std::string stat = proc_text(pid, "stat");
    const std::size_t end = stat.rfind(')');
    return end == std::string::npos || end + 2 >= stat.size() ? std::string() : stat.substr(end + 2, 1);
}

bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH; }

// Steps both sides, holding the writer (the parent side) once it is stopped before a write(), until
// the reader (the child side) is inside a read(). Returns false after too many steps.
bool reader_into_read(LiveRun& live) {
    for (int tries = 0; tries < 5000; ++tries) {
        const auto reading = live.call(Side::child);
        const bool reader_in = live.state(Side::child) == LiveRun::State::in_call && reading && reading->call == Call::read;
        const auto writing = live.call(Side::parent);
        const bool writer_held = live.state(Side::parent) == LiveRun::State::stopped && writing &&
                                 writing->call == Call::write;
        if (reader_in && writer_held) return true;
        if (!writer_held) live.step(Side::parent);
        if (!reader_in) live.step(Side::child);
        ::usleep(200);
    }
    return false;
}

}  // namespace

TEST_CASE("a live pipe run stops both sides at the gate and shows the reader blocked in the kernel", "[live]") {
    LiveRun live;
    bool reader_blocked = false, writer_waiting = false, ps_agrees = false;
    std::string seen_state, seen_wchan, reader_call;
    pid_t reader = 0, writer = 0;
    int ticks = 0;
    const RunResult result = run(*find_mechanism("pipe"), reference("pipe"), live_workload(live),
                                 [&](std::uint64_t) {
        ++ticks;
        if (ticks == 1) {
            REQUIRE(live.attached());
            // The reader goes into read() while the writer is held before its write(): it blocks.
            reader_blocked = reader_into_read(live);
            reader = live.pid(Side::child);
            writer = live.pid(Side::parent);
            writer_waiting = live.state(Side::parent) == LiveRun::State::stopped;
            if (const auto call = live.call(Side::child)) reader_call = format_call(*call);
            for (int i = 0; i < 200 && !ps_agrees; ++i) {  // the read may take a moment to sleep
                seen_state = proc_state(reader);
                seen_wchan = proc_text(reader, "wchan");
                ps_agrees = seen_state == "S" && seen_wchan.find("pipe") != std::string::npos;
                if (!ps_agrees) ::usleep(1000);
            }
            live.run_free();
        }
    });
    INFO(result.failure);
    CHECK(reader_blocked);
    CHECK(writer_waiting);
    INFO("reader: state " << seen_state << ", wchan " << seen_wchan << ", call " << reader_call);
    CHECK(ps_agrees);
    CHECK(reader_call.rfind("read(fd ", 0) == 0);
    CHECK(result.ok);  // let go, the run ends as any run does
    CHECK(result.messages_delivered == 5);
    CHECK_FALSE(live.attached());
    CHECK(process_gone(reader));
    CHECK(process_gone(writer));
    CHECK(result.leftovers.empty());
}

TEST_CASE("every step of a live run lets exactly one call of the channel through", "[live]") {
    LiveRun live;
    std::size_t steps = 0, events = 0;
    const RunResult result = run(*find_mechanism("pipe"), reference("pipe"), live_workload(live, 3),
                                 [&](std::uint64_t) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
        while (std::chrono::steady_clock::now() < until) {
            bool stepped = false;
            for (const Side side : {Side::parent, Side::child}) {
                if (live.step(side)) {
                    ++steps;
                    stepped = true;
                }
            }
            events += live.new_events().size();
            if (!stepped) ::usleep(100);
        }
    });
    INFO(result.failure);
    CHECK(result.ok);
    // Each stop is one sys:: call or mem:: operation of the channel, each of which the trace records
    // (the harness's message markers are not stops).
    std::size_t calls = 0;
    for (const TraceEvent& event : result.trace) calls += event.call < Call::message_sent ? 1 : 0;
    CHECK(steps >= 6);  // 3 writes and 3 reads at least
    CHECK(steps == calls);
    CHECK(events <= result.trace.size());
}

TEST_CASE("killing the reader of a live Unix socket run shows the writer's EPIPE", "[live]") {
    LiveRun live;
    pid_t reader = 0;
    const RunResult result = run(*find_mechanism("unix"), reference("unix"), live_workload(live, 50),
                                 [&](std::uint64_t delivered) {
        if (reader != 0) return;
        if (delivered < 2) {
            for (const Side side : {Side::parent, Side::child}) live.step(side);
            return;
        }
        reader = live.pid(Side::child);
        REQUIRE(live.kill(Side::child));
        // SIGKILL takes effect when the kernel gets to it: the writer goes on only once the reader
        // is dead (a zombie: its descriptors closed; the parent side, held at the gate, reaps it later).
        for (int i = 0; i < 5000 && proc_state(reader) != "Z" && !process_gone(reader); ++i) ::usleep(1000);
        live.run_free();
    });
    INFO(result.failure);
    INFO("writer: " << (result.sides[0].status ? *result.sides[0].status : -1) << " " << result.sides[0].error
                    << ", delivered " << result.messages_delivered << ", trace " << format_event_log(result, 12));
    CHECK(reader != 0);
    CHECK_FALSE(result.ok);
    // The writer's next send finds no reader: the kernel says EPIPE (or ECONNRESET if the reader
    // died with bytes unread); never SIGPIPE with MSG_NOSIGNAL.
    const bool refused = result.failure.find("Broken pipe") != std::string::npos ||
                         result.failure.find("Connection reset") != std::string::npos;
    CHECK(result.failure.rfind("Server (writer): send() threw", 0) == 0);
    CHECK(refused);
    REQUIRE(result.side(Side::child).status);
    CHECK(WIFSIGNALED(*result.side(Side::child).status));
    CHECK(process_gone(reader));
    CHECK(result.leftovers.empty());
}

TEST_CASE("closing the writer's end from a live run shows the reader end of stream", "[live]") {
    LiveRun live;
    bool asked = false;
    const RunResult result = run(*find_mechanism("pipe"), reference("pipe"), live_workload(live, 50),
                                 [&](std::uint64_t delivered) {
        if (!asked && delivered >= 2) {
            live.ask_close(Side::parent);
            asked = true;
        }
        for (const Side side : {Side::parent, Side::child}) live.step(side);
    });
    INFO(result.failure);
    CHECK(asked);
    CHECK_FALSE(result.ok);
    CHECK(result.failure.find("end of stream") != std::string::npos);
    CHECK(result.messages_delivered < 50);
    CHECK(result.leftovers.empty());
}

TEST_CASE("a live run needs the trace and cannot be audited", "[live]") {
    LiveRun live;
    Workload workload = live_workload(live);
    workload.audit = true;
    CHECK_THROWS_AS(run(*find_mechanism("pipe"), reference("pipe"), workload), std::invalid_argument);
    workload.audit = false;
    workload.trace = false;
    CHECK_THROWS_AS(run(*find_mechanism("pipe"), reference("pipe"), workload), std::invalid_argument);
}

namespace {

// One live run in which the lecturer closes (or kills) one side once a message went through, then
// steps whatever can be stepped as fast as it can, and kills a side that stays blocked in the
// kernel with nothing left to step (what a lecturer would do: the run would never end by itself).
// Until then the writer is stepped only while no message is in flight: its 200 messages of 64
// bytes fit in any of the kernel's buffers, so a writer stepped freely can send them all while the
// reader waits for a CPU (on a loaded machine it did, in about one run in two), and then a close
// asked of the writer comes after its last message, and a reader that closes leaves it nothing to
// get EPIPE from. One message ahead, at most, is what a lecturer stepping in turn sees; and so it
// stays after the reader is asked to close, until it has (the reader closes before its next
// receive: the writer's next message lets it get there).
struct EndOfOneSide {
    RunResult result;
    bool acted = false;          // the close was asked, or the kill made
    bool closed_seen = false;    // the closing side showed State::closed
    bool closed_ran = false;     // ... and was ever shown State::user after it closed (a lie)
    std::string peer_blocked;    // the call a peer stayed blocked in (then killed), if any
    bool peer_killed = false;
    bool gone = false;           // both processes gone once run() returned
    double worst_tick_gap_ms = 0, after_act_s = 0;
};

EndOfOneSide end_one_side(const char* mechanism, Side side, bool kill) {
    EndOfOneSide out;
    LiveRun live;
    pid_t pids[2] = {0, 0};
    Workload workload = live_workload(live, 200);
    const Side peer = side == Side::parent ? Side::child : Side::parent;
    std::int64_t last_tick = 0, acted_at = 0, blocked_since = 0;
    std::uint64_t sent_count = 0, received_count = 0;  // messages sent by the writer, received by the reader (the trace's)
    out.result = run(*find_mechanism(mechanism), reference(mechanism), workload, [&](std::uint64_t) {
        const std::int64_t now = monotonic_ns();
        if (last_tick != 0) out.worst_tick_gap_ms = std::max(out.worst_tick_gap_ms, (now - last_tick) / 1e6);
        last_tick = now;
        const auto until = now + 20'000'000;
        while (monotonic_ns() < until) {
            for (const Side each : {Side::parent, Side::child}) {
                if (pids[static_cast<int>(each)] == 0) pids[static_cast<int>(each)] = live.pid(each);
            }
            for (const TraceEvent& event : live.new_events()) {
                if (event.call == Call::message_sent && event.side == Side::parent) ++sent_count;
                if (event.call == Call::message_received && event.side == Side::child) ++received_count;
            }
            if (!out.acted && received_count > 0 && live.state(side) == LiveRun::State::stopped) {
                out.acted = true;
                acted_at = monotonic_ns();
                if (kill) {
                    REQUIRE(live.kill(side));
                } else {
                    live.ask_close(side);
                }
            }
            if (out.acted && !kill) {
                const LiveRun::State state = live.state(side);
                if (state == LiveRun::State::closed) out.closed_seen = true;
                if (out.closed_seen && state == LiveRun::State::user) out.closed_ran = true;
            }
            bool stepped = false;
            for (const Side each : {Side::parent, Side::child}) {
                const bool in_turn = !out.acted || (side == Side::child && !kill && !out.closed_seen);
                const bool writer_ahead = each == Side::parent && in_turn && sent_count > received_count;
                if (!writer_ahead) stepped = live.step(each) || stepped;
            }
            // Nothing to step and the peer asleep inside a call: blocked; for 300 ms, for good.
            const auto call = live.call(peer);
            const bool blocked = out.acted && !stepped && live.state(peer) == LiveRun::State::in_call &&
                                 proc_state(live.pid(peer)) == "S";
            if (!blocked) blocked_since = 0;
            if (blocked && blocked_since == 0) blocked_since = monotonic_ns();
            if (blocked && !out.peer_killed && monotonic_ns() - blocked_since > 300'000'000) {
                out.peer_blocked = call ? std::string(call_name(call->call)) : "?";
                out.peer_killed = live.kill(peer);
            }
            if (!stepped) ::usleep(100);
        }
    });
    out.after_act_s = acted_at != 0 ? (monotonic_ns() - acted_at) / 1e9 : 0;
    out.gone = process_gone(pids[0]) && process_gone(pids[1]);
    return out;
}

}  // namespace

TEST_CASE("closing either end of a live run of each mechanism never hangs and shows the closing side closed",
          "[live]") {
    for (const char* mechanism : {"pipe", "unix", "tcp", "shm"}) {
        for (const Side side : {Side::parent, Side::child}) {
            const EndOfOneSide out = end_one_side(mechanism, side, false);
            const RunResult& result = out.result;
            INFO(mechanism << ", close asked of the " << (side == Side::parent ? "parent" : "child") << " side: "
                           << result.failure << "; peer blocked in " << out.peer_blocked << "; "
                           << out.after_act_s << " s after the close; worst gap between ticks "
                           << out.worst_tick_gap_ms << " ms");
            CHECK(out.acted);
            CHECK(out.closed_seen);
            CHECK_FALSE(out.closed_ran);
            CHECK_FALSE(result.timed_out);
            CHECK(out.after_act_s < 10);
            CHECK(out.worst_tick_gap_ms < 2000);  // 30 ms apart; the caller never waits on the run
            CHECK(out.gone);
            CHECK(result.leftovers.empty());
            const std::string& failure = result.failure;
            if (side == Side::parent) {
                // The reader's next receive finds the end of the stream (shared memory: the closed slot).
                CHECK(failure.find("end of stream") != std::string::npos);
                CHECK_FALSE(out.peer_killed);
            } else if (std::string(mechanism) == "pipe") {
                CHECK(failure.find("SIGPIPE") != std::string::npos);
            } else if (std::string(mechanism) == "shm") {
                // Nobody empties the ring any more: the writer fills it, then sleeps in futex_wait for
                // good (the kit's futex wait has no timeout).
                CHECK(out.peer_blocked == "futex_wait");
                CHECK(out.peer_killed);
            } else {
                CHECK((failure.find("Broken pipe") != std::string::npos ||
                       failure.find("Connection reset") != std::string::npos));
            }
        }
    }
}

TEST_CASE("killing either side of a live run of each mechanism never hangs", "[live]") {
    for (const char* mechanism : {"pipe", "unix", "tcp", "shm"}) {
        for (const Side side : {Side::parent, Side::child}) {
            const EndOfOneSide out = end_one_side(mechanism, side, true);
            const RunResult& result = out.result;
            INFO(mechanism << ", " << (side == Side::parent ? "parent" : "child") << " side killed: " << result.failure
                           << "; peer blocked in " << out.peer_blocked << "; " << out.after_act_s
                           << " s after the kill");
            CHECK(out.acted);
            CHECK_FALSE(result.timed_out);
            CHECK(out.after_act_s < 10);
            CHECK(out.worst_tick_gap_ms < 2000);
            CHECK(out.gone);  // (the harness removed what the killed side left: result.leftovers)
            REQUIRE(result.side(side).status);
            CHECK(WIFSIGNALED(*result.side(side).status));
        }
    }
}

TEST_CASE("a live shared-memory side stopped before a store or a copy shows what it will store and from where",
          "[live]") {
    LiveRun live;
    std::optional<TraceEvent> exchange, copy;
    const RunResult result = run(*find_mechanism("shm"), reference("shm"), live_workload(live, 3), [&](std::uint64_t) {
        const auto until = monotonic_ns() + 20'000'000;
        while (monotonic_ns() < until) {
            for (const Side side : {Side::parent, Side::child}) {
                const auto call = live.state(side) == LiveRun::State::stopped ? live.call(side) : std::nullopt;
                if (call && side == Side::parent && call->call == Call::exchange && !exchange) exchange = call;
                if (call && side == Side::child && call->call == Call::user_copy && !copy) copy = call;
                live.step(side);
            }
            ::usleep(100);
        }
    });
    INFO(result.failure);
    CHECK(result.ok);
    REQUIRE(exchange);
    REQUIRE(copy);
    // The writer publishes a full slot (kFull, 1); the record said "← 0" before it carried the value.
    CHECK(format_call(*exchange, &result.layout).find("state ← 1)") != std::string::npos);
    // The reader copies out of the ring: its source is a place in the mapping, not its own memory.
    CHECK(copy->result >= 0);
    CHECK(format_call(*copy, &result.layout).find("← ring 0 · slot 0 · data") != std::string::npos);
}
