// The graded test runner (`make check`): Catch2 with the "grade" reporter, plus
//   --results-json PATH     write Gradescope's results.json
//   --expect-failures FILE  grader self-test: succeed only if exactly these tests fail
//   --impl PATH             the implementation's shared object (default: libipcviz-impl.so beside
//                           this program, e.g. build/labs/ for build/labs/graded-tests)
//   --sanitized-impl PATH   the same built with -fsanitize=address,undefined, for the "no memory
//                           error" tests (default: build/san/VARIANT/ for build/VARIANT/; see
//                           sanitizer_pass.hpp)
//
// This process writes the grade and never runs the graded code. It does not link it (the Makefile
// links no implementation into graded-tests) and does not load it: each run loads the shared object
// in its own forked processes (Implementation::Loading::in_each_run), which give up every
// capability first (side_confinement.hpp), while this process is not dumpable — so the graded code
// cannot ptrace it, write its memory (process_vm_writev, /proc/PID/mem) or register an atexit
// handler in it; every process it starts is ended before results.json is written (by the harness
// after each run, and here at the end); and results.json is written by a rename, replacing whatever
// the graded code left at that path. Before writing, this process checks its own memory map: if an
// implementation was ever mapped here, it writes no grade (tests/e2e/graded_code_cannot_touch_the_grade.sh).
#define CATCH_CONFIG_RUNNER
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "grade_book.hpp"
#include "graded_impl.hpp"
#include "sanitizer_pass.hpp"
#include "ipcviz/cpus.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/names.hpp"
#include "ipcviz/premises.hpp"
#include "reaper.hpp"

namespace {

// Before anything else runs: a subreaper, so that any process the graded code starts in a run, however
// it forks, stays below this process until it is reaped; and not dumpable, so that a process of the
// same user without CAP_SYS_PTRACE (every run's sides: side_confinement.hpp) cannot ptrace it or
// read or write its memory. (The sides make themselves dumpable again for the harness's audit.)
__attribute__((constructor(101))) void guard_the_grader() {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::prctl(PR_SET_DUMPABLE, 0);
}

// Every run ends its own processes; this catches anything a run could not, so that nothing the
// graded code started outlives the grader (and, say, rewrites results.json once it has gone).
void end_every_descendant() {
    for (const std::string& process : ipcviz::detail::kill_descendants({})) {
        std::cerr << "graded-tests: killed a process the graded code left running: " << process << "\n";
    }
}

// What of this machine changes how the tests run, for whoever reads the score. The premises first
// (ptrace, PTRACE_GET_SYSCALL_INFO, /dev/shm): a machine that lacks one is named once, at the top,
// and the tests that need it fail as the machine's (GradeBook::add), not as the code's.
void note_the_machine(ipcviz::grade::GradeBook& book) {
    book.set_missing_premises(ipcviz::probe_premises());
    const ipcviz::CpuBudget budget = ipcviz::cpu_budget();
    book.add_note("graded with " + budget.describe() +
                  (budget.usable() < 2 ? "; tests whose premise needs two CPUs used their one-CPU expectation (see "
                                         "their notes)"
                                       : ""));
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir != nullptr && *tmpdir != '\0' && ipcviz::temp_directory() != tmpdir) {
        book.add_note("TMPDIR is " + std::to_string(std::strlen(tmpdir)) + " characters long, too long for a Unix "
                      "socket path inside it (sun_path holds 108 bytes): temporary directories went to " +
                      ipcviz::temp_directory());
    }
}

std::string default_implementation() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    return ((error ? std::filesystem::path(".") : self.parent_path()) / "libipcviz-impl.so").string();
}

// Writes @p text to @p path through a new file renamed over it, so that what the graded code may
// have left there (a file, a symlink to elsewhere) is replaced, not written through. A path that is
// a device or a pipe (--results-json /dev/stdout) is written through instead — never replaced: the
// graded code cannot make a device (it has no CAP_MKNOD), and a FIFO it left with no reader fails
// the write (O_NONBLOCK: ENXIO) instead of hanging the grader.
// Writes all of @p text to @p fd, however the kernel splits it. @return empty, or the failure
// naming write(2) and its errno.
std::string write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
        if (wrote == -1 && errno == EINTR) continue;
        if (wrote <= 0) return std::string("write: ") + (wrote == 0 ? "wrote nothing" : std::strerror(errno));
        done += static_cast<std::size_t>(wrote);
    }
    return {};
}

// @return empty, or "@p call: strerror(errno)".
std::string failed(const char* call) { return std::string(call) + ": " + std::strerror(errno); }

// Writes @p text to @p path through a new file renamed over it, so that what the graded code may
// have left there (a file, a symlink to elsewhere) is replaced, not written through. A path that is
// a device or a pipe (--results-json /dev/stdout) is written through instead — never replaced: the
// graded code cannot make a device (it has no CAP_MKNOD), and a FIFO it left with no reader fails
// the open (O_NONBLOCK: ENXIO) instead of hanging the grader; once open, the descriptor blocks
// again, so a reader slower than the grade's size is waited for. @return empty, or what failed,
// naming the call and its errno.
std::string write_replacing(const std::string& path, const std::string& text) {
    struct stat target {};
    if (::stat(path.c_str(), &target) == 0 && (S_ISCHR(target.st_mode) || S_ISFIFO(target.st_mode))) {
        const ipcviz::Fd fd(::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
        if (!fd) return failed("open");
        if (::fcntl(fd.get(), F_SETFL, 0) == -1) return failed("fcntl(F_SETFL)");
        return write_all(fd.get(), text);
    }
    std::string temporary = path + ".XXXXXX";
    ipcviz::Fd fd(::mkstemp(temporary.data()));
    if (!fd) return failed("mkstemp");
    std::string error = ::fchmod(fd.get(), 0644) == 0 ? write_all(fd.get(), text) : failed("fchmod");
    if (error.empty()) {
        try {
            fd.close();
        } catch (const std::exception& closing) {
            error = closing.what();
        }
    }
    if (error.empty() && ::rename(temporary.c_str(), path.c_str()) != 0) error = failed("rename");
    if (!error.empty()) ::unlink(temporary.c_str());
    return error;
}

// After a failure to write the grade: a regular file at @p path (stale, or left by the graded code)
// must not pass for one. Anything else there (a device, /dev/stdout's symlink) stays.
void discard(const std::string& path) {
    struct stat target {};
    if (::lstat(path.c_str(), &target) == 0 && S_ISREG(target.st_mode)) ::unlink(path.c_str());
}

// Exit status when no grade could be written: above 1, so that an autograder that takes
// results.json only from a run that ended normally (run_autograder) does not take a stale one.
constexpr int kNoGradeWritten = 3;

}  // namespace

int main(int argc, char** argv) {
    Catch::Session session;
    std::string results_json;
    std::string expected_failures;
    std::string implementation = default_implementation();
    std::string sanitized;
    using Catch::clara::Opt;
    session.cli(session.cli() |
                Opt(results_json, "path")["--results-json"]("write Gradescope's results.json here") |
                Opt(expected_failures, "file")["--expect-failures"]("succeed only if exactly these tests fail") |
                Opt(implementation, "shared object")["--impl"]("the implementation to grade (default: beside this program)") |
                Opt(sanitized, "shared object")["--sanitized-impl"]("the same built under ASan and UBSan (default: in build/san/)"));
    session.configData().reporterName = "grade";
    if (const int error = session.applyCommandLine(argc, argv); error != 0) return 2;
    try {
        ipcviz::grade::choose_graded_implementation(implementation);
        ipcviz::grade::choose_sanitized_build(sanitized.empty() ? ipcviz::grade::default_sanitized_implementation(implementation)
                                                                : sanitized);
    } catch (const std::exception& error) {
        std::cerr << "graded-tests: no implementation to grade: " << error.what() << "\n";
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    ipcviz::grade::GradeBook& book = ipcviz::grade::grade_book();
    note_the_machine(book);  // before the run: the reporter prints the notes with the score
    session.run();
    end_every_descendant();  // before results.json is written: nothing the labs started can touch it
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;

    if (!results_json.empty()) {
        // The promise at the top of this file, checked where it matters.
        if (const std::string mapped = ipcviz::grade::implementation_mappings(); !mapped.empty()) {
            std::cerr << "graded-tests: the graded code was loaded into the grading process (" << mapped
                      << "): no grade is written\n";
            discard(results_json);
            return kNoGradeWritten;
        }
        if (const std::string error = write_replacing(results_json, book.results_json(took.count()));
            !error.empty()) {
            std::cerr << "graded-tests: cannot write " << results_json << ": " << error << "\n";
            discard(results_json);
            return kNoGradeWritten;
        }
    }
    if (!expected_failures.empty()) {
        const std::string problems = book.compare_with_expected(expected_failures);
        if (!problems.empty()) {
            std::cout << "grader self-test FAILED against " << expected_failures << ":\n" << problems;
            return 1;
        }
        std::cout << "grader self-test ok: exactly the expected tests failed (" << expected_failures << ")\n";
        return 0;
    }
    return book.tests().empty() || book.score() < book.max_score() ? 1 : 0;
}
