#pragma once
// The stand-in for a student's lab that does not compile (or link): the Makefile generates a factory
// returning this channel with the compiler's first errors, so that lab's tests fail saying why and
// every other lab is graded as usual. Included only by that generated file.
#include <stdexcept>
#include <string>

#include "ipcviz/channel.hpp"

namespace ipcviz::impl {

/** A channel whose every use fails with "labs/NN-topic does not compile, so none of its tests can run...". */
class UncompiledLab final : public Channel {
public:
    /**
     * @param lab the lab's folder, e.g. "labs/04-shared-memory"
     * @param what "compile" or "link": the step that failed
     * @param errors the first lines of the compiler's or the linker's errors
     */
    UncompiledLab(const char* lab, const char* what, const char* errors)
        : message_(std::string(lab) + " does not " + what + ", so none of its tests can run. The first errors:\n" +
                   errors + "hint: make check prints every error and warning above the scores; fix them, then "
                   "make check LAB=" + std::string(lab).substr(5, 2)) {}

    void setup(const ChannelSpec&) override { fail(); }
    void open(Side) override { fail(); }
    void send(std::span<const std::byte>) override { fail(); }
    std::size_t receive(std::span<std::byte>) override { fail(); }
    void close() override {}  // nothing was opened

private:
    [[noreturn]] void fail() const { throw std::runtime_error(message_); }

    std::string message_;
};

}  // namespace ipcviz::impl
