#include "regions.hpp"

namespace ipcviz::detail {

namespace {

struct Region {
    std::uintptr_t start = 0;
    std::size_t length = 0;
    std::uint16_t number = 0;
};

// A handful is plenty: a channel maps one region (two if it maps each ring apart). Plain arrays:
// this is read by every traced mem:: operation and must not allocate.
constexpr int kRegions = 8;
Region g_regions[kRegions];
std::uint16_t g_next = 1;

}  // namespace

void reset_regions() noexcept {
    for (Region& region : g_regions) region = Region{};
    g_next = 1;
}

std::uint16_t add_region(const void* address, std::size_t length) noexcept {
    for (Region& region : g_regions) {
        if (region.number == 0) {
            region = Region{reinterpret_cast<std::uintptr_t>(address), length, g_next};
            return g_next++;
        }
    }
    return 0;
}

void remove_region(const void* address) noexcept {
    for (Region& region : g_regions) {
        if (region.number != 0 && region.start == reinterpret_cast<std::uintptr_t>(address)) region = Region{};
    }
}

RegionSpot locate_region(const void* address) noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    for (const Region& region : g_regions) {
        if (region.number != 0 && at >= region.start && at - region.start < region.length) {
            return RegionSpot{region.number, at - region.start};
        }
    }
    return RegionSpot{0, at & 0xffffffffu};
}

}  // namespace ipcviz::detail
