// Processes that try to outlive their run: a double fork with setsid() (the way a daemon leaves
// its parent, its process group and its session), and a chain that forks a new process and exits,
// over and over, so that any pid the killer read is stale by the time it signals. Each plans to
// write a file after the run: the harness must end them first, whatever they do.
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/sys.hpp"
#include "reaper.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

// What the escapees tell the test, in memory they inherit through fork.
struct Board {
    std::atomic<pid_t> escapee{0};        // the latest pid of the escapee
    std::atomic<std::uint64_t> hops{0};   // how many times the chain has forked on
    std::atomic<int> running{0};          // the escapee has started its work
};

// A MAP_SHARED page that outlives the processes writing to it.
class SharedBoard {
public:
    SharedBoard() {
        void* page = ::mmap(nullptr, sizeof(Board), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        REQUIRE(page != MAP_FAILED);
        board_ = new (page) Board();
    }
    ~SharedBoard() { ::munmap(board_, sizeof(Board)); }
    SharedBoard(const SharedBoard&) = delete;
    SharedBoard& operator=(const SharedBoard&) = delete;
    Board& operator*() const { return *board_; }
    Board* operator->() const { return board_; }

private:
    Board* board_;
};

void write_file(const std::string& path) {
    std::ofstream out(path);
    out << "{\"score\": 100}\n";
}

// A working pipe channel whose setup() also leaves a process behind, the way a daemon does: fork,
// the middle process calls setsid() and forks again and exits, the grandchild goes on alone.
class DoubleForkingChannel : public testing::TestPipe {
public:
    enum class Escapee { sleeper, hopper, forker };
    DoubleForkingChannel(Board* board, std::string target, Escapee kind)
        : board_(board), target_(std::move(target)), kind_(kind) {}

    void setup(const ChannelSpec& spec) override {
        TestPipe::setup(spec);
        const pid_t middle = ::fork();
        if (middle == -1) throw SysError("fork", errno);
        if (middle == 0) {
            ::setsid();
            const pid_t grandchild = ::fork();
            if (grandchild != 0) {
                board_->escapee.store(grandchild);
                ::_exit(0);
            }
            escape();
        }
        ::waitpid(middle, nullptr, 0);
        // Go on once the escapee runs — and, for those that fork, once it has forked — so that the
        // test proves something (a run of 10 messages can end within a millisecond); at most 1 s.
        const auto started = [this] {
            return kind_ == Escapee::sleeper ? board_->running.load() != 0 : board_->hops.load() != 0;
        };
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
        while (!started() && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
private:
    [[noreturn]] void escape() {
        pipe_.read_end.close();
        pipe_.write_end.close();
        const auto start = std::chrono::steady_clock::now();
        const auto due = start + std::chrono::milliseconds(1500);
        board_->running.store(1);
        if (kind_ == Escapee::sleeper) {
            std::this_thread::sleep_until(due);
        } else if (kind_ == Escapee::hopper) {
            // Fork a new process, which leaves the session again, and exit, every 20 ms: a pid read
            // a moment ago names a dead process, and the live one is always new. (A chain that hops
            // faster than the sweep reads /proc can stay ahead of it for a while: see reaper.hpp.)
            while (std::chrono::steady_clock::now() < due) {
                const pid_t next = ::fork();
                if (next == -1) break;
                if (next != 0) {
                    board_->escapee.store(next);
                    board_->hops.fetch_add(1);
                    ::_exit(0);
                }
                ::setsid();
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        } else {
            // Every process forks another every millisecond and all stay (up to 200): processes
            // fork while the sweep reads /proc and while it stops and kills them.
            while (std::chrono::steady_clock::now() < due) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                if (board_->hops.fetch_add(1) >= 200) continue;
                const pid_t next = ::fork();
                if (next == 0) {
                    ::setsid();
                    board_->escapee.store(::getpid());
                }
            }
        }
        write_file(target_);
        ::_exit(0);
    }

    Board* board_;
    std::string target_;
    Escapee kind_;
};

bool process_gone(pid_t pid) { return pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH; }

// This test process as a "child subreaper" for the whole test (run() restores what it found, so it
// stays on after the run): every process the run started, however it forked, stays in this
// process's tree until it is reaped — so when this process has no child left, nobody is left at all.
class SubreaperForTheTest {
public:
    SubreaperForTheTest() {
        ::prctl(PR_GET_CHILD_SUBREAPER, &saved_);
        REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    }
    ~SubreaperForTheTest() { ::prctl(PR_SET_CHILD_SUBREAPER, saved_); }
    SubreaperForTheTest(const SubreaperForTheTest&) = delete;
    SubreaperForTheTest& operator=(const SubreaperForTheTest&) = delete;

private:
    int saved_ = 0;
};

// Waits past the escapees' plan (to write after 1.5 s) — unless nothing of the run is left: with this
// process a subreaper (above), no child means no descendant anywhere, so no process is left that
// could write or fork later, and waiting would prove nothing more. A survivor (the CHECK on
// children_of_self() fails then) is given the whole time, so that what it does is seen too.
void wait_past_the_plan() {
    if (detail::children_of_self().empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
}

RunResult run_escaping(Board& board, const std::string& target, DoubleForkingChannel::Escapee kind, bool audit) {
    Workload workload;
    workload.messages = 20;
    workload.deadline = std::chrono::milliseconds(1000);
    workload.audit = audit;
    const ChannelFactory factory = [&board, target, kind] {
        return std::unique_ptr<Channel>(new DoubleForkingChannel(&board, target, kind));
    };
    return run(*find_mechanism("pipe"), factory, workload);
}

std::string target_path(const char* what) {
    return temp_directory() + "/ipcviz-test-escapee-" + std::to_string(::getpid()) + "-" + what;
}

}  // namespace

TEST_CASE("a process double-forked with setsid() in setup() is killed when the run ends and never writes",
          "[harness][escapees]") {
    const bool audit = GENERATE(false, true);
    CAPTURE(audit);
    const SubreaperForTheTest subreaper;
    SharedBoard board;
    const std::string target = target_path(audit ? "sleeper-audit" : "sleeper");
    std::filesystem::remove(target);
    const RunResult result = run_escaping(*board, target, DoubleForkingChannel::Escapee::sleeper, audit);
    const pid_t escapee = board->escapee.load();
    INFO(result.failure);
    CHECK_FALSE(result.ok);  // a run that leaves a process behind fails
    REQUIRE_FALSE(result.escaped_processes.empty());
    if (!audit) {
        REQUIRE(escapee > 0);          // it did start
        CHECK(process_gone(escapee));  // and is gone as run() returns, not later
        REQUIRE(result.escaped_processes.size() == 1);
        CHECK(result.escaped_processes[0].find("pid " + std::to_string(escapee)) == 0);
        CHECK(result.failure.find("outlived both sides") != std::string::npos);
    } else {
        // Under the audit the middle process, traced but no longer in the run's group, stays
        // stopped at its first syscall after setsid(), and setup() waits for it until the deadline:
        // the run times out; the middle process is one of the escapees killed.
        CHECK(result.timed_out);
        CHECK((escapee == 0 || process_gone(escapee)));
    }
    CHECK(detail::children_of_self().empty());
    // Its plan was to write after 1.5 s: the file must never appear (wait_past_the_plan).
    wait_past_the_plan();
    CHECK_FALSE(std::filesystem::exists(target));
    std::filesystem::remove(target);
}

TEST_CASE("a chain that forks on and exits every 20 ms is frozen and killed whole", "[harness][escapees]") {
    const bool audit = GENERATE(false, true);
    CAPTURE(audit);
    const SubreaperForTheTest subreaper;
    SharedBoard board;
    const std::string target = target_path(audit ? "hopper-audit" : "hopper");
    std::filesystem::remove(target);
    const RunResult result = run_escaping(*board, target, DoubleForkingChannel::Escapee::hopper, audit);
    INFO(result.failure);
    const std::uint64_t hops = board->hops.load();
    if (!audit) REQUIRE(hops > 0);  // it did hop (under the audit it is stopped after setsid(), as above)
    CHECK_FALSE(result.ok);
    CHECK_FALSE(result.escaped_processes.empty());
    CHECK((board->escapee.load() == 0 || process_gone(board->escapee.load())));
    CHECK(detail::children_of_self().empty());
    // Nothing still hops: the count stands still, and the file is never written.
    wait_past_the_plan();
    CHECK(board->hops.load() == hops);
    CHECK_FALSE(std::filesystem::exists(target));
    std::filesystem::remove(target);
}

TEST_CASE("the sweep spares the caller's own children", "[harness][escapees]") {
    const pid_t mine = ::fork();
    REQUIRE(mine != -1);
    if (mine == 0) {
        ::pause();
        ::_exit(0);
    }
    SharedBoard board;
    const std::string target = target_path("spare");
    const RunResult result = run_escaping(*board, target, DoubleForkingChannel::Escapee::sleeper, false);
    CHECK(result.escaped_processes.size() == 1);
    CHECK_FALSE(process_gone(mine));  // still there, still ours
    ::kill(mine, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(mine, &status, 0) == mine);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);  // killed just now, by us
    std::filesystem::remove(target);
}

TEST_CASE("processes that keep forking while they are stopped and killed are all ended", "[harness][escapees]") {
    const SubreaperForTheTest subreaper;
    SharedBoard board;
    const std::string target = target_path("forker");
    std::filesystem::remove(target);
    const RunResult result = run_escaping(*board, target, DoubleForkingChannel::Escapee::forker, false);
    INFO(result.failure);
    CHECK_FALSE(result.ok);
    CHECK_FALSE(result.escaped_processes.empty());
    CHECK(detail::children_of_self().empty());
    const std::uint64_t forks = board->hops.load();
    CHECK(forks > 0);
    wait_past_the_plan();
    CHECK(board->hops.load() == forks);  // nobody is left to fork
    CHECK_FALSE(std::filesystem::exists(target));
    std::filesystem::remove(target);
}

TEST_CASE("descendants_of lists a child's whole tree, a grandchild in its own session included", "[harness][escapees]") {
    SharedBoard board;
    const pid_t child = ::fork();
    REQUIRE(child != -1);
    if (child == 0) {
        const pid_t grandchild = ::fork();
        if (grandchild == -1) ::_exit(1);
        if (grandchild == 0) {
            ::setsid();  // out of the child's group and session: only the process tree still shows it
            board->escapee = ::getpid();
            for (;;) ::pause();
        }
        for (;;) ::pause();
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (board->escapee.load() == 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const pid_t grandchild = board->escapee.load();
    REQUIRE(grandchild != 0);
    const std::set<pid_t> below_child = detail::descendants_of(child);
    const std::set<pid_t> below_self = detail::descendants_of(::getpid());
    CHECK(below_child == std::set<pid_t>{grandchild});
    CHECK(below_self.count(child) == 1);
    CHECK(below_self.count(grandchild) == 1);
    ::kill(grandchild, SIGKILL);
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(detail::descendants_of(child).empty());
}
