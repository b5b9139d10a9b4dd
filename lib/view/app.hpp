#pragma once
// The interactive viewer: the loop that reads a key, updates the UI state, and draws a frame.
#include <string>

#include "screen_layout.hpp"
#include "session.hpp"

namespace ipcviz::view {

// Lecture mode (issue 12): the layout, predict mode and auto-pause the viewer starts with (keys
// change the last two).
struct ViewerOptions {
    Layout layout = Layout::automatic;
    bool predict = false;
    bool auto_pause = false;
    bool live = false;  ///< open the start mechanism in live mode (`ipcviz view --live`)
    /// Side by side (`ipcviz view -m pipe,shm`): the second mechanism, shown beside the start one.
    std::string compare_with;
};

// Runs the viewer until the user quits (or a stop signal arrives). @p start: a mechanism's name to
// open at once, or empty for the home screen. Returns the process exit status.
int run_viewer(Session& session, const std::string& start, const ViewerOptions& options = {});

}  // namespace ipcviz::view
