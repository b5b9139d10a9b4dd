// The premise probe (ipcviz/premises.hpp) and the audit's answer to a kernel without
// PTRACE_GET_SYSCALL_INFO: each missing premise faked for one forked child with a seccomp filter
// (no root, nothing changed for any other process), the child reporting through a pipe.
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "../../lib/grade/grade_book.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/premises.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

#if defined(__x86_64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_AARCH64;
#else
#error "a seccomp filter for this machine's syscall ABI is not written"
#endif

// A filter that makes ptrace(2) fail with @p error: every request, or only @p request when it is
// not -1 (its first argument's low word, where a little-endian seccomp_data holds it).
// @return empty, or the prctl that failed.
std::string refuse_ptrace(int error, long request = -1) {
    const auto low = static_cast<unsigned>(request);
    const bool any = request == -1;
    sock_filter program[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, low, 0, static_cast<__u8>(any ? 0 : 1)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | static_cast<unsigned>(error)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog filter{static_cast<unsigned short>(std::size(program)), program};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return "prctl(PR_SET_NO_NEW_PRIVS) failed";
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0) return "prctl(PR_SET_SECCOMP) failed";
    return {};
}

// Runs @p body in a forked child and returns the text it returned (or why there is none).
std::string in_child(const std::function<std::string()>& body) {
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid != -1);
    if (pid == 0) {
        ::close(ends[0]);
        std::string text;
        try {
            text = body();
        } catch (const std::exception& error) {
            text = std::string("threw: ") + error.what();
        }
        for (std::size_t done = 0; done < text.size();) {
            const ssize_t wrote = ::write(ends[1], text.data() + done, text.size() - done);
            if (wrote <= 0) ::_exit(2);
            done += static_cast<std::size_t>(wrote);
        }
        ::_exit(0);
    }
    ::close(ends[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t got; (got = ::read(ends[0], buffer, sizeof buffer)) != 0;) {
        if (got == -1 && errno == EINTR) continue;
        if (got == -1) break;
        text.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(ends[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return text;
}

// "premise name: problem | fix" per missing premise, one a line.
std::string describe(const std::vector<MissingPremise>& missing) {
    std::string text;
    for (const MissingPremise& m : missing) text += std::string(premise_name(m.premise)) + ": " + m.problem + " | " + m.fix + "\n";
    return text;
}

ChannelFactory test_pipe() {
    return [] { return std::unique_ptr<Channel>(new testing::TestPipe()); };
}

bool no_children_left() { return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

}  // namespace

TEST_CASE("the premise probe finds this machine able to grade and leaves no process or /dev/shm object", "[premises]") {
    const std::vector<MissingPremise> missing = probe_premises();
    INFO(describe(missing));
    CHECK(missing.empty());
    CHECK(no_children_left());
    CHECK_FALSE(std::filesystem::exists("/dev/shm/" + run_scoped_name("premise-probe")));
}

TEST_CASE("where ptrace is refused the probe names ptrace, the call, its errno and a fix", "[premises]") {
    const std::string text = in_child([] {
        const std::string refused = refuse_ptrace(EPERM);
        return refused.empty() ? describe(probe_premises()) : refused;
    });
    INFO(text);
    CHECK(text.rfind("ptrace: ", 0) == 0);
    CHECK(text.find("ptrace(PTRACE_TRACEME) failed: Operation not permitted") != std::string::npos);
    CHECK(text.find("| grade where ptrace is allowed") != std::string::npos);
    CHECK(text.find("GET_SYSCALL_INFO") == std::string::npos);  // not probed: ptrace says it all
    CHECK(text.find("shared memory") == std::string::npos);
}

TEST_CASE("a kernel without PTRACE_GET_SYSCALL_INFO is named by the probe and fails an audited run as the machine's",
          "[premises]") {
    const std::string text = in_child([] {
        // As a kernel before 5.3 answers the request it does not know.
        const std::string refused = refuse_ptrace(EIO, PTRACE_GET_SYSCALL_INFO);
        if (!refused.empty()) return refused;
        std::string out = describe(probe_premises());
        Workload workload;
        workload.messages = 200;
        workload.audit = true;
        workload.deadline = std::chrono::milliseconds(2000);
        const RunResult result = run(*find_mechanism("pipe"), test_pipe(), workload);
        out += "run: " + std::string(result.ok ? "ok" : "failed") + ": " + result.failure + "\n";
        out += no_children_left() ? "no process left\n" : "a process left\n";
        return out;
    });
    INFO(text);
    CHECK(text.rfind("ptrace(PTRACE_GET_SYSCALL_INFO): ptrace(PTRACE_GET_SYSCALL_INFO) failed: Input/output error "
                     "(this kernel is ", 0) == 0);
    CHECK(text.find("| grade on Linux 5.3 or later") != std::string::npos);
    CHECK(text.find("run: failed: the kernel audit cannot read syscalls on this machine: "
                    "ptrace(PTRACE_GET_SYSCALL_INFO) failed: Input/output error (it needs Linux 5.3 or later)\n") !=
          std::string::npos);
    CHECK(text.find("no process left") != std::string::npos);
}

TEST_CASE("a test that relied on a missing premise fails in one line that names the machine, and the score says so",
          "[premises]") {
    grade::GradeBook book;
    book.set_missing_premises({{Premise::ptrace, "kernel.yama.ptrace_scope is 3 (no process may trace another): "
                                                 "ptrace(PTRACE_TRACEME) failed: Operation not permitted",
                                "grade on a machine booted with kernel.yama.ptrace_scope 0 or 1"}});
    book.relies_on(Premise::ptrace);
    const grade::GradedTest& audited =
        book.add({"01", "an audited test", 15, true, "", 0, "", {"lab01"}});  // passed: still not graded
    CHECK_FALSE(audited.passed);
    CHECK(audited.machine_lacks == "ptrace");
    CHECK(audited.output.find("not graded: this machine lacks ptrace") == 0);
    CHECK(std::count(audited.output.begin(), audited.output.end(), '\n') == 1);
    const grade::GradedTest& plain = book.add({"01", "a plain test", 5, true, "", 0, "", {"lab01"}});
    CHECK(plain.passed);  // relies_on() held for one test only
    book.relies_on(Premise::shared_memory);  // a premise this machine has
    CHECK(book.add({"04", "a shared-memory test", 5, true, "", 0, "", {"lab04"}}).passed);
    CHECK(book.score() == 10);
    const std::string summary = book.summary();
    INFO(summary);
    CHECK(summary.find("Machine: this machine cannot grade with ptrace: kernel.yama.ptrace_scope is 3") != std::string::npos);
    CHECK(summary.find("(1 test, 15 points); fix: grade on a machine booted with kernel.yama.ptrace_scope 0 or 1") !=
          std::string::npos);
    CHECK(book.results_json(1).find("machine-cannot-grade") != std::string::npos);
}

namespace {

// The reader touches a shared mapping one page past the end of the object behind it, as a ring
// larger than a small /dev/shm (or a size never given) does: a real SIGBUS.
class PastTheObject : public testing::TestPipe {
public:
    void open(Side side) override {
        TestPipe::open(side);
        if (side != Side::child) return;
        const long page = ::sysconf(_SC_PAGESIZE);
        const int fd = ::memfd_create("ipcviz-past-the-object", MFD_CLOEXEC);
        if (fd == -1 || ::ftruncate(fd, page) == -1) throw SysError("memfd_create", errno);
        auto* bytes = static_cast<volatile char*>(::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
        if (bytes == MAP_FAILED) throw SysError("mmap", errno);
        bytes[page] = 1;
    }
};

}  // namespace

TEST_CASE("a side killed by SIGBUS is told what a bus error on a shared mapping means", "[premises]") {
    Workload workload;
    workload.messages = 10;
    workload.deadline = std::chrono::milliseconds(2000);
    const RunResult result =
        run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new PastTheObject()); }, workload);
    INFO(result.failure);
    CHECK(result.failure.find("Child (reader, pid") == 0);
    CHECK(result.failure.find("was killed by SIGBUS (a bus error: it touched a shared mapping's page past the end of "
                              "its object, or one that a full /dev/shm could not give memory)") != std::string::npos);
    CHECK(no_children_left());
}
