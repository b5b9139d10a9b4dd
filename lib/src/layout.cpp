#include "ipcviz/layout.hpp"

#include <algorithm>
#include <cstring>

#include "layout_table.hpp"
#include "regions.hpp"
#include "text.hpp"

namespace ipcviz {

namespace {

// Copies @p text into @p buffer, cut to fit and always terminated.
template <std::size_t N>
void copy_name(char (&buffer)[N], const char* text) {
    const std::size_t length = text == nullptr ? 0 : strnlen(text, N - 1);
    if (length > 0) std::memcpy(buffer, text, length);
    buffer[length] = '\0';
}

template <std::size_t N>
std::string read_name(const char (&buffer)[N]) {
    return std::string(buffer, strnlen(buffer, N));
}

bool same(const LayoutArea& a, const LayoutArea& b) {
    if (a.region != b.region || a.offset != b.offset || a.stride != b.stride || a.count != b.count ||
        a.name != b.name || a.fields.size() != b.fields.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].name != b.fields[i].name || a.fields[i].offset != b.fields[i].offset ||
            a.fields[i].size != b.fields[i].size) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<LayoutPlace> RegionLayout::locate(std::uint16_t region, std::uint64_t offset) const {
    if (region == 0) return std::nullopt;
    for (const LayoutArea& area : areas) {
        if (area.region != region || area.stride == 0 || offset < area.offset) continue;
        const std::uint64_t from = offset - area.offset;
        const std::uint64_t record = from / area.stride;
        if (record >= area.count) continue;
        LayoutPlace place{&area, static_cast<std::uint32_t>(record), nullptr, from % area.stride};
        for (const LayoutField& field : area.fields) {
            if (place.within >= field.offset && place.within - field.offset < field.size) {
                place.within -= field.offset;
                place.field = &field;
                break;
            }
        }
        return place;
    }
    return std::nullopt;
}

std::string RegionLayout::name_of(std::uint16_t region, std::uint64_t offset, bool compact) const {
    const std::optional<LayoutPlace> place = locate(region, offset);
    if (!place) {
        if (region == 0) return text::format("@0x%08llx", static_cast<unsigned long long>(offset));
        return text::format(compact ? "map %u+0x%llx" : "map %u +0x%04llx", static_cast<unsigned>(region),
                            static_cast<unsigned long long>(offset));
    }
    const char* dot = compact ? "·" : " · ";
    std::string name = place->area->name;
    if (place->area->count > 1) name += (compact ? "·" : " · slot ") + std::to_string(place->record);
    if (place->field != nullptr) name += dot + place->field->name;
    if (place->within != 0) name += text::format(compact ? "+%llu" : " +%llu", static_cast<unsigned long long>(place->within));
    return name;
}

namespace layout {

void describe(const char* name, const void* first, std::size_t count, std::size_t stride,
              std::initializer_list<Field> fields) noexcept {
    detail::LayoutTable* table = detail::g_layout_table;
    if (table == nullptr || count == 0 || stride == 0) return;
    const detail::RegionSpot spot = detail::locate_region(first);
    if (spot.region == 0) return;  // not in a mapping the trace can name
    const std::uint32_t index = table->claimed.fetch_add(1, std::memory_order_relaxed);
    if (index >= detail::LayoutTable::kEntries) return;
    detail::LayoutEntry& entry = table->entries[index];
    entry.region = spot.region;
    entry.offset = spot.offset;
    entry.count = static_cast<std::uint32_t>(std::min<std::size_t>(count, UINT32_MAX));
    entry.stride = stride;
    copy_name(entry.name, name);
    std::uint16_t used = 0;
    for (const Field& field : fields) {
        if (used == std::size(entry.fields)) break;
        copy_name(entry.fields[used].name, field.name);
        entry.fields[used].offset = static_cast<std::uint32_t>(field.offset);
        entry.fields[used].size = static_cast<std::uint32_t>(field.size);
        ++used;
    }
    entry.field_count = used;
    // Release pairs with the acquire load in read_layout(): a published entry is complete.
    table->published[index].store(1, std::memory_order_release);
}

}  // namespace layout

namespace detail {

RegionLayout read_layout(const LayoutTable& table) {
    RegionLayout layout;
    for (std::uint32_t i = 0; i < LayoutTable::kEntries; ++i) {
        if (table.published[i].load(std::memory_order_acquire) != 1) continue;
        const LayoutEntry& entry = table.entries[i];
        LayoutArea area{entry.region, entry.offset, entry.stride, entry.count, read_name(entry.name), {}};
        const std::size_t fields = std::min<std::size_t>(entry.field_count, std::size(entry.fields));
        for (std::size_t f = 0; f < fields; ++f) {
            area.fields.push_back(
                LayoutField{read_name(entry.fields[f].name), entry.fields[f].offset, entry.fields[f].size});
        }
        // The table lives in memory the channel wrote: a description no region could hold (more
        // slots than kMaxSlots, or more than kMaxBytes in all) is dropped, not trusted — the viewer
        // keeps a state per slot.
        constexpr std::uint64_t kMaxSlots = 1 << 16, kMaxBytes = std::uint64_t{1} << 32;
        if (area.stride == 0 || area.count == 0 || area.count > kMaxSlots ||
            static_cast<std::uint64_t>(area.count) * area.stride > kMaxBytes) {
            continue;
        }
        const bool known = std::any_of(layout.areas.begin(), layout.areas.end(),
                                       [&](const LayoutArea& other) { return same(other, area); });
        if (!known) layout.areas.push_back(std::move(area));
    }
    return layout;
}

}  // namespace detail

}  // namespace ipcviz
