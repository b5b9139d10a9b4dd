// Live mode's `k` (issue 12): LiveRun::kill() must signal the run's process and never another that
// got its pid after it ended. Pid reuse is made to happen here, not waited for: as root,
// /proc/sys/kernel/ns_last_pid makes the kernel give the next process the pid just freed.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "ipcviz/live.hpp"
#include "run_control.hpp"

using namespace ipcviz;

namespace {

// A child of this process that sleeps until killed.
pid_t sleeper() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (;;) ::pause();
    }
    return pid;
}

void end(pid_t pid) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

bool alive(pid_t pid) {
    // A child that was killed is a zombie until reaped: WNOHANG tells the two apart.
    return ::waitpid(pid, nullptr, WNOHANG) == 0;
}

// A sleeper with pid @p wanted (freed just before): the kernel hands out ns_last_pid + 1 next,
// unless another process forks in between (then try again). 0 if it could not be had; @p why says why.
pid_t sleeper_with_pid(pid_t wanted, std::string& why) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
        if (fd == -1) {
            why = std::string("open(/proc/sys/kernel/ns_last_pid): ") + std::strerror(errno) + " (needs root)";
            return 0;
        }
        const std::string text = std::to_string(wanted - 1);
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        ::close(fd);
        if (!written) {
            why = std::string("write(ns_last_pid): ") + std::strerror(errno);
            return 0;
        }
        const pid_t pid = sleeper();
        if (pid == wanted) return pid;
        end(pid);
    }
    why = "another process took pid " + std::to_string(wanted) + " each of 100 times";
    return 0;
}

}  // namespace

TEST_CASE("live k never kills a process that reused the parent side's pid", "[live]") {
    const auto control = std::make_unique<detail::RunControl>();
    LiveRun live;
    const pid_t parent = sleeper();  // stands for the run's parent side, the caller's child
    std::string why;
    pid_t stranger = 0;
    {
        const LiveAttach attach(&live, *control, parent, nullptr, 0);
        end(parent);  // it ended and the caller reaped it (run() does, and goes on ticking)
        stranger = sleeper_with_pid(parent, why);
        INFO(why);
        REQUIRE(stranger == parent);
        CHECK_FALSE(live.kill(Side::parent));
        CHECK(alive(stranger));
    }
    end(stranger);
}

TEST_CASE("live k never kills a process that reused the child side's pid", "[live]") {
    const auto control = std::make_unique<detail::RunControl>();
    LiveRun live;
    // This process stands for the parent side: the child side is its child, as in a run.
    const pid_t child = sleeper();
    control->sides[1].pid.store(child);
    std::string why;
    pid_t stranger = 0;
    {
        const LiveAttach attach(&live, *control, ::getpid(), nullptr, 0);
        CHECK(live.state(Side::child) != LiveRun::State::none);  // a frame saw it: it is the run's
        // It ends and is reaped, and its pid is reused by another child of the same parent before
        // the parent side's flag (child_reaped) says so: the window the pid check alone left open.
        end(child);
        stranger = sleeper_with_pid(child, why);
        INFO(why);
        REQUIRE(stranger == child);
        CHECK_FALSE(live.kill(Side::child));
        CHECK(alive(stranger));
    }
    end(stranger);
}
