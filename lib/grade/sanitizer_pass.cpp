#include "sanitizer_pass.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "../sanitizer/protocol.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "leftovers.hpp"
#include "reaper.hpp"

extern char** environ;

namespace ipcviz::grade {

namespace {

namespace fs = std::filesystem;

std::string& sanitized_path() {
    static std::string path;
    return path;
}

// How long the runner may take: until it has printed its plan (the sanitizers' start), then the sum
// of its runs' deadlines (its plan says, scaled) and some slack for each run's start and end (a run's
// processes are forked and reaped, its leftovers swept). Its runs take 0.05–0.44 s each for the
// references (measured at load average 8.5), far below their deadlines: only a runner stuck outside a
// run (a kit fault) reaches this. Every figure here is scaled by IPCVIZ_TIMEOUT_SCALE.
constexpr double kUntilThePlanSeconds = 30;
constexpr double kSlackSeconds = 10;
constexpr double kSlackPerRunSeconds = 1;
// After SIGTERM, the time its harness has to end the run in progress and remove what it left.
constexpr double kAfterTermSeconds = 5;

// GCC 12's AddressSanitizer cannot start where the kernel randomises mmap with more than 28 bits
// (vm.mmap_rnd_bits = 32: Ubuntu 23.10 and later, and so a container on such a host): the randomised
// base of a PIE program can land in the allocator's fixed range, and the runtime then loops for ever on
// its own SEGV, printing only this line (measured here, 2026-11-28, kernel 6.18 at 32 bits: a trivial
// -fsanitize=address program hung 5 times in 20, at 28 bits 0 in 20; about 3 MB of this line a second).
// LLVM 18 re-executes itself with randomisation off; GCC 12's runtime predates that, so the grader turns
// it off for the runner (personality, below) and, where that is refused, says so instead of grading.
constexpr std::string_view kDeadlySignalLine = "AddressSanitizer:DEADLYSIGNAL";
// The line the runner's child writes before execve when personality(ADDR_NO_RANDOMIZE) is refused
// (Docker's default seccomp profile allows personality() only for 0, 8, 0x20000, 0x20008, 0xffffffff).
constexpr std::string_view kRandomisationStaysOn = "ipcviz grader: personality(ADDR_NO_RANDOMIZE): ";
// A runner that has printed no plan but this much of its stderr is that loop: stopped at once (it grows
// by megabytes a second), not after kUntilThePlanSeconds.
constexpr std::uintmax_t kLoopBytes = 64 * 1024;
// The most of the runner's stderr read back: its first report is what the pass needs.
constexpr std::streamsize kMostStderrRead = 16 * 1024 * 1024;

// A private directory for the runner's output, removed with everything in it.
class ScratchDirectory {
public:
    ScratchDirectory() {
        std::string pattern = temp_directory() + "/ipcviz-" + std::to_string(::getpid()) + "-sanitizer-XXXXXX";
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The first @p most bytes of a file (all of it when shorter; empty when it cannot be read).
std::string read_start(const std::string& path, std::streamsize most) {
    std::ifstream in(path, std::ios::binary);
    std::string text(static_cast<std::size_t>(most), '\0');
    in.read(text.data(), most);
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

// How many times @p stderr_text says AddressSanitizer:DEADLYSIGNAL when that is all it says but the
// grader's own line on personality() (and a last line cut short by the runner's end); 0 otherwise.
// Two or more: the runtime's start-up loop, not a crash (one deadly signal is followed by its report).
std::size_t deadly_signal_loop(std::string_view stderr_text) {
    std::size_t count = 0;
    while (!stderr_text.empty()) {
        const std::size_t end = stderr_text.find('\n');
        const std::string_view line = stderr_text.substr(0, end);
        if (end == std::string_view::npos) {
            if (!std::string_view(kDeadlySignalLine).starts_with(line)) return 0;  // not a cut-short one
            break;
        }
        if (line == kDeadlySignalLine) {
            ++count;
        } else if (!line.starts_with(kRandomisationStaysOn)) {
            return 0;
        }
        stderr_text.remove_prefix(end + 1);
    }
    return count >= 2 ? count : 0;
}

// The kernel's mmap randomisation in bits (vm.mmap_rnd_bits), or -1 when it cannot be read.
int mmap_random_bits() {
    std::ifstream in("/proc/sys/vm/mmap_rnd_bits");
    int bits = -1;
    return in >> bits ? bits : -1;
}

// The environment for the runner: this one without the sanitizers' options (the runner sets its
// own) and without a preloaded library (an ASan runtime preloaded for the grader).
std::vector<std::string> runner_environment() {
    std::vector<std::string> kept;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        if (text.starts_with("ASAN_OPTIONS=") || text.starts_with("UBSAN_OPTIONS=") ||
            text.starts_with("LSAN_OPTIONS=") || text.starts_with("LD_PRELOAD=")) {
            continue;
        }
        kept.emplace_back(text);
    }
    return kept;
}

std::string describe_wait(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("was killed by SIG") + (sigabbrev_np(WTERMSIG(status)) ?: "?");
    return "ended with wait status " + std::to_string(status);
}

// How the runner ended.
struct RunnerEnd {
    pid_t pid = 0;                        // the runner's pid, once started
    std::size_t planned_runs = 0;         // the runs its plan announced; 0 before it printed one
    std::string could_not_run;            // it did not start, or could not be waited for: why
    std::string stopped;                  // the grader stopped it at its deadline: says so
    int status = -1;                      // its wait status when it ended by itself; -1 otherwise
    std::vector<std::string> leftovers;   // what the stopped runs left, removed here
};

// Ends a runner that outlived its deadline and SIGTERM: every process below it (a run's sides, or
// what they forked, however: the process tree, detail::kill_descendants) and the runner itself;
// then removes the objects the interrupted run left, named after its parent side's pid
// (run_scoped_name), which only the runner's harness would have removed. @p seen_at_term: the
// processes below the runner when it was sent SIGTERM (its harness may have reaped the run's
// parent side since, in its own sweep, and so that pid is no longer in the tree).
// Everything below the grader but its other children's subtrees is ended: at this point the grader
// has no other child (a test runs one pass at a time), so that is the runner's tree and its orphans,
// which the grader (a subreaper) has inherited.
std::vector<std::string> kill_runner(pid_t runner, std::set<pid_t> seen_at_term) {
    std::set<pid_t> tree = detail::descendants_of(runner);
    tree.merge(seen_at_term);
    tree.insert(runner);
    std::set<pid_t> spared = detail::children_of_self();
    spared.erase(runner);
    detail::kill_descendants(spared);
    std::vector<std::string> removed;
    for (const pid_t pid : tree) {
        for (std::string& path : detail::remove_leftovers(pid)) removed.push_back(std::move(path));
    }
    return removed;
}

// The runner's plan from its output so far (protocol.hpp): the number of runs and the seconds its
// runs' deadlines add up to; false until the whole line is there.
bool read_plan(const std::string& out_path, std::size_t& runs, double& seconds) {
    std::ifstream in(out_path);
    std::string line;
    if (!std::getline(in, line) || in.eof()) return false;  // no line, or not yet a whole one
    const std::string prefix = std::string(sanitizer::kPlanLine) + "\t";
    if (!line.starts_with(prefix)) return false;
    char* end = nullptr;
    runs = std::strtoul(line.c_str() + prefix.size(), &end, 10);
    if (end == nullptr || *end != '\t') return false;
    seconds = std::strtod(end + 1, nullptr) / 1000.0;
    return true;
}

std::string seconds_text(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, seconds < 10 ? "%.1f" : "%.0f", seconds);
    return text;
}

// Starts the runner with stdout and stderr in files; waits for it up to the deadline.
RunnerEnd run_runner(const std::string& runner, const std::string& shared_object, std::string_view mechanism,
                     const std::string& out_path, const std::string& err_path) {
    RunnerEnd end;
    const std::vector<std::string> environment = runner_environment();
    std::vector<char*> envp;
    for (const std::string& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    const std::string mechanism_name(mechanism);
    char* const argv[] = {const_cast<char*>(runner.c_str()), const_cast<char*>(shared_object.c_str()),
                          const_cast<char*>(mechanism_name.c_str()), nullptr};
    // Above the standard three (F_DUPFD_CLOEXEC 3): a grader started with stdin or stdout closed
    // would otherwise get them as 0 or 1, which dup2() onto 1 and 2 below could then overwrite.
    const auto open_high = [](const std::string& path, int flags) {
        const int fd = ::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd == -1 || fd > STDERR_FILENO) return fd;
        const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
        ::close(fd);
        return high;
    };
    const int out = open_high(out_path, O_TRUNC);
    const int err = open_high(err_path, O_TRUNC | O_APPEND);
    if (out == -1 || err == -1) {
        end.could_not_run = std::string("open(") + (out == -1 ? out_path : err_path) + "): " + std::strerror(errno);
        if (out != -1) ::close(out);
        if (err != -1) ::close(err);
        return end;
    }
    std::fflush(nullptr);
    const pid_t grader = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);  // its own group: a Ctrl-C at the terminal is the grader's to handle
        // Its own group is not the terminal's foreground group: a Ctrl-C that ends the grader would not
        // reach it. So it dies with the grader (the signal survives execve), unless that happened already.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != grader) ::_exit(126);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        // Address-space randomisation off for the runner and the runs it forks (the flag survives
        // execve), as LLVM 18's ASan does for itself: GCC 12's cannot start where the kernel randomises
        // mmap with 32 bits (kDeadlySignalLine). Where it is refused, the runner starts anyway (it
        // usually can) and this line tells the grader why, if it then cannot.
        if (const int current = ::personality(0xffffffff);
            current == -1 || ::personality(static_cast<unsigned long>(current) | ADDR_NO_RANDOMIZE) == -1) {
            const std::string text = std::string(kRandomisationStaysOn) + std::strerror(errno) + "\n";
            (void)!::write(STDERR_FILENO, text.data(), text.size());
        }
        ::execve(runner.c_str(), argv, envp.data());
        const std::string text = "execve(" + runner + "): " + std::strerror(errno) + "\n";
        (void)!::write(STDERR_FILENO, text.data(), text.size());
        ::_exit(127);
    }
    const int fork_errno = errno;
    ::close(out);
    ::close(err);
    if (pid == -1) {
        end.could_not_run = std::string("fork: ") + std::strerror(fork_errno);
        return end;
    }

    end.pid = pid;
    const double scale = timeout_scale();
    double limit = kUntilThePlanSeconds * scale;
    timespec started{};
    ::clock_gettime(CLOCK_MONOTONIC, &started);
    double asked_to_end_at = -1;  // when SIGTERM went, in seconds since the start
    std::set<pid_t> seen_at_term;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            if (asked_to_end_at >= 0) {
                end.stopped = "the grader stopped the sanitized runs after " + seconds_text(asked_to_end_at) + " s";
            } else {
                end.status = status;
            }
            double planned = 0;
            if (end.planned_runs == 0) read_plan(out_path, end.planned_runs, planned);
            return end;
        }
        if (done == -1 && errno != EINTR) {
            end.could_not_run = std::string("waitpid: ") + std::strerror(errno);
            return end;
        }
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const double elapsed = static_cast<double>(now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9;
        double planned = 0;
        if (end.planned_runs == 0 && read_plan(out_path, end.planned_runs, planned)) {
            limit = elapsed + planned + (kSlackSeconds + kSlackPerRunSeconds * static_cast<double>(end.planned_runs)) * scale;
        }
        // Before its plan, a runner whose stderr grows by kLoopBytes is the sanitizers' start-up loop:
        // end it now (what it printed says why, run_sanitizer_pass), not after kUntilThePlanSeconds.
        bool start_up_loop = false;
        if (asked_to_end_at < 0 && end.planned_runs == 0) {
            struct stat err_status{};
            start_up_loop = ::stat(err_path.c_str(), &err_status) == 0 &&
                            static_cast<std::uintmax_t>(err_status.st_size) >= kLoopBytes &&
                            deadly_signal_loop(read_start(err_path, kLoopBytes)) > 0;
        }
        if (asked_to_end_at < 0 && (elapsed > limit || start_up_loop)) {
            seen_at_term = detail::descendants_of(pid);
            ::kill(pid, SIGTERM);  // its harness ends the run in progress and removes what it left
            asked_to_end_at = elapsed;
        } else if (asked_to_end_at >= 0 && elapsed > asked_to_end_at + kAfterTermSeconds * scale) {
            end.stopped = "the grader stopped the sanitized runs after " + seconds_text(asked_to_end_at) +
                          " s and killed them " + seconds_text(elapsed - asked_to_end_at) + " s later";
            end.leftovers = kill_runner(pid, std::move(seen_at_term));  // reaps the runner too
            return end;
        }
        timespec pause{0, 10'000'000};
        ::nanosleep(&pause, nullptr);
    }
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

std::vector<SanitizedRun> parse_runs(const std::string& output) {
    std::vector<SanitizedRun> runs;
    for (const std::string& line : split(output, '\n')) {
        const std::vector<std::string> fields = split(line, '\t');
        if (fields.size() != 8 || fields[0] != sanitizer::kRunLine) continue;
        SanitizedRun run;
        run.label = fields[1];
        run.ok = fields[2] == "ok";
        for (int side = 0; side < 2; ++side) {
            run.pids[side] = static_cast<pid_t>(std::atoi(fields[3 + 2 * side].c_str()));
            run.statuses[side] = std::atoi(fields[4 + 2 * side].c_str());
        }
        run.failure = fields[7];
        runs.push_back(std::move(run));
    }
    return runs;
}

// The first report in the runner's stderr (the run's processes share it): from AddressSanitizer's
// "==PID==ERROR:" line, or UBSan's "FILE:LINE:COL: runtime error:" line, to its end.
std::string first_report(const std::string& stderr_text, pid_t& pid) {
    const std::vector<std::string> lines = split(stderr_text, '\n');
    std::string report;
    bool in_report = false;
    for (const std::string& line : lines) {
        if (!in_report) {
            const bool asan = line.starts_with("==") && line.find("==ERROR: ") != std::string::npos;
            const bool ubsan = line.find(": runtime error: ") != std::string::npos;
            if (!asan && !ubsan) continue;
            in_report = true;
            if (asan) pid = static_cast<pid_t>(std::atoi(line.c_str() + 2));
        }
        report += line + "\n";
        if (line.find("==ABORTING") != std::string::npos || line.starts_with("SUMMARY: ")) break;
        if (report.size() > 64 * 1024) break;
    }
    return report;
}

// A stack frame as the sanitizers print it: "    #3 0x55d1c0 in FUNCTION FILE:LINE[:COLUMN]".
struct Frame {
    std::string function;
    std::string location;  // FILE:LINE, or "(binary+offset)"
};
bool parse_frame(const std::string& line, Frame& frame) {
    std::size_t at = line.find_first_not_of(' ');
    if (at == std::string::npos || line[at] != '#') return false;
    const std::size_t in = line.find(" in ", at);
    if (in == std::string::npos) {
        // "#4 0x7f... (/lib/x86_64-linux-gnu/libc.so.6+0x2724a)": no symbol
        const std::size_t space = line.find(' ', line.find(' ', at) + 1);
        frame.function = "";
        frame.location = space == std::string::npos ? line.substr(at) : line.substr(space + 1);
        return true;
    }
    const std::string rest = line.substr(in + 4);
    // The location is the last word; a function's signature may hold spaces ("unsigned long").
    const std::size_t last_space = rest.rfind(' ');
    if (last_space == std::string::npos) {
        frame.function = rest;
        frame.location = "";
    } else {
        frame.function = rest.substr(0, last_space);
        frame.location = rest.substr(last_space + 1);
    }
    return true;
}

// "std::span<std::byte, 18446744073709551615ul>" is std::span<std::byte>: a dynamic extent.
std::string readable(std::string function) {
    const std::string extent = ", 18446744073709551615ul>";
    for (std::size_t at; (at = function.find(extent)) != std::string::npos;) function.replace(at, extent.size(), ">");
    return function;
}

// Where in @p location a lab's own file begins ("labs/01-pipe/x.cpp", a reference's or a mutant's
// copy), or npos when it is not one of them.
std::size_t student_file_at(const std::string& location, std::string_view lab_folder) {
    for (const char* root : {"labs/", "solutions/", "mutant-src/", "alternatives/"}) {
        const std::string needle = std::string(root) + std::string(lab_folder) + "/";
        const std::size_t at = location.find(needle);
        if (at != std::string::npos && (at == 0 || location[at - 1] == '/')) {
            // A mutant's or alternative's copy: show it from the lab's folder on.
            return root == std::string_view("labs/") || root == std::string_view("solutions/")
                       ? at
                       : at + std::strlen(root);
        }
    }
    return std::string::npos;
}

// Strips "==1234==" from the start of a line.
std::string without_pid(const std::string& line) {
    if (!line.starts_with("==")) return line;
    const std::size_t end = line.find("==", 2);
    return end == std::string::npos ? line : line.substr(end + 2);
}

}  // namespace

std::string sanitizers_could_not_start(std::size_t deadly_signals, const std::string& stderr_text, int mmap_rnd_bits) {
    std::string text = "AddressSanitizer could not start: the sanitized runner printed only \"" +
                       std::string(kDeadlySignalLine) + "\" (" + std::to_string(deadly_signals) +
                       " times) and ran nothing";
    if (mmap_rnd_bits > 28) {
        text += "; this kernel randomises mmap with " + std::to_string(mmap_rnd_bits) +
                " bits (vm.mmap_rnd_bits), more than GCC 12's AddressSanitizer allows";
    }
    const std::size_t refused = stderr_text.find(kRandomisationStaysOn);
    if (refused != std::string::npos) {
        const std::size_t why = refused + kRandomisationStaysOn.size();
        text += "; the grader could not turn address-space randomisation off for it (personality(ADDR_NO_RANDOMIZE): " +
                stderr_text.substr(why, stderr_text.find('\n', why) - why) +
                ", as a container's default seccomp profile does)";
    }
    text += ". The memory-error tests could not run here; the lab's code is not at fault. An administrator can "
            "run sysctl -w vm.mmap_rnd_bits=28 (on the host, for a container)";
    if (refused != std::string::npos) text += ", or start the container with --security-opt seccomp=unconfined";
    return text;
}

int SanitizedRun::side_ended_by_sanitizer() const {
    for (int side = 0; side < 2; ++side) {
        if (statuses[side] != -1 && WIFEXITED(statuses[side]) &&
            WEXITSTATUS(statuses[side]) == sanitizer::kSanitizerExitStatus) {
            return side;
        }
    }
    return -1;
}

void choose_sanitized_build(const std::string& shared_object) { sanitized_path() = shared_object; }

std::string default_sanitized_implementation(const std::string& implementation) {
    const fs::path path = fs::absolute(implementation);
    const fs::path variant = path.parent_path();
    const fs::path root = variant.parent_path();
    if (root.filename() == "san") return path.string();
    return (root / "san" / variant.filename() / path.filename()).string();
}

SanitizerPass run_sanitizer_pass(std::string_view mechanism) {
    SanitizerPass pass;
    const std::string shared_object = sanitized_path();
    const fs::path runner = fs::path(shared_object).parent_path().parent_path() / "sanitizer-runner";
    std::error_code error;
    if (shared_object.empty() || !fs::exists(shared_object, error)) {
        pass.problem = "the sanitized build of the graded code is missing (" +
                       (shared_object.empty() ? std::string("none chosen") : shared_object) + ")";
        return pass;
    }
    if (!fs::exists(runner, error)) {
        pass.problem = "the sanitized runner is missing (" + runner.string() + ")";
        return pass;
    }
    const ScratchDirectory scratch;
    if (scratch.path().empty()) {
        pass.problem = std::string("mkdtemp(") + temp_directory() + "/ipcviz-...): " + std::strerror(errno);
        return pass;
    }
    const std::string out_path = scratch.path() + "/runs.txt", err_path = scratch.path() + "/stderr.txt";
    const RunnerEnd ended = run_runner(runner.string(), shared_object, mechanism, out_path, err_path);
    if (!ended.could_not_run.empty()) {
        pass.problem = ended.could_not_run;
        return pass;
    }
    pass.runs = parse_runs(read_file(out_path));
    pass.stopped = ended.stopped;
    pass.planned_runs = ended.planned_runs;
    pass.leftovers = ended.leftovers;
    const std::string stderr_text = read_start(err_path, kMostStderrRead);
    pass.report = first_report(stderr_text, pass.report_pid);
    if (pass.report.empty() && pass.runs.empty() && pass.planned_runs == 0) {
        if (const std::size_t loops = deadly_signal_loop(stderr_text); loops > 0) {
            pass.problem = sanitizers_could_not_start(loops, stderr_text, mmap_random_bits());
            pass.stopped.clear();  // that it was stopped is part of the story above
            return pass;
        }
    }
    // A report from no process of a run is the runner's own: the sanitizers could not start (an
    // address-space limit refuses the terabytes of shadow memory ASan reserves), or they stopped the
    // kit's code in the runner (it then exits with their status; UBSan's report names no pid).
    // Neither is the lab's fault.
    // The runner's own only when it says so: ASan names the runner's pid, or UBSan (which names
    // none) ended the runner itself. Any other process is a run's, or one the lab's code started.
    const bool runner_stopped_by_sanitizer =
        ended.status != -1 && WIFEXITED(ended.status) && WEXITSTATUS(ended.status) == sanitizer::kSanitizerExitStatus;
    const bool runners_own = pass.report_pid != 0 ? pass.report_pid == ended.pid : runner_stopped_by_sanitizer;
    if (!pass.report.empty() && runners_own) {
        std::string first = without_pid(split(pass.report, '\n').front());
        if (first.starts_with("ERROR: ")) first = first.substr(7);
        pass.problem = "the sanitized runner itself failed: " + first;
        if (first.find("failed to allocate") != std::string::npos) {
            pass.problem += " (AddressSanitizer reserves terabytes of address space for its shadow memory: an "
                            "address-space limit — ulimit -v, RLIMIT_AS — stops it; a cgroup memory limit does not)";
        }
        pass.report.clear();
        return pass;
    }
    const bool ran_to_its_end = ended.status != -1 && WIFEXITED(ended.status) && WEXITSTATUS(ended.status) == 0;
    if (ended.stopped.empty() && !ran_to_its_end && pass.report.empty()) {
        std::string tail = stderr_text.size() > 600 ? stderr_text.substr(stderr_text.size() - 600) : stderr_text;
        while (!tail.empty() && tail.back() == '\n') tail.pop_back();
        pass.problem = "the sanitized runner " + describe_wait(ended.status) + (tail.empty() ? "" : "; its last output: " + tail);
    }
    return pass;
}

std::string trim_report(const std::string& report, std::string_view lab_folder) {
    std::string text;
    // Each stack: the student's frames, or one line saying that none was.
    std::vector<Frame> stack;
    bool main_stack_done = false;
    const auto flush_stack = [&] {
        if (stack.empty()) return;
        bool any = false;
        for (const Frame& frame : stack) {
            const std::size_t at = student_file_at(frame.location, lab_folder);
            if (at == std::string::npos) continue;
            text += "      in " + readable(frame.function) + " " + frame.location.substr(at) + "\n";
            any = true;
        }
        if (!any) {
            text += main_stack_done ? "      (in the kit's code, not in your files: memory the kit handed to your code)\n"
                                    : "      (no frame in your files; the first: " + readable(stack.front().function) +
                                          " " + stack.front().location + ")\n";
        }
        stack.clear();
        main_stack_done = true;
    };
    for (const std::string& raw : split(report, '\n')) {
        Frame frame;
        if (parse_frame(raw, frame)) {
            stack.push_back(frame);
            continue;
        }
        flush_stack();
        std::string line = without_pid(raw);
        if (line.empty() || line.starts_with("SUMMARY: ") || line.find("ABORTING") != std::string::npos ||
            line.find("DEADLYSIGNAL") != std::string::npos) {
            continue;
        }
        if (line.starts_with("Shadow bytes around")) break;  // the rest is the shadow memory's dump
        if (line.starts_with("ERROR: ")) {
            line = line.substr(7);
            const std::size_t pc = line.find(" at pc 0x");
            if (pc != std::string::npos) line.resize(pc);
        }
        const std::size_t runtime_error = line.find(": runtime error: ");
        if (runtime_error != std::string::npos) {
            const std::size_t at = student_file_at(line, lab_folder);
            if (at != std::string::npos && at < runtime_error) line = line.substr(at);
        }
        // "WRITE of size 1 at 0x... thread T0" and "allocated by thread T0 here:": the lab has one thread.
        const std::size_t by_thread = line.find(" by thread T");
        if (by_thread != std::string::npos && line.ends_with(" here:")) {
            line = line.substr(0, by_thread) + ":";
        } else if (const std::size_t thread = line.find(" thread T");
                   thread != std::string::npos && (line.starts_with("READ of") || line.starts_with("WRITE of"))) {
            line.resize(thread);
        }
        text += "  " + line + "\n";
    }
    flush_stack();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace ipcviz::grade
