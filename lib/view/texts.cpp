#include "texts.hpp"

#include <cstdio>

namespace ipcviz::view {

const Card (&cards())[5] {
    static const Card kCards[5] = {
        {"shm", "Shared Memory", "Direct RAM access. Zero kernel involvement. Fastest IPC mechanism on a single host.",
         "0 copies · 0 syscalls"},
        {"pipe", "Pipe", "Unidirectional kernel buffer. Data passes through kernel space — two copies per message.",
         "2 copies · 2 syscalls"},
        {"unix", "Unix Socket", "Full-duplex socket in the filesystem. Same overhead as pipes, but bidirectional.",
         "2 copies · same-host"},
        {"tcp", "TCP Socket", "Full network stack. Checksums, retransmits, sequence numbers. Works cross-host.",
         "3+ copies · cross-host"},
        {"bench", "Benchmark", "Race all four mechanisms side by side. 100k messages. See the tradeoffs clearly.",
         "compare all"},
    };
    return kCards;
}

std::string explanation(const ViewModel& model) {
    const Metrics& m = model.run().metrics;
    char figures[240];
    const std::string name(model.mechanism().name);
    if (name == "shm") {
        std::snprintf(figures, sizeof figures,
                      " Measured per message: %.2f syscalls, %.2f kernel copies, %.2f user copies (in, out).",
                      m.syscalls, m.kernel_copies, m.user_copies);
        return "Both map the same region: the writer fills a slot and publishes it with a release store of its ready "
               "flag; the reader sees it with an acquire load. No kernel transition unless one must wait (spin, then "
               "futex)." + std::string(figures);
    }
    if (name == "pipe") {
        std::snprintf(figures, sizeof figures, " Measured: %.2f copies and %.2f syscalls per message.", m.kernel_copies,
                      m.syscalls);
        return "write() copies the message into the kernel's pipe buffer, read() copies it out: two kernel transitions "
               "per message — the price of isolation, since neither process can touch the other's memory." +
               std::string(figures);
    }
    if (name == "unix") {
        std::snprintf(figures, sizeof figures,
                      " Measured: %.2f copies per message — the 4-byte length prefix crosses the boundary too.",
                      m.kernel_copies);
        return "Same kernel work as a pipe, but one connected socket carries bytes both ways, and it is found by a "
               "name in the filesystem. A stream keeps no message boundaries: each message gets a length prefix." +
               std::string(figures);
    }
    if (name == "tcp" && !model.run().workload.tcp_nodelay && model.run().workload.header_apart) {
        // Nagle's stall: the lesson of this run is the wait, so it comes first.
        std::snprintf(figures, sizeof figures, " Measured: %.2f segments per message (TCP_INFO), %.0f µs mean latency.",
                      m.tcp_segments, m.latency_mean_ns / 1000);
        return "Nagle's algorithm is on and each length prefix goes out alone: a payload waits in the kernel while a "
               "small segment is unacknowledged, and the peer delays its ACK (up to 40 ms). In a round trip every "
               "message waits: see the long receives in the log." +
               std::string(figures);
    }
    if (name == "tcp") {
        std::snprintf(figures, sizeof figures, " Measured: %.2f copies, %.2f segments per message (TCP_INFO).",
                      m.kernel_copies, m.tcp_segments);
        return "The whole network stack runs even on loopback: sequence numbers, checksums, ACKs. Copies are 2, as "
               "for a pipe (\"3+\" counts a network card's); the cost is the protocol work per segment." +
               std::string(figures);
    }
    return {};
}

}  // namespace ipcviz::view
