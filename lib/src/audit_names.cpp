#include <sys/syscall.h>

#include <string>
#include <unordered_map>

#include "ipcviz/audit.hpp"

namespace ipcviz {

std::uint64_t AuditCounts::count(const std::string& name) const {
    const auto found = calls.find(name);
    return found == calls.end() ? 0 : found->second;
}

std::uint64_t AuditCounts::total() const {
    std::uint64_t sum = 0;
    for (const auto& [name, count] : calls) sum += count;
    return sum;
}

std::string syscall_name(long number) {
#define IPCVIZ_NAME(call) {SYS_##call, #call}
    static const std::unordered_map<long, std::string> kNames = {
        IPCVIZ_NAME(read), IPCVIZ_NAME(write), IPCVIZ_NAME(readv), IPCVIZ_NAME(writev),
        IPCVIZ_NAME(pread64), IPCVIZ_NAME(pwrite64), IPCVIZ_NAME(preadv), IPCVIZ_NAME(pwritev),
        IPCVIZ_NAME(close), IPCVIZ_NAME(pipe2), IPCVIZ_NAME(openat), IPCVIZ_NAME(fstat),
        IPCVIZ_NAME(socket), IPCVIZ_NAME(bind), IPCVIZ_NAME(listen), IPCVIZ_NAME(accept),
        IPCVIZ_NAME(accept4), IPCVIZ_NAME(connect), IPCVIZ_NAME(sendto), IPCVIZ_NAME(recvfrom),
        IPCVIZ_NAME(sendmsg), IPCVIZ_NAME(recvmsg), IPCVIZ_NAME(sendmmsg), IPCVIZ_NAME(recvmmsg),
        IPCVIZ_NAME(setsockopt), IPCVIZ_NAME(getsockopt), IPCVIZ_NAME(shutdown),
        IPCVIZ_NAME(ftruncate), IPCVIZ_NAME(mmap), IPCVIZ_NAME(munmap), IPCVIZ_NAME(unlink),
        IPCVIZ_NAME(unlinkat), IPCVIZ_NAME(futex), IPCVIZ_NAME(brk), IPCVIZ_NAME(mprotect),
        IPCVIZ_NAME(getpid), IPCVIZ_NAME(gettid), IPCVIZ_NAME(sched_yield), IPCVIZ_NAME(nanosleep),
        IPCVIZ_NAME(clock_nanosleep), IPCVIZ_NAME(clock_gettime), IPCVIZ_NAME(poll), IPCVIZ_NAME(ppoll),
        IPCVIZ_NAME(select), IPCVIZ_NAME(pselect6), IPCVIZ_NAME(epoll_wait), IPCVIZ_NAME(epoll_pwait),
        IPCVIZ_NAME(rt_sigaction), IPCVIZ_NAME(rt_sigprocmask), IPCVIZ_NAME(rt_sigreturn),
        IPCVIZ_NAME(wait4), IPCVIZ_NAME(exit_group), IPCVIZ_NAME(fcntl), IPCVIZ_NAME(ioctl),
        IPCVIZ_NAME(getdents64), IPCVIZ_NAME(lseek), IPCVIZ_NAME(dup), IPCVIZ_NAME(dup2),
        IPCVIZ_NAME(dup3), IPCVIZ_NAME(splice), IPCVIZ_NAME(vmsplice), IPCVIZ_NAME(tee),
        IPCVIZ_NAME(sendfile), IPCVIZ_NAME(getrusage), IPCVIZ_NAME(kill), IPCVIZ_NAME(madvise),
#ifdef SYS_pipe
        IPCVIZ_NAME(pipe),
#endif
#ifdef SYS_open
        IPCVIZ_NAME(open),
#endif
#ifdef SYS_pause
        IPCVIZ_NAME(pause),
#endif
    };
#undef IPCVIZ_NAME
    const auto found = kNames.find(number);
    return found == kNames.end() ? "syscall_" + std::to_string(number) : found->second;
}

}  // namespace ipcviz
