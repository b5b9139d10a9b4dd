#pragma once
/** @file
 *  The kit's exceptions: a failed syscall, an unimplemented stub, a broken protocol.
 */
#include <stdexcept>
#include <string>

namespace ipcviz {

/** A syscall failed: carries the call's name (with its key argument) and errno. */
class SysError : public std::runtime_error {
public:
    /**
     * Builds "call: strerror(errno)", e.g. "shm_open(/ipcviz-1234-0): File exists".
     * @param call the syscall and, where it helps, its key argument
     * @param error_number the errno the call failed with
     */
    SysError(const std::string& call, int error_number);

    /** @return the errno value the call failed with. */
    int code() const noexcept { return code_; }

private:
    int code_;
};

/** Thrown by a lab stub: the student has not written this function yet. */
class NotImplemented : public std::logic_error {
public:
    /**
     * Builds "not implemented: what".
     * @param what the function still to be written, e.g. "PipeChannel::send"
     */
    explicit NotImplemented(const std::string& what);
};

/** The bytes on a channel do not form the expected messages (e.g. the stream ended mid-message). */
class ProtocolError : public std::runtime_error {
public:
    /** @param what what was wrong, in a sentence */
    explicit ProtocolError(const std::string& what);
};

}  // namespace ipcviz
