// The kernel audit knows every call that moves data, which way its bytes go and how many moved:
// channels built from the calls the sys:: wrappers do not offer, run through the real harness.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ctime>
#include <semaphore>
#include <thread>
#include <vector>

#include "ipcviz/error.hpp"
#include "ipcviz/harness.hpp"

using namespace ipcviz;

namespace {

constexpr std::size_t kMessages = 200;
constexpr std::size_t kSize = 64;

void check(long result, const char* call) {
    if (result == -1) throw SysError(call, errno);
}

// The receive loop these channels share: read_some is given the part of the message still to come
// and returns how many bytes it filled.
template <typename ReadSome>
std::size_t fill(std::span<std::byte> message, ReadSome read_some) {
    std::size_t filled = 0;
    while (filled < message.size()) filled += read_some(message.subspan(filled));
    return filled;
}

// Two descriptors made with plain syscalls (these channels test the audit, which must see calls
// the library never made), closed in close().
class RawEnds : public Channel {
public:
    void open(Side) override {}
    void close() override {
        ::close(ends_[0]);
        ::close(ends_[1]);
    }

protected:
    int ends_[2] = {-1, -1};
};

// Both directions of vmsplice: user pages into the pipe from its write end, pipe data copied into
// user memory from its read end.
class VmspliceChannel : public RawEnds {
public:
    void setup(const ChannelSpec&) override { check(::pipe(ends_), "pipe"); }
    void send(std::span<const std::byte> message) override {
        iovec part{const_cast<std::byte*>(message.data()), message.size()};
        check(::vmsplice(ends_[1], &part, 1, 0) == static_cast<long>(message.size()) ? 0 : -1, "vmsplice");
    }
    std::size_t receive(std::span<std::byte> message) override {
        return fill(message, [this](std::span<std::byte> rest) {
            iovec part{rest.data(), rest.size()};
            const long got = ::vmsplice(ends_[0], &part, 1, 0);
            check(got, "vmsplice");
            return static_cast<std::size_t>(got);
        });
    }
};

// sendmmsg with the message in two datagrams-worth of parts, recvmmsg into one: the bytes are in
// each mmsghdr's msg_len, not in the return value (a count of messages).
class MmsgChannel : public RawEnds {
public:
    void setup(const ChannelSpec&) override { check(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends_), "socketpair"); }
    void send(std::span<const std::byte> message) override {
        const std::size_t half = message.size() / 2;
        iovec parts[2] = {{const_cast<std::byte*>(message.data()), half},
                          {const_cast<std::byte*>(message.data()) + half, message.size() - half}};
        mmsghdr messages[2] = {};
        for (int i = 0; i < 2; ++i) {
            messages[i].msg_hdr.msg_iov = &parts[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        check(::sendmmsg(ends_[0], messages, 2, 0) == 2 ? 0 : -1, "sendmmsg");
    }
    std::size_t receive(std::span<std::byte> message) override {
        return fill(message, [this](std::span<std::byte> rest) {
            iovec part{rest.data(), rest.size()};
            mmsghdr one{};
            one.msg_hdr.msg_iov = &part;
            one.msg_hdr.msg_iovlen = 1;
            check(::recvmmsg(ends_[1], &one, 1, 0, nullptr) == 1 ? 0 : -1, "recvmmsg");
            return std::size_t{one.msg_len};
        });
    }
};

// The message is written into a staging pipe and spliced on into the channel's pipe (a transfer
// between descriptors), copied once more with process_vm_writev (into this same process), and
// read with readv.
class SpliceChannel : public Channel {
public:
    void setup(const ChannelSpec& spec) override {
        check(::pipe(staging_), "pipe");
        check(::pipe(channel_), "pipe");
        scratch_.resize(spec.message_size);
    }
    void open(Side) override {}
    void send(std::span<const std::byte> message) override {
        const auto size = static_cast<long>(message.size());
        check(::write(staging_[1], message.data(), message.size()) == size ? 0 : -1, "write");
        check(::splice(staging_[0], nullptr, channel_[1], nullptr, message.size(), 0) == size ? 0 : -1, "splice");
        iovec local{const_cast<std::byte*>(message.data()), message.size()};
        iovec remote{scratch_.data(), scratch_.size()};
        check(::process_vm_writev(::getpid(), &local, 1, &remote, 1, 0), "process_vm_writev");
    }
    std::size_t receive(std::span<std::byte> message) override {
        return fill(message, [this](std::span<std::byte> rest) {
            iovec part{rest.data(), rest.size()};
            const long got = ::readv(channel_[0], &part, 1);
            check(got, "readv");
            return static_cast<std::size_t>(got);
        });
    }
    void close() override {
        for (const int fd : {staging_[0], staging_[1], channel_[0], channel_[1]}) ::close(fd);
    }

private:
    int staging_[2] = {-1, -1};
    int channel_[2] = {-1, -1};
    std::vector<std::byte> scratch_;
};

// The writer hands every message to a thread it started in open(), which writes it: the thread's
// calls are the process's calls.
class ThreadedWriter : public RawEnds {
public:
    void setup(const ChannelSpec&) override { check(::pipe(ends_), "pipe"); }
    void open(Side side) override {
        if (side == Side::parent) worker_ = std::thread([this] { work(); });
    }
    void send(std::span<const std::byte> message) override {
        message_ = message;
        handed_.release();
        done_.acquire();
    }
    std::size_t receive(std::span<std::byte> message) override {
        return fill(message, [this](std::span<std::byte> rest) {
            const long got = ::read(ends_[0], rest.data(), rest.size());
            check(got, "read");
            return static_cast<std::size_t>(got);
        });
    }
    void close() override {
        if (worker_.joinable()) {
            message_ = {};
            handed_.release();
            worker_.join();
        }
        RawEnds::close();
    }

private:
    void work() {
        for (;;) {
            handed_.acquire();
            if (message_.empty()) return;
            check(::write(ends_[1], message_.data(), message_.size()), "write");
            done_.release();
        }
    }
    std::thread worker_;
    std::span<const std::byte> message_;
    std::binary_semaphore handed_{0}, done_{0};
};

// A plain pipe whose writer also reads the clock with real syscalls, as glibc does where the
// machine's clock source has no vDSO support, reads its CPU time (std::clock(): a syscall on every
// machine) and asks for its pid (calls the audit must count).
class ClockReadingPipe : public RawEnds {
public:
    void setup(const ChannelSpec&) override { check(::pipe(ends_), "pipe"); }
    void send(std::span<const std::byte> message) override {
        timespec now{};
        timeval wall{};
        check(::syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now), "clock_gettime");
        check(::syscall(SYS_gettimeofday, &wall, nullptr), "gettimeofday");
        check(::syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &now), "clock_gettime");
        check(::syscall(SYS_getpid), "getpid");
        check(::write(ends_[1], message.data(), message.size()), "write");
    }
    std::size_t receive(std::span<std::byte> message) override {
        return fill(message, [this](std::span<std::byte> rest) {
            const long got = ::read(ends_[0], rest.data(), rest.size());
            check(got, "read");
            return static_cast<std::size_t>(got);
        });
    }
};

template <typename T>
RunResult audited(bool verify = true) {
    Workload workload;
    workload.messages = kMessages;
    workload.message_size = kSize;
    workload.audit = true;
    workload.trace = false;
    workload.verify = verify;
    workload.deadline = std::chrono::milliseconds(10000);
    RunResult result = run(*find_mechanism("pipe"), [] { return std::unique_ptr<Channel>(new T()); }, workload);
    INFO(result.failure);
    REQUIRE(result.ok);
    REQUIRE(result.side(Side::parent).audit);
    REQUIRE(result.side(Side::child).audit);
    return result;
}

// The only key of @p calls, and its count.
std::pair<std::string, std::uint64_t> only(const std::map<std::string, std::uint64_t>& calls) {
    REQUIRE(calls.size() == 1);
    return *calls.begin();
}

}  // namespace

TEST_CASE("the audit counts vmsplice into a pipe as a send and out of one as a receive", "[audit]") {
    // Unverified: every message is message 0, so pages the pipe still references never change.
    const RunResult result = audited<VmspliceChannel>(false);
    const AuditCounts& writer = *result.side(Side::parent).audit;
    const AuditCounts& reader = *result.side(Side::child).audit;
    CHECK(only(writer.sends).first.rfind("vmsplice(fd ", 0) == 0);
    CHECK(writer.send_calls() == kMessages);
    CHECK(writer.bytes_to_kernel == kMessages * kSize);
    CHECK(writer.receives.empty());
    CHECK(only(reader.receives).first.rfind("vmsplice(fd ", 0) == 0);
    CHECK(reader.receive_calls() >= kMessages);
    CHECK(reader.bytes_from_kernel == kMessages * kSize);
    CHECK(reader.sends.empty());
}

TEST_CASE("the audit adds up sendmmsg's and recvmmsg's bytes from each message's msg_len", "[audit]") {
    const RunResult result = audited<MmsgChannel>();
    const AuditCounts& writer = *result.side(Side::parent).audit;
    const AuditCounts& reader = *result.side(Side::child).audit;
    CHECK(only(writer.sends).first.rfind("sendmmsg(fd ", 0) == 0);
    CHECK(writer.send_calls() == kMessages);
    CHECK(writer.bytes_to_kernel == kMessages * kSize);
    CHECK(only(reader.receives).first.rfind("recvmmsg(fd ", 0) == 0);
    CHECK(reader.bytes_from_kernel == kMessages * kSize);
}

TEST_CASE("the audit counts splice as a transfer, process_vm_writev as a send and readv as a receive", "[audit]") {
    const RunResult result = audited<SpliceChannel>();
    const AuditCounts& writer = *result.side(Side::parent).audit;
    const AuditCounts& reader = *result.side(Side::child).audit;
    CHECK(writer.sends.size() == 2);  // write(fd N) and process_vm_writev(pid N)
    CHECK(writer.send_calls() == 2 * kMessages);
    CHECK(writer.bytes_to_kernel == 2 * kMessages * kSize);
    const auto [transfer, transfers] = only(writer.transfers);
    CHECK(transfer.rfind("splice(fd ", 0) == 0);
    CHECK(transfer.find(" → fd ") != std::string::npos);
    CHECK(transfers == kMessages);
    CHECK(writer.bytes_within_kernel == kMessages * kSize);
    CHECK(writer.count("splice") == kMessages);
    CHECK(writer.count("process_vm_writev") == kMessages);
    CHECK(only(reader.receives).first.rfind("readv(fd ", 0) == 0);
    CHECK(reader.bytes_from_kernel == kMessages * kSize);
}

TEST_CASE("the audit leaves out clock reads, which the vDSO serves on most machines, and counts the rest",
          "[audit]") {
    // Counted, a channel's clock reads would be syscalls on one machine and nothing on another: the
    // same code, another grade (the Lab 04 reference reads the clock in its spin). A CPU-time clock
    // is a syscall everywhere: counted, by a name that says why.
    const RunResult result = audited<ClockReadingPipe>();
    const AuditCounts& writer = *result.side(Side::parent).audit;
    CHECK(writer.count("clock_gettime") == 0);
    CHECK(writer.count("gettimeofday") == 0);
    std::uint64_t cpu_clock_reads = 0;
    for (const auto& [name, count] : writer.calls) {
        if (name.rfind("clock_gettime (CPU-time clock", 0) == 0) cpu_clock_reads += count;
    }
    CHECK(cpu_clock_reads == kMessages);
    CHECK(writer.count("getpid") == kMessages);
    CHECK(writer.send_calls() == kMessages);
}

TEST_CASE("every syscall has its name", "[audit]") {
    CHECK(syscall_name(SYS_poll) == "poll");
    CHECK(syscall_name(SYS_vmsplice) == "vmsplice");
    CHECK(syscall_name(SYS_process_vm_writev) == "process_vm_writev");
    CHECK(syscall_name(SYS_pwritev2) == "pwritev2");
    CHECK(syscall_name(SYS_copy_file_range) == "copy_file_range");
    CHECK(syscall_name(SYS_getpid) == "getpid");
    CHECK(syscall_name(99999) == "syscall_99999");
}

TEST_CASE("the audit counts a thread's syscalls with its process's", "[audit]") {
    const RunResult result = audited<ThreadedWriter>();
    const AuditCounts& writer = *result.side(Side::parent).audit;
    CHECK(writer.count("write") == kMessages);
    CHECK(writer.bytes_to_kernel == kMessages * kSize);
}
