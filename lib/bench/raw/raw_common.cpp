#include "raw_common.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ipcviz/cpus.hpp"

namespace ipcviz::bench::raw::detail {

void fail(const std::string& call) { throw std::runtime_error(call + ": " + std::strerror(errno)); }

void pin_to(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    ::sched_setaffinity(0, sizeof set, &set);
}

std::int64_t now_ns() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

double time_with_echo(const std::function<void(const PeerGone&)>& echo, const std::function<void(const PeerGone&)>& ping) {
    // A CPU each, among those this process may use, as the benchmark pins the library's runs (see
    // Workload::pin_cpus); with fewer than two usable CPUs both share one.
    const CpuBudget budget = cpu_budget();
    const bool pin = budget.usable() >= 2;
    int ready[2];
    if (::pipe(ready) != 0) fail("pipe");
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child == -1) {
        const int error = errno;
        ::close(ready[0]);
        ::close(ready[1]);
        errno = error;
        fail("fork");
    }
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);  // the parent died before the line above took effect
        if (pin) pin_to(budget.allowed[1]);
        ::close(ready[0]);
        const char up = 1;
        if (::write(ready[1], &up, 1) != 1) ::_exit(1);
        ::close(ready[1]);
        try {
            echo([parent] { return ::getppid() != parent; });
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }
    cpu_set_t saved;
    ::sched_getaffinity(0, sizeof saved, &saved);
    if (pin) pin_to(budget.allowed[0]);
    ::close(ready[1]);
    char up = 0;
    const bool child_up = ::read(ready[0], &up, 1) == 1;
    ::close(ready[0]);
    if (!child_up) {
        ::waitpid(child, nullptr, 0);
        ::sched_setaffinity(0, sizeof saved, &saved);
        throw std::runtime_error("the raw echo process did not start");
    }
    int status = 0;
    bool reaped = false;
    const PeerGone echo_gone = [&] {
        if (reaped) return true;
        const pid_t found = ::waitpid(child, &status, WNOHANG);
        if (found == child) reaped = true;
        if (found == -1 && errno == ECHILD) {  // reaped by someone else: count it as a failure
            reaped = true;
            status = W_EXITCODE(1, 0);
        }
        return reaped;
    };
    double took = 0;
    try {
        const std::int64_t start = now_ns();
        ping(echo_gone);
        took = static_cast<double>(now_ns() - start);
    } catch (...) {
        ::sched_setaffinity(0, sizeof saved, &saved);
        if (!reaped) {
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);
        }
        throw;
    }
    ::sched_setaffinity(0, sizeof saved, &saved);
    if (!reaped) {
        pid_t found;
        while ((found = ::waitpid(child, &status, 0)) == -1 && errno == EINTR) {
        }
        if (found != child) fail("waitpid");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("the raw echo process failed");
    }
    return took;
}

}  // namespace ipcviz::bench::raw::detail
