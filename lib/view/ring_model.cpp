#include "ring_model.hpp"

#include <algorithm>
#include <iterator>

namespace ipcviz::view {

namespace {

bool changes_or_sees_word(Call call) {
    return call == Call::store_release || call == Call::load_acquire || call == Call::exchange ||
           call == Call::compare_exchange;
}

// A copy's source, unpacked (see TraceEvent::result); region 0: private memory.
std::pair<std::uint16_t, std::uint64_t> copy_source(const TraceEvent& event) {
    if (event.result < 0) return {0, 0};
    const auto packed = static_cast<std::uint64_t>(event.result);
    return {static_cast<std::uint16_t>(packed >> 32), packed & 0xffffffffu};
}

// The harness's "message k sent" markers of each side, in the order they started: each spans the
// send() it reports, so a copy into shared memory inside that span carried message k.
struct Sends {
    std::vector<const TraceEvent*> by_side[2];

    explicit Sends(const std::vector<TraceEvent>& events) {
        for (const TraceEvent& event : events) {  // events are in the order they started
            if (event.call == Call::message_sent) by_side[static_cast<int>(event.side) & 1].push_back(&event);
        }
    }

    // The message (from 1) whose send() @p copy happened in, 0 if none.
    std::uint64_t message_of(const TraceEvent& copy) const {
        const auto& sends = by_side[static_cast<int>(copy.side) & 1];
        // The last send that started at or before the copy: sends of one side do not overlap.
        auto after = std::upper_bound(sends.begin(), sends.end(), copy.start_ns,
                                      [](std::int64_t at, const TraceEvent* send) { return at < send->start_ns; });
        if (after == sends.begin()) return 0;
        const TraceEvent& send = **std::prev(after);
        return copy.start_ns <= send.end_ns ? send.detail + 1 : 0;
    }
};

// Which of @p view's rings is @p area, or -1.
int ring_index(const RegionView& view, const LayoutArea* area) {
    for (std::size_t i = 0; i < view.rings.size(); ++i) {
        if (view.rings[i].area == area) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace

std::string SlotState::word_text() const {
    if (words.empty()) return {};
    return words.front().first->name + " " + std::to_string(words.front().second);
}

RegionView region_at(const ViewModel& model, std::size_t step) {
    const RegionLayout& layout = model.run().layout;
    RegionView view;
    for (const LayoutArea& area : layout.areas) {
        if (area.count >= 2) view.rings.push_back(RingState{&area, std::vector<SlotState>(area.count)});
    }
    const std::size_t last = std::min(step, model.steps() - 1);
    const Sends sends(model.events());
    for (std::size_t i = 1; i <= last; ++i) {
        const StepState& state = model.at(i);
        const TraceEvent& event = *state.event;
        // A futex call names its word too, but changes no value: it only makes the word current.
        const bool is_futex = event.call == Call::futex_wait || event.call == Call::futex_wake;
        const bool now = i == last;
        if (state.kind == PointKind::instant && changes_or_sees_word(event.call)) {
            const std::optional<LayoutPlace> place = layout.locate(event.region, static_cast<std::uint32_t>(event.fd));
            const int ring = place ? ring_index(view, place->area) : -1;
            if (ring >= 0 && place->field != nullptr && place->within == 0) {
                SlotState& slot = view.rings[static_cast<std::size_t>(ring)].slots[place->record];
                auto known = std::find_if(slot.words.begin(), slot.words.end(),
                                          [&](const auto& word) { return word.first == place->field; });
                if (known == slot.words.end()) {
                    slot.words.emplace_back(place->field, event.detail);
                    // Keep the area's field order, so that "state" stays first.
                    std::sort(slot.words.begin(), slot.words.end(),
                              [](const auto& a, const auto& b) { return a.first < b.first; });
                } else {
                    known->second = event.detail;
                }
                view.ring = ring;
                view.slot = place->record;
                view.word.reset();
            } else {
                const WordState word{event.region, static_cast<std::uint32_t>(event.fd), event.detail};
                auto known = std::find_if(view.words.begin(), view.words.end(), [&](const WordState& w) {
                    return w.region == word.region && w.offset == word.offset;
                });
                if (known == view.words.end()) {
                    view.words.push_back(word);
                } else {
                    known->value = word.value;
                }
                if (ring >= 0) {
                    view.ring = ring;
                    view.slot = place->record;
                }
                view.word = word;
            }
            view.touched_now = now;
        } else if (state.kind == PointKind::instant && event.call == Call::user_copy) {
            // Into a slot: it now holds the message being sent. Out of one: the message was taken.
            const auto [from_region, from_offset] = copy_source(event);
            const std::optional<LayoutPlace> into = layout.locate(event.region, static_cast<std::uint32_t>(event.fd));
            const std::optional<LayoutPlace> out = layout.locate(from_region, from_offset);
            if (into && ring_index(view, into->area) >= 0) {
                const int ring = ring_index(view, into->area);
                SlotState& slot = view.rings[static_cast<std::size_t>(ring)].slots[into->record];
                slot.message = sends.message_of(event);
                slot.taken = false;
                view.ring = ring;
                view.slot = into->record;
                view.word.reset();
                view.touched_now = now;
            } else if (out && ring_index(view, out->area) >= 0) {
                const int ring = ring_index(view, out->area);
                view.rings[static_cast<std::size_t>(ring)].slots[out->record].taken = true;
                view.ring = ring;
                view.slot = out->record;
                view.word.reset();
                view.touched_now = now;
            }
        } else if (is_futex && event.region != 0) {
            const std::optional<LayoutPlace> place = layout.locate(event.region, static_cast<std::uint32_t>(event.fd));
            const int ring = place ? ring_index(view, place->area) : -1;
            if (ring >= 0) {
                view.ring = ring;
                view.slot = place->record;
                view.word.reset();
            } else {
                // Its value is the last one seen (a futex call itself reads none into the trace).
                const auto known = std::find_if(view.words.begin(), view.words.end(), [&](const WordState& w) {
                    return w.region == event.region && w.offset == static_cast<std::uint32_t>(event.fd);
                });
                if (known != view.words.end()) view.word = *known;
            }
            view.touched_now = now;
        } else if (now) {
            view.touched_now = false;
        }
    }
    return view;
}

}  // namespace ipcviz::view
