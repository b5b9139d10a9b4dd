// The floor for any shared-memory round trip: two processes passing one cache line back and forth.
// Apart from raw_shm.cpp (the reference's protocol), which a student release leaves out.
#include <sys/mman.h>

#include <atomic>
#include <new>
#include <stdexcept>

#include "raw.hpp"
#include "raw_common.hpp"

namespace ipcviz::bench::raw {

using detail::fail;
using detail::PeerGone;
using detail::time_with_echo;

namespace {

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

}  // namespace

double cache_line_round_trip_ns(std::size_t round_trips) {
    void* region = ::mmap(nullptr, 64, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) fail("mmap");
    auto* turn = new (region) std::atomic<std::uint32_t>(0);
    double ns = 0;
    try {
        ns = time_with_echo(
            [&](const PeerGone& parent_gone) {
                for (std::uint32_t i = 0; i < round_trips; ++i) {
                    for (unsigned spins = 1; turn->load(std::memory_order_acquire) != 2 * i + 1; ++spins) {
                        cpu_relax();
                        if ((spins & 0xfffff) == 0 && parent_gone()) throw std::runtime_error("the pinging process died");
                    }
                    turn->store(2 * i + 2, std::memory_order_release);
                }
            },
            [&](const PeerGone& echo_gone) {
                for (std::uint32_t i = 0; i < round_trips; ++i) {
                    turn->store(2 * i + 1, std::memory_order_release);
                    for (unsigned spins = 1; turn->load(std::memory_order_acquire) != 2 * i + 2; ++spins) {
                        cpu_relax();
                        if ((spins & 0xfffff) == 0 && echo_gone()) throw std::runtime_error("the raw echo process died");
                    }
                }
            });
    } catch (...) {
        ::munmap(region, 64);
        throw;
    }
    ::munmap(region, 64);
    return ns / static_cast<double>(round_trips);
}

}  // namespace ipcviz::bench::raw
