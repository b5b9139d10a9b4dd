// ipcviz — the command-line front end.
//   ipcviz                      the viewer's home screen (in a terminal)
//   ipcviz view [options]       step through a real run of one mechanism (text without a terminal)
//   ipcviz trace [options]      one real run's trace and metrics, as text or JSON, for scripts
//   ipcviz overhead             what the instrumentation costs per syscall
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "../view/app.hpp"
#include "../view/comparison.hpp"
#include "../view/session.hpp"
#include "../view/terminal.hpp"
#include "ipcviz/harness.hpp"
#include "ipcviz/mechanism.hpp"
#include "ipcviz/report.hpp"
#include "bench_command.hpp"
#include "overhead.hpp"

namespace po = boost::program_options;

namespace {

constexpr const char* kVersion = "ipcviz 0.2.0";

constexpr const char* kUsage =
    "usage: ipcviz [command] [options]\n"
    "\n"
    "commands:\n"
    "  (none)    the viewer's home screen (needs a terminal)\n"
    "  view      step through a real two-process run of one mechanism, or two side by side (text without a terminal)\n"
    "  trace     one real run's event log and metrics, as text or JSON\n"
    "  bench     race the four mechanisms: latency, throughput, counts (table, CSV or JSON)\n"
    "  overhead  what the instrumentation costs per syscall, tracing off and on\n"
    "\n"
    "options:\n"
    "  -h, --help      this help (ipcviz <command> --help for the command's options)\n"
    "  -V, --version   the version\n";

// Bad input: one line on stderr, exit status 2.
struct UsageError {
    std::string message;
};

std::filesystem::path executable_directory();

// The references when they were built; in a student release (no solutions/) the student's own labs.
std::string default_impl() {
    std::error_code error;
    return std::filesystem::exists(executable_directory() / "solutions" / "libipcviz-impl.so", error) ||
                   !std::filesystem::exists(executable_directory() / "labs" / "libipcviz-impl.so", error)
               ? "solutions"
               : "labs";
}

// The options `view` and `trace` share.
struct RunOptions {
    std::string mechanism;
    std::string impl = default_impl();
    std::size_t messages = 10;
    std::size_t size = 64;
    // The most messages the command takes: the viewer steps through every event of its run, and
    // needs them all in its trace; trace prints or counts what fits.
    std::size_t most_messages = 10'000'000;

    // `view` takes two, side by side ("pipe,shm"); `trace` one.
    const char* mechanism_help = "shm|pipe|unix|tcp";

    void add_to(po::options_description& options, const char* default_mechanism) {
        mechanism = default_mechanism;
        messages_help = "how many messages, 1 to " + std::to_string(most_messages);
        options.add_options()
            ("mechanism,m", po::value(&mechanism)->default_value(mechanism), mechanism_help)
            ("impl", po::value(&impl)->default_value(impl), "solutions|labs: whose code runs")
            ("messages,n", po::value(&messages)->default_value(messages), messages_help.c_str())
            ("size,s", po::value(&size)->default_value(size), "bytes per message");
    }

    std::string messages_help;  // kept: the options description holds a pointer to it

    // The ways a run can go, shared by `view` and `trace` so the viewer can show every run trace can.
    bool round_trip = false;
    bool nagle = false;
    bool split_header = false;

    void add_modes_to(po::options_description& options) {
        options.add_options()
            ("round-trip", po::bool_switch(&round_trip), "each message is echoed back (ping-pong) instead of streamed one way")
            ("nagle", po::bool_switch(&nagle), "tcp: leave Nagle's algorithm on (no TCP_NODELAY)")
            ("split-header", po::bool_switch(&split_header),
             "tcp: send each length prefix and payload in two calls (with --nagle: the stall)");
    }

    // The TCP options on another mechanism would change nothing: say so rather than ignore them.
    void check_modes() const {
        for (const auto& [given, name] : {std::pair{nagle, "--nagle"}, std::pair{split_header, "--split-header"}}) {
            if (given && mechanism != "tcp") {
                throw UsageError{std::string(name) + " is for tcp only (it changes how TCP sends), not for " + mechanism};
            }
        }
    }

    const ipcviz::Mechanism& check() const {
        const ipcviz::Mechanism* found = ipcviz::find_mechanism(mechanism);
        if (found == nullptr) throw UsageError{"unknown mechanism '" + mechanism + "' (shm, pipe, unix, tcp)"};
        if (impl != "solutions" && impl != "labs") throw UsageError{"--impl must be solutions or labs, not '" + impl + "'"};
        if (messages < 1 || messages > most_messages) {
            throw UsageError{"--messages must be between 1 and " + std::to_string(most_messages)};
        }
        if (size < 1 || size > (64u << 20)) throw UsageError{"--size must be between 1 and 67108864 bytes"};
        return *found;
    }
};

std::filesystem::path executable_directory() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::current_path() : self.parent_path();
}

ipcviz::Implementation load_implementation(const std::string& impl) {
    if (impl != "solutions" && impl != "labs") throw UsageError{"--impl must be solutions or labs, not '" + impl + "'"};
    const auto library = executable_directory() / impl / "libipcviz-impl.so";
    if (!std::filesystem::exists(library)) {
        throw UsageError{library.string() + " is missing: build it with `make all`"};
    }
    return ipcviz::Implementation(library.string());
}

bool has_terminal() { return ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO); }

// Parses @p arguments against @p options; returns false after printing --help.
bool parse(const std::vector<std::string>& arguments, po::options_description& options, po::variables_map& values) {
    po::store(po::command_line_parser(arguments).options(options).run(), values);
    if (values.count("help") != 0) {
        std::cout << options;
        return false;
    }
    po::notify(values);
    return true;
}

int view_command(const std::vector<std::string>& arguments, bool home) {
    RunOptions run;
    po::options_description options("ipcviz view [options]");
    options.add_options()("help,h", "this help")("text", "print the run as text instead of stepping through it")(
        "live", "live mode: both processes stop before each call; step them (→), pace them (p), kill (k) or "
                "close (c) one side and see what the other gets (needs a terminal)");
    // Every event must fit the trace for the steps to add up (about a dozen per message at most).
    run.most_messages = 5000;
    run.mechanism_help = "shm|pipe|unix|tcp, or two side by side: pipe,shm";
    run.add_to(options, "shm");
    run.add_modes_to(options);
    // Lecture mode (issue 12): the projector's layout, predict then reveal, auto-pause.
    std::string layout = "auto";
    options.add_options()
        ("layout", po::value(&layout)->default_value(layout),
         "compact|full|auto: compact fits a zoomed terminal from 60x20; auto is compact below 80x24")
        ("predict", "figures show \"?\" until revealed (v this step, V the run; P toggles)")
        ("pause-on-receive", "playback pauses at each message received (a toggles)");
    po::variables_map values;
    if (!parse(arguments, options, values)) return 0;
    // Side by side (issue 12): "-m pipe,shm", two different mechanisms, the first on the left.
    std::string compare_with;
    if (run.mechanism.find(',') != std::string::npos) {
        const auto names = ipcviz::view::parse_mechanism_list(run.mechanism);
        if (!names || names->size() != 2) throw UsageError{ipcviz::view::kMechanismListError};
        run.mechanism = (*names)[0];
        compare_with = (*names)[1];
    }
    const ipcviz::Mechanism& mechanism = run.check();
    if (compare_with != "tcp") run.check_modes();  // the TCP options act on the TCP run of a pair
    ipcviz::view::ViewerOptions viewer;
    const auto chosen = ipcviz::view::parse_layout(layout);
    if (!chosen) throw UsageError{"--layout must be compact, full or auto, not '" + layout + "'"};
    viewer.layout = *chosen;
    viewer.predict = values.count("predict") != 0;
    viewer.auto_pause = values.count("pause-on-receive") != 0;
    const ipcviz::Implementation implementation = load_implementation(run.impl);
    ipcviz::view::SessionOptions session_options;
    session_options.impl = run.impl;
    session_options.messages = run.messages;
    session_options.size = run.size;
    session_options.pattern = run.round_trip ? ipcviz::Pattern::round_trip : ipcviz::Pattern::one_way;
    session_options.nagle = run.nagle;
    session_options.split_header = run.split_header;
    ipcviz::view::Session session(implementation, session_options);
    const bool live = values.count("live") != 0;
    if (live && (values.count("text") != 0 || !has_terminal())) {
        throw UsageError{"--live steps a run in the viewer: it needs a terminal, and cannot be --text"};
    }
    if (live && !compare_with.empty()) throw UsageError{"--live steps one run: give -m one mechanism"};
    if (!compare_with.empty() && (values.count("text") != 0 || !has_terminal())) {
        ipcviz::view::ComparedRun left(session.trace(mechanism));
        ipcviz::view::ComparedRun right(session.trace(*ipcviz::find_mechanism(compare_with)));
        std::cout << ipcviz::view::comparison_text(left, right, run.impl);
        return left.model.run().ok && right.model.run().ok ? 0 : 1;
    }
    if (values.count("text") != 0 || !has_terminal()) {
        const ipcviz::view::ViewModel model = session.load(mechanism);
        std::cout << ipcviz::view::text_report(model);
        return model.run().ok ? 0 : 1;
    }
    if (const std::string why = ipcviz::view::Terminal::unusable(); !why.empty()) {
        throw UsageError{why + ": the viewer needs a real terminal (try ipcviz view --text)"};
    }
    viewer.live = live;
    viewer.compare_with = compare_with;
    return ipcviz::view::run_viewer(session, home ? std::string() : run.mechanism, viewer);
}

int trace_command(const std::vector<std::string>& arguments) {
    RunOptions run;
    std::string format = "text";
    po::options_description options("ipcviz trace [options]");
    options.add_options()("help,h", "this help");
    run.add_to(options, "pipe");
    run.add_modes_to(options);
    options.add_options()
        ("untraced", "no trace events (measures without the tracing cost)")
        ("audit", "also count the syscalls from the kernel side (ptrace; slow)")
        ("format", po::value(&format)->default_value(format), "text|json")
        ("quiet,q", "text: the metrics only, not the event log");
    po::variables_map values;
    if (!parse(arguments, options, values)) return 0;
    const ipcviz::Mechanism& mechanism = run.check();
    run.check_modes();
    if (format != "text" && format != "json") throw UsageError{"--format must be text or json, not '" + format + "'"};
    const ipcviz::Implementation implementation = load_implementation(run.impl);

    ipcviz::Workload workload;
    workload.messages = run.messages;
    workload.message_size = run.size;
    workload.pattern = run.round_trip ? ipcviz::Pattern::round_trip : ipcviz::Pattern::one_way;
    workload.trace = values.count("untraced") == 0;
    workload.audit = values.count("audit") != 0;
    workload.tcp_nodelay = !run.nagle;
    workload.header_apart = run.split_header;
    const ipcviz::RunResult result = ipcviz::run(mechanism, implementation.factory(mechanism.name), workload);

    if (format == "json") {
        std::cout << ipcviz::format_json(result, workload.trace);
    } else {
        if (values.count("quiet") == 0 && workload.trace) {
            std::cout << "Event log (" << result.trace.size() << " events"
                      << (result.trace_dropped ? ", oldest " + std::to_string(result.trace_dropped) + " dropped" : "")
                      << "; in the order they started; µs from the first, CLOCK_MONOTONIC)\n"
                      << ipcviz::format_timeline(result) << "\n";
        }
        std::cout << ipcviz::format_metrics(result);
        if (workload.audit && result.ok) std::cout << "\n" << ipcviz::format_audit(result);
    }
    return result.ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    try {
        if (arguments.empty()) {
            if (!has_terminal()) throw UsageError{"no command given and no terminal for the viewer (try ipcviz --help)"};
            return view_command({}, true);
        }
        if (arguments[0] == "-h" || arguments[0] == "--help" || arguments[0] == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (arguments[0] == "-V" || arguments[0] == "--version") {
            std::cout << kVersion << "\n";
            return 0;
        }
        const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
        if (arguments[0] == "view") return view_command(rest, false);
        if (arguments[0] == "trace") return trace_command(rest);
        if (arguments[0] == "overhead") return overhead_command(rest);
        if (arguments[0] == "bench") return bench_command(rest, load_implementation, has_terminal());
        throw UsageError{"unknown command '" + arguments[0] + "' (try ipcviz --help)"};
    } catch (const UsageError& error) {
        std::cerr << "ipcviz: " << error.message << "\n";
        return 2;
    } catch (const po::error& error) {
        std::cerr << "ipcviz: " << error.what() << " (try ipcviz --help)\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "ipcviz: " << error.what() << "\n";
        return 1;
    }
}
