#include "shm_channel.hpp"

#include <fcntl.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <bit>
#include <utility>

#include "ipcviz/error.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/layout.hpp"
#include "ipcviz/mem.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/sys.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz::labs {

namespace {

constexpr std::size_t kRingBytes = std::size_t{4} << 20;  // per ring, at most (and at least 2 slots)
constexpr std::uint32_t kMaxSlots = 64;
constexpr std::int64_t kSpinNanoseconds = 200'000;  // longer than a wake-up here (10–50 µs), see below

// The CPU fetches cache lines in aligned pairs (the adjacent-line prefetcher): a slot that starts on
// a 128-byte boundary has its header and its first line of data arrive in one transfer. Measured
// on the kit's 2-vCPU machine with the raw ping-pong of this protocol (lib/bench/raw/raw_shm.cpp),
// 30 paired runs of 100 000 round trips, twice: rings one line off that boundary made a 64-byte
// round trip 5–7 % slower.
constexpr std::size_t kLinePair = 2 * kCacheLine;

std::size_t round_up(std::size_t bytes, std::size_t unit) { return (bytes + unit - 1) / unit * unit; }

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

RegionHeader& header_of(const Mapping& region) { return *region.as<RegionHeader>(); }

// Waits until @p state holds something other than @p busy and returns it. Spins first (the peer
// usually answers within a microsecond), then sleeps: it sets kSleeper in the word itself with a
// compare-exchange and sleeps only while the word still says exactly that, so a wake-up cannot be
// lost between deciding to sleep and sleeping (the publisher's exchange sees the bit).
// The spin lasts longer than a wake-up takes on this kind of machine (10–50 µs): with a shorter
// one, a side that was woken answers only after its peer's spin ran out, the peer sleeps too, and
// the pair can stay in that sleep-wake cycle (measured: 20 µs spins made 0.4 syscalls per round
// trip with one core busy elsewhere; 200 µs spins made none).
// With one usable CPU (@p spin false) there is no spin at all: the peer that would end the wait
// cannot run while this side holds the only CPU, so every turn of a spin is time taken from it.
std::uint32_t wait_while(std::atomic<std::uint32_t>& state, std::uint32_t busy, bool spin) {
    std::int64_t spin_until = 0;  // read the clock only once the first 64 turns did not do
    for (unsigned spins = 0;; ++spins) {
        const std::uint32_t seen = mem::load_acquire(state);
        if ((seen & ~kSleeper) != busy) return seen;
        if (spin && (spins & 63) != 63) {
            cpu_relax();
            continue;
        }
        if (spin && spin_until == 0) spin_until = monotonic_ns() + kSpinNanoseconds;
        if (spin && monotonic_ns() < spin_until) {
            cpu_relax();
            continue;
        }
        if (seen == busy && !mem::compare_exchange(state, busy, busy | kSleeper)) continue;  // it changed
        sys::futex_wait(&state, busy | kSleeper);
    }
}

// Sets @p state to @p value (a release: the slot's data is visible to whoever sees @p value) and
// wakes the peer if it went to sleep on the word.
void publish(std::atomic<std::uint32_t>& state, std::uint32_t value) {
    if ((mem::exchange(state, value) & kSleeper) != 0) sys::futex_wake(&state, 1);
}

// Names the region's parts for the trace and the viewer ("ring 1 · slot 3 · state" rather than an
// offset). Optional: it changes nothing in the channel, and does nothing outside a traced run.
void describe_layout(const RegionHeader& header, std::size_t message_size) {
    layout::describe("header", &header, 1, sizeof header,
                     {{"slot_count", offsetof(RegionHeader, slot_count), sizeof header.slot_count},
                      {"ring_count", offsetof(RegionHeader, ring_count), sizeof header.ring_count},
                      {"slot_stride", offsetof(RegionHeader, slot_stride), sizeof header.slot_stride},
                      {"ring_offset", offsetof(RegionHeader, ring_offset), sizeof header.ring_offset}});
    const std::byte* rings = reinterpret_cast<const std::byte*>(&header) + header.ring_offset;
    for (std::uint32_t ring = 0; ring < header.ring_count; ++ring) {
        layout::describe(ring == 0 ? "ring 0" : "ring 1", rings + ring * header.slot_count * header.slot_stride,
                         header.slot_count, header.slot_stride,
                         {{"state", offsetof(SlotHeader, state), sizeof(std::uint32_t)},
                          {"size", offsetof(SlotHeader, size), sizeof(std::uint32_t)},
                          {"sequence", offsetof(SlotHeader, sequence), sizeof(std::uint64_t)},
                          {"data", sizeof(SlotHeader), message_size}});
    }
}

}  // namespace

SlotHeader& ShmChannel::Ring::current(const RegionHeader& header) const {
    // slot_count is a power of two (see setup): a mask, not a division, on every message.
    return *reinterpret_cast<SlotHeader*>(slots + (position & (header.slot_count - 1)) * header.slot_stride);
}

void ShmChannel::setup(const ChannelSpec& spec) {
    spec_ = spec;
    const std::size_t stride = round_up(sizeof(SlotHeader) + spec.message_size, kLinePair);
    const auto slots = static_cast<std::uint32_t>(std::bit_floor(std::clamp<std::size_t>(kRingBytes / stride, 2, kMaxSlots)));
    const std::uint32_t rings = spec.duplex ? 2 : 1;
    const std::size_t ring_offset = round_up(sizeof(RegionHeader), kLinePair);
    const std::size_t bytes = ring_offset + std::size_t{rings} * slots * stride;

    // O_EXCL: fail rather than share an object someone else made; 0600: only this user may map it.
    name_ = "/" + run_scoped_name("shm");
    Fd object = sys::shm_open(name_, O_CREAT | O_EXCL | O_RDWR, 0600);
    sys::ftruncate(object.get(), static_cast<off_t>(bytes));  // new objects read as zeros: all slots kEmpty
    region_ = sys::mmap(bytes, PROT_READ | PROT_WRITE, MAP_SHARED, object.get());
    // The mapping keeps the object alive; the descriptor is no longer needed.
    header_of(region_) = RegionHeader{slots, rings, stride, ring_offset};
    describe_layout(header_of(region_), spec.message_size);
}

void ShmChannel::open(Side side) {
    // fork() gave the child the parent's MAP_SHARED mapping: both processes have it mapped now,
    // so the name can go. (Unrelated processes would each shm_open the name and mmap it.)
    if (side == Side::parent) remove_name();
    name_.clear();
    const RegionHeader& header = header_of(region_);
    std::byte* rings = static_cast<std::byte*>(region_.get()) + header.ring_offset;
    const std::size_t ring_bytes = std::size_t{header.slot_count} * header.slot_stride;
    std::byte* to_child = rings;
    std::byte* to_parent = rings + ring_bytes;  // only when duplex
    out_.slots = side == Side::parent ? to_child : (spec_.duplex ? to_parent : nullptr);
    in_.slots = side == Side::parent ? (spec_.duplex ? to_parent : nullptr) : to_child;
    writing_ = out_.slots != nullptr;
}

void ShmChannel::send(std::span<const std::byte> message) {
    SlotHeader& slot = out_.current(header_of(region_));
    wait_while(slot.state, kFull, spec_.cpus > 1);  // the reader has not taken the previous message in this slot yet
    slot.size = static_cast<std::uint32_t>(message.size());
    slot.sequence = ++out_.position;
    mem::copy(&slot + 1, message.data(), message.size());
    publish(slot.state, kFull);
}

std::size_t ShmChannel::receive(std::span<std::byte> message) {
    SlotHeader& slot = in_.current(header_of(region_));
    const std::uint32_t state = wait_while(slot.state, kEmpty, spec_.cpus > 1) & ~kSleeper;
    if (state == kClosed) return 0;
    if (slot.size != message.size() || slot.sequence != in_.position + 1) {
        throw ProtocolError("slot holds message " + std::to_string(slot.sequence) + " of " +
                            std::to_string(slot.size) + " bytes, expected message " +
                            std::to_string(in_.position + 1) + " of " + std::to_string(message.size()));
    }
    mem::copy(message.data(), &slot + 1, message.size());
    ++in_.position;
    publish(slot.state, kEmpty);
    return message.size();
}

void ShmChannel::close() {
    if (region_ && writing_) {
        // End of stream: the next slot says kClosed once the reader has emptied it.
        SlotHeader& slot = out_.current(header_of(region_));
        wait_while(slot.state, kFull, spec_.cpus > 1);
        publish(slot.state, kClosed);
        writing_ = false;
    }
    region_.reset();
    remove_name();
}

void ShmChannel::remove_name() {
    if (name_.empty()) return;
    const std::string name = std::exchange(name_, std::string());
    sys::shm_unlink(name);
}

}  // namespace ipcviz::labs
