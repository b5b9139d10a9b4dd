#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>

#include "ipcviz/error.hpp"
#include "ipcviz/fd.hpp"
#include "ipcviz/mapping.hpp"
#include "ipcviz/sys.hpp"

using namespace ipcviz;

namespace {
bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }
}  // namespace

TEST_CASE("SysError names the call and the errno text", "[lib]") {
    const SysError error("shm_open(/ipcviz-1234-0)", EEXIST);
    CHECK(std::string(error.what()) == "shm_open(/ipcviz-1234-0): File exists");
    CHECK(error.code() == EEXIST);
    CHECK(std::string(NotImplemented("X::y").what()) == "not implemented: X::y");
}

TEST_CASE("Fd closes its descriptor when destroyed and moves ownership", "[lib]") {
    int raw = -1;
    {
        Fd owner(::open("/dev/null", O_RDONLY));
        raw = owner.get();
        REQUIRE(is_open(raw));
        Fd moved(std::move(owner));
        CHECK_FALSE(owner);
        CHECK(moved.get() == raw);
        Fd assigned;
        assigned = std::move(moved);
        CHECK(assigned.get() == raw);
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("Fd::close reports a failed close as SysError", "[lib]") {
    Fd bogus(1000);  // never opened
    CHECK_THROWS_AS(bogus.close(), SysError);
    CHECK_FALSE(bogus);
}

TEST_CASE("Mapping unmaps its region when destroyed", "[lib]") {
    void* address = nullptr;
    {
        Mapping mapping = sys::mmap(4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
        address = mapping.get();
        REQUIRE(address != nullptr);
        unsigned char resident = 0;
        CHECK(::mincore(address, 4096, &resident) == 0);
        Mapping moved(std::move(mapping));
        CHECK_FALSE(mapping);
    }
    unsigned char resident = 0;
    CHECK(::mincore(address, 4096, &resident) == -1);
    CHECK(errno == ENOMEM);
}
