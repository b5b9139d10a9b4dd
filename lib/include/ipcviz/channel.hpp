#pragma once
/** @file
 *  Channel: what each lab's mechanism implements.
 */
#include <cstddef>
#include <span>

#include "ipcviz/trace.hpp"

namespace ipcviz {

/** What a channel is set up for. */
struct ChannelSpec {
    std::size_t message_size = 64;  ///< every message of the run has exactly this many bytes
    bool duplex = false;             ///< messages flow both ways (round trip), not only parent → child
    /// TCP only: set TCP_NODELAY (turn Nagle's algorithm off) on both ends.
    bool tcp_nodelay = true;
    /// TCP only (Lab 03's Nagle experiment): send the length prefix and the payload in two separate
    /// send calls instead of one.
    bool header_apart = false;
    /// How many CPUs the run's two processes can keep busy at the same time (cpu_budget().usable(),
    /// read before any pinning). With 1 they take turns on one CPU: a side that spins while it
    /// waits only keeps its peer — the one that would end the wait — from running, so it should
    /// sleep at once (Lab 04).
    int cpus = 2;
};

/**
 * One IPC mechanism between two processes. The harness drives it in this order:
 *
 *  1. setup() in the parent process, before fork(): create what both processes share
 *     (a pipe, a listening socket, a shared-memory object).
 *  2. fork(); then open(Side::parent) in the parent and open(Side::child) in the child: each keeps
 *     what its side needs and lets go of the rest (e.g. closes the pipe end it does not use).
 *  3. send() and receive(): one-way, the parent only sends and the child only receives; for a
 *     duplex channel the parent sends each message and the child sends it back.
 *  4. close() in each process: release everything; no descriptor, mapping, socket file or
 *     shared-memory name may remain. close() is also called when open(), send() or receive()
 *     failed in that process, so it must cope with a half-opened channel.
 *
 * Each process is single-threaded. Every syscall goes through ipcviz::sys, every shared-memory
 * access the trace should show through ipcviz::mem. Errors are thrown (SysError, ProtocolError).
 */
class Channel {
public:
    virtual ~Channel() = default;

    /**
     * Creates the shared resources, in the parent before fork().
     * @param spec the message size and whether the channel is duplex
     */
    virtual void setup(const ChannelSpec& spec) = 0;

    /**
     * Prepares this process's end, after fork(). Must not depend on the other side having
     * opened already: the harness starts both at once.
     * @param side which process this is
     */
    virtual void open(Side side) = 0;

    /**
     * Sends one whole message; blocks until every byte is handed to the mechanism.
     * @param message exactly ChannelSpec::message_size bytes
     */
    virtual void send(std::span<const std::byte> message) = 0;

    /**
     * Receives the next whole message.
     * @param message a buffer of exactly ChannelSpec::message_size bytes, filled on return
     * @return message.size() for a message; 0 when the other side has closed and no message is
     *         left (end of stream)
     * @throws ProtocolError when the stream ends in the middle of a message
     */
    virtual std::size_t receive(std::span<std::byte> message) = 0;

    /**
     * Releases this process's end and, where this side owns them, the shared resources. Called
     * after a failure too (see above); must not throw for what was never opened.
     */
    virtual void close() = 0;
};

}  // namespace ipcviz
