// Whether a connect() the audit saw was aimed at the peer's socket: the two addresses as the audit
// names them (syscall_audit.cpp, describe_address), compared as the kernel would route a connection.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ipcviz/audit.hpp"

namespace ipcviz {

namespace {

// An address as the audit names it, parsed: a socket file's path, or an IP address and port.
struct Endpoint {
    bool udp = false;
    bool unix_path = false;
    std::string path;
    bool ip = false;
    bool v4 = false;                   // an IPv4 address (also one written IPv4-mapped, [::ffff:a.b.c.d])
    std::array<unsigned char, 16> bytes{};  // the IPv6 address, or the IPv4 one in the first 4 bytes
    unsigned long port = 0;
};

std::optional<Endpoint> parse(std::string text) {
    Endpoint endpoint;
    if (text.rfind("udp ", 0) == 0) {
        endpoint.udp = true;
        text.erase(0, 4);
    }
    if (text.rfind("unix ", 0) == 0) {
        endpoint.unix_path = true;
        endpoint.path = text.substr(5);
        return endpoint;
    }
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size()) return std::nullopt;
    const std::string port = text.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) || port.size() > 5) {
        return std::nullopt;
    }
    endpoint.port = std::stoul(port);
    std::string host = text.substr(0, colon);
    endpoint.ip = true;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        in6_addr address{};
        if (::inet_pton(AF_INET6, host.c_str(), &address) != 1) return std::nullopt;
        if (IN6_IS_ADDR_V4MAPPED(&address)) {
            endpoint.v4 = true;
            std::copy_n(address.s6_addr + 12, 4, endpoint.bytes.begin());
        } else {
            std::copy_n(address.s6_addr, 16, endpoint.bytes.begin());
        }
        return endpoint;
    }
    in_addr address{};
    if (::inet_pton(AF_INET, host.c_str(), &address) != 1) return std::nullopt;
    endpoint.v4 = true;
    std::copy_n(reinterpret_cast<const unsigned char*>(&address.s_addr), 4, endpoint.bytes.begin());
    return endpoint;
}

bool is_wildcard(const Endpoint& endpoint) {
    const std::size_t size = endpoint.v4 ? 4 : 16;
    return std::all_of(endpoint.bytes.begin(), endpoint.bytes.begin() + static_cast<long>(size),
                       [](unsigned char byte) { return byte == 0; });
}

// Whether a connection to @p target reaches a socket bound at @p bound.
bool reaches(const Endpoint& target, const Endpoint& bound) {
    if (target.udp != bound.udp) return false;
    if (target.unix_path || bound.unix_path) return target.unix_path && bound.unix_path && target.path == bound.path;
    if (bound.port != 0 && bound.port != target.port) return false;
    if (is_wildcard(bound)) return bound.v4 ? target.v4 : true;  // [::] takes IPv4 too, unless IPV6_V6ONLY
    return target.v4 == bound.v4 && target.bytes == bound.bytes;
}

}  // namespace

bool aimed_at_peer(const std::string& target, const std::vector<std::string>& peer_objects) {
    const std::string bind_prefix = "bind ";
    bool bound_any = false;
    const std::optional<Endpoint> to = parse(target);
    for (const std::string& object : peer_objects) {
        if (object.rfind(bind_prefix, 0) != 0) continue;
        bound_any = true;
        const std::optional<Endpoint> bound = parse(object.substr(bind_prefix.size()));
        if (!bound) return true;  // an address the audit could not read: it may be the target's
        if (to && reaches(*to, *bound)) return true;
    }
    return !bound_any;
}

}  // namespace ipcviz
