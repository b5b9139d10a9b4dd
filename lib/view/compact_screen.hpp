#pragma once
// The projector's screens: a mechanism's run, the home screen and the keys in the compact layout
// (from 60×20: the two processes, the channel, the counter, the current event, the figures and the
// explanation, each on a line of its own, nothing cut), and the large-digit block (the message
// counter and the headline figure, the round trip) drawn wherever a layout has room for it.
#include <string>
#include <vector>

#include "canvas.hpp"
#include "model.hpp"
#include "screens.hpp"

namespace ipcviz::view {

/**
 * The pieces that fit in @p width columns, joined by " · ", in order: a piece that does not fit is
 * left out whole (never cut), and so is every piece after it (the compact layouts' one rule).
 * @param pieces the pieces, most important first; empty ones are skipped
 * @param width the columns available
 * @return the line, possibly empty
 */
std::string fitting(const std::vector<std::string>& pieces, int width);

/**
 * The first of @p forms (longest first) that fits @p width columns whole.
 * @param forms the same thing said ever shorter; empty ones are skipped
 * @param width the columns available
 * @return that form, or empty when none fits
 */
std::string first_fitting(const std::vector<std::string>& forms, int width);

/** Draws @p model at @p ui's step in the compact layout (any size from 60×20). */
void render_compact(Canvas& canvas, const ViewModel& model, const UiState& ui);

/**
 * The channel between the two processes at @p state, as the compact layout's channel box says it
 * (bytes in the pipe buffer, messages each way, the shared slot last touched), whole or left out.
 * @param model the run
 * @param state one of its steps
 * @param width the columns available
 * @param[out] title the channel box's title ("kernel · pipe buffer", "// shared memory")
 * @return the line, at most @p width columns
 */
std::string channel_text(const ViewModel& model, const StepState& state, int width, std::string& title);

/** The home screen's five cards as one line each, for the compact layout. */
void render_home_compact(Canvas& canvas, int selected);

/** The keys in two columns of short words, for the compact layout (@p home: the home screen's). */
void render_help_compact(Canvas& canvas, bool home);

/**
 * The message counter and the headline figure (the round trip's median, "?" while hidden) in
 * large digits, side by side where they fit, else one above the other, in the box (@p x, @p y,
 * @p width, @p height).
 * @return the rows used: 0 when the box has no room for them (nothing is drawn then)
 */
int draw_big_figures(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const UiState& ui);

/**
 * The one-line explanation of @p model's mechanism (at most 56 columns: it fits the compact layout
 * at its least width).
 */
std::string one_line_explanation(const ViewModel& model);

}  // namespace ipcviz::view
