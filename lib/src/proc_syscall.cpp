#include "proc_syscall.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "raw_fd.hpp"

namespace ipcviz::detail {

ProcSyscall read_proc_syscall(pid_t pid) {
    ProcSyscall seen;
    char path[40];
    std::snprintf(path, sizeof path, "/proc/%d/syscall", static_cast<int>(pid));
    const RawFd file(::open(path, O_RDONLY | O_CLOEXEC));
    if (!file) return seen;
    // "running", "-1 SP PC", or "NR 0xARG0 0xARG1 ... SP PC": the first two fields are all we read.
    char text[256] = {};
    if (::read(file.get(), text, sizeof text - 1) <= 0) return seen;
    if (std::strncmp(text, "running", 7) == 0) {
        seen.state = ProcSyscall::State::running;
        return seen;
    }
    char* end = nullptr;
    const long number = std::strtol(text, &end, 10);
    if (end == text) return seen;
    if (number < 0) {
        seen.state = ProcSyscall::State::blocked;
        return seen;
    }
    seen.state = ProcSyscall::State::in_syscall;
    seen.number = number;
    seen.first_argument = std::strtoull(end, nullptr, 16);
    return seen;
}

char read_process_state(pid_t pid) {
    char path[40];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    const RawFd file(::open(path, O_RDONLY | O_CLOEXEC));
    if (!file) return '?';
    char text[512];
    const ssize_t got = ::read(file.get(), text, sizeof text - 1);
    if (got <= 0) return '?';
    text[got] = '\0';
    // "PID (NAME) STATE ...": NAME may hold spaces and parentheses; the last ')' ends it.
    const char* name_end = std::strrchr(text, ')');
    if (name_end == nullptr || name_end[1] != ' ' || name_end[2] == '\0') return '?';
    return name_end[2];
}

}  // namespace ipcviz::detail
