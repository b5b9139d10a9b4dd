// What a run killed at its deadline says about its cause: each process's blocked call (read by the
// supervisor from /proc/PID/syscall and wchan just before the kill) points to one kind of mistake,
// whatever the test that ran it expected to catch.
#include <sys/wait.h>

#include <cctype>
#include <set>

#include "grading.hpp"

namespace ipcviz::grading {

namespace {

// One process at the kill, reduced to what the causes below tell apart.
struct Stalled {
    const SideReport* side = nullptr;
    std::string call;  // "read", "futex", "wait4", "running", or empty (it had ended)
    std::string who() const {  // "Parent (writer)", but "Reader", not "Reader (reader)"
        std::string role = side->role;
        for (char& c : role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return role == side->duty ? side->role : side->role + " (" + side->duty + ")";
    }
    // The blocked call as the kit names it ("futex_wait(ring 0 · slot 1 · state, 4)", from the side's
    // call-in-progress record), else as the supervisor wrote it, without the kernel function.
    std::string blocked() const {
        if (!side->in_call.empty() && call != "running") return side->in_call;
        return side->blocked_in.substr(0, side->blocked_in.find(", sleeping"));
    }
};

Stalled stalled(const SideReport& side) {
    Stalled s{&side, {}};
    const std::string& in = side.blocked_in;
    if (in.rfind("running", 0) == 0) {
        s.call = "running";
    } else if (!in.empty()) {
        s.call = in.substr(0, in.find('('));
    }
    return s;
}

bool one_of(const std::string& call, const std::set<std::string>& calls) { return calls.count(call) != 0; }

const std::set<std::string> kReceives = {"read", "readv", "pread64", "preadv", "preadv2", "recvfrom", "recvmsg",
                                         "recvmmsg"};
const std::set<std::string> kSends = {"write", "writev", "pwrite64", "pwritev", "pwritev2", "sendto", "sendmsg",
                                      "sendmmsg", "vmsplice", "splice"};
const std::set<std::string> kWaits = {"poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait"};

// The peer has nothing left to do for this side: it ended, or (the parent side) it finished and
// waits for the child in wait4.
bool done(const Stalled& s) { return s.call.empty() || s.call == "wait4" || s.side->finished; }

// How many of @p me's last receive calls in the trace returned 0 (end of stream), counted back from
// its last one until one moved bytes or failed. A descriptor's reader that runs (no syscall) at the
// kill with such calls behind it loops on read()/recvmsg() == 0: it is not waiting for a publication.
std::size_t receives_at_end(const RunResult& result, const Stalled& me, std::string& which) {
    std::size_t zeros = 0;
    for (auto event = result.trace.rbegin(); event != result.trace.rend(); ++event) {
        if (event->pid != me.side->pid) continue;
        if (event->call != Call::read && event->call != Call::recv && event->call != Call::recvmsg) continue;
        if (event->result != 0 || event->error != 0 || event->asked == 0) break;
        which = std::string(call_name(event->call));
        ++zeros;
    }
    return zeros;
}

std::string cause(const RunResult& result, const Stalled& me, const Stalled& peer) {
    const Workload& w = result.workload;
    const bool all_arrived = result.messages_delivered == w.messages;
    if (me.call == "futex") {
        const bool named = me.blocked().rfind("futex_wait(", 0) == 0;
        return me.who() + " sleeps in " + me.blocked() + (named ? "" : " (a futex_wait)") + " and nobody woke it: whoever changes a word "
               "that may have its sleeper flag set must call sys::futex_wake after the change (a missing wake), and a "
               "sleeper must sleep only on the exact value it saw, its flag set by compare_exchange first.";
    }
    std::string zero_call;
    const std::size_t zeros = me.call == "running" ? receives_at_end(result, me, zero_call) : 0;
    if (zeros >= 2) {
        return me.who() + " was running, not blocked: receive() kept reading after end of stream (" + zero_call +
               " returned 0 on each of its last " + std::to_string(zeros) + " calls the trace kept). A return of 0 means the " +
               "other end was closed and nothing more will come: 0 bytes of a message so far is a clean end " +
               "(return 0), a part of one a cut message (throw ProtocolError); never read again.";
    }
    if (me.call == "running" && (done(peer) || peer.call == "futex" || peer.call == "running")) {
        return me.who() + " was spinning (not in any syscall) on a condition that never came true: the value it "
               "waits for was never published (a store_release or exchange missing, or made to another word), or it "
               "waits for the wrong value — one it already consumed, or one the peer never writes.";
    }
    if (one_of(me.call, kReceives) && done(peer)) {
        if (all_arrived) {
            return me.who() + " waits in " + me.blocked() + " for end of stream after all " +
                   count_of(w.messages, "message") + " arrived, and " + peer.who() +
                   " has finished: end of stream comes only once every descriptor of the other end is closed — one "
                   "is still open somewhere (the copy this process inherited through fork() and never closed, or one "
                   "the writer's close() missed).";
        }
        return me.who() + " waits in " + me.blocked() + " for bytes that never come, while " + peer.who() +
               " has finished: the reader asks for more bytes than the writer sent (a lost or short message, a "
               "wrong size or prefix), or a descriptor of the other end still open elsewhere keeps it from seeing "
               "end of stream.";
    }
    if (one_of(me.call, kReceives) && one_of(peer.call, kReceives)) {
        return "both processes wait to receive (" + me.who() + " in " + me.blocked() + ", " + peer.who() + " in " +
               peer.blocked() + "): a message or its echo was never sent whole — a send that gave up early, bytes "
               "kept back, a side receiving on the wrong descriptor, or asking for more bytes than a message has.";
    }
    if (one_of(me.call, kSends) && !one_of(peer.call, kReceives)) {
        const std::string elsewhere = done(peer) ? " has finished" : " is in " + peer.blocked();
        return me.who() + " is blocked in " + me.blocked() + ": the pipe or socket buffer is full and nobody reads "
               "it (" + peer.who() + elsewhere + ") — the reader stopped reading, or reads another descriptor.";
    }
    if (me.call == "accept" || me.call == "accept4") {
        return me.who() + " waits in accept() for a client that never connected: the client must connect to the "
               "address the server bound and listens on (for TCP, the port getsockname() reported).";
    }
    if (me.call == "connect") {
        return me.who() + " waits in connect(): nobody accepts — the server must listen() before the client "
               "connects, and accept() in open().";
    }
    if (one_of(me.call, kWaits)) {
        return me.who() + " waits in " + me.blocked() + " for an event that never comes: it watches the wrong "
               "descriptor or event, or the peer never sends.";
    }
    if (me.call == "nanosleep" || me.call == "clock_nanosleep") {
        return me.who() + " was asleep (" + me.blocked() + ") when time ran out: a sleep per message or a sleeping "
               "wait loop is too slow, or waits for something that never happens.";
    }
    return {};
}

}  // namespace

std::string stall_hint(const RunResult& result) {
    if (!result.timed_out || result.failure.rfind("deadline of", 0) != 0) return {};
    const Stalled parent = stalled(result.sides[0]), child = stalled(result.sides[1]);
    // The reader's cause first: in one-way runs the child is the reader, and a blocked reader is
    // usually the root of a blocked writer.
    for (const auto& [me, peer] : {std::pair{child, parent}, std::pair{parent, child}}) {
        if (std::string text = cause(result, me, peer); !text.empty()) return text;
    }
    return "neither process was in a call that says why (" + result.sides[0].role + ": " +
           (parent.call.empty() ? "ended" : result.sides[0].blocked_in) + "; " + result.sides[1].role + ": " +
           (child.call.empty() ? "ended" : result.sides[1].blocked_in) +
           "): the last trace events show where each one stopped.";
}

}  // namespace ipcviz::grading
