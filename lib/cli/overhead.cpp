// `ipcviz overhead` — the per-call cost of the instrumentation. Times write(2) of one byte to
// /dev/null (a real but cheap syscall) three ways, interleaved round by round so drift on a noisy
// machine favours none: raw ::write, sys::write with tracing off, sys::write with tracing on.
// Reports the median ns per call of each and the wrappers' cost above raw.
#include "overhead.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "ipcviz/error.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/sys.hpp"
#include "ipcviz/trace.hpp"

namespace po = boost::program_options;

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template <typename Call>
double ns_per_call(std::size_t calls, Call call) {
    const std::int64_t start = ipcviz::monotonic_ns();
    for (std::size_t i = 0; i < calls; ++i) call();
    return static_cast<double>(ipcviz::monotonic_ns() - start) / static_cast<double>(calls);
}

}  // namespace

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

    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd == -1) throw ipcviz::SysError("open(/dev/null)", errno);
    const ipcviz::Fd owner(null_fd);
    const std::byte one[1] = {std::byte{1}};

    // A ring big enough for one round, in ordinary memory: tracing's cost is the append itself.
    const std::size_t ring_bytes = ipcviz::TraceRing::bytes_for(calls);
    std::unique_ptr<void, decltype(&std::free)> memory(std::aligned_alloc(64, (ring_bytes + 63) / 64 * 64), std::free);
    if (!memory) throw std::bad_alloc();
    std::fill_n(static_cast<std::byte*>(memory.get()), ring_bytes, std::byte{0});
    ipcviz::TraceRing* ring = ipcviz::TraceRing::create_in(memory.get(), calls);
    ipcviz::TraceContext& context = ipcviz::trace_context();
    const ipcviz::TraceContext saved = context;

    std::vector<double> raw, untraced, traced;
    for (std::size_t round = 0; round <= rounds; ++round) {  // round 0 warms up and is discarded
        const double r = ns_per_call(calls, [&] { (void)!::write(null_fd, one, 1); });
        context.ring = nullptr;
        const double u = ns_per_call(calls, [&] { ipcviz::sys::write(null_fd, one); });
        context = ipcviz::TraceContext{ring, static_cast<std::int32_t>(::getpid()), ipcviz::Side::parent, 0};
        const double t = ns_per_call(calls, [&] { ipcviz::sys::write(null_fd, one); });
        context = saved;
        if (round == 0) continue;
        raw.push_back(r);
        untraced.push_back(u);
        traced.push_back(t);
    }
    const double r = median(raw), u = median(untraced), t = median(traced);
    std::printf("write(2) of 1 byte to /dev/null, median of %zu interleaved rounds of %zu calls:\n", rounds, calls);
    std::printf("  raw ::write                 %8.1f ns/call\n", r);
    std::printf("  sys::write, tracing off     %8.1f ns/call   (%+.1f ns: one counter increment, one add)\n", u, u - r);
    std::printf("  sys::write, tracing on      %8.1f ns/call   (%+.1f ns: two clock reads, one ring append)\n", t, t - r);
    return 0;
}
