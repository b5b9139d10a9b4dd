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

TEST_CASE("a load that repeats a value after the process's own store counts again (a one-slot ring)", "[lib]") {
    // The reader of a one-slot ring sees "full" for every message and stores "empty" in between:
    // each of those loads is a new acquire, not a spin.
    std::atomic<std::uint32_t> slot{1};
    const Counters before = process_counters();
    for (int message = 0; message < 20; ++message) {
        CHECK(mem::load_acquire(slot) == 1);
        CHECK(mem::load_acquire(slot) == 1);  // a spin on the unchanged word: not counted
        mem::store_release(slot, 0);
        slot.store(1);  // the writer's next message, from elsewhere
    }
    CHECK(process_counters().since(before)[Call::load_acquire] == 20);
}
