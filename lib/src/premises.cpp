#include "ipcviz/premises.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include "ipcviz/fd.hpp"
#include "ipcviz/names.hpp"

namespace ipcviz {

namespace {

// The probe child's exit status when PTRACE_TRACEME failed: this plus its errno (errno < 134).
constexpr int kTracemeFailed = 100;

std::string failed(const std::string& call, int error) { return call + " failed: " + std::strerror(error); }

// Yama's ptrace_scope, or -1 where Yama is not built in.
int yama_scope() {
    std::ifstream file("/proc/sys/kernel/yama/ptrace_scope");
    int scope = -1;
    return file >> scope ? scope : -1;
}

// Why ptrace was refused, as far as the machine says, and what to change.
MissingPremise ptrace_refused(const std::string& what) {
    const int scope = yama_scope();
    if (scope == 3) {
        return {Premise::ptrace, "kernel.yama.ptrace_scope is 3 (no process may trace another): " + what,
                "grade on a machine booted with kernel.yama.ptrace_scope 0 or 1 (3 cannot be lowered without a reboot)"};
    }
    if (scope == 2) {
        return {Premise::ptrace, "kernel.yama.ptrace_scope is 2 (only a process with CAP_SYS_PTRACE may trace): " + what,
                "run the grader as root, or set kernel.yama.ptrace_scope to 0 or 1"};
    }
    return {Premise::ptrace, what + " (a sandbox or a seccomp profile that refuses ptrace?)",
            "grade where ptrace is allowed: as root with kernel.yama.ptrace_scope 0 or 1, in a container whose "
            "seccomp profile allows ptrace (Docker's default does on Linux 4.8 and later)"};
}

MissingPremise no_syscall_info(const std::string& what) {
    utsname name{};
    const std::string release = ::uname(&name) == 0 ? std::string(name.release) : "unknown";
    return {Premise::syscall_info, what + " (this kernel is " + release + "; the request came in Linux 5.3)",
            "grade on Linux 5.3 or later (in a container, the host's kernel is the one that counts)"};
}

// Waits for @p pid by pid, retrying EINTR. @return waitpid's result.
pid_t wait_for(pid_t pid, int& status) {
    pid_t got;
    do {
        got = ::waitpid(pid, &status, __WALL);
    } while (got == -1 && errno == EINTR);
    return got;
}

// A probe child, killed and reaped on every way out of the probe.
class ProbeChild {
public:
    explicit ProbeChild(pid_t pid) : pid_(pid) {}
    ProbeChild(const ProbeChild&) = delete;
    ProbeChild& operator=(const ProbeChild&) = delete;
    ~ProbeChild() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (wait_for(pid_, status) == pid_ && !WIFEXITED(status) && !WIFSIGNALED(status)) {
        }
    }
    pid_t pid() const { return pid_; }
    void reaped() { pid_ = -1; }

private:
    pid_t pid_;
};

// The harness's path in small: a child that calls PTRACE_TRACEME and stops itself; this process
// sets the options the supervisor sets, resumes it to its next syscall and reads that stop.
std::optional<MissingPremise> probe_ptrace() {
    const pid_t pid = ::fork();
    if (pid == -1) return ptrace_refused(failed("fork (for the ptrace probe)", errno));
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == -1) ::_exit(kTracemeFailed + errno);
        ::raise(SIGSTOP);
        (void)::syscall(SYS_getppid);  // the syscall stop the tracer reads
        ::_exit(0);
    }
    ProbeChild child(pid);
    int status = 0;
    if (wait_for(pid, status) != pid) return ptrace_refused(failed("waitpid (the ptrace probe)", errno));
    if (WIFEXITED(status)) {
        child.reaped();
        const int code = WEXITSTATUS(status);
        return ptrace_refused(code > kTracemeFailed ? failed("ptrace(PTRACE_TRACEME)", code - kTracemeFailed)
                                                    : "the ptrace probe's child exited with status " + std::to_string(code));
    }
    if (WIFSIGNALED(status)) {
        child.reaped();
        return ptrace_refused("the ptrace probe's child was killed by signal " + std::to_string(WTERMSIG(status)));
    }
    if (::ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) == -1) {
        return ptrace_refused(failed("ptrace(PTRACE_SETOPTIONS)", errno));
    }
    // To the next syscall stop: the entry of getppid (the SIGSTOP it stopped with is not delivered).
    for (;;) {
        if (::ptrace(PTRACE_SYSCALL, pid, nullptr, nullptr) == -1) return ptrace_refused(failed("ptrace(PTRACE_SYSCALL)", errno));
        if (wait_for(pid, status) != pid) return ptrace_refused(failed("waitpid (the ptrace probe)", errno));
        if (!WIFSTOPPED(status)) {
            child.reaped();
            return ptrace_refused("the ptrace probe's child ended before its syscall stop");
        }
        if (WSTOPSIG(status) == (SIGTRAP | 0x80)) break;
    }
    __ptrace_syscall_info info{};
    const long size = ::ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info);
    if (size == -1) return no_syscall_info(failed("ptrace(PTRACE_GET_SYSCALL_INFO)", errno));
    if (size == 0 || (info.op != PTRACE_SYSCALL_INFO_ENTRY && info.op != PTRACE_SYSCALL_INFO_EXIT)) {
        return no_syscall_info("ptrace(PTRACE_GET_SYSCALL_INFO) did not describe the syscall stop (op " +
                               std::to_string(static_cast<int>(info.op)) + ")");
    }
    return std::nullopt;
}

std::optional<MissingPremise> shm_missing(const std::string& what, int error) {
    std::string why;
    if (error == ENOENT) why = " (/dev/shm does not exist: no tmpfs is mounted there)";
    if (error == EROFS) why = " (/dev/shm is mounted read-only)";
    if (error == EACCES || error == EPERM) why = " (this user may not create files in /dev/shm)";
    if (error == ENOSPC) why = " (/dev/shm is full)";
    return MissingPremise{Premise::shared_memory, failed(what, error) + why,
                          "mount a writable tmpfs on /dev/shm (mount -t tmpfs -o mode=1777 tmpfs /dev/shm; "
                          "Docker gives every container one)"};
}

// shm_open(O_CREAT | O_EXCL) as the labs do, the name removed at once (nothing left whatever happens
// next), then a size and one page's memory reserved (fallocate: a full tmpfs says ENOSPC here
// instead of a SIGBUS later).
std::optional<MissingPremise> probe_shared_memory() {
    const std::string name = "/" + run_scoped_name("premise-probe");
    const auto create = [&] { return Fd(::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600)); };
    Fd fd = create();
    int error = errno;
    if (!fd && error == EEXIST) {  // left by an earlier process of the same pid that was killed here
        ::shm_unlink(name.c_str());
        fd = create();
        error = errno;
    }
    if (!fd) return shm_missing("shm_open(" + name + ")", error);
    const long page = ::sysconf(_SC_PAGESIZE);
    const char* call = nullptr;
    if (::shm_unlink(name.c_str()) == -1) call = "shm_unlink";
    else if (::ftruncate(fd.get(), page) == -1) call = "ftruncate";
    else if (::fallocate(fd.get(), 0, 0, page) == -1 && errno != EOPNOTSUPP) call = "fallocate";
    if (call == nullptr) return std::nullopt;
    error = errno;
    return shm_missing(std::string(call) + "(" + name + ")", error);
}

}  // namespace

std::string_view premise_name(Premise premise) noexcept {
    switch (premise) {
        case Premise::ptrace: return "ptrace";
        case Premise::syscall_info: return "ptrace(PTRACE_GET_SYSCALL_INFO)";
        case Premise::shared_memory: return "POSIX shared memory (/dev/shm)";
    }
    return "?";
}

std::vector<MissingPremise> probe_premises() {
    std::vector<MissingPremise> missing;
    if (std::optional<MissingPremise> ptrace = probe_ptrace()) missing.push_back(std::move(*ptrace));
    if (std::optional<MissingPremise> shm = probe_shared_memory()) missing.push_back(std::move(*shm));
    return missing;
}

}  // namespace ipcviz
