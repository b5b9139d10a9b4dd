// Lab 04 — shared memory: the graded error paths that apply to it. A torn message cannot happen
// (a slot is published whole) and a peer that dies leaves nothing the survivor's kernel calls could
// report (no end of stream, no EPIPE; a futex_wait on a word nobody will change sleeps for ever):
// the harness ends such a run itself. What remains is the order in which the two sides start.
#include <catch2/catch.hpp>

#include "grading.hpp"

using namespace ipcviz;
using namespace ipcviz::grading;

TEST_CASE("the shared-memory channel works whichever side opens first", "[lab04][pts:5]") {
    require_either_start_order("shm", "create, size and map the object in setup(), before fork(): the child "
                                      "inherits the mapping, so neither side's open() waits for, or races, the "
                                      "other — and the name can go in the parent's open() at once. A sleep is "
                                      "never long enough.");
}
