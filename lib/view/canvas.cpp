#include "canvas.hpp"

namespace ipcviz::view {

namespace {
std::size_t character_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xe) return 3;
    if ((lead >> 3) == 0x1e) return 4;
    return 1;
}
}  // namespace

int columns(std::string_view text) {
    int count = 0;
    for (std::size_t i = 0; i < text.size(); i += character_length(static_cast<unsigned char>(text[i]))) ++count;
    return count;
}

Canvas::Canvas(int width, int height)
    : width_(width < 0 ? 0 : width), height_(height < 0 ? 0 : height),
      cells_(static_cast<std::size_t>(width_ * height_)) {}

int Canvas::text(int x, int y, std::string_view text, Style style, int max_width) {
    if (y < 0 || y >= height_) return 0;
    int written = 0;
    for (std::size_t i = 0; i < text.size() && written < max_width;) {
        const std::size_t length = character_length(static_cast<unsigned char>(text[i]));
        const int column = x + written;
        if (column >= width_) break;
        if (column >= 0) {
            Cell& cell = cells_[static_cast<std::size_t>(y * width_ + column)];
            // A control character (a newline in a student's exception text) would move the cursor.
            const bool control = length == 1 && static_cast<unsigned char>(text[i]) < 0x20;
            cell.glyph = control ? std::string(" ") : std::string(text.substr(i, length));
            cell.style = style;
        }
        ++written;
        i += length;
    }
    return written;
}

int Canvas::wrapped(int x, int y, int width, int height, std::string_view text, Style style) {
    int row = 0;
    std::string line;
    std::size_t start = 0;
    const auto flush = [&] {
        if (row < height) this->text(x, y + row, line, style, width);
        ++row;
        line.clear();
    };
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (!line.empty() && columns(line) + 1 + columns(word) > width) flush();
        if (!line.empty()) line += ' ';
        line += word;
        start = end + 1;
    }
    if (!line.empty()) flush();
    return row;
}

void Canvas::box(int x, int y, int width, int height, std::string_view title, Style style, Style title_style) {
    if (width < 2 || height < 2) return;
    for (int i = 1; i < width - 1; ++i) {
        text(x + i, y, "─", style);
        text(x + i, y + height - 1, "─", style);
    }
    for (int j = 1; j < height - 1; ++j) {
        text(x, y + j, "│", style);
        text(x + width - 1, y + j, "│", style);
    }
    text(x, y, "╭", style);
    text(x + width - 1, y, "╮", style);
    text(x, y + height - 1, "╰", style);
    text(x + width - 1, y + height - 1, "╯", style);
    if (!title.empty()) {
        text(x + 2, y, " ", style);
        const int used = text(x + 3, y, title, title_style, width - 6);
        text(x + 3 + used, y, " ", style);
    }
}

void Canvas::fill(int x, int y, int width, int height, Style style, std::string_view glyph) {
    for (int j = 0; j < height; ++j) {
        for (int i = 0; i < width; ++i) text(x + i, y + j, glyph, style);
    }
}

std::string Canvas::to_text() const {
    std::string out;
    for (int y = 0; y < height_; ++y) {
        std::string line;
        for (int x = 0; x < width_; ++x) line += at(x, y).glyph;
        const std::size_t end = line.find_last_not_of(' ');
        out += (end == std::string::npos ? std::string() : line.substr(0, end + 1)) + "\n";
    }
    return out;
}

}  // namespace ipcviz::view
