// The raw shared-memory round trip. It is the reference
// channel's protocol (solutions/04-shared-memory) written with std::atomic, memcpy and
// syscall(SYS_futex) instead of the library's mem:: and sys::: the same ring of slots each way,
// the same slot layout, the same spin-then-futex wait and sleeper bit. What differs from the
// library's run is then only the library: wrappers, counters, trace hooks and the harness loop.
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <new>
#include <stdexcept>
#include <vector>

#include "raw.hpp"
#include "raw_common.hpp"
#include "raw_shm.hpp"

namespace ipcviz::bench::raw {

using detail::fail;
using detail::PeerGone;
using detail::time_with_echo;

namespace {

constexpr std::size_t kCacheLine = 64;
constexpr std::size_t kLinePair = 2 * kCacheLine;  // slots and rings start on 128-byte boundaries
constexpr std::size_t kRingBytes = std::size_t{4} << 20;  // the reference's sizing, see its setup()
constexpr std::size_t kMaxSlots = 64;
constexpr std::int64_t kSpinNanoseconds = 200'000;
constexpr std::uint32_t kEmpty = 0;
constexpr std::uint32_t kFull = 1;
constexpr std::uint32_t kSleeper = 4;

struct alignas(kCacheLine) SlotHeader {
    std::atomic<std::uint32_t> state{kEmpty};
    std::uint32_t size = 0;
    std::uint64_t sequence = 0;
};

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// A sleep that gives up after a while, so that an echo process that died is noticed (the
// reference's waits have no timeout: there the harness's deadline ends a hung run). @return true
// if it gave up.
bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected) {
    const timespec patience{0, 20'000'000};
    if (::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, expected, &patience, nullptr, 0) == 0) {
        return false;
    }
    if (errno == ETIMEDOUT) return true;
    if (errno != EAGAIN && errno != EINTR) fail("futex(FUTEX_WAIT)");
    return false;
}

void futex_wake(std::atomic<std::uint32_t>& word) {
    if (::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, 1, nullptr, nullptr, 0) == -1) {
        fail("futex(FUTEX_WAKE)");
    }
}

// The reference's wait_while(): spin (reading the clock only every 64 turns), then mark the word
// and sleep on it. A sleep that times out asks whether the peer is gone, and gives up only if the
// word still says @p busy (its last message may have come just before it exited).
std::uint32_t wait_while(std::atomic<std::uint32_t>& state, std::uint32_t busy, const PeerGone& peer_gone) {
    std::int64_t spin_until = 0;
    for (unsigned spins = 0;; ++spins) {
        const std::uint32_t seen = state.load(std::memory_order_acquire);
        if ((seen & ~kSleeper) != busy) return seen;
        if ((spins & 63) != 63) {
            cpu_relax();
            continue;
        }
        if (spin_until == 0) spin_until = detail::now_ns() + kSpinNanoseconds;
        if (detail::now_ns() < spin_until) {
            cpu_relax();
            continue;
        }
        std::uint32_t expected = busy;
        if (seen == busy && !state.compare_exchange_strong(expected, busy | kSleeper, std::memory_order_acq_rel)) continue;
        if (futex_wait(state, busy | kSleeper) && peer_gone()) {
            const std::uint32_t last = state.load(std::memory_order_acquire);
            if ((last & ~kSleeper) != busy) return last;
            throw std::runtime_error("the raw echo process died");
        }
    }
}

void publish(std::atomic<std::uint32_t>& state, std::uint32_t value) {
    if ((state.exchange(value, std::memory_order_acq_rel) & kSleeper) != 0) futex_wake(state);
}

// One direction's ring, as one process sees it.
struct Ring {
    std::byte* slots = nullptr;
    std::size_t mask = 0;    // slot count - 1 (a power of two)
    std::size_t stride = 0;  // header + data, whole cache lines
    std::uint64_t position = 0;
    SlotHeader& current() const { return *reinterpret_cast<SlotHeader*>(slots + (position & mask) * stride); }
};

void send(Ring& out, const std::byte* message, std::size_t size, const PeerGone& peer_gone) {
    SlotHeader& slot = out.current();
    wait_while(slot.state, kFull, peer_gone);
    slot.size = static_cast<std::uint32_t>(size);
    slot.sequence = ++out.position;
    std::memcpy(reinterpret_cast<std::byte*>(&slot + 1), message, size);
    publish(slot.state, kFull);
}

void receive(Ring& in, std::byte* message, std::size_t size, const PeerGone& peer_gone) {
    SlotHeader& slot = in.current();
    wait_while(slot.state, kEmpty, peer_gone);
    if (slot.size != size || slot.sequence != in.position + 1) throw std::runtime_error("raw shared memory: a slot out of order");
    std::memcpy(message, reinterpret_cast<const std::byte*>(&slot + 1), size);
    ++in.position;
    publish(slot.state, kEmpty);
}

}  // namespace

namespace detail {

double shm_round_trips(std::size_t count, std::size_t size) {
    const std::size_t stride = (sizeof(SlotHeader) + size + kLinePair - 1) / kLinePair * kLinePair;
    const std::size_t slots = std::bit_floor(std::clamp<std::size_t>(kRingBytes / stride, 2, kMaxSlots));
    const std::size_t ring_bytes = slots * stride;
    // The reference's region header takes the first 128 bytes: the rings sit where its rings do.
    const std::size_t region_bytes = kLinePair + 2 * ring_bytes;
    void* region = ::mmap(nullptr, region_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) fail("mmap");  // a fresh mapping reads as zeros: every slot kEmpty
    auto* to_echo = static_cast<std::byte*>(region) + kLinePair;
    std::byte* to_pinger = to_echo + ring_bytes;
    std::vector<std::byte> message(size, std::byte{1});
    double ns = 0;
    try {
        ns = time_with_echo(
            [&](const PeerGone& parent_gone) {
                Ring in{to_echo, slots - 1, stride, 0}, out{to_pinger, slots - 1, stride, 0};
                for (std::size_t i = 0; i < count; ++i) {
                    receive(in, message.data(), size, parent_gone);
                    send(out, message.data(), size, parent_gone);
                }
            },
            [&](const PeerGone& echo_gone) {
                Ring out{to_echo, slots - 1, stride, 0}, in{to_pinger, slots - 1, stride, 0};
                for (std::size_t i = 0; i < count; ++i) {
                    send(out, message.data(), size, echo_gone);
                    receive(in, message.data(), size, echo_gone);
                }
            });
    } catch (...) {
        ::munmap(region, region_bytes);
        throw;
    }
    ::munmap(region, region_bytes);
    return ns;
}

}  // namespace detail

}  // namespace ipcviz::bench::raw
