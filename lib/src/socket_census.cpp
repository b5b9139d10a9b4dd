#include "socket_census.hpp"

#include <arpa/inet.h>
#include <sys/un.h>

#include <linux/tcp.h>  // glibc's <netinet/tcp.h> lacks tcpi_segs_out and friends
#include <netinet/in.h>
#include <sys/socket.h>

#include "fd_census.hpp"

namespace ipcviz::detail {

TcpCounters tcp_totals() {
    TcpCounters totals;
    for (const auto& [fd, target] : open_fds()) {
        if (target.rfind("socket:", 0) != 0) continue;
        tcp_info info{};
        socklen_t length = sizeof info;
        // Raw on purpose: the harness's own look, not counted as the channel's work. Fails with
        // EOPNOTSUPP on a socket that is not TCP.
        if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) continue;
        totals.segments_out += info.tcpi_segs_out;
        totals.segments_in += info.tcpi_segs_in;
        totals.retransmits += info.tcpi_total_retrans;
        totals.bytes_sent += info.tcpi_bytes_sent;
        totals.bytes_acked += info.tcpi_bytes_acked;
        totals.bytes_received += info.tcpi_bytes_received;
    }
    return totals;
}

std::string socket_endpoint() {
    for (const auto& [fd, target] : open_fds()) {
        if (target.rfind("socket:", 0) != 0) continue;
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
        if (address.ss_family == AF_UNIX) {
            const auto& un = reinterpret_cast<const sockaddr_un&>(address);
            const std::size_t path_length = length > offsetof(sockaddr_un, sun_path) ? length - offsetof(sockaddr_un, sun_path) : 0;
            const std::string path(un.sun_path, strnlen(un.sun_path, path_length));
            if (!path.empty()) return path;
        } else if (address.ss_family == AF_INET) {
            const auto& in = reinterpret_cast<const sockaddr_in&>(address);
            char text[INET_ADDRSTRLEN] = {};
            ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
            return std::string(text) + ":" + std::to_string(ntohs(in.sin_port));
        }
    }
    return {};
}

TcpCounters tcp_since(const TcpCounters& after, const TcpCounters& before) {
    return TcpCounters{after.segments_out - before.segments_out, after.segments_in - before.segments_in,
                       after.retransmits - before.retransmits, after.bytes_sent - before.bytes_sent,
                       after.bytes_acked - before.bytes_acked, after.bytes_received - before.bytes_received};
}

}  // namespace ipcviz::detail
