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

TEST_CASE("any layout: a ring of bare slots with head and tail indices is shown from its copies and words",
          "[view][ring]") {
    // A made-up run of a head/tail design: region 1 holds "indices" (head at 0, tail at 8) and a ring
    // of 4 slots of 64 bytes from offset 64 that have no words of their own.
    const auto event = [](Side side, Call call, std::int64_t at, std::int32_t offset, std::uint64_t value,
                          std::int64_t result) {
        TraceEvent e{};
        e.start_ns = at;
        e.end_ns = at;
        e.pid = side == Side::parent ? 100 : 101;
        e.side = side;
        e.call = call;
        e.region = call == Call::user_copy && offset < 0 ? 0 : 1;
        e.fd = offset < 0 ? 0 : offset;
        e.asked = 64;
        e.result = result;
        e.detail = value;
        return e;
    };
    RunResult run;
    run.mechanism = "shm";
    run.ok = true;
    run.workload.messages = 1;
    for (int side = 0; side < 2; ++side) {
        run.sides[side].role = side == 0 ? "Writer" : "Reader";
        run.sides[side].pid = 100 + side;
        run.sides[side].finished = true;
    }
    run.layout.areas = {LayoutArea{1, 0, 64, 1, "indices", {{"head", 0, 8}, {"tail", 8, 8}}},
                        LayoutArea{1, 64, 64, 4, "ring", {}}};
    TraceEvent sent = event(Side::parent, Call::message_sent, 10, -1, 0, 64);
    sent.end_ns = 40;
    const std::int64_t slot0 = std::int64_t{1} << 32 | 64;  // a copy's source: region 1, offset 64
    run.trace = {event(Side::parent, Call::user_copy, 20, 64, 0, -1), event(Side::parent, Call::store_release, 30, 0, 1, 0),
                 sent, event(Side::child, Call::load_acquire, 50, 0, 1, 0),
                 event(Side::child, Call::user_copy, 60, -1, 0, slot0), event(Side::child, Call::store_release, 70, 8, 1, 0)};
    const ViewModel model(*find_mechanism("shm"), std::move(run), Calibration{});
    const RegionLayout& layout = model.run().layout;
    CHECK(layout.name_of(1, 8) == "indices · tail");
    CHECK(layout.name_of(1, 64 + 2 * 64 + 3) == "ring · slot 2 +3");
    CHECK(format_call(model.events()[1], &layout) == "memcpy(ring · slot 0 ← own memory, 64)");

    std::size_t filled = 0;
    std::size_t taken = 0;
    for (std::size_t step = 1; step < model.steps(); ++step) {
        const TraceEvent& e = *model.at(step).event;
        if (e.call == Call::user_copy) (e.side == Side::parent ? filled : taken) = step;
    }
    REQUIRE(filled > 0);
    REQUIRE(taken > filled);
    const RegionView before = region_at(model, filled - 1);
    CHECK(before.rings.at(0).slots.at(0).message == 0);
    const RegionView full = region_at(model, filled);
    CHECK(full.rings.at(0).slots.at(0).message == 1);
    CHECK_FALSE(full.rings.at(0).slots.at(0).taken);
    CHECK(full.words.empty());  // head not yet published
    const RegionView end = region_at(model, model.steps() - 1);
    CHECK(end.rings.at(0).slots.at(0).taken);
    REQUIRE(end.words.size() == 2);
    CHECK(layout.name_of(end.words[0].region, end.words[0].offset) == "indices · head");
    CHECK(end.words[0].value == 1);
    CHECK(end.words[1].value == 1);

    // Drawn at 80×24 with the whole ring: the slots and the indices.
    Canvas canvas(80, 24);
    UiState ui;
    ui.step = model.steps() - 1;
    ui.show_ring = true;
    render_mechanism(canvas, model, ui);
    const std::string text = canvas.to_text();
    CHECK(has(text, "ring · 4 slots"));
    CHECK(has(text, "indices·tail = 1"));
}
