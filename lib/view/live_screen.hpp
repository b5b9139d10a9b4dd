#pragma once
// Live mode on screen (issue 12): draws a LiveFrame, and runs one live run in the terminal — the
// keys step it, pace it, kill or close either side; q, Esc and Ctrl-C end it, the harness then
// kills and reaps both sides and removes what they left (the run's usual clean-up).
#include <cstdint>
#include <string>

#include "canvas.hpp"
#include "live_session.hpp"
#include "screen_layout.hpp"
#include "session.hpp"
#include "terminal.hpp"

namespace ipcviz::view {

// Draws @p frame in the full layout (at least kMinWidth × kMinHeight).
void render_live(Canvas& canvas, const LiveFrame& frame);

// Draws @p frame in the compact layout (at least kCompactMinWidth × kCompactMinHeight): the two
// processes with their state and the kernel's view, the channel, the counter, the last call, the
// keys; a piece that does not fit is left out whole, never cut (live_compact.cpp).
void render_live_compact(Canvas& canvas, const LiveFrame& frame);

// The keys of live mode, drawn over whatever is there (short words below 76 columns).
void render_live_help(Canvas& canvas);

// What a side is doing, at the gate, in a call, or how it ended: "⏸ stopped before read(fd 3, 64)".
std::string live_state_text(const LiveSideView& side, bool ended);
// The kernel's view of a side: "kernel: S asleep in pipe_read · syscall read".
std::string live_kernel_text(const KernelView& kernel, LiveRun::State state);
// "1 call so far", "2 calls so far".
std::string calls_so_far(std::uint64_t calls);

// Runs @p mechanism live in @p terminal until the user leaves, in @p layout (auto: compact below
// 80×24). Returns true to quit the viewer (q, or a stop signal), false to go back home (Esc).
bool run_live(Terminal& terminal, const Session& session, const Mechanism& mechanism, Layout layout);

}  // namespace ipcviz::view
