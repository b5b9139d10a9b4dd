#pragma once
// The frame rules of tests/e2e/lib/frame_rules.py, for the unit tests that draw whole frames: what
// "cut text" means, checked on every line of a frame of a given width.
#include <sstream>
#include <string>
#include <vector>

#include "../../lib/view/canvas.hpp"

namespace ipcviz::view::testing {

/** The lines of @p text, without their newlines. */
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/**
 * The first place a frame's text was cut, or empty:
 *   - a box's row reaches its right border: a row that starts with a border ends with one, at the
 *     same column as the box's corners (text that ran into the border would overwrite it);
 *   - no "…" right after a character: the viewer marks what it cuts that way (a call still going on
 *     ends in " …", after a space);
 *   - nothing is drawn in the last column (the frame's edge: text stopped there was cut by it).
 * @param frame the frame as text, one line per row
 * @param width the frame's width in columns
 */
inline std::string cut_text(const std::string& frame, int width) {
    const std::vector<std::string> lines = lines_of(frame);
    int right = -1;  // the column of the current box's right border
    for (std::size_t y = 0; y < lines.size(); ++y) {
        const std::string& line = lines[y];
        const int count = columns(line);
        if (count >= width) return "line " + std::to_string(y) + " reaches the frame's edge: " + line;
        const std::size_t ellipsis = line.find("…");
        if (ellipsis != std::string::npos && ellipsis > 0 && line[ellipsis - 1] != ' ')
            return "line " + std::to_string(y) + " was cut (…): " + line;
        const std::size_t first = line.find_first_not_of(' ');
        const std::string body = first == std::string::npos ? std::string() : line.substr(first);
        if (body.rfind("╭", 0) == 0) right = count;
        if (body.rfind("│", 0) == 0 && (count != right || line.substr(line.size() - 3) != "│"))
            return "line " + std::to_string(y) + " does not end at its box's border: " + line;
    }
    return {};
}

}  // namespace ipcviz::view::testing
