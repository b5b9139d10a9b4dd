#include "syscall_audit.hpp"

#include <sys/syscall.h>

#include "run_control.hpp"

namespace ipcviz::detail {

namespace {
enum class Flow { none, to_kernel, from_kernel };

Flow flow_of(long number) {
    switch (number) {
        case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev: case SYS_sendto:
        case SYS_sendmsg:
            return Flow::to_kernel;
        case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv: case SYS_recvfrom:
        case SYS_recvmsg:
            return Flow::from_kernel;
        default:
            return Flow::none;
    }
}
}  // namespace

void SyscallAudit::on_entry(pid_t pid, long number, std::uint64_t first_argument) {
    Process& process = processes_[pid];
    process.current = number;
    process.counting_current = false;
    if (number == SYS_close && static_cast<long>(first_argument) == kWindowOpenMarker) {
        process.in_window = true;
        return;
    }
    if (number == SYS_close && static_cast<long>(first_argument) == kWindowCloseMarker) {
        process.in_window = false;
        return;
    }
    if (!process.in_window) return;
    process.counting_current = true;
    ++process.counts.calls[syscall_name(number)];
}

void SyscallAudit::on_exit(pid_t pid, std::int64_t value, bool is_error) {
    Process& process = processes_[pid];
    if (!process.counting_current || is_error || value <= 0) return;
    switch (flow_of(process.current)) {
        case Flow::to_kernel: process.counts.bytes_to_kernel += static_cast<std::uint64_t>(value); break;
        case Flow::from_kernel: process.counts.bytes_from_kernel += static_cast<std::uint64_t>(value); break;
        case Flow::none: break;
    }
    process.counting_current = false;
}

AuditCounts SyscallAudit::counts(pid_t pid) const {
    const auto found = processes_.find(pid);
    return found == processes_.end() ? AuditCounts{} : found->second.counts;
}

}  // namespace ipcviz::detail
