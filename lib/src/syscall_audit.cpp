#include "syscall_audit.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <limits.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <utility>

#include "ipcviz/trace.hpp"
#include "proc_fds.hpp"
#include "run_control.hpp"

namespace ipcviz::detail {

namespace {
using Flow = DataFlow;

// A clock the vDSO reads without entering the kernel, where the machine's clock source allows it.
// A CPU-time clock (std::clock(), CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, a process's or
// thread's clock: negative ids) is a syscall on every machine.
bool is_vdso_clock(clockid_t clock) {
    switch (clock) {
        case CLOCK_REALTIME:
        case CLOCK_MONOTONIC:
        case CLOCK_MONOTONIC_RAW:
        case CLOCK_REALTIME_COARSE:
        case CLOCK_MONOTONIC_COARSE:
        case CLOCK_BOOTTIME:
        case CLOCK_TAI:
            return true;
        default:
            return false;
    }
}

bool is_cpu_time_clock(clockid_t clock) {
    return clock < 0 || clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
}

// The calls glibc answers from the vDSO where the machine's clock source allows it.
bool is_vdso_clock_call(long number, std::uint64_t first_argument) {
    switch (number) {
        case SYS_clock_gettime:
        case SYS_clock_getres:
            return is_vdso_clock(static_cast<clockid_t>(first_argument));
        case SYS_gettimeofday:
        case SYS_getcpu:
#ifdef SYS_time
        case SYS_time:
#endif
            return true;
        default:
            return false;
    }
}

// The name a counted call is listed by: its syscall's, and for a read of a CPU-time clock, which a
// student meets as std::clock(), what makes it a syscall.
std::string counted_name(long number, std::uint64_t first_argument) {
    const bool clock_call = number == SYS_clock_gettime || number == SYS_clock_getres;
    if (clock_call && is_cpu_time_clock(static_cast<clockid_t>(first_argument))) {
        return syscall_name(number) + " (CPU-time clock: std::clock())";
    }
    return syscall_name(number);
}

// Copies @p length bytes at @p address out of the stopped process @p pid.
std::string read_memory(pid_t pid, std::uint64_t address, std::size_t length) {
    std::string bytes(length, '\0');
    iovec local{bytes.data(), length};
    iovec remote{reinterpret_cast<void*>(address), length};
    const ssize_t got = ::process_vm_readv(pid, &local, 1, &remote, 1, 0);
    bytes.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return bytes;
}

std::string read_path(pid_t pid, std::uint64_t address) {
    std::string path = read_memory(pid, address, PATH_MAX);
    return path.substr(0, path.find('\0'));
}

// The address at @p address (@p length bytes) in the stopped process @p pid, as the audit names it:
// "127.0.0.1:40123", "[::1]:40123", "unix /tmp/d/ipc.sock", "family 0"; "?" when unreadable. An IP
// address of a datagram socket (@p type SOCK_DGRAM) is marked "udp 127.0.0.1:40123": UDP ports are
// not TCP's, so it reaches no TCP socket bound there (glibc's getaddrinfo() connects such sockets to
// rank the addresses it found).
std::string describe_address(pid_t pid, std::uint64_t address, std::uint64_t length, int type) {
    const std::string raw = read_memory(pid, address, std::min<std::uint64_t>(length, sizeof(sockaddr_storage)));
    if (raw.size() < sizeof(sa_family_t)) return "?";
    sockaddr_storage found{};
    std::memcpy(&found, raw.data(), raw.size());
    const std::string kind = type == SOCK_DGRAM ? "udp " : "";
    if (found.ss_family == AF_INET && raw.size() >= sizeof(sockaddr_in)) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(found);
        char text[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
        return kind + text + ":" + std::to_string(ntohs(in.sin_port));
    }
    if (found.ss_family == AF_INET6 && raw.size() >= sizeof(sockaddr_in6)) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(found);
        char text[INET6_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
        return kind + "[" + text + "]:" + std::to_string(ntohs(in6.sin6_port));
    }
    if (found.ss_family == AF_UNIX) {
        const auto& un = reinterpret_cast<const sockaddr_un&>(found);
        return "unix " + std::string(un.sun_path, strnlen(un.sun_path, sizeof un.sun_path));
    }
    return "family " + std::to_string(found.ss_family);
}

// The IPC object a call names, for the calls that create one: bind() and a creating openat()
// under /dev/shm (what shm_open does). Empty for any other call. @p type: the socket type of
// bind()'s descriptor, 0 when unknown.
std::string describe_object(pid_t pid, long number, const std::uint64_t (&arguments)[6], int type) {
    if (number == SYS_bind) {
        return "bind " + describe_address(pid, arguments[1], arguments[2], type);
    }
    if (number == SYS_openat && (arguments[2] & O_CREAT) != 0) {
        const std::string path = read_path(pid, arguments[1]);
        if (path.rfind("/dev/shm/", 0) != 0) return {};
        char mode[16];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(arguments[3] & 07777));
        return "create " + path + " mode " + mode + ((arguments[2] & O_EXCL) != 0 ? " exclusive" : "");
    }
    return {};
}

// Which way a data call moves its bytes, the key it is counted under, and where its byte count is.
struct DataCall {
    Flow flow = Flow::none;
    std::string key;                // "write(fd 4)", "splice(fd 3 → fd 6)"
    std::uint64_t mmsg_vector = 0;  // sendmmsg/recvmmsg: the mmsghdr array, whose msg_len fields count
};

std::string on_fd(const char* name, std::uint64_t fd) {
    return std::string(name) + "(fd " + std::to_string(static_cast<int>(fd)) + ")";
}

std::string between(const char* name, std::uint64_t from, std::uint64_t to) {
    return std::string(name) + "(fd " + std::to_string(static_cast<int>(from)) + " → fd " +
           std::to_string(static_cast<int>(to)) + ")";
}

// vmsplice goes either way: into a pipe from a write end, out of it from a read end. The
// descriptor's access mode, from /proc/PID/fdinfo (its "flags:" line, in octal), tells which.
Flow vmsplice_flow(pid_t pid, std::uint64_t fd) {
    // A bad descriptor (-1): the call fails and moves nothing.
    return fd_access_mode(pid, static_cast<int>(fd)) == O_RDONLY ? Flow::from_kernel : Flow::to_kernel;
}

DataCall data_call_of(pid_t pid, long number, const std::uint64_t (&arguments)[6]) {
    const std::string name = syscall_name(number);
    switch (number) {
        case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev: case SYS_pwritev2:
        case SYS_sendto: case SYS_sendmsg:
            return {Flow::to_kernel, on_fd(name.c_str(), arguments[0])};
        case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv: case SYS_preadv2:
        case SYS_recvfrom: case SYS_recvmsg:
            return {Flow::from_kernel, on_fd(name.c_str(), arguments[0])};
        case SYS_sendmmsg:
            return {Flow::to_kernel, on_fd(name.c_str(), arguments[0]), arguments[1]};
        case SYS_recvmmsg:
            return {Flow::from_kernel, on_fd(name.c_str(), arguments[0]), arguments[1]};
        case SYS_vmsplice:
            return {vmsplice_flow(pid, arguments[0]), on_fd(name.c_str(), arguments[0])};
        case SYS_process_vm_writev:
            return {Flow::to_kernel, name + "(pid " + std::to_string(static_cast<pid_t>(arguments[0])) + ")"};
        case SYS_process_vm_readv:
            return {Flow::from_kernel, name + "(pid " + std::to_string(static_cast<pid_t>(arguments[0])) + ")"};
        case SYS_splice: case SYS_copy_file_range:
            return {Flow::within_kernel, between(name.c_str(), arguments[0], arguments[2])};
        case SYS_tee:
            return {Flow::within_kernel, between(name.c_str(), arguments[0], arguments[1])};
        case SYS_sendfile:  // sendfile(out_fd, in_fd, ...)
            return {Flow::within_kernel, between(name.c_str(), arguments[1], arguments[0])};
        default:
            return {};
    }
}

// The thread group (process id) of task @p tid, from /proc/TID/status; @p tid itself if unreadable.
pid_t thread_group(pid_t tid) {
    std::ifstream status("/proc/" + std::to_string(tid) + "/status");
    std::string label;
    while (status >> label) {
        if (label != "Tgid:") continue;
        pid_t group = 0;
        if (status >> group) return group;
        break;
    }
    return tid;
}

// sendmmsg and recvmmsg return how many messages they handled; each message's byte count is the
// msg_len the kernel wrote into its mmsghdr.
std::uint64_t mmsg_bytes(pid_t pid, std::uint64_t vector, std::uint64_t messages) {
    const std::string raw = read_memory(pid, vector, messages * sizeof(mmsghdr));
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i + sizeof(mmsghdr) <= raw.size(); i += sizeof(mmsghdr)) {
        mmsghdr header{};
        std::memcpy(&header, raw.data() + i, sizeof header);
        bytes += header.msg_len;
    }
    return bytes;
}
}  // namespace

pid_t SyscallAudit::owner(pid_t task) const {
    const auto found = owners_.find(task);
    return found == owners_.end() ? task : found->second;
}

void SyscallAudit::on_new_task(pid_t parent, pid_t child) {
    const pid_t side = owner(parent);
    const Process& process = processes_[side];
    if (thread_group(child) == thread_group(parent) || process.in_window || process.in_open) owners_[child] = side;
}

void SyscallAudit::on_entry(pid_t pid, long number, const std::uint64_t (&arguments)[6]) {
    const std::uint64_t first_argument = arguments[0];
    Process& process = processes_[owner(pid)];
    Task& task = tasks_[pid];
    track_socket_types(process, task, number, arguments);
    const int bound_type = number == SYS_bind ? socket_type(process, arguments[0]) : 0;
    if (std::string object = describe_object(pid, number, arguments, bound_type); !object.empty()) {
        // A socket file's directory decides who may reach it: its mode, read now, at the bind.
        const std::string unix_prefix = "bind unix ";
        const bool unix_socket = object.rfind(unix_prefix, 0) == 0 && object.size() > unix_prefix.size();
        process.counts.objects.push_back(object);
        if (unix_socket) {
            const std::string path = object.substr(unix_prefix.size());
            const std::size_t slash = path.rfind('/');
            const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
            const std::string mode = mode_of(pid, directory);
            process.counts.objects.push_back("directory " + directory + " mode " + (mode.empty() ? "?" : mode));
        }
    }
    task.counting_current = false;
    task.futex = 0;
    task.open_call.clear();
    if (number == SYS_close && static_cast<long>(first_argument) == kOpenBeginMarker) {
        if (harness_marker(pid, process, 1, kOpenBeginMarker)) {
            process.in_open = true;
            process.counts.open.begun = true;
        }
        return;
    }
    if (number == SYS_close && static_cast<long>(first_argument) == kOpenEndMarker) {
        if (harness_marker(pid, process, 2, kOpenEndMarker)) {
            process.in_open = false;
            process.counts.open.ended = true;
        }
        return;
    }
    if (number == SYS_close && static_cast<long>(first_argument) == kWindowOpenMarker) {
        if (harness_marker(pid, process, 3, kWindowOpenMarker)) open_window(pid, process);
        return;
    }
    if (number == SYS_close && static_cast<long>(first_argument) == kWindowCloseMarker) {
        if (harness_marker(pid, process, 4, kWindowCloseMarker)) close_window(pid, process);
        return;
    }
    if (number == SYS_close && static_cast<long>(first_argument) == kAfterCloseMarker) {
        if (harness_marker(pid, process, 5, kAfterCloseMarker)) {
            process.counts.fds_after_close = new_descriptors(owner(pid));
            process.counts.mappings_after_close = object_mappings_of(owner(pid));
            process.counts.after_close_seen = true;
        }
        return;
    }
    // The harness makes its sides dumpable (side_confinement.cpp); making one not dumpable hides it.
    if (number == SYS_prctl && static_cast<int>(first_argument) == PR_SET_DUMPABLE && arguments[1] == 0) {
        process.counts.tampering.push_back("prctl(PR_SET_DUMPABLE): hides the process's /proc files from the grader");
    }
    if (process.in_open) open_call_entered(pid, process, task, number, arguments);
    if (!process.in_window) return;
    // A clock read the vDSO serves on most machines reaches the kernel only where the clock source
    // has no vDSO support (Xen's, a TSC found unstable): counted, the same code would get another
    // grade on such a machine. Left out, as the vDSO leaves it out everywhere else. Not a CPU-time
    // clock's: that is a syscall everywhere, and counted.
    if (is_vdso_clock_call(number, first_argument)) return;
    task.counting_current = true;
    ++process.counts.calls[counted_name(number, first_argument)];
    if (delivered_ != nullptr) {
        process.counts.call_positions.push_back(__atomic_load_n(delivered_, __ATOMIC_RELAXED));
        process.counts.call_times.push_back(monotonic_ns());
    }
    // exit and exit_group never reach an exit stop: the task would stay "inside a call" for good.
    if (number != SYS_exit && number != SYS_exit_group && !task.in_call) {
        task.in_call = true;
        quiet_.call_entered(owner(pid));
    }
    if (number == SYS_futex) {
        const auto op = static_cast<int>(arguments[1]) & FUTEX_CMD_MASK;
        task.futex = op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET ? 1 : op == FUTEX_WAKE || op == FUTEX_WAKE_BITSET ? 2 : 0;
        if (task.futex == 1) task.futex_entered_ns = monotonic_ns();
    }
    const DataCall data = data_call_of(pid, number, arguments);
    task.flow = data.flow;
    task.mmsg_vector = data.mmsg_vector;
    switch (data.flow) {
        case Flow::to_kernel: ++process.counts.sends[data.key]; break;
        case Flow::from_kernel: ++process.counts.receives[data.key]; break;
        case Flow::within_kernel: ++process.counts.transfers[data.key]; break;
        case Flow::none: break;
    }
}

void SyscallAudit::on_exit(pid_t pid, std::int64_t value, bool is_error) {
    Task& task = tasks_[pid];
    if (const int type = std::exchange(task.new_socket_type, 0); type != 0 && !is_error) {
        processes_[owner(pid)].socket_types[static_cast<int>(value)] = type;
    }
    if (!task.open_call.empty()) open_call_left(pid, task, value, is_error);
    if (task.in_call) {
        task.in_call = false;
        quiet_.call_left(owner(pid));
    }
    const bool counting = task.counting_current;
    task.counting_current = false;
    if (counting && !is_error && task.futex != 0) {
        AuditCounts& counts = processes_[owner(pid)].counts;
        if (task.futex == 1 && value == 0) {
            ++counts.futex_sleeps;
            counts.futex_sleep_ns += monotonic_ns() - task.futex_entered_ns;
        }
        if (task.futex == 2 && value > 0) ++counts.futex_wakes;
    }
    if (!counting || is_error || value <= 0) return;
    const std::uint64_t moved = task.mmsg_vector != 0
                                    ? mmsg_bytes(pid, task.mmsg_vector, static_cast<std::uint64_t>(value))
                                    : static_cast<std::uint64_t>(value);
    AuditCounts& counts = processes_[owner(pid)].counts;
    switch (task.flow) {
        case Flow::to_kernel: counts.bytes_to_kernel += moved; break;
        case Flow::from_kernel: counts.bytes_from_kernel += moved; break;
        case Flow::within_kernel: counts.bytes_within_kernel += moved; break;
        case Flow::none: break;
    }
}

namespace {
// The path an object entry names: "create /dev/shm/x mode 0600 exclusive", "bind unix /tmp/d/s",
// "directory /tmp/d mode 0700"; empty for one that names no path (a TCP address).
std::string path_of(const std::string& object) {
    for (const char* prefix : {"create ", "directory "}) {
        const std::string p(prefix);
        if (object.rfind(p, 0) == 0) return object.substr(p.size(), object.rfind(" mode ") - p.size());
    }
    const std::string unix_prefix = "bind unix ";
    return object.rfind(unix_prefix, 0) == 0 ? object.substr(unix_prefix.size()) : std::string();
}
}  // namespace

std::vector<std::string> SyscallAudit::new_descriptors(pid_t pid) const {
    std::vector<std::string> fds;
    for (const auto& [fd, target] : descriptors_of(pid)) {
        // The harness's markers fail with EBADF: nothing else of the harness is open in a side.
        // Left out only while the number still names what it named before setup(): a channel that
        // closed stdin by mistake and got 0 back for its pipe is listed.
        const auto before = baseline_.find(fd);
        if (fd != kUnreadable && before != baseline_.end() && before->second == target) continue;
        fds.push_back(std::to_string(fd) + " -> " + target);
    }
    return fds;
}

namespace {
// The name a call inside open() is counted under: "shm_open" for an open of a name under /dev/shm
// (how glibc's shm_open() reaches the kernel, so that the count names what the student wrote),
// the syscall's own otherwise.
std::string open_call_name(pid_t pid, long number, const std::uint64_t (&arguments)[6]) {
    std::uint64_t path = number == SYS_openat ? arguments[1] : 0;
#ifdef SYS_open
    if (number == SYS_open) path = arguments[0];
#endif
    if (path != 0 && read_path(pid, path).rfind("/dev/shm/", 0) == 0) return "shm_open";
    return syscall_name(number);
}

// The waits whose return value 0 means that their timeout ran out with nothing ready.
bool is_timed_wait(const std::string& name) {
    static const std::set<std::string> kWaits = {"poll", "ppoll", "select", "pselect6",
                                                 "epoll_wait", "epoll_pwait", "epoll_pwait2"};
    return kWaits.count(name) != 0;
}
}  // namespace

void SyscallAudit::open_call_entered(pid_t pid, Process& process, Task& task, long number,
                                     const std::uint64_t (&arguments)[6]) {
    task.open_call = open_call_name(pid, number, arguments);
    ++process.counts.open.calls[task.open_call];
    // Where a connect() was aimed tells a wait for the peer (its address, refused) from a call to
    // something else (glibc's name lookup asking nscd): read now, judged at the exit.
    if (number == SYS_connect) {
        task.connect_target = describe_address(pid, arguments[1], arguments[2], socket_type(process, arguments[0]));
    }
}

void SyscallAudit::track_socket_types(Process& process, Task& task, long number, const std::uint64_t (&arguments)[6]) {
    task.new_socket_type = 0;
    switch (number) {
        case SYS_socket:
            // The type without SOCK_NONBLOCK and SOCK_CLOEXEC; the descriptor is known at the exit.
            task.new_socket_type = static_cast<int>(arguments[1]) & 0xf;
            break;
        case SYS_close:
            process.socket_types.erase(static_cast<int>(arguments[0]));
            break;
#ifdef SYS_dup2
        case SYS_dup2:
#endif
        case SYS_dup3:
            process.socket_types.erase(static_cast<int>(arguments[1]));
            break;
        default:
            break;
    }
}

int SyscallAudit::socket_type(const Process& process, std::uint64_t fd) const {
    const auto found = process.socket_types.find(static_cast<int>(fd));
    return found == process.socket_types.end() ? 0 : found->second;
}

void SyscallAudit::open_call_left(pid_t pid, Task& task, std::int64_t value, bool is_error) {
    AuditCounts::OpenCalls& open = processes_[owner(pid)].counts.open;
    const std::string name = std::exchange(task.open_call, std::string());
    const std::string target = std::exchange(task.connect_target, std::string());
    std::string outcome = "ok";
    if (is_error) {
        // The exit stop's value is -errno; one the kernel restarts (ERESTARTSYS, 512) has no name.
        const int error = static_cast<int>(-value);
        const char* error_name = ::strerrorname_np(error);
        outcome = error_name != nullptr ? error_name : "errno " + std::to_string(error);
        ++open.failures[name + " " + outcome];
    } else if (value == 0 && is_timed_wait(name)) {
        ++open.timeouts[name];
    }
    if (!target.empty()) ++open.connects[target][outcome];
}

bool SyscallAudit::harness_marker(pid_t pid, Process& process, int marker, long argument) {
    if (pid == owner(pid) && process.markers_seen == marker - 1) {
        process.markers_seen = marker;
        return true;
    }
    char text[160];
    std::snprintf(text, sizeof text, "close(%#lx): the harness's marker made again, out of order or by another "
                  "process (pid %d)", argument, static_cast<int>(pid));
    process.counts.tampering.push_back(text);
    return false;
}

void SyscallAudit::open_window(pid_t pid, Process& process) {
    process.in_window = true;
    // Both sides have finished open() by now (the harness's barrier comes first): the census of
    // what each holds, and of the names that should be gone, is taken while it matters.
    const pid_t side = owner(pid);
    process.counts.fds_at_first_message = new_descriptors(side);
    process.counts.names_at_first_message.clear();
    for (const std::string& object : process.counts.objects) {
        const std::string path = path_of(object);
        if (!path.empty() && exists_for(side, path)) process.counts.names_at_first_message.push_back(path);
    }
    process.window_start = sample_process(side);
    process.tcp_start = probe_tcp(side);
    quiet_.window_opened(side);
}

void SyscallAudit::close_window(pid_t pid, Process& process) {
    process.in_window = false;
    quiet_.window_closed(owner(pid));
    const ProcSample end = sample_process(owner(pid));
    const ProcSample& start = process.window_start;
    process.counts.window_ns += end.at_ns - start.at_ns;
    process.counts.cpu_ns += end.cpu_ns - start.cpu_ns;
    process.counts.runqueue_ns += end.runqueue_ns - start.runqueue_ns;
    process.counts.voluntary_switches += end.voluntary - start.voluntary;
    process.counts.involuntary_switches += end.involuntary - start.involuntary;
    const TcpProbe tcp_end = probe_tcp(owner(pid));
    if (process.tcp_start.error.empty() && tcp_end.error.empty()) {
        process.counts.tcp_segments_out += tcp_end.segments_out - process.tcp_start.segments_out;
    } else if (process.counts.tcp_unreadable.empty()) {
        process.counts.tcp_unreadable = process.tcp_start.error.empty() ? tcp_end.error : process.tcp_start.error;
    }
}

void SyscallAudit::on_run_start(pid_t pid) {
    if (baseline_.empty()) baseline_ = descriptors_of(pid);
}

AuditCounts SyscallAudit::counts(pid_t pid) const {
    const auto found = processes_.find(pid);
    AuditCounts counts = found == processes_.end() ? AuditCounts{} : found->second.counts;
    if (quiet_.measures(pid)) counts.quiet = quiet_.time();
    return counts;
}

}  // namespace ipcviz::detail
