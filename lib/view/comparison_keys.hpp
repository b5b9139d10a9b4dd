#pragma once
// The side-by-side screen's keys (issue 12, point 5): both runs move by message, to the same message
// number; ":" asks for one; v, V and P as in predict mode. Pure state over CompareUi: no ncurses.
#include <cstddef>

#include "comparison_screen.hpp"

namespace ipcviz::view {

/** What a key asks of the viewer beyond the comparison's own state. */
enum class CompareOutcome { stay, home, help, quit };

/**
 * Acts on @p key: →/n and ←/N move @p ui.message by one, Home/End to 0 and @p messages, ":" opens
 * the prompt (digits, Backspace, Enter goes there, any other key closes it), v/V reveal, P toggles
 * predict mode.
 * @param ui the comparison's state (its message, prompt and what is revealed change)
 * @param messages the workload's messages
 * @param key the key
 * @return what the viewer must do besides: stay, go home, show the keys, quit
 */
CompareOutcome compare_key(CompareUi& ui, std::size_t messages, int key);

}  // namespace ipcviz::view
