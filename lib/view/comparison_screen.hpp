#pragma once
// The comparison screen (issue 12, point 5): two runs of the same workload, one pane each, both at
// the same message number. Two columns from 80×24 (the full layout), two stacked panes in the
// compact layout (from 60×20); `--layout` picks as for one run. Pure drawing into a Canvas.
#include <cstddef>
#include <string>

#include "canvas.hpp"
#include "comparison.hpp"
#include "reveal.hpp"
#include "screen_layout.hpp"

namespace ipcviz::view {

/** What the comparison screen shows besides the two runs. */
struct CompareUi {
    std::size_t message = 0;          ///< 0 (before the first message) to the workload's messages
    Layout layout = Layout::automatic;///< as `--layout` asked
    Reveal reveal;                    ///< predict mode; its "steps" are message numbers here
    std::string prompt;               ///< the "go to message" prompt's line: open while not empty
    std::string typed;                ///< the digits typed into it
    std::string impl = "solutions";   ///< whose code ran
};

/**
 * Draws the two runs at @p ui's message.
 * @param canvas the frame (at least 60×20; the caller refuses smaller terminals)
 * @param left the left (or upper) pane's run
 * @param right the right (or lower) pane's run
 * @param ui the message shown, the layout, what is revealed
 */
void render_comparison(Canvas& canvas, const ComparedRun& left, const ComparedRun& right, const CompareUi& ui);

/**
 * The headline of the comparison at message @p k, in the longest form that fits @p width columns:
 * "Message 3: Pipe 6 syscalls (2 per message) · Shared Memory 0 (0 per message)".
 * @param left the left pane's run
 * @param right the right pane's run
 * @param ui the message and what is revealed
 * @param width the columns available
 * @return the line (possibly empty)
 */
std::string comparison_headline(const ComparedRun& left, const ComparedRun& right, const CompareUi& ui, int width);

/** The comparison screen's keys, drawn over whatever is there. */
void render_comparison_help(Canvas& canvas);

}  // namespace ipcviz::view
