#pragma once
// Live mode's state (issue 12): one real run whose two processes stop before each sys:: call and
// mem:: operation (ipcviz/live.hpp), stepped by the lecturer. Gathers what a frame shows from the
// truth at each moment: the gate and each side's call-in-progress record, the kernel's view of each
// process from /proc, and the trace events so far. No terminal here: live_screen draws it.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipcviz/live.hpp"
#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"

namespace ipcviz::view {

// What the kernel says about one process: /proc/PID/stat's state letter, wchan, and the syscall it
// is inside (/proc/PID/syscall), read at the moment of the frame.
struct KernelView {
    std::string state;    // "S" asleep, "R" running, "Z" ended and not yet reaped; empty when gone
    std::string wchan;    // the kernel function it sleeps in, or empty
    std::string syscall;  // "read", "futex"; "running" when in user code; empty when unknown
};

// Reads @p pid's KernelView (all empty if it is gone or unreadable).
KernelView read_kernel_view(pid_t pid);

struct LiveSideView {
    std::string role;  // "Parent"
    std::string duty;  // "writer"
    bool parent = false;  // the parent side (it forked the other: it outlives it, see LiveRun::State::closed)
    pid_t pid = 0;
    LiveRun::State state = LiveRun::State::none;
    std::string call;  // the call it is stopped before or inside, named as the trace names it
    KernelView kernel;
    bool killed = false;        // killed from the keyboard
    bool close_asked = false;   // asked from the keyboard to close its end
    std::uint64_t calls = 0;    // of its calls the trace has recorded so far
    std::string end;    // once the run is over: how it ended ("killed by SIGPIPE inside write(fd 4, 64)")
    std::string error;  // ... and what it reported, if anything ("send() threw: …: Broken pipe")
};

// What the channel holds, from the events so far: bytes written into the kernel and not yet read
// (pipe and sockets), or the last value of each shared word named by the layout (shared memory).
struct LiveChannelView {
    bool shared_memory = false;
    std::int64_t bytes_in_kernel = 0;
    std::vector<std::string> words;  // "ring 0 · slot 1 · state = 2", most recent last
};

struct LiveFrame {
    std::string mechanism;  // "Pipe"
    std::string impl;       // "solutions"
    std::size_t messages = 0, delivered = 0, steps = 0;
    bool pacing = false;
    double pace_per_s = 0;
    Side selected = Side::parent;
    LiveSideView sides[2];
    LiveChannelView channel;
    std::vector<std::string> log;  // the latest events, oldest first: "Parent  write(fd 4, 64) = 64"
    std::string notice;            // what the last key did, or the run's outcome once it ended
    bool ended = false;            // the run is over (outcome in notice); both sides are gone
    bool ok = false;               // ... and every message arrived
};

// One live run, as stepped by the lecturer (used from run()'s on_progress, in the caller's thread).
class LiveSession {
public:
    LiveSession(const Mechanism& mechanism, std::string impl, std::size_t messages);
    LiveRun& handle() { return live_; }

    // Lets the side whose stop came first make its call; false if neither is stopped. With
    // @p explain (a key, not the pace), a step that cannot be made says why in the notice: what each
    // side is doing instead (blocked in the kernel, closed, gone) and what the keys can still do.
    bool step(bool explain = false);
    // Lets the selected side make its call; false (and the notice says why) if it is not stopped.
    bool step_selected();
    // Kills / asks to close the selected side.
    void kill_selected();
    void close_selected();
    void select_other() { frame_.selected = frame_.selected == Side::parent ? Side::child : Side::parent; }
    void toggle_pace() { frame_.pacing = !frame_.pacing; }
    void faster() { frame_.pace_per_s = std::min(frame_.pace_per_s * 2, 64.0); }
    void slower() { frame_.pace_per_s = std::max(frame_.pace_per_s / 2, 0.5); }
    bool pacing() const { return frame_.pacing; }
    double pace() const { return frame_.pace_per_s; }

    // Reads the events since the last call and the state of both sides now.
    const LiveFrame& refresh(std::uint64_t delivered);
    // The run is over: its outcome replaces the live state.
    const LiveFrame& finish(const RunResult& result);
    const LiveFrame& frame() const { return frame_; }

private:
    void take(const TraceEvent& event);
    // Why @p side cannot be stepped now, from the last frame's view of it: "Reader is blocked in
    // the kernel inside read()" (empty if it is stopped at the gate).
    std::string why_not_stopped(Side side) const;

    const Mechanism& mechanism_;
    LiveRun live_;
    LiveFrame frame_;
    RegionLayout layout_;
    std::vector<std::string> all_log_;
    std::vector<std::pair<std::string, std::uint64_t>> words_;  // shared word → last value
};

}  // namespace ipcviz::view
