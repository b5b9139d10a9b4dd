#pragma once
/** @file
 *  Mapping: the move-only owner of one mmap'ed region.
 */
#include <cstddef>
#include <utility>

namespace ipcviz {

/** Owns one memory mapping and unmaps it (through sys::munmap) when destroyed. Move-only. */
class Mapping {
public:
    /** An empty owner. */
    Mapping() noexcept = default;
    /**
     * @param address the start of a mapping this object now owns
     * @param length its length in bytes
     */
    Mapping(void* address, std::size_t length) noexcept : address_(address), length_(length) {}
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    /** Takes over @p other's mapping, leaving it empty. @param other the owner to move from */
    Mapping(Mapping&& other) noexcept
        : address_(std::exchange(other.address_, nullptr)), length_(std::exchange(other.length_, 0)) {}
    /**
     * Unmaps the current region, then takes over @p other's.
     * @param other the owner to move from
     * @return this owner
     */
    Mapping& operator=(Mapping&& other) noexcept;
    /** Unmaps the region if there is one; errors are ignored. */
    ~Mapping() noexcept;

    /** @return the start of the region, or nullptr when empty. */
    void* get() const noexcept { return address_; }
    /** @return the region's length in bytes. */
    std::size_t size() const noexcept { return length_; }
    /** @return true when a region is owned. */
    explicit operator bool() const noexcept { return address_ != nullptr; }
    /** @return the region viewed as an object of type T (the caller vouches for the layout). */
    template <typename T>
    T* as() const noexcept {
        return static_cast<T*>(address_);
    }
    /**
     * Unmaps the region now (if any) and leaves the owner empty.
     * @throws SysError if munmap(2) fails
     */
    void reset();

private:
    void* address_ = nullptr;
    std::size_t length_ = 0;
};

}  // namespace ipcviz
