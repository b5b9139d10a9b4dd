#pragma once
// The sanitizer pass of the graded tests: each lab's correctness workloads once more, with the
// implementation built under AddressSanitizer and UBSan, run by the sanitized runner
// (lib/sanitizer/) as a child process of the grader — which itself runs no sanitizer and no graded
// code. Its first report, trimmed to the student's own frames, is what a "no memory error" test shows.
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace ipcviz::grade {

/**
 * Where the sanitized build is, chosen once before any test runs (graded_main.cpp).
 * @param shared_object the implementation built with -fsanitize=address,undefined, e.g.
 *        build/san/labs/libipcviz-impl.so; the runner is build/san/sanitizer-runner, beside its folder
 */
void choose_sanitized_build(const std::string& shared_object);

/**
 * @param implementation the graded implementation's shared object, build/VARIANT/libipcviz-impl.so
 * @return the same variant's sanitized one: build/san/VARIANT/libipcviz-impl.so (itself when it is
 *         already under build/san/, as in `make SAN=1`)
 */
std::string default_sanitized_implementation(const std::string& implementation);

/** One run of the pass, as the runner reported it (lib/sanitizer/protocol.hpp). */
struct SanitizedRun {
    std::string label;            ///< "one-way, 200 messages of 4096 bytes"
    bool ok = false;              ///< every message delivered, both sides finished
    pid_t pids[2] = {0, 0};       ///< parent side, child side
    int statuses[2] = {-1, -1};   ///< their wait statuses; -1 when not reaped
    std::string failure;          ///< the run's failure, one line; empty when ok
    /** @return 0 or 1: the side that the sanitizers ended; -1 if none. */
    int side_ended_by_sanitizer() const;
};

/** What one lab's sanitizer pass found. */
struct SanitizerPass {
    std::string problem;               ///< why the pass could not run at all; empty when it ran
    std::vector<SanitizedRun> runs;    ///< in the order they ran
    std::string report;                ///< the first sanitizer report, as printed; empty when none
    pid_t report_pid = 0;              ///< the process that made it, when the report names it (ASan)
    std::size_t planned_runs = 0;      ///< the runs the runner announced (0 when it announced none)
    std::string stopped;               ///< non-empty when the grader had to stop the runner: says so
    std::vector<std::string> leftovers;  ///< what the runs it stopped left behind, removed by the grader
};

/**
 * Runs @p mechanism's sanitizer pass: starts the runner on the sanitized implementation with a
 * clean sanitizer environment, its output in a private temporary directory (removed afterwards),
 * and waits for it, ending it after a deadline — the sum of its runs' deadlines, which it announces,
 * and some slack — (SIGTERM: its harness cleans up; 5 s later every process of its tree is killed
 * and what its interrupted run left in /dev/shm and $TMPDIR removed).
 * @param mechanism "pipe", "unix", "tcp" or "shm"
 * @return what it found; never throws for what the runner or the graded code did
 */
SanitizerPass run_sanitizer_pass(std::string_view mechanism);

/**
 * The pass's problem when AddressSanitizer could not start in the runner: the line that names the
 * machine's premise (GCC 12's ASan on a kernel that randomises mmap with 32 bits) and the fix, and
 * says that the lab's code is not at fault.
 * @param deadly_signals how many "AddressSanitizer:DEADLYSIGNAL" lines the runner printed, and nothing else
 * @param stderr_text the runner's stderr, where the grader's child says if personality() was refused
 * @param mmap_rnd_bits /proc/sys/vm/mmap_rnd_bits, or -1 when unknown
 * @return one line
 */
std::string sanitizers_could_not_start(std::size_t deadly_signals, const std::string& stderr_text, int mmap_rnd_bits);

/**
 * Trims a sanitizer report to what a student needs: the error, the access, and the stack frames in
 * the lab's own files (labs/LAB/, or solutions/LAB/, a mutant's or an alternative's copy of them),
 * without addresses of code; the same for where the memory was allocated or freed, where a line
 * says so when none of those frames is the student's. Shadow-memory dumps are left out.
 * @param report a report as AddressSanitizer or UBSan printed it
 * @param lab_folder the lab's folder, e.g. "01-pipe"
 * @return the trimmed report, lines indented by two spaces
 */
std::string trim_report(const std::string& report, std::string_view lab_folder);

}  // namespace ipcviz::grade
