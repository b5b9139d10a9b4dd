#pragma once
/** @file
 *  The kernel-side audit: syscalls a process really made, counted by ptrace as strace does,
 *  independent of the sys:: wrappers.
 */
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ipcviz {

/**
 * What ptrace saw one process do inside the run's measured window (from the harness's marker
 * before its first message to the one after its last).
 *
 * Data calls — every syscall that moves payload bytes — are also sorted by the way their bytes go,
 * keyed by the call and its descriptor ("write(fd 4)", "readv(fd 5)", "splice(fd 3 → fd 6)"):
 *  - sends: out of the process's memory (write, writev, pwrite64, pwritev, pwritev2, sendto, sendmsg,
 *    sendmmsg, vmsplice into a pipe, process_vm_writev into another process);
 *  - receives: into its memory (read, readv, pread64, preadv, preadv2, recvfrom, recvmsg, recvmmsg,
 *    vmsplice out of a pipe, process_vm_readv);
 *  - transfers: from one descriptor to another without passing through the process's memory
 *    (splice, tee, sendfile, copy_file_range).
 * The byte counts add up what the kernel reported at each call's exit (its return value, or for
 * sendmmsg and recvmmsg the msg_len of every message it handled).
 */
struct AuditCounts {
    std::map<std::string, std::uint64_t> calls;  ///< every syscall by name ("write", "futex", ...)
    std::map<std::string, std::uint64_t> sends;      ///< data calls out of the process's memory, by call and fd
    std::map<std::string, std::uint64_t> receives;   ///< data calls into the process's memory, by call and fd
    std::map<std::string, std::uint64_t> transfers;  ///< descriptor-to-descriptor data calls, by call and fds
    std::uint64_t bytes_to_kernel = 0;      ///< bytes the sends moved
    std::uint64_t bytes_from_kernel = 0;    ///< bytes the receives moved
    std::uint64_t bytes_within_kernel = 0;  ///< bytes the transfers moved
    /// What the process named to the kernel over its whole life (not only the window), read from
    /// its memory at the call: "bind 127.0.0.1:40123", "bind unix /tmp/ipcviz-1-sock-x/ipc.sock",
    /// "create /dev/shm/ipcviz-1-shm mode 0600 exclusive".
    std::vector<std::string> objects;

    // What the harness's caller read from /proc while the process was stopped by ptrace, never from
    // the process's own memory (which its code could write).
    /// Descriptors it held at the first message (the window's opening marker) beyond those the
    /// run's parent side held before setup(): "4 -> pipe:[123] (write end)".
    std::vector<std::string> fds_at_first_message;
    /// The same once its side's close() had returned: what it left open.
    std::vector<std::string> fds_after_close;
    bool after_close_seen = false;  ///< whether the audit saw the harness's after-close marker (fds_after_close is known)
    /// Its mappings of a shared-memory object (/dev/shm, a memfd) once close() had returned, from
    /// /proc/PID/maps: "7f01…-7f02… rw-s /dev/shm/ipcviz-1-shm (deleted)". What it left mapped.
    std::vector<std::string> mappings_after_close;
    /// Names it created (a /dev/shm object, a socket file and its directory) that still existed at
    /// its first message: "/dev/shm/ipcviz-1-shm".
    std::vector<std::string> names_at_first_message;
    /// For each syscall counted in the window (in order): how many messages (round trips, for a
    /// round trip) the run's receiving side had got when the call was made. The harness keeps that
    /// count in the run's shared region, which the channel's process could write: use it only where
    /// the tracer's own times (call_times, quiet) back it up.
    std::vector<std::uint64_t> call_positions;
    /// For each of those syscalls: when the tracer saw its entry (CLOCK_MONOTONIC, the tracer's).
    std::vector<std::int64_t> call_times;
    /// Stretches of the run in which neither side was inside a syscall, measured by the tracer at
    /// its own stops (never read from either process's memory): from the moment both sides' windows
    /// were open to the first close marker, each stretch between two syscall stops of either side
    /// (entry or exit) during which no task of either side was inside a counted call. A stretch is
    /// weighed by the lesser of the two sides' CPU time in it (clock_getcpuclockid): both sides must
    /// run for a message to move, so time in which one was preempted or both were throttled does not
    /// count. The same figures are in both sides' counts (zero when the two windows never overlapped).
    struct QuietTime {
        /// One overlap of the two sides' quiet periods that weighed anything.
        struct Stretch {
            std::int64_t from_ns = 0;    ///< its start, by the tracer's CLOCK_MONOTONIC
            std::int64_t to_ns = 0;      ///< its end
            std::int64_t weight_ns = 0;    ///< the time both sides surely ran at once in it
            std::int64_t possible_ns = 0;  ///< the most time both sides can have run at once in it
        };
        std::vector<Stretch> weighed;  ///< every overlap in which both may have run, in time order
        std::int64_t started_ns = 0;  ///< when the second window opened (tracer's clock)
        std::int64_t ended_ns = 0;    ///< when the first window closed
        std::int64_t total_ns = 0;    ///< the weights summed over every stretch
        std::int64_t longest_ns = 0;  ///< the heaviest single stretch
        std::int64_t longest_wall_ns = 0;  ///< that stretch by the tracer's CLOCK_MONOTONIC
        std::uint64_t stretches = 0;  ///< how many stretches there were
        std::int64_t overlap_ns = 0;  ///< how long both windows were open, by the tracer's clock
    };
    QuietTime quiet;  ///< see QuietTime
    /// What the process did to the audit itself, each once ("close(0x1bcd0002): a harness marker
    /// made again or out of order", "prctl(PR_SET_DUMPABLE): hides /proc from the grader"): the
    /// harness makes each of its markers once per side, in order, from the side's own process, and
    /// a channel has no reason to change whether it may be inspected. Empty for an honest channel.
    std::vector<std::string> tampering;
    /**
     * What the process did inside its side's open(), from the harness's marker before the call to
     * the one after it (the side's start-up delay, Workload::open_delay, comes before). A channel
     * whose peer set everything up in setup() has nothing to wait for there; one that waits for its
     * peer by retrying shows it in these counts: failed connect() or shm_open() calls, sleeps.
     */
    struct OpenCalls {
        /// Every syscall by name; an openat() or open() of a name under /dev/shm (what shm_open()
        /// does) is counted as "shm_open".
        std::map<std::string, std::uint64_t> calls;
        /// The calls that failed, by name and errno ("connect ECONNREFUSED", "shm_open ENOENT").
        std::map<std::string, std::uint64_t> failures;
        /// Every connect(), by the address it named, then by its outcome ("ok" or the errno's name):
        /// {"127.0.0.1:40123": {"ECONNREFUSED": 30, "ok": 1}, "unix /var/run/nscd/socket": {"ENOENT": 2}}.
        /// Addresses are named as in AuditCounts::objects ("[::1]:40123", "unix /tmp/d/ipc.sock", "family 0"), those
        /// of UDP sockets as "udp 127.0.0.1:40123" (glibc's getaddrinfo() connects UDP sockets to rank
        /// the addresses it found): see aimed_at_peer().
        std::map<std::string, std::map<std::string, std::uint64_t>> connects;
        /// Waits that ended with nothing ready because their timeout ran out (poll, ppoll, select,
        /// pselect6, epoll_wait, epoll_pwait, epoll_pwait2 returning 0), by name.
        std::map<std::string, std::uint64_t> timeouts;
        bool begun = false;  ///< the marker before open() was seen
        bool ended = false;  ///< the marker after it: open() returned
    };
    OpenCalls open;  ///< see OpenCalls
    /// TCP segments its sockets sent inside the window (tcpi_segs_out, summed), read by the tracer
    /// at the window's markers from copies of its socket descriptors (pidfd_getfd), not in the process.
    std::uint64_t tcp_segments_out = 0;
    /// Why those could not be read ("pidfd_getfd: Operation not permitted"); empty when they were.
    std::string tcp_unreadable;
    std::uint64_t futex_sleeps = 0;   ///< FUTEX_WAIT calls that slept and were woken (returned 0)
    /// Time inside those calls, from the entry stop to the exit stop (the tracer's clock): how long
    /// it slept until woken, whether in many short sleeps or a few long ones.
    std::int64_t futex_sleep_ns = 0;
    std::uint64_t futex_wakes = 0;    ///< FUTEX_WAKE calls that woke at least one sleeper
    std::int64_t window_ns = 0;       ///< time between its window markers, by the tracer's clock
    std::int64_t cpu_ns = 0;          ///< CPU time (every thread) inside the window, from schedstat
    /// Time (every thread) it was ready to run inside the window but waited for a CPU that other
    /// processes held (schedstat's run delay): what the machine, not the channel, cost it.
    std::int64_t runqueue_ns = 0;
    std::uint64_t voluntary_switches = 0;    ///< context switches inside the window: it blocked
    std::uint64_t involuntary_switches = 0;  ///< it was preempted

    /**
     * @param name a syscall's name
     * @return its count, 0 when never seen
     */
    std::uint64_t count(const std::string& name) const;
    /** @return every syscall in the window. */
    std::uint64_t total() const;
    /** @return the data calls that moved bytes out of the process's memory (the sends). */
    std::uint64_t send_calls() const;
    /** @return the data calls that moved bytes into the process's memory (the receives). */
    std::uint64_t receive_calls() const;
    /** @return the descriptor-to-descriptor data calls (the transfers). */
    std::uint64_t transfer_calls() const;
};

/**
 * Whether a connect() to @p target can have been aimed at the peer process that bound what
 * @p peer_objects lists: a socket file it bound (the same path), or an IP address it bound (the same
 * address, or any of its family for 0.0.0.0 and any at all for [::], on the same port, any port when
 * it bound port 0 and let the kernel choose). A UDP address ("udp 127.0.0.1:40123") is never the
 * peer's TCP port. A connect() aimed elsewhere — glibc's name lookup asking nscd
 * ("unix /var/run/nscd/socket"), an address the peer does not listen on ("[::1]:40123" when it bound
 * 127.0.0.1) — fails whenever the peer starts: its failure does not show a side waiting for its peer.
 *
 * @param target a key of AuditCounts::OpenCalls::connects
 * @param peer_objects the peer's AuditCounts::objects ("bind 127.0.0.1:0", "bind unix /tmp/d/ipc.sock")
 * @return true when @p target matches one of the peer's bind() addresses, and also when the peer
 *         bound nothing (then nothing tells where it listens, and every connect() may be aimed at it)
 */
bool aimed_at_peer(const std::string& target, const std::vector<std::string>& peer_objects);

/**
 * @param number a syscall number of this architecture
 * @return its name ("write"), or "syscall_N" for one the kit does not name
 */
std::string syscall_name(long number);

}  // namespace ipcviz
