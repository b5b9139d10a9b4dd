#include "screen_layout.hpp"

#include "screens.hpp"

namespace ipcviz::view {

std::optional<Layout> parse_layout(std::string_view name) {
    if (name == "auto") return Layout::automatic;
    if (name == "compact") return Layout::compact;
    if (name == "full") return Layout::full;
    return std::nullopt;
}

Layout layout_for(Layout requested, int width, int height) {
    if (requested != Layout::automatic) return requested;
    return width < kMinWidth || height < kMinHeight ? Layout::compact : Layout::full;
}

void least_size(Layout requested, int& width, int& height) {
    const bool full = requested == Layout::full;
    width = full ? kMinWidth : kCompactMinWidth;
    height = full ? kMinHeight : kCompactMinHeight;
}

bool too_small_for(Layout requested, int width, int height) {
    int least_width = 0;
    int least_height = 0;
    least_size(requested, least_width, least_height);
    return width < least_width || height < least_height;
}

}  // namespace ipcviz::view
