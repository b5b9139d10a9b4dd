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

/** What ptrace saw one process do inside the run's measured window. */
struct AuditCounts {
    std::map<std::string, std::uint64_t> calls;  ///< syscalls by name ("write", "futex", ...)
    std::uint64_t bytes_to_kernel = 0;    ///< sum of successful write/send-family return values
    std::uint64_t bytes_from_kernel = 0;  ///< sum of successful read/recv-family return values
    /// What the process named to the kernel over its whole life (not only the window), read from
    /// its memory at the call: "bind 127.0.0.1:40123", "bind unix /tmp/ipcviz-1-sock-x/ipc.sock",
    /// "create /dev/shm/ipcviz-1-shm mode 0600 exclusive".
    std::vector<std::string> objects;

    /**
     * @param name a syscall's name
     * @return its count, 0 when never seen
     */
    std::uint64_t count(const std::string& name) const;
    /** @return every syscall in the window. */
    std::uint64_t total() const;
};

/**
 * @param number a syscall number of this architecture
 * @return its name ("write"), or "syscall_N" for one the kit does not name
 */
std::string syscall_name(long number);

}  // namespace ipcviz
