// ipcviz — the command-line front end: `ipcviz run` makes one real, traced two-process run of a
// mechanism and prints its event log and metrics.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "ipcviz/harness.hpp"
#include "ipcviz/mechanism.hpp"
#include "ipcviz/report.hpp"
#include "overhead.hpp"

namespace po = boost::program_options;

namespace {

constexpr const char* kVersion = "ipcviz 0.1.0";

constexpr const char* kUsage =
    "usage: ipcviz <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       one real two-process run of a mechanism: its event log and metrics\n"
    "  overhead  what the instrumentation costs per syscall, tracing off and on\n"
    "\n"
    "options:\n"
    "  -h, --help      this help (ipcviz <command> --help for the command's options)\n"
    "  -V, --version   the version\n";

// Bad input: one line on stderr, exit status 2.
struct UsageError {
    std::string message;
};

std::filesystem::path executable_directory() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::current_path() : self.parent_path();
}

int run_command(const std::vector<std::string>& arguments) {
    std::string mechanism_name = "pipe";
    std::string impl = "solutions";
    std::string format = "text";
    std::size_t messages = 10;
    std::size_t size = 64;
    po::options_description options("ipcviz run [options]");
    options.add_options()
        ("help,h", "this help")
        ("mechanism,m", po::value(&mechanism_name)->default_value(mechanism_name), "pipe|unix|tcp|shm")
        ("impl", po::value(&impl)->default_value(impl), "solutions|labs: whose code runs")
        ("messages,n", po::value(&messages)->default_value(messages), "how many messages")
        ("size,s", po::value(&size)->default_value(size), "bytes per message")
        ("round-trip", "each message is echoed back (ping-pong) instead of streamed one way")
        ("untraced", "no trace events (measures without the tracing cost)")
        ("audit", "also count the syscalls from the kernel side (ptrace; slow)")
        ("nagle", "tcp: leave Nagle's algorithm on (no TCP_NODELAY)")
        ("split-header", "unix, tcp: send each length prefix and payload in two calls (with --nagle: the stall)")
        ("format", po::value(&format)->default_value(format), "text|json")
        ("quiet,q", "text: the metrics only, not the event log");
    po::variables_map values;
    po::store(po::command_line_parser(arguments).options(options).run(), values);
    if (values.count("help") != 0) {
        std::cout << options;
        return 0;
    }
    po::notify(values);

    const ipcviz::Mechanism* mechanism = ipcviz::find_mechanism(mechanism_name);
    if (mechanism == nullptr) throw UsageError{"unknown mechanism '" + mechanism_name + "' (pipe, unix, tcp, shm)"};
    if (impl != "solutions" && impl != "labs") throw UsageError{"--impl must be solutions or labs, not '" + impl + "'"};
    if (format != "text" && format != "json") throw UsageError{"--format must be text or json, not '" + format + "'"};
    if (messages < 1 || messages > 10'000'000) throw UsageError{"--messages must be between 1 and 10000000"};
    if (size < 1 || size > (64u << 20)) throw UsageError{"--size must be between 1 and 67108864 bytes"};

    const auto library = executable_directory() / impl / "libipcviz-impl.so";
    if (!std::filesystem::exists(library)) {
        throw UsageError{library.string() + " is missing: build it with `make all` (or make demo)"};
    }
    const ipcviz::Implementation implementation(library.string());

    ipcviz::Workload workload;
    workload.messages = messages;
    workload.message_size = size;
    workload.pattern = values.count("round-trip") ? ipcviz::Pattern::round_trip : ipcviz::Pattern::one_way;
    workload.trace = values.count("untraced") == 0;
    workload.audit = values.count("audit") != 0;
    workload.tcp_nodelay = values.count("nagle") == 0;
    workload.header_apart = values.count("split-header") != 0;
    const ipcviz::RunResult result = ipcviz::run(*mechanism, implementation.factory(mechanism->name), workload);

    if (format == "json") {
        std::cout << ipcviz::format_json(result, workload.trace);
    } else {
        if (values.count("quiet") == 0 && workload.trace) {
            std::cout << "Event log (" << result.trace.size() << " events"
                      << (result.trace_dropped ? ", oldest " + std::to_string(result.trace_dropped) + " dropped" : "")
                      << ")\n"
                      << ipcviz::format_event_log(result) << "\n";
        }
        std::cout << ipcviz::format_metrics(result);
    }
    return result.ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    try {
        if (arguments.empty()) throw UsageError{"no command given (try ipcviz --help)"};
        if (arguments[0] == "-h" || arguments[0] == "--help" || arguments[0] == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (arguments[0] == "-V" || arguments[0] == "--version") {
            std::cout << kVersion << "\n";
            return 0;
        }
        const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
        if (arguments[0] == "run") return run_command(rest);
        if (arguments[0] == "overhead") return overhead_command(rest);
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
