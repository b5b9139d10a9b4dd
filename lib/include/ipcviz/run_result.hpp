#pragma once
/** @file
 *  Workload (what to run) and RunResult (everything measured about one real two-process run).
 */
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipcviz/audit.hpp"
#include "ipcviz/counters.hpp"
#include "ipcviz/layout.hpp"
#include "ipcviz/trace.hpp"

namespace ipcviz {

class LiveRun;

/** How messages flow. */
enum class Pattern {
    one_way,     ///< the parent streams messages, the child receives them
    round_trip,  ///< the parent sends each message, the child echoes it, the parent receives it
};

/**
 * A fault the harness makes happen on purpose in a one-way run, once Workload::messages whole
 * messages have arrived (the graded error paths). The harness produces it on the channel's own
 * descriptors, found among those the side opened (a connected socket, a pipe's write end), never
 * through the channel's code. Shared memory has no descriptor to fault: not for the shm lab.
 */
enum class Fault {
    none,
    /// The writer side writes part of one more message on its descriptor (Lab 02/03: the 4-byte
    /// prefix and half the payload; a pipe: half the payload), then closes every descriptor the
    /// channel made without calling close(), as a process that dies does. The reader's next
    /// receive() must throw ProtocolError.
    torn_message,
    /// The same, with SO_LINGER 0 set on the writer's sockets first, so that TCP resets the
    /// connection (RST) instead of closing it. The reader's next receive() must throw (ProtocolError
    /// or SysError), not return.
    torn_then_reset,
    /// The writer side writes the first 2 bytes of one more message (Lab 02/03: half its 4-byte
    /// length prefix; a pipe: 2 bytes of payload, or 1 of a 2-byte message), then vanishes as for
    /// torn_message. 2 bytes are inside the framing of any channel that frames with 3 bytes or
    /// more, so a receive() that takes an end inside its header for a clean end is caught. The
    /// reader's next receive() must throw ProtocolError.
    torn_prefix,
    /// The same, with the connection reset (as torn_then_reset). receive() must throw
    /// (ProtocolError or SysError), not return.
    torn_prefix_then_reset,
    /// The writer side resets the connection right after a whole message: no byte of a next
    /// message, SO_LINGER 0 on its sockets, then it closes every descriptor the channel made, as
    /// torn_then_reset. Over TCP the reader's next recvmsg() fails with ECONNRESET before the
    /// first byte of a message, which Lab 03 takes for end of stream: receive() must return 0.
    /// (A pipe or a Unix socket has no reset: a plain end of stream, and receive() returns 0 too.)
    reset_between_messages,
    /// The reader side closes every descriptor the channel made without calling close() and ends,
    /// as a process that dies does; the writer, once it has ended, keeps sending. A send() must then
    /// throw SysError (EPIPE or ECONNRESET) within 2 s; death by SIGPIPE fails.
    reader_dies,
    /// The same, with SO_LINGER 0 set on the reader's sockets first: TCP resets the connection.
    reader_resets,
};

/** One run's parameters. */
struct Workload {
    Pattern pattern = Pattern::one_way;  ///< streaming or ping-pong
    std::size_t messages = 10;           ///< how many messages (round trips for round_trip)
    std::size_t message_size = 64;       ///< bytes per message, at least 1
    bool trace = true;                   ///< record events in the trace ring
    /// Fill each message with its own pattern and check every byte on arrival. Off only for timing
    /// (the benchmark): then every message carries message 0's bytes and only its size is checked.
    bool verify = true;
    /// Stamp every message's send and arrival (for latency percentiles). Off, only the window is
    /// timed: latency is then the window ÷ messages, measured as a raw loop would be.
    bool per_message_times = true;
    bool audit = false;                  ///< count the window's syscalls by ptrace (slow: small runs)
    bool expect_eof = false;  ///< one-way: after the last message the child must see end of stream
    /// One-way with expect_eof: once its last message is sent, the parent waits (up to 300 ms) until
    /// the kernel shows the child asleep in a futex wait (/proc/PID/syscall) — its receive() of the
    /// end of stream — before it calls close(): a close() that does not wake a sleeping reader then
    /// leaves it asleep, on any number of CPUs.
    bool close_when_reader_sleeps = false;
    /// One-way, traced: the child's first receive() is held just before its first mem::copy until
    /// the kernel shows the parent blocked (state S: waiting at a full ring, say) or 300 ms have
    /// passed. With a ring the parent has filled while the child paused, a reader that hands the
    /// place back before it copies the message out lets the writer overwrite it first, every run.
    bool hold_first_copy_until_writer_waits = false;
    /// One-way, traced: the child's last receive() makes this many sys:: calls or mem:: operations
    /// (those before it saw no message: the parent sends it only then) and is held before the next
    /// until the parent has sent the last message and returned from close() (the hold gives up after
    /// 1 s); 0: no hold. With 1, a reader that finds its slot empty and then looks at an
    /// end-of-stream mark before it looks at the slot again sees the mark first, every run.
    std::uint32_t hold_last_receive_after = 0;
    /// The same hold, placed instead before the child's last receive() first operates on a word in
    /// shared memory other than the first word it touched (the parent waits for that, or for the
    /// child asleep in futex_wait: a reader that waits on its one word alone is never held). A reader
    /// that sets its sleeper flag on its slot and then looks at an end-of-stream flag elsewhere,
    /// without looking at the slot again, sees the flag first, every run.
    bool hold_last_receive_at_other_word = false;
    /// Signal the parent every 200 µs (SIGALRM, no SA_RESTART) while it sends: a blocked call that
    /// has moved nothing fails with EINTR (the sys:: wrappers retry it), one that has moved some
    /// bytes returns fewer than asked.
    bool interrupt_writes = false;
    bool interrupt_reads = false;   ///< the same for the child while it receives
    /// One-way, after the last message and outside the measured window: this many more messages
    /// (3 at most, 64 KiB at most), each frame written by the harness in three pieces, cut 1, 2 or 3
    /// bytes into the frame (inside a length prefix) and inside the payload; each piece is read by
    /// the child before the next is written. The frame is the channel's own: the harness captures
    /// what send() writes (see pieces.hpp). The child must return each message whole.
    std::uint32_t frames_in_pieces = 0;
    /// Delay each side's open() by this much (parent, child): one side starts late on purpose, so
    /// that a channel whose open() depends on the order the sides start fails every run.
    std::chrono::milliseconds open_delay[2] = {std::chrono::milliseconds{0}, std::chrono::milliseconds{0}};
    Fault fault = Fault::none;      ///< an error path to exercise (one-way only), see Fault
    /// The parent side calls close() right after fork(), with no open() before it, as after an
    /// open() that failed at its first call; the child side ends at once, touching nothing of the
    /// channel (its inherited copies go with it). No message moves (the run is ok when nothing
    /// failed): what setup() made must be gone after that one close(), which must not throw.
    bool close_unopened = false;
    std::chrono::microseconds send_interval{0};  ///< the parent pauses this long before each send
    /// The child pauses this long before each receive: a slow reader, so that the writer fills the
    /// channel and waits on it (how a shared-memory ring behaves when full is graded with it).
    std::chrono::microseconds receive_interval{0};
    /// With receive_interval: the child pauses before only its first this-many receives (0: before
    /// every one), then takes the rest at full speed. A ring the writer filled during those pauses
    /// drains at once, so a run can hold a writer at a full ring of any size up to the messages it
    /// sends without pausing once per message of that ring.
    std::size_t paced_receives = 0;
    bool tcp_nodelay = true;        ///< ChannelSpec::tcp_nodelay
    bool header_apart = false;      ///< ChannelSpec::header_apart
    /// Pin the parent side to CPU pin_cpus[0] and the child side to pin_cpus[1] (-1: leave to the
    /// scheduler). The benchmark pins them apart: whether two processes share a CPU changes a round
    /// trip tenfold here, and that is the scheduler's choice, not the mechanism's cost.
    int pin_cpus[2] = {-1, -1};
    std::chrono::milliseconds deadline{10000};  ///< kill the run after this (times IPCVIZ_TIMEOUT_SCALE)
    std::size_t trace_capacity = 1 << 16;       ///< events kept (the most recent)
    /// A live run (see live.hpp): both sides stop before each sys:: call and mem:: operation until
    /// this handle lets them go; run() attaches it only while it runs. Needs trace, excludes audit.
    LiveRun* live = nullptr;
};

/** TCP's own work, from getsockopt(TCP_INFO) on a side's TCP sockets (all zero for other mechanisms). */
struct TcpCounters {
    std::uint64_t segments_out = 0;    ///< tcpi_segs_out: segments sent, including pure ACKs
    std::uint64_t segments_in = 0;     ///< tcpi_segs_in: segments received
    std::uint64_t retransmits = 0;     ///< tcpi_total_retrans
    std::uint64_t bytes_sent = 0;      ///< tcpi_bytes_sent: payload bytes sent (with retransmits)
    std::uint64_t bytes_acked = 0;     ///< tcpi_bytes_acked: payload bytes the peer acknowledged
    std::uint64_t bytes_received = 0;  ///< tcpi_bytes_received
    /** @return true when no TCP socket was seen (or nothing moved). */
    bool empty() const noexcept { return segments_out == 0 && segments_in == 0; }
};

/** One descriptor a process held. */
struct OpenDescriptor {
    int fd = -1;         ///< its number
    int access = -1;     ///< O_RDONLY, O_WRONLY or O_RDWR (from /proc/PID/fdinfo); -1 if unknown
    std::string target;  ///< what /proc/PID/fd/N links to: "pipe:[1234]", "socket:[99]", "/dev/shm/…"
};

/**
 * The descriptors one side of a traced run held at one moment, beyond those its process had before
 * setup() (stdin, stdout, stderr, the harness's own). Read from /proc by the side itself, outside
 * the measured window; between two such moments the trace's calls (pipe, socket, accept, shm_open,
 * close) tell what changed, and the next snapshot shows what they could not (a raw syscall).
 */
struct DescriptorSnapshot {
    /** When the side looked. */
    enum class Moment {
        after_setup,  ///< the parent side, after setup(), just before fork(): what the child inherits
        after_open,   ///< after open(): what the side keeps for the transfer
        after_close,  ///< after close(): leaks
    };
    Moment moment = Moment::after_open;  ///< when
    std::int64_t at_ns = 0;              ///< CLOCK_MONOTONIC then (comparable with trace stamps)
    std::vector<OpenDescriptor> fds;     ///< by number
};

/** What one process of the run did and how it ended. */
struct SideReport {
    std::string role;           ///< "Parent", "Server", ...
    std::string duty;           ///< "writer", "reader"
    pid_t pid = 0;              ///< its real pid
    std::optional<int> status;  ///< its wait status, if it was reaped
    std::string error;          ///< what went wrong in it, empty if nothing
    std::string blocked_in;     ///< when killed at the deadline: the syscall it was blocked in
    /// The sys:: call (or, traced, mem:: operation) it was inside when the run ended, as trace text
    /// names it: "futex_wait(ring 0 · slot 1 · state, 4)"; empty when it was in none.
    std::string in_call;
    Counters counters;          ///< its sys::/mem:: counts inside the measured window
    std::optional<AuditCounts> audit;  ///< what ptrace counted inside the window (Workload::audit)
    std::uint64_t voluntary_switches = 0;    ///< getrusage: blocked and gave up the CPU
    std::uint64_t involuntary_switches = 0;  ///< getrusage: preempted
    std::int64_t user_ns = 0;                ///< CPU time in user mode inside the window
    std::int64_t system_ns = 0;              ///< CPU time in the kernel inside the window
    std::vector<std::string> leaked_fds;     ///< descriptors still open after close(): "4 -> pipe:[123]"
    TcpCounters tcp;                         ///< TCP_INFO's counters inside the window (TCP only)
    std::string endpoint;  ///< its socket's local address: "/tmp/.../ipc.sock", "127.0.0.1:40123"; else empty
    bool finished = false;                   ///< completed every step of its side
    std::vector<DescriptorSnapshot> descriptors;  ///< traced runs: its descriptors at each moment it looked
};

/** Per-message figures derived from a run. */
struct Metrics {
    double syscalls = 0;          ///< syscalls per message, both sides (wrapper counts)
    double kernel_copies = 0;     ///< payload bytes across the user/kernel boundary ÷ message size
    double user_copies = 0;       ///< payload bytes copied in user space ÷ message size
    double context_switches = 0;  ///< voluntary + involuntary, both sides, per message
    double tcp_segments = 0;      ///< TCP segments sent by both sides per message (0 if not TCP)
    double latency_mean_ns = 0;   ///< one-way: send start → receive end; round trip: the whole trip
    double latency_p50_ns = 0;    ///< median of the same
    double latency_p99_ns = 0;    ///< 99th percentile of the same
    double messages_per_s = 0;    ///< messages ÷ measured window
    double megabytes_per_s = 0;   ///< payload MB (10^6 bytes) ÷ measured window
};

/** Everything measured about one run. Nothing downstream re-runs or re-derives it. */
struct RunResult {
    std::string mechanism;         ///< "pipe"
    Workload workload;             ///< what was asked for
    bool ok = false;               ///< every message arrived whole and in order; both sides finished
    bool timed_out = false;        ///< the deadline was reached and the run was killed
    std::string failure;           ///< the first thing that went wrong, one sentence; empty if ok
    std::size_t messages_delivered = 0;  ///< messages the receiving side got right, in order
    std::size_t messages_moved = 0;      ///< deliveries the per-message figures divide by
    SideReport sides[2];                 ///< parent, child
    std::int64_t window_ns = 0;          ///< first send start → last receive end
    Metrics metrics;                     ///< per-message figures
    std::vector<std::string> leftovers;  ///< IPC objects found (and removed) after the run
    /// Processes of the run still running once both sides had ended (they had left the run's
    /// process group: setsid(), a double fork), killed by the harness: "pid 1234 (name)"
    std::vector<std::string> escaped_processes;
    std::vector<TraceEvent> trace;       ///< the recorded events, oldest first
    std::uint64_t trace_dropped = 0;     ///< events that did not fit in the ring
    RegionLayout layout;  ///< names for the shared mappings, as the channel described them (traced runs)

    /**
     * @param which a side of the run
     * @return its report
     */
    const SideReport& side(Side which) const { return sides[static_cast<int>(which)]; }
};

}  // namespace ipcviz
