// The kernel audit inside each side's open() (AuditCounts::OpenCalls): what a side that waits for
// its peer does there (a refused connect(), an shm_open() of a name not made yet, a sleep, a poll
// that timed out) is counted with its errno, and the harness's own start-up delay is not; each
// connect() with the address it named, which tells one aimed at the peer from one aimed elsewhere.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ipcviz/harness.hpp"
#include "ipcviz/names.hpp"
#include "test_pipe.hpp"

using namespace ipcviz;

namespace {

// The child side's open() does, once each, what a side waiting for its peer does; the parent's
// open() does only what the pipe needs.
class WaitsInOpen : public testing::TestPipe {
public:
    void open(Side side) override {
        TestPipe::open(side);
        if (side == Side::parent) return;
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string path = temp_directory() + "/" + run_scoped_name("nobody-listens");
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        [[maybe_unused]] const int refused = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        ::close(fd);
        [[maybe_unused]] const int missing = ::shm_open(("/" + run_scoped_name("not-made-yet")).c_str(), O_RDWR, 0600);
        ::usleep(1000);
        ::poll(nullptr, 0, 1);
    }
};

// The parent listens on TCP 127.0.0.1 (a port the kernel chose) from setup(), as Lab 03's server
// does; the child's open() resolves "localhost" as a textbook client would (glibc's lookup makes its
// own calls: it asks nscd over a Unix socket, ranks the addresses with connected UDP sockets), and
// connects to a socket file nobody bound, to the peer's port on [::1] (the peer bound 127.0.0.1
// only) and over UDP, before it connects to the peer itself. Messages go through the pipe.
class ConnectsInOpen : public testing::TestPipe {
public:
    void setup(const ChannelSpec& spec) override {
        TestPipe::setup(spec);
        listener_ = sys::socket(AF_INET, SOCK_STREAM);
        sockaddr_in address = loopback(0);
        sys::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
        sys::listen(listener_.get(), 1);
        socklen_t length = sizeof address;
        sys::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&address), &length);
        port_ = address.sin_port;
    }
    void open(Side side) override {
        TestPipe::open(side);
        if (side == Side::parent) {
            Fd accepted = sys::accept(listener_.get());
            listener_.close();
            return;
        }
        listener_.close();
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (::getaddrinfo("localhost", std::to_string(ntohs(port_)).c_str(), &hints, &found) == 0) ::freeaddrinfo(found);
        sockaddr_un nobody{};
        nobody.sun_family = AF_UNIX;
        const std::string path = temp_directory() + "/" + run_scoped_name("nobody-bound");
        std::strncpy(nobody.sun_path, path.c_str(), sizeof nobody.sun_path - 1);
        try_connect(AF_UNIX, SOCK_STREAM, reinterpret_cast<const sockaddr*>(&nobody), sizeof nobody);
        sockaddr_in6 six{};
        six.sin6_family = AF_INET6;
        six.sin6_addr = in6addr_loopback;
        six.sin6_port = port_;
        try_connect(AF_INET6, SOCK_STREAM, reinterpret_cast<const sockaddr*>(&six), sizeof six);
        const sockaddr_in peer = loopback(port_);
        try_connect(AF_INET, SOCK_DGRAM, reinterpret_cast<const sockaddr*>(&peer), sizeof peer);
        try_connect(AF_INET, SOCK_STREAM, reinterpret_cast<const sockaddr*>(&peer), sizeof peer);
    }
    void close() override {
        TestPipe::close();
        listener_.close();
    }
private:
    static sockaddr_in loopback(in_port_t port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = port;
        return address;
    }
    static void try_connect(int family, int type, const sockaddr* address, socklen_t length) {
        const int fd = ::socket(family, type, 0);
        [[maybe_unused]] const int connected = ::connect(fd, address, length);
        ::close(fd);
    }
    Fd listener_;
    in_port_t port_ = 0;
};

Workload audited(std::chrono::milliseconds child_delay) {
    Workload workload;
    workload.messages = 3;
    workload.audit = true;
    workload.open_delay[1] = child_delay;
    workload.deadline = std::chrono::milliseconds(10000);
    return workload;
}

}  // namespace

TEST_CASE("the audit counts the calls of each side's open(), with the errno of those that failed", "[audit]") {
    const RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new WaitsInOpen()); },
                                 audited(std::chrono::milliseconds(20)));
    INFO(result.failure);
    REQUIRE(result.ok);
    REQUIRE(result.side(Side::child).audit);
    const AuditCounts::OpenCalls& child = result.side(Side::child).audit->open;
    CHECK(child.begun);
    CHECK(child.ended);
    CHECK(child.calls.at("connect") == 1);
    CHECK(child.failures.at("connect ENOENT") == 1);
    CHECK(child.calls.at("shm_open") == 1);  // an openat() of a name under /dev/shm
    CHECK(child.failures.at("shm_open ENOENT") == 1);
    // The harness's 20 ms delay before open() is not the channel's: one sleep, usleep()'s.
    CHECK(child.calls.at("clock_nanosleep") == 1);
    CHECK(child.timeouts.at("poll") == 1);
    CHECK(child.failures.size() == 2);
    REQUIRE(result.side(Side::parent).audit);
    const AuditCounts::OpenCalls& parent = result.side(Side::parent).audit->open;
    CHECK(parent.ended);
    CHECK(parent.calls == std::map<std::string, std::uint64_t>{{"close", 1}});  // the pipe's read end
    CHECK(parent.failures.empty());
    CHECK(parent.timeouts.empty());
}

TEST_CASE("the references' open() wait for nothing, whichever side starts late", "[audit]") {
    for (const char* name : {"pipe", "unix", "tcp", "shm"}) {
        for (const int late : {0, 1}) {
            INFO(name << ", late side " << late);
            Workload workload = audited(std::chrono::milliseconds(0));
            workload.open_delay[late] = std::chrono::milliseconds(50);
            const Implementation implementation(&ipcviz_new_channel);
            const RunResult result = run(*find_mechanism(name), implementation.factory(name), workload);
            INFO(result.failure);
            REQUIRE(result.ok);
            for (const SideReport& side : result.sides) {
                REQUIRE(side.audit);
                CHECK(side.audit->open.ended);
                CHECK(side.audit->open.failures.empty());
                CHECK(side.audit->open.timeouts.empty());
                CHECK(side.audit->open.calls.count("clock_nanosleep") == 0);
                CHECK(side.audit->open.calls.count("nanosleep") == 0);
            }
        }
    }
}

TEST_CASE("the audit names the address of each connect() in open(), and only the peer's is aimed at it", "[audit]") {
    const RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new ConnectsInOpen()); },
                                 audited(std::chrono::milliseconds(0)));
    INFO(result.failure);
    REQUIRE(result.ok);
    REQUIRE(result.side(Side::child).audit);
    REQUIRE(result.side(Side::parent).audit);
    const std::vector<std::string>& server = result.side(Side::parent).audit->objects;
    REQUIRE(std::find(server.begin(), server.end(), "bind 127.0.0.1:0") != server.end());
    const auto& connects = result.side(Side::child).audit->open.connects;
    std::string peer;  // "127.0.0.1:PORT": the one TCP connect() to 127.0.0.1 that worked
    for (const auto& [target, outcomes] : connects) {
        if (target.rfind("127.0.0.1:", 0) == 0 && outcomes.count("ok") != 0) peer = target;
    }
    REQUIRE_FALSE(peer.empty());
    const std::string port_text = peer.substr(peer.find(':'));
    for (const auto& [target, outcomes] : connects) {
        INFO(target);
        CHECK(aimed_at_peer(target, server) == (target == peer));
    }
    CHECK(connects.at(peer) == std::map<std::string, std::uint64_t>{{"ok", 1}});
    CHECK(connects.at("udp 127.0.0.1" + port_text).at("ok") >= 1);  // ours (glibc ranks the addresses of a name with more than one so too)
    CHECK(connects.at("[::1]" + port_text).count("ok") == 0);      // nobody listens there: refused
    bool unix_failed = false;  // the socket file nobody bound: ENOENT
    for (const auto& [target, outcomes] : connects) {
        if (target.rfind("unix " + temp_directory(), 0) == 0) unix_failed = outcomes.count("ENOENT") == 1;
    }
    CHECK(unix_failed);
}

TEST_CASE("a connect() is aimed at the peer when it names an address the peer bound", "[audit]") {
    const std::vector<std::string> tcp = {"bind 127.0.0.1:0"};
    CHECK(aimed_at_peer("127.0.0.1:40123", tcp));
    CHECK_FALSE(aimed_at_peer("[::1]:40123", tcp));
    CHECK_FALSE(aimed_at_peer("127.0.0.2:40123", tcp));
    CHECK_FALSE(aimed_at_peer("udp 127.0.0.1:40123", tcp));
    CHECK_FALSE(aimed_at_peer("unix /var/run/nscd/socket", tcp));
    CHECK_FALSE(aimed_at_peer("family 0", tcp));
    CHECK(aimed_at_peer("[::ffff:127.0.0.1]:40123", tcp));
    CHECK(aimed_at_peer("127.0.0.1:40123", {"bind 127.0.0.1:40123"}));
    CHECK_FALSE(aimed_at_peer("127.0.0.1:40124", {"bind 127.0.0.1:40123"}));
    CHECK(aimed_at_peer("127.0.0.1:40123", {"bind 0.0.0.0:0"}));
    CHECK_FALSE(aimed_at_peer("[::1]:40123", {"bind 0.0.0.0:0"}));
    CHECK(aimed_at_peer("[::1]:40123", {"bind [::]:0"}));
    CHECK(aimed_at_peer("127.0.0.1:40123", {"bind [::]:0"}));
    const std::vector<std::string> unix_socket = {"bind unix /tmp/ipcviz-1-sock-x/ipc.sock",
                                                  "directory /tmp/ipcviz-1-sock-x mode 0700"};
    CHECK(aimed_at_peer("unix /tmp/ipcviz-1-sock-x/ipc.sock", unix_socket));
    CHECK_FALSE(aimed_at_peer("unix /var/run/nscd/socket", unix_socket));
    CHECK_FALSE(aimed_at_peer("127.0.0.1:40123", unix_socket));
    // Nothing known of where the peer listens: any connect() may be aimed at it.
    CHECK(aimed_at_peer("unix /var/run/nscd/socket", {}));
    CHECK(aimed_at_peer("unix /var/run/nscd/socket", {"create /dev/shm/ipcviz-1-shm mode 0600 exclusive"}));
    CHECK(aimed_at_peer("127.0.0.1:40123", {"bind ?"}));
}
