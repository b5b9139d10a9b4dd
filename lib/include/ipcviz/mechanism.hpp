#pragma once
/** @file
 *  The four mechanisms: names, roles, lab folders; and where their Channel implementations come from.
 */
#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ipcviz/channel.hpp"

namespace ipcviz {

/** What the kit knows about one mechanism, independent of any implementation. */
struct Mechanism {
    std::string_view name;                   ///< command-line name: "pipe", "unix", "tcp", "shm"
    std::string_view title;                  ///< "Pipe"
    std::string_view lab;                    ///< its lab folder: "01-pipe"
    std::array<std::string_view, 2> roles;   ///< what it calls the parent and the child side
    std::array<std::string_view, 2> duties;  ///< one-way duty of each side: "writer", "reader"
};

/** @return every mechanism the kit knows, in lab order. */
std::span<const Mechanism> mechanisms() noexcept;

/**
 * @param name a mechanism's command-line name
 * @return the mechanism, or nullptr if there is none by that name
 */
const Mechanism* find_mechanism(std::string_view name) noexcept;

/** Makes a fresh, not yet set up Channel. Called in the harness's parent side (a process of the run). */
using ChannelFactory = std::function<std::unique_ptr<Channel>()>;

/**
 * A set of Channel implementations (the reference solutions, the student's labs, a mutant) built
 * as a shared object, loaded at run time so one ipcviz binary can run either.
 */
class Implementation {
public:
    /** Where the shared object is loaded. */
    enum class Loading {
        here,         ///< into the calling process, now (the ipcviz tool)
        in_each_run,  ///< only inside each run's processes, after fork: the caller never runs its code (the grader)
    };
    /**
     * Loads an implementation's shared object, e.g. build/solutions/libipcviz-impl.so, or, with
     * Loading::in_each_run, only checks that it exists: each factory call then loads it in the
     * process that calls it (the harness's parent side), so that not even a static initialiser of
     * the implementation runs in the caller. A load that fails there fails that run, with dlerror()'s text.
     * @param shared_object the path of the shared object
     * @param loading where it is loaded
     * @throws std::runtime_error with dlerror()'s text when it cannot be loaded here, or when it
     *         does not exist (Loading::in_each_run)
     */
    explicit Implementation(const std::string& shared_object, Loading loading = Loading::here);
    /**
     * Wraps a factory function already linked into the program.
     * @param new_channel the implementation's ipcviz_new_channel
     */
    explicit Implementation(void* (*new_channel)(const char*)) noexcept;

    /**
     * @param mechanism a mechanism's name
     * @return a factory of that mechanism's Channel
     */
    ChannelFactory factory(std::string_view mechanism) const;

private:
    std::shared_ptr<void> handle_;
    void* (*new_channel_)(const char*) = nullptr;
    std::string load_in_run_;  // Loading::in_each_run: the shared object's path

};

}  // namespace ipcviz

/**
 * Defined by each implementation (lib/impl/channels.cpp). Ownership passes to the caller.
 * @param mechanism a mechanism's name ("pipe")
 * @return a new ipcviz::Channel of that mechanism, or nullptr when this implementation has none
 */
extern "C" void* ipcviz_new_channel(const char* mechanism);
