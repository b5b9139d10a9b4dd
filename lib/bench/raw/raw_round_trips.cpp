// The raw round trips through the kernel (pipe, Unix socket, TCP), and the dispatch to all four.
// Each is the reference channel's data path with everything else taken away: no wrappers, no
// counters, no trace, no per-message check or clock.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "raw.hpp"
#include "raw_common.hpp"
#include "raw_shm.hpp"

namespace ipcviz::bench::raw {

using detail::fail;
using detail::time_with_echo;

namespace {

void write_all(int fd, const std::byte* data, std::size_t size) {
    while (size > 0) {
        const ssize_t put = ::write(fd, data, size);
        if (put <= 0) fail("write");
        data += put;
        size -= static_cast<std::size_t>(put);
    }
}

void read_all(int fd, std::byte* data, std::size_t size) {
    while (size > 0) {
        const ssize_t got = ::read(fd, data, size);
        if (got <= 0) fail("read");
        data += got;
        size -= static_cast<std::size_t>(got);
    }
}

// A length prefix and the payload in one sendmsg/recvmsg, as the reference socket channels frame.
void send_framed(int fd, std::byte* payload, std::size_t size) {
    auto length = static_cast<std::uint32_t>(size);
    iovec parts[2] = {{&length, sizeof length}, {payload, size}};
    msghdr header{};
    header.msg_iov = parts;
    header.msg_iovlen = 2;
    if (::sendmsg(fd, &header, MSG_NOSIGNAL) != static_cast<ssize_t>(size + sizeof length)) fail("sendmsg");
}

void receive_framed(int fd, std::byte* payload, std::size_t size) {
    std::uint32_t length = 0;
    iovec parts[2] = {{&length, sizeof length}, {payload, size}};
    msghdr header{};
    header.msg_iov = parts;
    header.msg_iovlen = 2;
    std::size_t left = size + sizeof length;
    while (left > 0) {  // a short receive: drop what arrived from the front of the parts, ask again
        const ssize_t got = ::recvmsg(fd, &header, 0);
        if (got <= 0) fail("recvmsg");
        left -= static_cast<std::size_t>(got);
        for (std::size_t moved = static_cast<std::size_t>(got); moved > 0 && header.msg_iovlen > 0;) {
            iovec& part = header.msg_iov[0];
            const std::size_t take = moved < part.iov_len ? moved : part.iov_len;
            part.iov_base = static_cast<std::byte*>(part.iov_base) + take;
            part.iov_len -= take;
            moved -= take;
            if (part.iov_len == 0) {
                ++header.msg_iov;
                --header.msg_iovlen;
            }
        }
    }
}

double pipe_round_trips(std::size_t count, std::size_t size) {
    int there[2], back[2];
    if (::pipe(there) != 0 || ::pipe(back) != 0) fail("pipe");
    std::vector<std::byte> message(size, std::byte{1});
    // Each side closes the other's ends first: if the echo dies, the parent's read sees end of file.
    const auto close_ends = [](int& a, int& b) {
        ::close(std::exchange(a, -1));
        ::close(std::exchange(b, -1));
    };
    double ns = 0;
    try {
        ns = time_with_echo(
            [&](const detail::PeerGone&) {
                close_ends(there[1], back[0]);
                for (std::size_t i = 0; i < count; ++i) {
                    read_all(there[0], message.data(), size);
                    write_all(back[1], message.data(), size);
                }
            },
            [&](const detail::PeerGone&) {
                close_ends(there[0], back[1]);
                for (std::size_t i = 0; i < count; ++i) {
                    write_all(there[1], message.data(), size);
                    read_all(back[0], message.data(), size);
                }
            });
    } catch (...) {
        for (const int fd : {there[0], there[1], back[0], back[1]}) if (fd >= 0) ::close(fd);
        throw;
    }
    for (const int fd : {there[0], there[1], back[0], back[1]}) if (fd >= 0) ::close(fd);
    return ns;
}

// Takes @p server and @p client and closes both. Each process closes the other's end first: if the
// echo dies, the parent's receive sees end of file rather than waiting for ever.
double socket_round_trips(int server, int client, std::size_t count, std::size_t size) {
    std::vector<std::byte> message(size, std::byte{1});
    double ns = 0;
    try {
        ns = time_with_echo(
        [&](const detail::PeerGone&) {
            ::close(server);
            for (std::size_t i = 0; i < count; ++i) {
                receive_framed(client, message.data(), size);
                send_framed(client, message.data(), size);
            }
        },
        [&](const detail::PeerGone&) {
            ::close(std::exchange(client, -1));
            for (std::size_t i = 0; i < count; ++i) {
                send_framed(server, message.data(), size);
                receive_framed(server, message.data(), size);
            }
        });
    } catch (...) {
        ::close(server);
        if (client >= 0) ::close(client);
        throw;
    }
    ::close(server);
    return ns;
}

double unix_round_trips(std::size_t count, std::size_t size) {
    char directory[] = "/tmp/ipcviz-raw-XXXXXX";
    if (::mkdtemp(directory) == nullptr) fail("mkdtemp");
    const std::string path = std::string(directory) + "/raw.sock";
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener, 1) != 0) {
        ::rmdir(directory);
        fail("bind(unix)");
    }
    const int client = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const int connected = client < 0 ? -1 : ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
    const int server = connected == 0 ? ::accept(listener, nullptr, nullptr) : -1;
    ::close(listener);
    ::unlink(path.c_str());
    ::rmdir(directory);
    if (connected != 0 || server < 0) fail("connect(unix)");
    return socket_round_trips(server, client, count, size);
}

double tcp_round_trips(std::size_t count, std::size_t size) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    socklen_t length = sizeof address;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener, 1) != 0 || ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        fail("bind(tcp)");
    }
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    const int connected = client < 0 ? -1 : ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
    const int server = connected == 0 ? ::accept(listener, nullptr, nullptr) : -1;
    ::close(listener);
    if (connected != 0 || server < 0) fail("connect(tcp)");
    const int one = 1;
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return socket_round_trips(server, client, count, size);
}

}  // namespace

double round_trip_ns(std::string_view mechanism, std::size_t round_trips, std::size_t size) {
    double total = 0;
    if (mechanism == "pipe") total = pipe_round_trips(round_trips, size);
    else if (mechanism == "unix") total = unix_round_trips(round_trips, size);
    else if (mechanism == "tcp") total = tcp_round_trips(round_trips, size);
    else if (mechanism == "shm") total = detail::shm_round_trips(round_trips, size);
    else throw std::invalid_argument("no raw round trip for " + std::string(mechanism));
    return total / static_cast<double>(round_trips);
}

}  // namespace ipcviz::bench::raw
