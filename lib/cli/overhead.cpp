// `ipcviz overhead` — the per-call cost of the instrumentation (see bench/instrumentation_cost.hpp):
// the median ns per call of raw ::write, sys::write untraced and traced, and the wrappers' cost.
#include "overhead.hpp"

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "../bench/instrumentation_cost.hpp"

namespace po = boost::program_options;

int overhead_command(const std::vector<std::string>& arguments) {
    std::size_t rounds = 15;
    std::size_t calls = 20000;
    po::options_description options("ipcviz overhead [options]");
    options.add_options()("help,h", "this help")
        ("rounds", po::value(&rounds)->default_value(rounds), "interleaved rounds (the median is reported)")
        ("calls", po::value(&calls)->default_value(calls), "calls per round and way");
    po::variables_map values;
    po::store(po::command_line_parser(arguments).options(options).run(), values);
    if (values.count("help") != 0) {
        std::cout << options;
        return 0;
    }
    po::notify(values);
    if (rounds < 1 || rounds > 1000 || calls < 1 || calls > 10'000'000) {
        throw po::error("--rounds must be 1 to 1000 and --calls 1 to 10000000");
    }

    const ipcviz::bench::InstrumentationCost cost = ipcviz::bench::measure_instrumentation_cost(rounds, calls);
    const double r = cost.raw_ns, u = cost.untraced_ns, t = cost.traced_ns;
    std::printf("write(2) of 1 byte to /dev/null, median of %zu interleaved rounds of %zu calls:\n", rounds, calls);
    std::printf("  raw ::write                 %8.1f ns/call\n", r);
    std::printf("  sys::write, tracing off     %8.1f ns/call   (%+.1f ns: a counter, an add, the call record)\n", u, u - r);
    std::printf("  sys::write, tracing on      %8.1f ns/call   (%+.1f ns: two clock reads, one ring append)\n", t, t - r);
    return 0;
}
