#include <catch2/catch.hpp>
#include <cstring>

#include "ipcviz/counters.hpp"
#include "ipcviz/io_parts.hpp"
#include "ipcviz/mem.hpp"

using namespace ipcviz;

TEST_CASE("consume() drops whole parts, then shortens a partly moved one", "[lib]") {
    char a[4], b[10];
    iovec parts[2] = {{a, sizeof a}, {b, sizeof b}};
    std::span<iovec> left(parts);
    consume(left, 2);
    REQUIRE(left.size() == 2);
    CHECK(left[0].iov_base == a + 2);
    CHECK(left[0].iov_len == 2);
    consume(left, 5);  // the rest of a, 3 bytes of b
    REQUIRE(left.size() == 1);
    CHECK(left[0].iov_base == b + 3);
    CHECK(left[0].iov_len == 7);
    consume(left, 7);
    CHECK(left.empty());
}

TEST_CASE("mem:: operations count what they do; a repeated load of the same value is not counted", "[lib]") {
    std::atomic<std::uint32_t> word{0};
    const Counters before = process_counters();
    CHECK(mem::load_acquire(word) == 0);
    CHECK(mem::load_acquire(word) == 0);  // a spin: same word, same value
    mem::store_release(word, 5);
    CHECK(mem::load_acquire(word) == 5);  // a change: counted
    CHECK(mem::exchange(word, 7) == 5);
    CHECK_FALSE(mem::compare_exchange(word, 5, 9));
    CHECK(mem::compare_exchange(word, 7, 9));
    CHECK(word.load() == 9);
    char source[32] = "shared", destination[32] = {};
    mem::copy(destination, source, sizeof source);
    CHECK(std::strcmp(destination, "shared") == 0);
    const Counters done = process_counters().since(before);
    CHECK(done[Call::load_acquire] == 2);
    CHECK(done[Call::store_release] == 1);
    CHECK(done[Call::exchange] == 1);
    CHECK(done[Call::compare_exchange] == 2);
    CHECK(done[Call::user_copy] == 1);
    CHECK(done.bytes_user_copied == 32);
    CHECK(done.syscalls() == 0);
}
