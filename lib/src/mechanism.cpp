#include "ipcviz/mechanism.hpp"

#include <dlfcn.h>

#include <array>
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

Implementation::Implementation(const std::string& shared_object) {
    void* handle = ::dlopen(shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw std::runtime_error(::dlerror());
    handle_ = std::shared_ptr<void>(handle, [](void* h) { ::dlclose(h); });
    new_channel_ = reinterpret_cast<void* (*)(const char*)>(::dlsym(handle, "ipcviz_new_channel"));
    if (new_channel_ == nullptr) {
        throw std::runtime_error(shared_object + ": no ipcviz_new_channel (not an ipcviz implementation)");
    }
}

Implementation::Implementation(void* (*new_channel)(const char*)) noexcept : new_channel_(new_channel) {}

ChannelFactory Implementation::factory(std::string_view mechanism) const {
    // The handle is captured so the shared object outlives every factory made from it.
    return [handle = handle_, make = new_channel_, name = std::string(mechanism)]() {
        auto* channel = static_cast<Channel*>(make(name.c_str()));
        if (channel == nullptr) throw std::runtime_error("this implementation has no '" + name + "' channel");
        return std::unique_ptr<Channel>(channel);
    };
}

}  // namespace ipcviz
