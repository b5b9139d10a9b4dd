#include "ipcviz/mechanism.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ipcviz {

namespace {
constexpr std::array<Mechanism, 4> kMechanisms = {{
    {"pipe", "Pipe", "01-pipe", {"Parent", "Child"}, {"writer", "reader"}},
    {"unix", "Unix Socket", "02-unix-socket", {"Server", "Client"}, {"writer", "reader"}},
    {"tcp", "TCP Socket", "03-tcp", {"Server", "Client"}, {"writer", "reader"}},
    {"shm", "Shared Memory", "04-shared-memory", {"Writer", "Reader"}, {"writer", "reader"}},
}};
}  // namespace

std::span<const Mechanism> mechanisms() noexcept { return kMechanisms; }

const Mechanism* find_mechanism(std::string_view name) noexcept {
    for (const Mechanism& mechanism : kMechanisms) {
        if (mechanism.name == name) return &mechanism;
    }
    return nullptr;
}

namespace {
struct Loaded {
    void* handle;
    void* (*new_channel)(const char*);
};

// dlopen()s @p shared_object and finds its ipcviz_new_channel; the caller owns the handle.
Loaded load(const std::string& shared_object) {
    void* handle = ::dlopen(shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw std::runtime_error(::dlerror());
    auto* new_channel = reinterpret_cast<void* (*)(const char*)>(::dlsym(handle, "ipcviz_new_channel"));
    if (new_channel == nullptr) {
        ::dlclose(handle);
        throw std::runtime_error(shared_object + ": no ipcviz_new_channel (not an ipcviz implementation)");
    }
    return {handle, new_channel};
}
}  // namespace

Implementation::Implementation(const std::string& shared_object, Loading loading) {
    if (loading == Loading::here) {
        const Loaded loaded = load(shared_object);
        handle_ = std::shared_ptr<void>(loaded.handle, [](void* h) { ::dlclose(h); });
        new_channel_ = loaded.new_channel;
        return;
    }
    // Only its existence, here: opening it would run its static initialisers in the caller.
    if (::access(shared_object.c_str(), R_OK) != 0) {
        throw std::runtime_error(shared_object + ": " + std::strerror(errno) + " (build it with make)");
    }
    load_in_run_ = shared_object;
}

Implementation::Implementation(void* (*new_channel)(const char*)) noexcept : new_channel_(new_channel) {}

ChannelFactory Implementation::factory(std::string_view mechanism) const {
    if (!load_in_run_.empty()) {
        // Called in the run's parent side, a fresh fork that ends with _exit: the object stays
        // loaded for the child side it forks, and goes with the process.
        return [path = load_in_run_, name = std::string(mechanism)]() {
            // Never closed: the channel's code lives in it until the process ends.
            auto* channel = static_cast<Channel*>(load(path).new_channel(name.c_str()));
            if (channel == nullptr) throw std::runtime_error("this implementation has no '" + name + "' channel");
            return std::unique_ptr<Channel>(channel);
        };
    }
    // The handle is captured so the shared object outlives every factory made from it.
    return [handle = handle_, make = new_channel_, name = std::string(mechanism)]() {
        auto* channel = static_cast<Channel*>(make(name.c_str()));
        if (channel == nullptr) throw std::runtime_error("this implementation has no '" + name + "' channel");
        return std::unique_ptr<Channel>(channel);
    };
}

}  // namespace ipcviz
