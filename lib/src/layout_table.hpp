#pragma once
// Where layout::describe() writes during a run: a fixed table in the run's shared control block, so
// that what either side's channel describes reaches the caller's RunResult. Fixed-size and
// trivially copyable (it lives in MAP_SHARED memory); the caller reads it once both sides ended and
// trusts none of it (lengths are bounded, names cut at their buffers).
#include <atomic>
#include <cstdint>

#include "ipcviz/layout.hpp"

namespace ipcviz::detail {

struct LayoutEntry {
    std::uint16_t region;
    std::uint16_t field_count;
    std::uint32_t count;
    std::uint64_t offset;
    std::uint64_t stride;
    char name[24];
    struct Field {
        char name[16];
        std::uint32_t offset;
        std::uint32_t size;
    } fields[8];
};

struct LayoutTable {
    static constexpr std::uint32_t kEntries = 16;
    std::atomic<std::uint32_t> claimed{0};             // entries handed out (may exceed kEntries)
    std::atomic<std::uint32_t> published[kEntries]{};  // 1 once entries[i] is complete (release)
    LayoutEntry entries[kEntries]{};
};

// The table this process's describe() calls write to (nullptr: not in a traced run, ignored).
inline LayoutTable* g_layout_table = nullptr;

// The complete entries of @p table, duplicates dropped (both sides may describe the same area).
RegionLayout read_layout(const LayoutTable& table);

}  // namespace ipcviz::detail
