#pragma once
// The block of MAP_SHARED memory through which the caller and the two processes of a run talk:
// each side writes its own SideShared, the caller reads both after the run. Fixed-size and
// trivially copyable so that it can live in shared memory; variable parts follow it in the region.
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "ipcviz/counters.hpp"
#include "ipcviz/live.hpp"
#include "ipcviz/mechanism.hpp"
#include "ipcviz/run_result.hpp"
#include "ipcviz/trace.hpp"
#include "layout_table.hpp"

namespace ipcviz::detail {

inline constexpr std::size_t kCacheLine = 64;

// Markers the harness passes to close(2) so that the ptrace audit sees where the measured window
// opens and closes: such huge descriptors cannot be open, so the calls only fail with EBADF.
inline constexpr long kWindowOpenMarker = 0x1bcd0001;
inline constexpr long kWindowCloseMarker = 0x1bcd0002;
// After a side's close() returned, just before it exits: the audit lists its descriptors there.
inline constexpr long kAfterCloseMarker = 0x1bcd0003;
// Around a side's open() (after its Workload::open_delay): what the audit sees between them is the
// channel's open() alone, where a side that waits for its peer (retries, sleeps) shows.
inline constexpr long kOpenBeginMarker = 0x1bcd0004;
inline constexpr long kOpenEndMarker = 0x1bcd0005;

// Exit statuses of a side: it failed itself (and wrote why), or it stopped because the other side
// failed first (and is not to blame).
inline constexpr int kSideFailed = 1;
inline constexpr int kStoppedForPeer = 2;

struct alignas(kCacheLine) SideShared {
    std::atomic<std::int32_t> pid{0};
    std::atomic<std::uint32_t> failed{0};  // set (release) once `error` is written
    std::int64_t error_ns = 0;              // when the error happened
    char error[768] = {};
    Counters counters;  // inside the window
    std::uint64_t voluntary_switches = 0;
    std::uint64_t involuntary_switches = 0;
    std::int64_t user_ns = 0;
    std::int64_t system_ns = 0;
    std::int64_t window_start_ns = 0;
    std::int64_t window_end_ns = 0;
    std::uint64_t delivered = 0;  // messages this side received and checked (whole; and unchanged when verifying)
    char leaked_fds[1024] = {};   // "fd -> target" lines
    // Traced runs: the descriptors this side held beyond the pre-setup set, at three moments (see
    // DescriptorSnapshot): "fd access target" lines, and when (0: not taken).
    char fd_snapshots[3][768] = {};
    std::int64_t fd_snapshot_ns[3] = {0, 0, 0};
    TcpCounters tcp;              // inside the window
    char endpoint[128] = {};      // the local address of its socket (see socket_endpoint)
    std::uint32_t finished = 0;
    std::int32_t child_status = 0;  // parent side only: how the child ended
    std::uint32_t child_reaped = 0;
    CallInProgress now;  // the sys::/mem:: call this side is inside (TraceContext::now points here)
};

struct RunControl {
    alignas(kCacheLine) std::atomic<std::uint32_t> arrived{0};  // barrier: sides ready to measure
    SideShared sides[2];
    std::size_t messages = 0;
    // Per message: one-way, [0] = send start (parent) and [1] = receive end (child);
    // round trip, [0] = send start and [1] = echo received, both stamped by the parent.
    std::int64_t* stamps[2] = {nullptr, nullptr};
    TraceRing* ring = nullptr;
    LayoutTable layout;  // what the channel said about its mappings (layout::describe)
    LiveGate gate;       // live runs: where the sides stop before each call (TraceContext::gate)
};

// Lays out a RunControl, its stamp arrays and (optionally) a trace ring in one region.
std::size_t run_region_bytes(const Workload& workload);
RunControl* create_run_control(void* region, const Workload& workload);

// The two sides of a run (run_sides.cpp). Each returns only through _exit.
[[noreturn]] void run_parent_side(RunControl& control, const Mechanism& mechanism,
                                  const ChannelFactory& factory, const Workload& workload);

}  // namespace ipcviz::detail
