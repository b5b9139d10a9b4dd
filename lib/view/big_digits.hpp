#pragma once
// Large digits for the projector: a number drawn five rows tall in block characters, readable from
// the back of a hall where the normal text is not. Draws into a Canvas; no ncurses.
#include <string_view>

#include "canvas.hpp"

namespace ipcviz::view {

/** Rows a large-digit line takes. */
inline constexpr int kBigHeight = 5;

/**
 * The columns @p text takes in large digits (each glyph and a column between glyphs).
 * @param text digits and the characters ". / ? - ×" and space (anything else counts as a space)
 * @return its width in cells
 */
int big_width(std::string_view text);

/**
 * Draws @p text in large digits with its top-left corner at (@p x, @p y).
 * @param canvas where to draw (glyphs outside it are clipped)
 * @param x column
 * @param y row
 * @param text as for big_width
 * @param style the style of the lit cells
 * @return the columns used (big_width(text))
 */
int big_text(Canvas& canvas, int x, int y, std::string_view text, Style style);

}  // namespace ipcviz::view
