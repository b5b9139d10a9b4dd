#pragma once
// Live mode on screen (issue 12): draws a LiveFrame, and runs one live run in the terminal — the
// keys step it, pace it, kill or close either side; q, Esc and Ctrl-C end it, the harness then
// kills and reaps both sides and removes what they left (the run's usual clean-up).
#include "canvas.hpp"
#include "live_session.hpp"
#include "session.hpp"
#include "terminal.hpp"

namespace ipcviz::view {

// Draws @p frame (at least kMinWidth × kMinHeight).
void render_live(Canvas& canvas, const LiveFrame& frame);

// The keys of live mode, drawn over whatever is there.
void render_live_help(Canvas& canvas);

// Runs @p mechanism live in @p terminal until the user leaves. Returns true to quit the viewer
// (q, or a stop signal), false to go back to the home screen (Esc).
bool run_live(Terminal& terminal, const Session& session, const Mechanism& mechanism);

}  // namespace ipcviz::view
