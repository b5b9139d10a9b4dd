#include "ipcviz/mapping.hpp"

#include "ipcviz/error.hpp"
#include "ipcviz/sys.hpp"

namespace ipcviz {

Mapping& Mapping::operator=(Mapping&& other) noexcept {
    if (this != &other) {
        Mapping old(std::exchange(address_, std::exchange(other.address_, nullptr)),
                    std::exchange(length_, std::exchange(other.length_, 0)));
    }
    return *this;
}

Mapping::~Mapping() noexcept {
    if (address_ != nullptr) {
        try {
            sys::munmap(address_, length_);
        } catch (const SysError&) {
            // Only a bad address or length fails; nothing a destructor could do about it.
        }
    }
}

void Mapping::reset() {
    if (address_ != nullptr) {
        void* address = std::exchange(address_, nullptr);
        sys::munmap(address, std::exchange(length_, 0));
    }
}

}  // namespace ipcviz
