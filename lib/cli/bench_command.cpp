#include "bench_command.hpp"

#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>
#include <sstream>

#include "../bench/bench.hpp"
#include "../view/bench_screen.hpp"
#include "../view/terminal.hpp"
#include "ipcviz/mechanism.hpp"

namespace po = boost::program_options;

int bench_command(const std::vector<std::string>& arguments, ipcviz::Implementation (*load)(const std::string& impl),
                  bool terminal) {
    ipcviz::bench::BenchOptions options;
    std::string impl = "solutions";
    std::string format = "table";
    std::string mechanisms = "shm,pipe,unix,tcp";
    po::options_description description("ipcviz bench [options]");
    description.add_options()
        ("help,h", "this help")
        ("messages", po::value(&options.messages)->default_value(options.messages), "one-way messages per mechanism")
        ("round-trips", po::value(&options.round_trips)->default_value(options.round_trips), "round trips per mechanism")
        ("size", po::value(&options.size)->default_value(options.size), "bytes per message")
        ("rounds", po::value(&options.rounds)->default_value(options.rounds), "interleaved rounds (medians over them)")
        ("mechanisms", po::value(&mechanisms)->default_value(mechanisms), "which, comma-separated")
        ("impl", po::value(&impl)->default_value(impl), "solutions|labs: whose code runs")
        ("format", po::value(&format)->default_value(format), "table|csv|json")
        ("compare-raw", "also time raw-syscall ping-pongs and a cache-line ping-pong, in the same rounds")
        ("predict", "on the screen: the table and summary stay \"?\" until v reveals them (ask the class first)");
    po::variables_map values;
    po::store(po::command_line_parser(arguments).options(description).run(), values);
    if (values.count("help") != 0) {
        std::cout << description;
        return 0;
    }
    po::notify(values);
    options.compare_raw = values.count("compare-raw") != 0;
    options.mechanisms.clear();
    std::stringstream list(mechanisms);
    for (std::string name; std::getline(list, name, ',');) {
        if (ipcviz::find_mechanism(name) == nullptr) throw po::error("unknown mechanism '" + name + "' in --mechanisms");
        options.mechanisms.push_back(name);
    }
    if (options.mechanisms.empty()) throw po::error("--mechanisms names none");
    if (format != "table" && format != "csv" && format != "json") throw po::error("--format must be table, csv or json");
    if (options.rounds < 1 || options.rounds > 100) throw po::error("--rounds must be between 1 and 100");
    // A negative number arrives here as a huge one: one upper bound catches both.
    constexpr std::size_t kMost = 10'000'000;
    const auto rounds = static_cast<std::size_t>(options.rounds);
    if (options.messages < rounds || options.messages > kMost || options.round_trips < rounds || options.round_trips > kMost) {
        throw po::error("--messages and --round-trips must be between --rounds and 10000000");
    }
    if (options.size < 1 || options.size > (1u << 20)) throw po::error("--size must be between 1 and 1048576 bytes");
    const ipcviz::Implementation implementation = load(impl);

    ipcviz::bench::BenchReport report;
    if (format == "table" && terminal) {
        if (const std::string why = ipcviz::view::Terminal::unusable(); !why.empty()) {
            throw po::error(why + ": the race needs a real terminal (try ipcviz bench | cat, or --format csv)");
        }
        try {
            ipcviz::view::Terminal screen;
            report = ipcviz::view::run_bench_on_screen(screen, options, implementation, values.count("predict") != 0);
        } catch (const ipcviz::view::BenchCancelled&) {
            std::cerr << "ipcviz: the benchmark was cancelled (q)\n";
            return 1;
        } catch (const ipcviz::view::BenchStopped&) {
            // The terminal is restored (its owner is gone): end as the signal would have ended us.
            const int signal = ipcviz::view::Terminal::stop_signal();
            std::signal(signal, SIG_DFL);
            std::raise(signal);
            return 1;
        }
    } else {
        report = ipcviz::bench::run_bench(options, implementation, nullptr);
    }
    if (format == "csv") std::cout << ipcviz::bench::format_csv(report);
    else if (format == "json") std::cout << ipcviz::bench::format_json(report);
    else std::cout << ipcviz::bench::format_table(report);
    for (const auto& result : report.results) {
        if (!result.ok) return 1;
    }
    return 0;
}
