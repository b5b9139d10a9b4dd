#include "ipcviz/sys.hpp"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "ipcviz/counters.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/trace.hpp"
#include "regions.hpp"

namespace ipcviz::sys {

namespace {

enum class Flow { none, to_kernel, from_kernel };

/**
 * Performs one syscall through @p perform (which returns the kernel's result, -1 with errno on
 * failure), counting every attempt and tracing the last. The clock is read only when tracing is
 * on, so with tracing off the whole overhead is one increment (and one add for data calls).
 */
template <typename Perform>
long counted(Call call, int fd, std::int64_t asked, Flow flow, Perform perform, bool retry_eintr = true,
             const std::uint64_t* detail = nullptr, const void* word = nullptr) {
    const TraceContext& context = trace_context();
    const bool tracing = context.ring != nullptr;
    const std::int64_t asked_at = tracing ? monotonic_ns() : 0;
    // A futex word is named like a mem:: operation's: its mapping and offset (see layout.hpp).
    std::uint16_t region = 0;
    if (word != nullptr && (tracing || context.now != nullptr)) {
        const detail::RegionSpot spot = detail::locate_region(word);
        region = spot.region;
        fd = static_cast<int>(spot.offset & 0x7fffffff);
    }
    begin_call(call, region, fd, asked, asked_at);
    // A live run may have held the call at its gate since: the call itself starts now.
    const std::int64_t start = tracing && context.gate != nullptr ? monotonic_ns() : asked_at;
    Counters& counters = process_counters();
    long result;
    do {
        ++counters.calls[static_cast<std::size_t>(call)];
        result = perform();
    } while (result == -1 && errno == EINTR && retry_eintr);
    const int error = result == -1 ? errno : 0;
    end_call();
    if (result > 0) {
        if (flow == Flow::to_kernel) counters.bytes_to_kernel += static_cast<std::uint64_t>(result);
        if (flow == Flow::from_kernel) counters.bytes_from_kernel += static_cast<std::uint64_t>(result);
    }
    if (tracing) {
        context.ring->append(TraceEvent{0, start, monotonic_ns(), context.pid, context.side, call, region, fd,
                                        error, asked, result, detail != nullptr ? *detail : 0});
    }
    errno = error;
    return result;
}

[[noreturn]] void fail(const std::string& what) { throw SysError(what, errno); }

std::string on_fd(const char* call, int fd) { return std::string(call) + "(fd " + std::to_string(fd) + ")"; }

}  // namespace

PipeEnds pipe(int flags) {
    int fds[2] = {-1, -1};
    std::uint64_t ends = 0;  // traced as read end << 32 | write end
    const auto make = [&] {
        const long result = ::pipe2(fds, flags);
        ends = static_cast<std::uint64_t>(static_cast<std::uint32_t>(fds[0])) << 32 | static_cast<std::uint32_t>(fds[1]);
        return result;
    };
    if (counted(Call::pipe, -1, flags, Flow::none, make, true, &ends) == -1) fail("pipe");
    return PipeEnds{Fd(fds[0]), Fd(fds[1])};
}

std::size_t read(int fd, std::span<std::byte> buffer) {
    const long got = counted(Call::read, fd, static_cast<std::int64_t>(buffer.size()), Flow::from_kernel,
                             [&] { return long{::read(fd, buffer.data(), buffer.size())}; });
    if (got == -1) fail(on_fd("read", fd));
    return static_cast<std::size_t>(got);
}

std::size_t write(int fd, std::span<const std::byte> data) {
    const long put = counted(Call::write, fd, static_cast<std::int64_t>(data.size()), Flow::to_kernel,
                             [&] { return long{::write(fd, data.data(), data.size())}; });
    if (put == -1) fail(on_fd("write", fd));
    return static_cast<std::size_t>(put);
}

void close(int fd) {
    if (counted(Call::close, fd, 0, Flow::none, [&] { return long{::close(fd)}; }, false) == -1) {
        fail(on_fd("close", fd));
    }
}

Fd socket(int domain, int type, int protocol) {
    const long fd = counted(Call::socket, -1, domain, Flow::none,
                            [&] { return long{::socket(domain, type, protocol)}; });
    if (fd == -1) fail("socket");
    return Fd(static_cast<int>(fd));
}

void bind(int fd, const sockaddr* address, socklen_t length) {
    if (counted(Call::bind, fd, length, Flow::none, [&] { return long{::bind(fd, address, length)}; }) == -1) {
        fail(on_fd("bind", fd));
    }
}

void listen(int fd, int backlog) {
    if (counted(Call::listen, fd, backlog, Flow::none, [&] { return long{::listen(fd, backlog)}; }) == -1) {
        fail(on_fd("listen", fd));
    }
}

Fd accept(int fd, int flags) {
    const long connected = counted(Call::accept, fd, 0, Flow::none,
                                   [&] { return long{::accept4(fd, nullptr, nullptr, flags)}; });
    if (connected == -1) fail(on_fd("accept", fd));
    return Fd(static_cast<int>(connected));
}

void connect(int fd, const sockaddr* address, socklen_t length) {
    if (counted(Call::connect, fd, length, Flow::none,
                [&] { return long{::connect(fd, address, length)}; }) == -1) {
        fail(on_fd("connect", fd));
    }
}

std::size_t send(int fd, std::span<const std::byte> data, int flags) {
    const long sent = counted(Call::send, fd, static_cast<std::int64_t>(data.size()), Flow::to_kernel,
                              [&] { return long{::send(fd, data.data(), data.size(), flags)}; });
    if (sent == -1) fail(on_fd("send", fd));
    return static_cast<std::size_t>(sent);
}

std::size_t recv(int fd, std::span<std::byte> buffer, int flags) {
    const long got = counted(Call::recv, fd, static_cast<std::int64_t>(buffer.size()), Flow::from_kernel,
                             [&] { return long{::recv(fd, buffer.data(), buffer.size(), flags)}; });
    if (got == -1) fail(on_fd("recv", fd));
    return static_cast<std::size_t>(got);
}

std::size_t sendmsg(int fd, std::span<const iovec> parts, int flags) {
    std::int64_t asked = 0;
    for (const iovec& part : parts) asked += static_cast<std::int64_t>(part.iov_len);
    msghdr header{};
    header.msg_iov = const_cast<iovec*>(parts.data());  // sendmsg does not write through it
    header.msg_iovlen = parts.size();
    const long sent = counted(Call::sendmsg, fd, asked, Flow::to_kernel, [&] { return long{::sendmsg(fd, &header, flags)}; });
    if (sent == -1) fail(on_fd("sendmsg", fd));
    return static_cast<std::size_t>(sent);
}

std::size_t recvmsg(int fd, std::span<const iovec> parts, int flags) {
    std::int64_t asked = 0;
    for (const iovec& part : parts) asked += static_cast<std::int64_t>(part.iov_len);
    msghdr header{};
    header.msg_iov = const_cast<iovec*>(parts.data());  // the iovecs are read; their buffers written
    header.msg_iovlen = parts.size();
    const long got = counted(Call::recvmsg, fd, asked, Flow::from_kernel, [&] { return long{::recvmsg(fd, &header, flags)}; });
    if (got == -1) fail(on_fd("recvmsg", fd));
    return static_cast<std::size_t>(got);
}

void getsockname(int fd, sockaddr* address, socklen_t* length) {
    if (counted(Call::getsockname, fd, 0, Flow::none, [&] { return long{::getsockname(fd, address, length)}; }) == -1) {
        fail(on_fd("getsockname", fd));
    }
}

std::string mkdtemp(const std::string& path_template) {
    std::string path = path_template;
    if (counted(Call::mkdtemp, -1, 0, Flow::none, [&] { return ::mkdtemp(path.data()) == nullptr ? -1L : 0L; }) == -1) {
        fail("mkdtemp(" + path_template + ")");
    }
    return path;
}

void unlink(const std::string& path) {
    if (counted(Call::unlink, -1, 0, Flow::none, [&] { return long{::unlink(path.c_str())}; }) == -1) {
        fail("unlink(" + path + ")");
    }
}

void rmdir(const std::string& path) {
    if (counted(Call::rmdir, -1, 0, Flow::none, [&] { return long{::rmdir(path.c_str())}; }) == -1) {
        fail("rmdir(" + path + ")");
    }
}

void setsockopt(int fd, int level, int name, const void* value, socklen_t length) {
    if (counted(Call::setsockopt, fd, name, Flow::none,
                [&] { return long{::setsockopt(fd, level, name, value, length)}; }) == -1) {
        fail(on_fd("setsockopt", fd));
    }
}

void getsockopt(int fd, int level, int name, void* value, socklen_t* length) {
    if (counted(Call::getsockopt, fd, name, Flow::none,
                [&] { return long{::getsockopt(fd, level, name, value, length)}; }) == -1) {
        fail(on_fd("getsockopt", fd));
    }
}

Fd shm_open(const std::string& name, int flags, mode_t mode) {
    const long fd = counted(Call::shm_open, -1, flags, Flow::none,
                            [&] { return long{::shm_open(name.c_str(), flags, mode)}; });
    if (fd == -1) fail("shm_open(" + name + ")");
    return Fd(static_cast<int>(fd));
}

void ftruncate(int fd, off_t length) {
    if (counted(Call::ftruncate, fd, length, Flow::none, [&] { return long{::ftruncate(fd, length)}; }) == -1) {
        fail(on_fd("ftruncate", fd));
    }
}

Mapping mmap(std::size_t length, int protection, int flags, int fd, off_t offset) {
    void* address = MAP_FAILED;
    std::uint64_t region = 0;  // traced as the event's detail: the number later events name it by
    const long result = counted(
        Call::mmap, fd, static_cast<std::int64_t>(length), Flow::none,
        [&] {
            address = ::mmap(nullptr, length, protection, flags, fd, offset);
            if (address != MAP_FAILED) region = detail::add_region(address, length);
            return address == MAP_FAILED ? -1L : 0L;
        },
        true, &region);
    if (result == -1) fail(fd >= 0 ? on_fd("mmap", fd) : std::string("mmap"));
    return Mapping(address, length);
}

void munmap(void* address, std::size_t length) {
    detail::remove_region(address);
    if (counted(Call::munmap, -1, static_cast<std::int64_t>(length), Flow::none,
                [&] { return long{::munmap(address, length)}; }) == -1) {
        fail("munmap");
    }
}

void shm_unlink(const std::string& name) {
    if (counted(Call::shm_unlink, -1, 0, Flow::none, [&] { return long{::shm_unlink(name.c_str())}; }) == -1) {
        fail("shm_unlink(" + name + ")");
    }
}

bool futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected) {
    static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
    const long result = counted(Call::futex_wait, -1, expected, Flow::none, [&] {
        return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT, expected, nullptr,
                         nullptr, 0);
    }, true, nullptr, word);
    if (result == -1) {
        if (errno == EAGAIN) return false;
        fail("futex(FUTEX_WAIT)");
    }
    return true;
}

int futex_wake(std::atomic<std::uint32_t>* word, int count) {
    const long woken = counted(Call::futex_wake, -1, count, Flow::none, [&] {
        return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE, count, nullptr,
                         nullptr, 0);
    }, true, nullptr, word);
    if (woken == -1) fail("futex(FUTEX_WAKE)");
    return static_cast<int>(woken);
}

}  // namespace ipcviz::sys
