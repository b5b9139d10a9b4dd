#pragma once
// Which layout a mechanism's screen takes: the full one (from 80×24) or the compact one for a
// projector's zoomed terminal (from 60×20), as `--layout compact|full|auto` asks. No ncurses.
#include <optional>
#include <string_view>

namespace ipcviz::view {

/** The layout asked for: auto picks by the terminal's size. */
enum class Layout { automatic, compact, full };

/** The least size of the compact layout. */
inline constexpr int kCompactMinWidth = 60;
inline constexpr int kCompactMinHeight = 20;

/**
 * Reads a `--layout` value.
 * @param name "auto", "compact" or "full"
 * @return the layout, or std::nullopt for any other word
 */
std::optional<Layout> parse_layout(std::string_view name);

/**
 * The layout to draw in a terminal of @p width × @p height: compact or full (never automatic).
 * Automatic gives the compact layout below 80×24 (either side) and the full one from 80×24.
 * @param requested what `--layout` asked for
 * @param width columns
 * @param height rows
 * @return Layout::compact or Layout::full
 */
Layout layout_for(Layout requested, int width, int height);

/**
 * The least size at which @p requested draws anything: 60×20 for compact and automatic, 80×24 for
 * full. Below it the screen says so in one line and waits (q quits).
 * @param requested what `--layout` asked for
 * @param[out] width the least columns
 * @param[out] height the least rows
 */
void least_size(Layout requested, int& width, int& height);

/** @return true when a terminal of @p width × @p height is below least_size(@p requested). */
bool too_small_for(Layout requested, int width, int height);

}  // namespace ipcviz::view
