#pragma once
/** @file
 *  Names for the parts of a shared mapping, so that the trace, the viewer and the grader's messages
 *  can say "ring 1 · slot 3 · state" instead of an offset. Optional: a channel that describes
 *  nothing is shown with plain offsets within its mapping ("map 1 +0x1080").
 *
 *  Every address the trace records in shared memory (a mem:: operation's word, a copy's source and
 *  destination, a futex word) is recorded as a region and an offset: the region is the mapping made
 *  by sys::mmap that holds it (numbered from 1 in the order this run's processes mapped them), the
 *  offset is from that mapping's start. A layout description names such ranges.
 */
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace ipcviz {

/** A named part of every record of a described area: a slot's "state" word, its "data". */
struct LayoutField {
    std::string name;          ///< "state"
    std::uint64_t offset = 0;  ///< from the record's start
    std::uint64_t size = 0;    ///< bytes
};

/** One described area of a mapping: @ref count records of @ref stride bytes (one record: a block). */
struct LayoutArea {
    std::uint16_t region = 0;   ///< the mapping (see the file comment)
    std::uint64_t offset = 0;   ///< where the first record starts, from the mapping's start
    std::uint64_t stride = 0;   ///< bytes from one record to the next (a block: its size)
    std::uint32_t count = 1;    ///< records: a ring's slots, or 1 for a block
    std::string name;           ///< "ring 0", "header"
    std::vector<LayoutField> fields;  ///< named parts of each record, possibly none
};

/** Where an offset falls in a described layout. */
struct LayoutPlace {
    const LayoutArea* area = nullptr;    ///< the area that holds it
    std::uint32_t record = 0;            ///< which record (slot) of the area
    const LayoutField* field = nullptr;  ///< the field of that record that holds it, or nullptr
    std::uint64_t within = 0;            ///< the offset from the field's start (or the record's, without one)
};

/** What a run's channel said about its shared mappings (empty when it said nothing). */
struct RegionLayout {
    std::vector<LayoutArea> areas;  ///< in the order they were described

    /**
     * @param region a mapping's number (0: the address was in no mapping sys::mmap made)
     * @param offset an offset within it
     * @return the described place that holds it, if any
     */
    std::optional<LayoutPlace> locate(std::uint16_t region, std::uint64_t offset) const;

    /**
     * The name of an address in shared memory, for people.
     * @param region a mapping's number (0: in no mapping sys::mmap made; @p offset is then the
     *        address's low 32 bits)
     * @param offset an offset within it
     * @param compact the short form, for narrow columns ("ring 1·3·state")
     * @return "ring 1 · slot 3 · state", "header · slot_count", "ring 1 · slot 3 · data +0x10",
     *         or without a description "map 1 +0x1080"
     */
    std::string name_of(std::uint16_t region, std::uint64_t offset, bool compact = false) const;
};

namespace layout {

/** A part of each record, as a channel describes it. */
struct Field {
    const char* name;    ///< "state" (at most 15 bytes kept)
    std::size_t offset;  ///< from the record's start
    std::size_t size;    ///< bytes
};

/**
 * Names @p count records of @p stride bytes starting at @p first, inside a mapping made by
 * sys::mmap, and the fields of each record. Call it once the mapping exists (in setup(), for
 * instance). Costs nothing that matters and makes no syscall; does nothing outside a traced run,
 * or when @p first is not inside a mapping made by sys::mmap. At most 16 areas and 8 fields per
 * area are kept.
 * @param name the area's name: "ring 0", "header" (at most 23 bytes kept)
 * @param first where the first record starts
 * @param count how many records (a ring's slots); 1 for a single block
 * @param stride bytes from one record to the next (for a block: its size)
 * @param fields the named parts of each record, possibly none
 */
void describe(const char* name, const void* first, std::size_t count, std::size_t stride,
              std::initializer_list<Field> fields = {}) noexcept;

}  // namespace layout

}  // namespace ipcviz
