#include <catch2/catch.hpp>
#include <vector>

#include "message_pattern.hpp"

using namespace ipcviz::detail;

TEST_CASE("message patterns tell neighbouring messages apart at every size", "[lib]") {
    for (const std::size_t size : {std::size_t{1}, std::size_t{2}, std::size_t{64}}) {
        std::vector<std::byte> a(size), b(size);
        for (std::uint64_t i = 0; i < 1000; ++i) {
            fill_message(a, i);
            CHECK(check_message(a, i).empty());
            CHECK_FALSE(check_message(a, i + 1).empty());  // a repeated message
            fill_message(b, i + 1);
            CHECK_FALSE(check_message(b, i).empty());  // a lost message
        }
    }
}

TEST_CASE("a wrong message is explained", "[lib]") {
    std::vector<std::byte> message(64);
    fill_message(message, 6);
    const std::string explanation = check_message(message, 5);
    CHECK(explanation.find("message 6 (of 64 bytes) is wrong at byte 0") == 0);
    CHECK(explanation.find("belongs to message 7 (a message was lost") != std::string::npos);
    fill_message(message, 5);
    message[40] = std::byte{0};
    CHECK(check_message(message, 5).find("the first 40 bytes were right") != std::string::npos);
}
