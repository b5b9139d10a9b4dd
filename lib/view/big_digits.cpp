#include "big_digits.hpp"

namespace ipcviz::view {

namespace {

// Each glyph: five rows, '#' lit. Three columns for digits, fewer for narrow marks.
struct Glyph {
    char c;
    const char* rows[kBigHeight];
};

constexpr Glyph kGlyphs[] = {
    {'0', {"###", "# #", "# #", "# #", "###"}}, {'1', {" # ", "## ", " # ", " # ", "###"}},
    {'2', {"###", "  #", "###", "#  ", "###"}}, {'3', {"###", "  #", "###", "  #", "###"}},
    {'4', {"# #", "# #", "###", "  #", "  #"}}, {'5', {"###", "#  ", "###", "  #", "###"}},
    {'6', {"###", "#  ", "###", "# #", "###"}}, {'7', {"###", "  #", "  #", "  #", "  #"}},
    {'8', {"###", "# #", "###", "# #", "###"}}, {'9', {"###", "# #", "###", "  #", "###"}},
    {'.', {" ", " ", " ", " ", "#"}},           {'/', {"  #", "  #", " # ", "#  ", "#  "}},
    {'?', {"###", "  #", " ##", "   ", " # "}}, {'-', {"   ", "   ", "###", "   ", "   "}},
    {'x', {"   ", "# #", " # ", "# #", "   "}}, {' ', {" ", " ", " ", " ", " "}},
};

const Glyph& glyph_of(char c) {
    for (const Glyph& glyph : kGlyphs) {
        if (glyph.c == c) return glyph;
    }
    return kGlyphs[sizeof kGlyphs / sizeof kGlyphs[0] - 1];  // the space
}

// "×" is two bytes in UTF-8: read as 'x'. Other bytes of a multi-byte character are skipped.
template <typename Each>
void for_each_glyph(std::string_view text, Each each) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "×") {
            each(glyph_of('x'));
            ++i;
        } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
            each(glyph_of(text[i]));
        }
    }
}

int glyph_width(const Glyph& glyph) { return static_cast<int>(std::string_view(glyph.rows[0]).size()); }

}  // namespace

int big_width(std::string_view text) {
    int width = 0;
    int count = 0;
    for_each_glyph(text, [&](const Glyph& glyph) {
        width += glyph_width(glyph);
        ++count;
    });
    return count == 0 ? 0 : width + count - 1;
}

int big_text(Canvas& canvas, int x, int y, std::string_view text, Style style) {
    int at = x;
    for_each_glyph(text, [&](const Glyph& glyph) {
        for (int row = 0; row < kBigHeight; ++row) {
            const std::string_view cells = glyph.rows[row];
            for (int col = 0; col < static_cast<int>(cells.size()); ++col) {
                if (cells[static_cast<std::size_t>(col)] == '#') canvas.text(at + col, y + row, "█", style);
            }
        }
        at += glyph_width(glyph) + 1;
    });
    return at == x ? 0 : at - x - 1;
}

}  // namespace ipcviz::view
