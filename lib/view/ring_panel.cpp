#include "ring_panel.hpp"

#include <algorithm>
#include <vector>

#include "message_pattern.hpp"
#include "ring_model.hpp"
#include "text.hpp"

namespace ipcviz::view::panels {

namespace {

using text::format;

// One slot as one cell: a message not yet taken, one taken (its bytes are still there), never used.
const char* slot_glyph(const SlotState& slot) {
    if (slot.message == 0) return "·";
    return slot.taken ? "□" : "■";
}

Style slot_style(const SlotState& slot, bool current) {
    if (current) return Style::highlight;
    if (slot.message == 0) return Style::dim;
    return slot.taken ? Style::normal : Style::user;
}

// "04 05 06 07 …": the first bytes of message @p message (the harness's pattern), in @p width columns.
std::string first_bytes(const ViewModel& model, std::uint64_t message, int width) {
    const std::size_t fit = static_cast<std::size_t>(std::max(1, (width - 1) / 3));
    std::vector<std::byte> bytes(std::min<std::size_t>({model.run().workload.message_size, fit, 8}));
    detail::fill_message(bytes, message - 1);
    std::string hex;
    for (const std::byte b : bytes) hex += format("%02x ", static_cast<unsigned>(b));
    return hex + (bytes.size() < model.run().workload.message_size ? "…" : "");
}

// The place this step touched: "ring 0 · slot 3", or a word by its name and value.
std::string place_text(const ViewModel& model, const RegionView& view, bool compact) {
    if (view.ring >= 0) {
        const RingState& ring = view.rings[static_cast<std::size_t>(view.ring)];
        return compact ? format("%s · slot %u", ring.area->name.c_str(), view.slot)
                       : format("%s · slot %u of %zu", ring.area->name.c_str(), view.slot, ring.slots.size());
    }
    if (view.word) {
        return model.run().layout.name_of(view.word->region, view.word->offset, compact) + " = " +
               std::to_string(view.word->value);
    }
    return {};
}

// "state 1 · msg 4": what the current slot holds.
std::string slot_text(const SlotState& slot) {
    std::string text = slot.word_text();
    if (!text.empty()) text += " · ";
    if (slot.message == 0) return text + "no message yet";
    return text + format("msg %llu%s", static_cast<unsigned long long>(slot.message), slot.taken ? " taken" : "");
}

}  // namespace

void shm_panel(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, const StepState& state) {
    canvas.box(x, y, width, height, "// shared memory", Style::user, Style::user);
    const int inner = width - 4;
    const int rows = height - 2;
    const RegionView view = region_at(model, state.step);
    std::string place = place_text(model, view, false);
    if (columns(place) > inner) place = place_text(model, view, true);
    if (place.empty()) {
        canvas.text(x + 2, y + 1, view.rings.empty() ? "no shared word used yet" : "no slot used yet", Style::dim, inner);
    } else {
        canvas.text(x + 2, y + 1, place, view.touched_now ? Style::bold : Style::normal, inner);
    }
    if (view.ring < 0) {
        // No described ring: the words seen so far, by place.
        for (int r = 1; r < rows && static_cast<std::size_t>(r - 1) < view.words.size(); ++r) {
            const WordState& word = view.words[static_cast<std::size_t>(r - 1)];
            canvas.text(x + 2, y + 1 + r,
                        model.run().layout.name_of(word.region, word.offset, true) + " = " + std::to_string(word.value),
                        Style::dim, inner);
        }
        return;
    }
    const RingState& ring = view.rings[static_cast<std::size_t>(view.ring)];
    const SlotState& slot = ring.slots[view.slot];
    if (rows > 1) canvas.text(x + 2, y + 2, slot_text(slot), Style::normal, inner);
    if (rows > 2) {
        canvas.text(x + 2, y + 3, "data", Style::dim);
        canvas.text(x + 7, y + 3, slot.message == 0 ? std::string("—") : first_bytes(model, slot.message, inner - 5),
                    slot.message == 0 ? Style::dim : Style::normal, inner - 5);
    }
    if (rows > 3) {
        // A strip of the ring around the current slot (the whole ring when it fits; `m` shows all).
        const int count = static_cast<int>(ring.slots.size());
        const int shown = std::min(count, inner);
        const int first = std::clamp(static_cast<int>(view.slot) - shown / 2, 0, count - shown);
        for (int i = 0; i < shown; ++i) {
            const SlotState& cell = ring.slots[static_cast<std::size_t>(first + i)];
            canvas.text(x + 2 + i, y + 4, slot_glyph(cell), slot_style(cell, first + i == static_cast<int>(view.slot)));
        }
    }
    if (rows > 4) {
        const std::string legend = "■ unread □ taken · unused · m: all slots";
        canvas.text(x + 2, y + 5, columns(legend) <= inner ? legend : "■ unread □ taken · unused", Style::dim, inner);
    }
}

void ring_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step) {
    canvas.box(x, y, width, height, "Whole ring · m", Style::dim, Style::title);
    const int inner = width - 4;
    const int rows = height - 2;
    const RegionView view = region_at(model, step);
    if (view.rings.empty()) {
        canvas.wrapped(x + 2, y + 1, inner, rows,
                       "The channel did not describe its rings (layout::describe), so slots cannot be told apart: "
                       "words are shown by their offset in the mapping.",
                       Style::dim);
        int row = y + 1 + std::min(rows, 4);
        for (const WordState& word : view.words) {
            if (row >= y + 1 + rows) break;
            canvas.text(x + 2, row++, model.run().layout.name_of(word.region, word.offset) + " = " + std::to_string(word.value),
                        Style::normal, inner);
        }
        return;
    }
    // Numbers (the message in each slot) where every ring fits that way, else one glyph per slot.
    const auto rows_for = [&](int cell) {
        int needed = 0;
        for (const RingState& ring : view.rings) {
            needed += 1 + (static_cast<int>(ring.slots.size()) + inner / cell - 1) / (inner / cell);
        }
        return needed;
    };
    const int cell = rows_for(4) + 1 <= rows ? 4 : 1;
    const int per_row = inner / cell;
    int row = y + 1;
    const int bottom = y + 1 + rows;
    for (std::size_t r = 0; r < view.rings.size() && row < bottom; ++r) {
        const RingState& ring = view.rings[r];
        std::size_t unread = 0;
        for (const SlotState& slot : ring.slots) unread += slot.message != 0 && !slot.taken;
        std::string title = format("%s · %zu slots · %zu unread", ring.area->name.c_str(), ring.slots.size(), unread);
        if (columns(title) > inner) title = format("%s · %zu/%zu unread", ring.area->name.c_str(), unread, ring.slots.size());
        canvas.text(x + 2, row++, title, Style::dim, inner);
        for (std::size_t s = 0; s < ring.slots.size() && row < bottom; s += static_cast<std::size_t>(per_row)) {
            for (int i = 0; i < per_row && s + static_cast<std::size_t>(i) < ring.slots.size(); ++i) {
                const std::size_t index = s + static_cast<std::size_t>(i);
                const SlotState& slot = ring.slots[index];
                const bool current = static_cast<int>(r) == view.ring && index == view.slot;
                std::string text = slot_glyph(slot);
                if (cell == 4) {
                    text = slot.message == 0 ? "   ·" : format("%4llu", static_cast<unsigned long long>(slot.message % 10000));
                }
                canvas.text(x + 2 + i * cell, row, text, slot_style(slot, current));
            }
            ++row;
        }
    }
    // The current slot whole, then the words outside the rings, where rows remain.
    if (row < bottom && view.ring >= 0) {
        const SlotState& slot = view.rings[static_cast<std::size_t>(view.ring)].slots[view.slot];
        std::string line = format("slot %u: ", view.slot) + slot_text(slot);
        if (columns(line) > inner) line = slot_text(slot);  // the slot is highlighted above
        canvas.text(x + 2, row++, line, Style::bold, inner);
    }
    for (const WordState& word : view.words) {
        if (row >= bottom) break;
        canvas.text(x + 2, row++, model.run().layout.name_of(word.region, word.offset, true) + " = " + std::to_string(word.value),
                    Style::dim, inner);
    }
}

}  // namespace ipcviz::view::panels
