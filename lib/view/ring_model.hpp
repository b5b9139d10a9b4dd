#pragma once
// The shared-memory region at one step, rebuilt from the trace events up to that step: which
// message's bytes each slot of each described ring holds (from the copies into and out of it) and
// the last value of every word seen (stored, exchanged, compared-and-swapped or loaded). Nothing
// comes from the end state: a step shows only what had happened by then. Works for any layout the
// channel described with layout::describe(); without one, only the words are known, by offset.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"

namespace ipcviz::view {

struct SlotState {
    std::uint64_t message = 0;  // the message (from 1) whose bytes were last copied into its data; 0: none yet
    bool taken = false;         // copied out since it was filled
    // The last value seen of each word field of the slot ("state"), in the area's field order.
    std::vector<std::pair<const LayoutField*, std::uint64_t>> words;
    // "state 1": the first word field's name and value, empty if none was seen.
    std::string word_text() const;
};

struct RingState {
    const LayoutArea* area = nullptr;  // a described area of two or more records
    std::vector<SlotState> slots;
};

// A word outside the described rings (a header field, a head or tail index, or any word of an
// undescribed region), with the last value seen.
struct WordState {
    std::uint16_t region = 0;
    std::uint64_t offset = 0;
    std::uint64_t value = 0;
};

struct RegionView {
    std::vector<RingState> rings;
    std::vector<WordState> words;  // in order of first use
    // Where this step's event touched (or the last place touched before it): a ring and slot, or a word.
    int ring = -1;
    std::uint32_t slot = 0;
    std::optional<WordState> word;
    bool touched_now = false;  // this step's own event touched it
};

// The region as it was at @p step of @p model (step 0: before anything).
RegionView region_at(const ViewModel& model, std::size_t step);

}  // namespace ipcviz::view
