#include "pieces.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "errno_text.hpp"
#include "ipcviz/error.hpp"
#include "ipcviz/trace.hpp"
#include "message_pattern.hpp"
#include "nap.hpp"
#include "raw_fd.hpp"

namespace ipcviz::detail {

namespace {

// Puts the channel's socket back on its descriptor number, whatever send() did (or threw).
class Swapped {
public:
    // @p saved: a duplicate of the channel's socket, @p fd_flags: @p fd's descriptor flags.
    Swapped(int fd, RawFd saved, int fd_flags) : fd_(fd), saved_(std::move(saved)), fd_flags_(fd_flags) {}
    Swapped(const Swapped&) = delete;
    Swapped& operator=(const Swapped&) = delete;
    ~Swapped() { restore(); }
    // @return an error text, empty when the socket is back (with its close-on-exec flag).
    std::string restore() {
        if (!saved_) return {};
        std::string error;
        if (::dup2(saved_.get(), fd_) == -1) error = errno_text("dup2 (restoring the channel's socket)");
        else if (::fcntl(fd_, F_SETFD, fd_flags_) == -1) error = errno_text("fcntl(F_SETFD)");
        saved_.reset();
        return error;
    }

private:
    int fd_;
    RawFd saved_;
    int fd_flags_;
};

// "0100007F:1F90" and the like, as /proc/net/tcp and tcp6 print an address and port.
std::string proc_net_address(const sockaddr_storage& address) {
    char text[64] = {};
    if (address.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(address);
        std::snprintf(text, sizeof text, "%08X:%04X", in.sin_addr.s_addr, ntohs(in.sin_port));
    } else {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
        std::uint32_t words[4];
        std::memcpy(words, &in6.sin6_addr, sizeof words);
        std::snprintf(text, sizeof text, "%08X%08X%08X%08X:%04X", words[0], words[1], words[2], words[3],
                      ntohs(in6.sin6_port));
    }
    return text;
}

// Bytes the peer's end of TCP connection @p fd has received and not yet read (its rx_queue in
// /proc/net/tcp: rcv_nxt - copied_seq), or -1 when that socket is not listed (it has gone).
long peer_unread(int fd, int family) {
    sockaddr_storage mine{}, peer{};
    socklen_t length = sizeof mine;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&mine), &length) == -1) return -1;
    length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == -1) return -1;
    // The peer's socket: its local address is this one's peer, its remote address this one.
    const std::string local = proc_net_address(peer), remote = proc_net_address(mine);
    std::ifstream table(family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6");
    std::string line;
    std::getline(table, line);  // the column titles
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, from, to, state, queues;
        if (!(fields >> slot >> from >> to >> state >> queues)) continue;
        if (from != local || to != remote) continue;
        const std::size_t colon = queues.find(':');
        if (colon == std::string::npos) return -1;
        return std::stol(queues.substr(colon + 1), nullptr, 16);
    }
    return -1;
}

// Whether everything written on @p fd so far has been read by the peer (or the peer has gone).
bool read_by_peer(int fd) {
    int family = 0;
    socklen_t length = sizeof family;
    if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &length) == -1) return true;
    int queued = 0;
    // A Unix stream socket: bytes the peer has not read yet are still charged to the sender. TCP:
    // bytes not acknowledged yet (not yet in the peer's receive queue).
    if (::ioctl(fd, SIOCOUTQ, &queued) == -1) return true;
    if (family != AF_INET && family != AF_INET6) return queued == 0;
    // Read after the acknowledgements: nothing unacknowledged, then nothing unread, means read.
    const long unread = peer_unread(fd, family);
    if (unread == -1) return true;  // the peer's socket has gone: nobody will read
    return queued == 0 && unread == 0;
}

// The first cut of the @p index-th frame in pieces: 1, 2 or 3 bytes in, inside any length prefix.
std::size_t first_cut(std::uint32_t index) { return index % 3 + 1; }

// The cuts of the @p index-th frame in pieces, of @p frame_size bytes: the first cut, then the end
// of a 4-byte prefix, half-way through the payload or one byte before the end. Three pieces, none
// empty (frames have 6 bytes or more).
std::vector<std::size_t> piece_cuts(std::uint32_t index, std::size_t frame_size) {
    const std::size_t prefix = sizeof(std::uint32_t);
    switch (index % 3) {
        case 0: return {first_cut(index), prefix};
        case 1: return {first_cut(index), prefix + (frame_size - prefix) / 2};
        default: return {first_cut(index), frame_size - 1};
    }
}

// The bytes @p channel's send() writes for @p message on @p fd, the channel's connected socket:
// @p fd is swapped for one end of a socketpair(AF_UNIX, SOCK_STREAM) during the call and restored
// after. @return an error text (and nothing captured), empty when @p frame holds the bytes.
std::string capture_frame(Channel& channel, int fd, std::span<const std::byte> message,
                          std::vector<std::byte>& frame) {
    frame.clear();
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1) return errno_text("socketpair");
    RawFd sending(pair[0]), receiving(pair[1]);
    // Room in the pair for the whole frame, so that send() never waits for a reader.
    const int room = static_cast<int>(message.size() + 65536);
    ::setsockopt(sending.get(), SOL_SOCKET, SO_SNDBUF, &room, sizeof room);
    ::setsockopt(receiving.get(), SOL_SOCKET, SO_RCVBUF, &room, sizeof room);
    const int fd_flags = ::fcntl(fd, F_GETFD);
    RawFd saved(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
    if (fd_flags == -1 || !saved) return errno_text("fcntl (keeping the channel's socket aside)");
    std::string error;
    {
        Swapped swapped(fd, std::move(saved), fd_flags);
        if (::dup2(sending.get(), fd) == -1) {
            error = errno_text("dup2 (a socketpair in place of the channel's socket)");
        } else {
            try {
                channel.send(message);
            } catch (const std::exception& thrown) {
                error = std::string("send() threw while the harness captured its frame: ") + thrown.what();
            }
        }
        const std::string restored = swapped.restore();
        if (error.empty()) error = restored;
    }
    sending.reset();  // with fd restored, the pair's last writer: the read below ends at its end
    for (std::byte chunk[65536];;) {
        const ssize_t got = ::read(receiving.get(), chunk, sizeof chunk);
        if (got == -1 && errno == EINTR) continue;
        if (got == -1) {
            if (error.empty()) error = errno_text("read (the captured frame)");
            break;
        }
        if (got == 0) break;
        frame.insert(frame.end(), chunk, chunk + got);
    }
    return error;
}

// Writes @p frame on @p fd cut at @p cuts, and after each piece waits until the peer has read it
// all (a Unix socket: nothing of it left charged to this socket, SIOCOUTQ; TCP: every byte
// acknowledged, SIOCOUTQ, and none unread in the peer's socket, /proc/net/tcp's rx_queue), so that
// each piece reaches the reader in a read of its own.
std::string write_in_pieces(int fd, std::span<const std::byte> frame, std::span<const std::size_t> cuts,
                            bool& reader_stopped) {
    std::size_t from = 0;
    for (std::size_t piece = 0; piece <= cuts.size(); ++piece) {
        const std::size_t to = piece < cuts.size() ? cuts[piece] : frame.size();
        while (from < to) {
            const ssize_t put = ::send(fd, frame.data() + from, to - from, MSG_NOSIGNAL);
            if (put == -1 && errno == EINTR) continue;
            if (put == -1 && (errno == EPIPE || errno == ECONNRESET)) {
                reader_stopped = true;
                return {};
            }
            if (put == -1) return errno_text("send (a frame in pieces)");
            from += static_cast<std::size_t>(put);
        }
        // A reader that has not taken the piece in 2 s is slow (a loaded or throttled machine) or stuck:
        // the rest is written anyway, so a slow reader still gets its message whole and a stuck one
        // fails on its own side (a reader that has gone shows as EPIPE/ECONNRESET above).
        const std::int64_t give_up = monotonic_ns() + 2'000'000'000;
        while (!read_by_peer(fd) && monotonic_ns() <= give_up) nap_ns(20'000);
    }
    return {};
}

}  // namespace

std::string write_frames_in_pieces(Channel& channel, int fd, std::size_t message_size, std::uint64_t first_index,
                                   std::uint32_t count, bool& reader_stopped) {
    reader_stopped = false;
    std::vector<std::byte> message(message_size), frame;
    for (std::uint32_t k = 0; k < count; ++k) {
        fill_message(message, first_index + k);
        if (std::string error = capture_frame(channel, fd, message, frame); !error.empty()) return error;
        // Any framing the handout allows, none included: only fewer bytes than the message is wrong.
        if (frame.size() < message_size) {
            return "send() wrote a frame of " + std::to_string(frame.size()) + " bytes for a message of " +
                   std::to_string(message_size);
        }
        const std::vector<std::size_t> cuts = piece_cuts(k, frame.size());
        if (std::string error = write_in_pieces(fd, frame, cuts, reader_stopped); !error.empty()) return error;
        if (reader_stopped) return {};  // the reader's failure is the run's
    }
    return {};
}

std::string receive_frames_in_pieces(Channel& channel, std::span<std::byte> buffer, std::size_t message_size,
                                     std::uint64_t first_index, std::uint32_t count) {
    for (std::uint32_t k = 0; k < count; ++k) {
        const std::uint64_t index = first_index + k;
        const std::size_t cut = first_cut(k);
        // The reader does not know the writer's framing: the first cut is the one fact that holds for
        // every frame (and the one a reader that takes a short read for an error trips on).
        const std::string how = "message " + std::to_string(index + 1) + " came in 3 pieces of its frame, the first " +
                                std::to_string(cut) + (cut == 1 ? " byte" : " bytes") +
                                " long (inside any length prefix), each read before the next was written";
        std::size_t got = 0;
        try {
            got = channel.receive(buffer);
        } catch (const ProtocolError& error) {
            return how + "; receive() threw ProtocolError \"" + error.what() + "\" instead of returning it whole";
        }
        if (got != message_size) {
            return how + "; receive() returned " + std::to_string(got) + " instead of the whole " +
                   std::to_string(message_size) + "-byte message";
        }
        if (const std::string wrong = check_message(buffer, index); !wrong.empty()) return how + "; " + wrong;
    }
    return {};
}

}  // namespace ipcviz::detail
