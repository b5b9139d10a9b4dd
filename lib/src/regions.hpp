#pragma once
// The mappings this process made through sys::mmap, so that a traced address in shared memory can
// be recorded as (mapping, offset) — the same in both processes of a run, whatever address each
// maps it at — instead of a raw address. Per process: a child inherits its parent's list at fork().
#include <cstddef>
#include <cstdint>

namespace ipcviz::detail {

struct RegionSpot {
    std::uint16_t region = 0;  // 0: in no known mapping (offset: the address's low 32 bits)
    std::uint64_t offset = 0;
};

// Forgets every mapping and numbers the next one 1 (a run's parent side, before setup()).
void reset_regions() noexcept;
// Notes a new mapping; returns its number (0 if the list is full).
std::uint16_t add_region(const void* address, std::size_t length) noexcept;
// Forgets the mapping that starts at @p address.
void remove_region(const void* address) noexcept;
// Where @p address is.
RegionSpot locate_region(const void* address) noexcept;

}  // namespace ipcviz::detail
