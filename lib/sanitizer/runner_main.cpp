// sanitizer-runner: one lab's correctness workloads with an implementation built under
// AddressSanitizer and UBSan (protocol.hpp says how it is called and what it prints). The graded
// tests start it for each lab's "no memory error" test (lib/grade/sanitizer_pass.cpp): they do not
// run under the sanitizers themselves, and ASan in a dlopened object needs its runtime in the
// process from the start — here, in this program, and so in every run's processes, which it forks.
#include <sys/prctl.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>

#include "ipcviz/harness.hpp"
#include "ipcviz/mechanism.hpp"
#include "protocol.hpp"
#include "workloads.hpp"

#ifndef __SANITIZE_ADDRESS__
#error "sanitizer-runner is built only with -fsanitize=address,undefined (make SAN=1)"
#endif

// The sanitizers' settings, whatever ASAN_OPTIONS and UBSAN_OPTIONS say (the grader clears them):
// stop at the first report (halt_on_error; -fno-sanitize-recover=undefined does it for UBSan) and
// end that process with kSanitizerExitStatus, so that the report is the first one and the run that
// made it is known. No LeakSanitizer: the run's processes end with _exit, which it never sees, and
// leaks are not what a lab grades. A small quarantine (freed memory kept poisoned to catch a use
// after free; 256 MB by default): three processes stay well inside Gradescope's 768 MB.
extern "C" const char* __asan_default_options() {
    return "halt_on_error=1:exitcode=23:detect_leaks=0:quarantine_size_mb=32:abort_on_error=0:"
           "print_summary=1:symbolize=1";
}
extern "C" const char* __ubsan_default_options() {
    return "halt_on_error=1:exitcode=23:print_stacktrace=1:print_summary=1";
}
static_assert(ipcviz::sanitizer::kSanitizerExitStatus == 23, "the options above name the same status");

namespace {

// After a run deadlocked, the runs that follow get at most this deadline (the harness scales it by
// IPCVIZ_TIMEOUT_SCALE, as every deadline): a correct run of the pass takes well under a second
// under the sanitizers, and one cut short only means a run not seen, never a failure.
constexpr std::chrono::milliseconds kDeadlineAfterADeadlock{2000};
constexpr int kDeadlocksThatEndThePass = 2;

std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return text;
}

bool ended_by_a_sanitizer(const ipcviz::SideReport& side) {
    return side.status && WIFEXITED(*side.status) &&
           WEXITSTATUS(*side.status) == ipcviz::sanitizer::kSanitizerExitStatus;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: sanitizer-runner SHARED_OBJECT MECHANISM (the graded tests start it)\n";
        return 2;
    }
    // As the grader does: a process of a run (same user, no capabilities) cannot ptrace this one or
    // write its memory, so that what it prints is what the runs did.
    ::prctl(PR_SET_DUMPABLE, 0);
    const std::string mechanism_name = argv[2];
    const ipcviz::Mechanism* mechanism = ipcviz::find_mechanism(mechanism_name);
    const auto runs = ipcviz::sanitizer::sanitizer_workloads(mechanism_name);
    if (mechanism == nullptr || runs.empty()) {
        std::cerr << "sanitizer-runner: no mechanism '" << mechanism_name << "' (pipe, unix, tcp, shm)\n";
        return 2;
    }
    try {
        const ipcviz::Implementation implementation(argv[1], ipcviz::Implementation::Loading::in_each_run);
        const ipcviz::ChannelFactory factory = implementation.factory(mechanism_name);
        std::chrono::milliseconds deadlines{0};
        for (const ipcviz::sanitizer::LabeledWorkload& run : runs) deadlines += run.workload.deadline;
        std::cout << ipcviz::sanitizer::kPlanLine << '\t' << runs.size() << '\t'
                  << static_cast<long long>(static_cast<double>(deadlines.count()) * ipcviz::timeout_scale()) << std::endl;
        int deadlocks = 0;
        for (ipcviz::sanitizer::LabeledWorkload run : runs) {
            if (deadlocks > 0) run.workload.deadline = std::min(run.workload.deadline, kDeadlineAfterADeadlock);
            const ipcviz::RunResult result = ipcviz::run(*mechanism, factory, run.workload);
            std::cout << ipcviz::sanitizer::kRunLine << '\t' << run.label << '\t' << (result.ok ? "ok" : "failed");
            for (const ipcviz::SideReport& side : result.sides) {
                std::cout << '\t' << side.pid << '\t' << (side.status ? *side.status : -1);
            }
            std::cout << '\t' << one_line(result.failure) << std::endl;
            if (ended_by_a_sanitizer(result.sides[0]) || ended_by_a_sanitizer(result.sides[1])) break;
            // A deadlock is graded by the lab's other tests; here each one costs a deadline. One deadlock
            // does not end the pass: a later run (short reads under signals, an error path) may still
            // reach a bad access the first runs never made. A second one does.
            if (result.timed_out && ++deadlocks == kDeadlocksThatEndThePass) break;
        }
    } catch (const std::exception& error) {
        std::cerr << "sanitizer-runner: " << error.what() << "\n";
        return 2;
    }
    return 0;
}
