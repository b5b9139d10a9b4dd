#include "message_pattern.hpp"

#include <cstdio>

namespace ipcviz::detail {

namespace {
// Byte j of message i. Odd multipliers make consecutive messages differ at every position and keep
// the pattern from repeating within 256 messages; the (i >> 8) term separates i from i + 256.
std::byte pattern_byte(std::uint64_t index, std::size_t position) noexcept {
    return static_cast<std::byte>((index * 167 + position * 13 + (index >> 8) * 59 + 0x5a) & 0xff);
}

// Which message (near @p index) a byte at @p position would belong to, for the explanation.
long long guess_index(std::byte value, std::uint64_t index, std::size_t position) {
    for (long long delta : {1LL, -1LL, 2LL, -2LL, 3LL, -3LL}) {
        const long long candidate = static_cast<long long>(index) + delta;
        if (candidate >= 0 && pattern_byte(static_cast<std::uint64_t>(candidate), position) == value) {
            return candidate;
        }
    }
    return -1;
}
}  // namespace

void fill_message(std::span<std::byte> message, std::uint64_t index) noexcept {
    for (std::size_t j = 0; j < message.size(); ++j) message[j] = pattern_byte(index, j);
}

std::string check_message(std::span<const std::byte> message, std::uint64_t index) {
    for (std::size_t j = 0; j < message.size(); ++j) {
        if (message[j] == pattern_byte(index, j)) continue;
        char text[256];
        const long long other = guess_index(message[j], index, j);
        std::snprintf(text, sizeof text, "message %llu (of %zu bytes) is wrong at byte %zu: got 0x%02x, expected 0x%02x",
                      static_cast<unsigned long long>(index + 1), message.size(), j,
                      static_cast<unsigned>(message[j]), static_cast<unsigned>(pattern_byte(index, j)));
        std::string explanation = text;
        if (other >= 0) {
            explanation += " — that byte belongs to message " + std::to_string(other + 1) +
                           (other > static_cast<long long>(index) ? " (a message was lost or its bytes skipped)"
                                                                  : " (a message was repeated or arrived late)");
        } else if (j > 0) {
            explanation += " — the first " + std::to_string(j) + " bytes were right (a torn or short message?)";
        }
        return explanation;
    }
    return {};
}

}  // namespace ipcviz::detail
