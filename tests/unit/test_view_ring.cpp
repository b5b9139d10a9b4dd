// The whole ring: layout names for shared words (trace, viewer) and each slot's contents at each
// step, rebuilt from the events up to it — from real runs of the reference shared-memory channel.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "../../lib/view/ring_model.hpp"
#include "../../lib/view/ring_panel.hpp"
#include "../../lib/view/screens.hpp"
#include "ipcviz/report.hpp"
#include "view_fixture.hpp"

using namespace ipcviz;
using namespace ipcviz::view;
using ipcviz::view::testing::model_of;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The steps at which @p side copies into shared memory (a message goes into a slot).
std::vector<std::size_t> copies_into_slots(const ViewModel& model, Side side) {
    std::vector<std::size_t> steps;
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent& event = *model.at(step).event;
        if (event.call == Call::user_copy && event.side == side && event.region != 0) steps.push_back(step);
    }
    return steps;
}

}  // namespace

TEST_CASE("the reference describes its region: header, one ring per direction, named fields", "[view][ring]") {
    const ViewModel model = model_of("shm", 10, Pattern::round_trip);
    const RegionLayout& layout = model.run().layout;
    REQUIRE(layout.areas.size() == 3);
    CHECK(layout.areas[0].name == "header");
    CHECK(layout.areas[1].name == "ring 0");
    CHECK(layout.areas[2].name == "ring 1");
    CHECK(layout.areas[1].count >= 2);
    CHECK(layout.areas[1].fields.front().name == "state");
    // Ring 1 starts where ring 0 ends: its slot 0 has another name than ring 0's slot 0 (once the
    // trace printed both as "+0x080").
    const LayoutArea& ring1 = layout.areas[2];
    CHECK(layout.name_of(ring1.region, ring1.offset) == "ring 1 · slot 0 · state");
    CHECK(layout.name_of(ring1.region, layout.areas[1].offset) == "ring 0 · slot 0 · state");
    CHECK(layout.name_of(ring1.region, ring1.offset + 3 * ring1.stride + 64 + 5) == "ring 1 · slot 3 · data +5");
    CHECK(layout.name_of(ring1.region, ring1.offset, true) == "ring 1·0·state");
    CHECK(layout.name_of(ring1.region, 8) == "header · slot_stride");
}

TEST_CASE("without a description, words are named by their full offset in the mapping", "[view][ring]") {
    const RegionLayout none;
    CHECK(none.name_of(1, 0x2080) == "map 1 +0x2080");
    CHECK(none.name_of(1, 0x80) == "map 1 +0x0080");  // never the offset within a page alone
    CHECK(none.name_of(2, 0x10080, true) == "map 2+0x10080");
    TraceEvent event{};
    event.call = Call::futex_wake;
    event.region = 1;
    event.fd = 0x2080;
    event.asked = 1;
    event.result = 1;
    CHECK(format_call(event) == "futex_wake(map 1 +0x2080, 1) = 1");
}

TEST_CASE("the trace of a real run names every shared word and futex word, in both rings", "[view][ring]") {
    const ViewModel model = model_of("shm", 10, Pattern::round_trip);
    std::set<std::string> rings;
    for (const TraceEvent& event : model.run().trace) {
        const bool shared = event.call == Call::store_release || event.call == Call::load_acquire ||
                            event.call == Call::exchange || event.call == Call::compare_exchange ||
                            event.call == Call::futex_wait || event.call == Call::futex_wake;
        if (!shared) continue;
        INFO(format_call(event, &model.run().layout));
        CHECK(event.region == 1);
        const std::string text = format_call(event, &model.run().layout);
        CHECK(has(text, " · slot "));
        CHECK(has(text, " · state"));
        rings.insert(text.substr(text.find("ring "), 6));
    }
    CHECK(rings == std::set<std::string>{"ring 0", "ring 1"});
    // The text trace uses the names too.
    CHECK(has(format_timeline(model.run()), "exchange(ring 1 · slot 0 · state ← 1)"));
}

TEST_CASE("each slot holds what was copied into it by then: message k in slot k-1, taken once copied out",
          "[view][ring]") {
    const ViewModel model = model_of("shm", 10);
    const std::vector<std::size_t> fills = copies_into_slots(model, Side::parent);
    REQUIRE(fills.size() == 10);
    // Before the first copy no slot holds a message.
    const RegionView before = region_at(model, fills[0] - 1);
    REQUIRE(before.rings.size() == 1);
    for (const SlotState& slot : before.rings[0].slots) CHECK(slot.message == 0);
    for (std::size_t k = 0; k < fills.size(); ++k) {
        const RegionView view = region_at(model, fills[k]);
        INFO("message " << k + 1);
        CHECK(view.ring == 0);
        CHECK(view.slot == k);
        CHECK(view.touched_now);
        CHECK(view.rings[0].slots[k].message == k + 1);
        CHECK_FALSE(view.rings[0].slots[k].taken);
        // Slots after it hold nothing yet: never the end state.
        for (std::size_t later = k + 1; later < view.rings[0].slots.size(); ++later) {
            CHECK(view.rings[0].slots[later].message == 0);
        }
    }
    const RegionView end = region_at(model, model.steps() - 1);
    for (std::size_t k = 0; k < 10; ++k) CHECK(end.rings[0].slots[k].taken);
    // The state word follows the stores: full (1) after the writer's publish, empty after the reader's.
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent& event = *model.at(step).event;
        if (event.call != Call::exchange) continue;
        const RegionView view = region_at(model, step);
        const SlotState& slot = view.rings[0].slots[view.slot];
        REQUIRE_FALSE(slot.words.empty());
        CHECK(slot.words.front().first->name == "state");
        CHECK(slot.words.front().second == event.detail);
    }
}

TEST_CASE("the shared-memory screens show the current slot and every slot, at 80×24 and larger", "[view][ring]") {
    const ViewModel model = model_of("shm", 10, Pattern::round_trip);
    const std::size_t step = copies_into_slots(model, Side::child).at(2);  // the echo of message 3
    for (const auto& [width, height] : {std::pair{80, 24}, std::pair{120, 40}, std::pair{200, 50}}) {
        INFO(width << "×" << height);
        Canvas canvas(width, height);
        UiState ui;
        ui.step = step;
        ui.show_ring = true;
        render_mechanism(canvas, model, ui);
        const std::string text = canvas.to_text();
        CHECK(has(text, "ring 1 · slot 2"));
        CHECK(has(text, "Whole ring"));
        CHECK(has(text, "ring 0 · "));
        CHECK(has(text, "ring 1 · "));
        const RegionView view = region_at(model, step);
        CHECK(view.rings[1].slots[2].message == 3);
    }
}
