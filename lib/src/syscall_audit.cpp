#include "syscall_audit.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "run_control.hpp"

namespace ipcviz::detail {

namespace {
enum class Flow { none, to_kernel, from_kernel };

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

// The IPC object a call names, for the calls that create one: bind() and a creating openat()
// under /dev/shm (what shm_open does). Empty for any other call.
std::string describe_object(pid_t pid, long number, const std::uint64_t (&arguments)[6]) {
    if (number == SYS_bind) {
        const std::string raw = read_memory(pid, arguments[1], std::min<std::uint64_t>(arguments[2], sizeof(sockaddr_storage)));
        if (raw.size() < sizeof(sa_family_t)) return "bind ?";
        sockaddr_storage address{};
        std::memcpy(&address, raw.data(), raw.size());
        if (address.ss_family == AF_INET && raw.size() >= sizeof(sockaddr_in)) {
            const auto& in = reinterpret_cast<const sockaddr_in&>(address);
            char text[INET_ADDRSTRLEN] = {};
            ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
            return "bind " + std::string(text) + ":" + std::to_string(ntohs(in.sin_port));
        }
        if (address.ss_family == AF_INET6 && raw.size() >= sizeof(sockaddr_in6)) {
            const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
            char text[INET6_ADDRSTRLEN] = {};
            ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
            return "bind [" + std::string(text) + "]:" + std::to_string(ntohs(in6.sin6_port));
        }
        if (address.ss_family == AF_UNIX) {
            const auto& un = reinterpret_cast<const sockaddr_un&>(address);
            return "bind unix " + std::string(un.sun_path, strnlen(un.sun_path, sizeof un.sun_path));
        }
        return "bind family " + std::to_string(address.ss_family);
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

void SyscallAudit::on_entry(pid_t pid, long number, const std::uint64_t (&arguments)[6]) {
    const std::uint64_t first_argument = arguments[0];
    Process& process = processes_[pid];
    if (std::string object = describe_object(pid, number, arguments); !object.empty()) {
        process.counts.objects.push_back(std::move(object));
    }
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
