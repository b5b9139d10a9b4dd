#pragma once
// A frame of the viewer as a grid of styled cells: what the renderer draws into and what the
// terminal (or a test, as text) shows. Knows nothing of ncurses.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ipcviz::view {

// What a cell means, not how it looks: the terminal maps styles to colours (or, without colour,
// to bold, dim and reverse video).
enum class Style : unsigned char {
    normal, dim, bold, title, highlight, user, kernel, ok, warning, error, accent,
};

struct Cell {
    std::string glyph = " ";  // one UTF-8 character
    Style style = Style::normal;
};

class Canvas {
public:
    Canvas(int width, int height);

    int width() const { return width_; }
    int height() const { return height_; }
    const Cell& at(int x, int y) const { return cells_[static_cast<std::size_t>(y * width_ + x)]; }

    // Writes @p text from (x, y), one cell per UTF-8 character, clipped at @p max_width columns
    // (and at the right edge); returns the columns written.
    int text(int x, int y, std::string_view text, Style style = Style::normal, int max_width = 1 << 20);
    // Writes @p text wrapped at word boundaries into the box (x, y, width, height); returns rows used.
    int wrapped(int x, int y, int width, int height, std::string_view text, Style style = Style::normal);
    // A rounded box with @p title in its top edge.
    void box(int x, int y, int width, int height, std::string_view title = {}, Style style = Style::dim,
             Style title_style = Style::title);
    void fill(int x, int y, int width, int height, Style style, std::string_view glyph = " ");

    // The frame as plain text, one line per row, trailing spaces removed.
    std::string to_text() const;

private:
    int width_;
    int height_;
    std::vector<Cell> cells_;
};

// The columns @p text takes (its UTF-8 characters).
int columns(std::string_view text);

}  // namespace ipcviz::view
