#pragma once
/** @file
 *  sys:: — the only door lab code uses to the kernel.
 *
 *  Each wrapper performs exactly one syscall (retrying on EINTR, except close), counts it in
 *  process_counters(), records it in the trace when tracing is on, and returns what the kernel
 *  returned. Wrappers do not hide partial reads or writes: handling them is the lab's lesson.
 *  A failed call throws SysError naming the call and errno; end of file is a return value (0).
 *  The labs use blocking descriptors, so EAGAIN does not occur; if it did, it would be a SysError.
 */
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "ipcviz/fd.hpp"
#include "ipcviz/mapping.hpp"

namespace ipcviz::sys {

/** The two ends of a pipe: data written to write_end is read from read_end. */
struct PipeEnds {
    Fd read_end;   ///< fds[0] of pipe(2)
    Fd write_end;  ///< fds[1] of pipe(2)
};

/**
 * pipe2(2): makes a pipe.
 * @param flags pipe2 flags (O_CLOEXEC, O_NONBLOCK, O_DIRECT), usually 0
 * @return the two ends, each owned
 * @throws SysError on failure (e.g. EMFILE)
 */
PipeEnds pipe(int flags = 0);

/**
 * read(2): reads at most buffer.size() bytes; may return fewer (a short read).
 * @param fd the descriptor
 * @param buffer where the bytes go
 * @return the bytes read; 0 means end of file (every writer has closed)
 * @throws SysError on failure
 */
std::size_t read(int fd, std::span<std::byte> buffer);

/**
 * write(2): writes at most data.size() bytes; may write fewer (a short write).
 * @param fd the descriptor
 * @param data the bytes to write
 * @return the bytes written
 * @throws SysError on failure (EPIPE when no reader is left and SIGPIPE is ignored)
 */
std::size_t write(int fd, std::span<const std::byte> data);

/**
 * close(2). Not retried on EINTR: on Linux the descriptor is gone either way.
 * @param fd the descriptor
 * @throws SysError on failure (EBADF: it was not open)
 */
void close(int fd);

/**
 * socket(2).
 * @param domain AF_UNIX, AF_INET, ...
 * @param type SOCK_STREAM, ...
 * @param protocol usually 0
 * @return the new socket, owned
 * @throws SysError on failure
 */
Fd socket(int domain, int type, int protocol = 0);

/**
 * bind(2).
 * @param fd the socket
 * @param address the address to bind to
 * @param length its length
 * @throws SysError on failure (EADDRINUSE, ...)
 */
void bind(int fd, const sockaddr* address, socklen_t length);

/**
 * listen(2).
 * @param fd the socket
 * @param backlog the queue length for pending connections
 * @throws SysError on failure
 */
void listen(int fd, int backlog);

/**
 * accept4(2): waits for a connection.
 * @param fd the listening socket
 * @param flags accept4 flags, usually 0
 * @return the connected socket, owned
 * @throws SysError on failure
 */
Fd accept(int fd, int flags = 0);

/**
 * connect(2).
 * @param fd the socket
 * @param address the peer's address
 * @param length its length
 * @throws SysError on failure (ECONNREFUSED, ENOENT, ...)
 */
void connect(int fd, const sockaddr* address, socklen_t length);

/**
 * send(2): sends at most data.size() bytes; may send fewer.
 * @param fd the connected socket
 * @param data the bytes
 * @param flags send flags (MSG_NOSIGNAL, MSG_MORE, ...)
 * @return the bytes sent
 * @throws SysError on failure (EPIPE, ECONNRESET)
 */
std::size_t send(int fd, std::span<const std::byte> data, int flags = 0);

/**
 * recv(2): receives at most buffer.size() bytes; may return fewer.
 * @param fd the connected socket
 * @param buffer where the bytes go
 * @param flags recv flags, usually 0
 * @return the bytes received; 0 means the peer shut down its side
 * @throws SysError on failure (ECONNRESET)
 */
std::size_t recv(int fd, std::span<std::byte> buffer, int flags = 0);

/**
 * sendmsg(2) of the bytes in @p parts, in order, in one call (a gathering write); may send fewer.
 * @param fd the connected socket
 * @param parts the pieces (e.g. a length prefix, then the payload)
 * @param flags send flags (MSG_NOSIGNAL, ...)
 * @return the bytes sent, counted across the parts in order
 * @throws SysError on failure (EPIPE, ECONNRESET)
 */
std::size_t sendmsg(int fd, std::span<const iovec> parts, int flags = 0);

/**
 * recvmsg(2) into @p parts, in order, in one call (a scattering read); may return fewer bytes.
 * @param fd the connected socket
 * @param parts where the bytes go, filled in order
 * @param flags recv flags, usually 0
 * @return the bytes received; 0 means the peer shut down its side
 * @throws SysError on failure (ECONNRESET)
 */
std::size_t recvmsg(int fd, std::span<const iovec> parts, int flags = 0);

/**
 * getsockname(2): the address a socket is bound to (e.g. the port the kernel chose for port 0).
 * @param fd the socket
 * @param address where the address goes
 * @param length in: its size; out: the address's length
 * @throws SysError on failure
 */
void getsockname(int fd, sockaddr* address, socklen_t* length);

/**
 * mkdtemp(3) (a mkdir(2) with mode 0700 and a unique name): a private directory.
 * @param path_template a path ending in "XXXXXX", e.g. "/tmp/ipcviz-1234-sock-XXXXXX"
 * @return the directory's path
 * @throws SysError on failure
 */
std::string mkdtemp(const std::string& path_template);

/**
 * unlink(2): removes a name from the filesystem (a socket file, for instance).
 * @param path the name
 * @throws SysError on failure (ENOENT when already gone)
 */
void unlink(const std::string& path);

/**
 * rmdir(2): removes an empty directory.
 * @param path the directory
 * @throws SysError on failure (ENOTEMPTY, ENOENT)
 */
void rmdir(const std::string& path);

/**
 * setsockopt(2).
 * @param fd the socket
 * @param level SOL_SOCKET, IPPROTO_TCP, ...
 * @param name the option
 * @param value the option's value
 * @param length its length
 * @throws SysError on failure
 */
void setsockopt(int fd, int level, int name, const void* value, socklen_t length);

/**
 * getsockopt(2).
 * @param fd the socket
 * @param level SOL_SOCKET, IPPROTO_TCP, ...
 * @param name the option
 * @param value where the value goes
 * @param length in: the buffer's size; out: the value's length
 * @throws SysError on failure
 */
void getsockopt(int fd, int level, int name, void* value, socklen_t* length);

/**
 * shm_open(3) (an openat(2) of /dev/shm/name).
 * @param name "/name", unique per run
 * @param flags O_CREAT | O_EXCL | O_RDWR, ...
 * @param mode permission bits, 0600 for a private object
 * @return the object's descriptor, owned
 * @throws SysError on failure (EEXIST, ...)
 */
Fd shm_open(const std::string& name, int flags, mode_t mode);

/**
 * ftruncate(2): sets a file's (or shared-memory object's) size.
 * @param fd the descriptor
 * @param length the new size in bytes
 * @throws SysError on failure
 */
void ftruncate(int fd, off_t length);

/**
 * mmap(2) of a whole descriptor (or anonymous memory with fd -1 and MAP_ANONYMOUS).
 * @param length bytes to map
 * @param protection PROT_READ | PROT_WRITE, ...
 * @param flags MAP_SHARED, ...
 * @param fd the descriptor, or -1
 * @param offset where in the file the mapping starts
 * @return the mapping, owned
 * @throws SysError on failure
 */
Mapping mmap(std::size_t length, int protection, int flags, int fd, off_t offset = 0);

/**
 * munmap(2).
 * @param address the mapping's start
 * @param length its length
 * @throws SysError on failure
 */
void munmap(void* address, std::size_t length);

/**
 * shm_unlink(3): removes the name; mappings stay valid until unmapped.
 * @param name the name given to shm_open
 * @throws SysError on failure (ENOENT when already removed)
 */
void shm_unlink(const std::string& name);

/**
 * futex(2) FUTEX_WAIT: sleeps while *word == expected.
 * @param word a 32-bit word in shared memory
 * @param expected the value that means "keep sleeping"
 * @return true when woken (or spuriously returned), false when *word already differed (EAGAIN)
 * @throws SysError on failure
 */
bool futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected);

/**
 * futex(2) FUTEX_WAKE.
 * @param word the futex word
 * @param count how many sleepers to wake at most
 * @return how many were woken
 * @throws SysError on failure
 */
int futex_wake(std::atomic<std::uint32_t>* word, int count);

}  // namespace ipcviz::sys
