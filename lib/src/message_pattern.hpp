#pragma once
// The bytes of message i: a pattern in which every message differs from its neighbours in every
// byte, so a lost, repeated, reordered, torn or stale message is caught by comparing bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ipcviz::detail {

void fill_message(std::span<std::byte> message, std::uint64_t index) noexcept;

// Empty when @p message is message @p index; otherwise what is wrong, in a sentence.
std::string check_message(std::span<const std::byte> message, std::uint64_t index);

}  // namespace ipcviz::detail
