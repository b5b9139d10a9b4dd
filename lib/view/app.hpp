#pragma once
// The interactive viewer: the loop that reads a key, updates the UI state, and draws a frame.
#include <string>

#include "session.hpp"

namespace ipcviz::view {

// Runs the viewer until the user quits (or a stop signal arrives). @p start: a mechanism's name to
// open at once, or empty for the home screen. Returns the process exit status.
// @p live: open @p start in live mode (`ipcviz view --live`).
int run_viewer(Session& session, const std::string& start, bool live = false);

}  // namespace ipcviz::view
