#pragma once
// What the sanitized runner (sanitizer-runner, built only with -fsanitize=address,undefined) and the
// grader that starts it (lib/grade/sanitizer_pass.cpp) agree on: its command line, its exit status
// on a sanitizer report, and the line it prints for each run.
//
//   sanitizer-runner SHARED_OBJECT MECHANISM
//
// runs MECHANISM's correctness workloads (workloads.hpp) with the implementation in SHARED_OBJECT,
// loaded only in each run's processes. It first prints its plan on stdout, so that the grader can
// bound how long it may take:
//
//   plan <TAB> number of runs <TAB> the sum of their deadlines in ms, scaled by IPCVIZ_TIMEOUT_SCALE
//
// and then one line per run:
//
//   run <TAB> label <TAB> ok|failed <TAB> parent pid <TAB> parent wait status <TAB> child pid
//       <TAB> child wait status <TAB> the run's failure (tabs and newlines made spaces)
//
// (-1 for a status the harness did not get). The sanitizers write their reports on stderr, which
// the run's processes share with the runner. The runner stops after the first run in which a
// process ended with kSanitizerExitStatus (the status the sanitizers end a process with once they
// have reported, see runner_main.cpp), or after a second run that deadlocked; it exits 0 when it
// ran, 2 on a bad command line or an implementation it cannot load, and kSanitizerExitStatus when
// the sanitizers stopped the runner itself (a report from the kit's own code, not the lab's).
namespace ipcviz::sanitizer {

/** The exit status the sanitizers end a process with after their first report (their "exitcode"). */
inline constexpr int kSanitizerExitStatus = 23;

/** The first word of the plan's line, the first on the runner's stdout. */
inline constexpr const char* kPlanLine = "plan";

/** The first word of a run's line on the runner's stdout. */
inline constexpr const char* kRunLine = "run";

}  // namespace ipcviz::sanitizer
