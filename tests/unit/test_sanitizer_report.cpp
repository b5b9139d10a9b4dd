// The memory-error tests' report trimming (lib/grade/sanitizer_pass.hpp), on reports in the form
// GCC 12's AddressSanitizer and UBSan print them (the frames' addresses shortened). The whole path —
// a real report from a real run — is graded by the writes_past_buffer mutants in make test.
#include <catch2/catch.hpp>

#include "../../lib/grade/sanitizer_pass.hpp"

using namespace ipcviz::grade;

namespace {

const char* const kHeapOverflow =
    "=================================================================\n"
    "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x606000002340 at pc 0x7f1 bp 0x7ff sp 0x7fe\n"
    "WRITE of size 1 at 0x606000002340 thread T0\n"
    "    #0 0x7f1 in ipcviz::labs::PipeChannel::receive(std::span<std::byte, 18446744073709551615ul>) "
    "/home/s/kit/labs/01-pipe/pipe_channel.cpp:32\n"
    "    #1 0x55a in run_child_side lib/src/run_sides.cpp:318\n"
    "    #2 0x55b in ipcviz::run(ipcviz::Mechanism const&, std::function<void (unsigned long)> const&) "
    "lib/src/harness.cpp:210\n"
    "    #3 0x7fc in __libc_start_main_impl ../csu/libc-start.c:360\n"
    "\n"
    "0x606000002340 is located 0 bytes to the right of 64-byte region [0x606000002300,0x606000002340)\n"
    "allocated by thread T0 here:\n"
    "    #0 0x7fd in operator new(unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:95\n"
    "    #1 0x55c in run_child_side lib/src/run_sides.cpp:300\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow labs/01-pipe/pipe_channel.cpp:32 in receive\n"
    "Shadow bytes around the buggy address:\n"
    "  0x0c0c7fff8410: fa fa fa fa 00 00 00 00 00 00 00 00 fa fa fa fa\n"
    "==4242==ABORTING\n";

}  // namespace

TEST_CASE("a heap overflow is trimmed to the error, the access and the lab's own frames") {
    const std::string trimmed = trim_report(kHeapOverflow, "01-pipe");
    CHECK(trimmed.find("AddressSanitizer: heap-buffer-overflow on address 0x606000002340\n") != std::string::npos);
    CHECK(trimmed.find("WRITE of size 1 at 0x606000002340\n") != std::string::npos);
    CHECK(trimmed.find("in ipcviz::labs::PipeChannel::receive(std::span<std::byte>) labs/01-pipe/pipe_channel.cpp:32") !=
          std::string::npos);
    CHECK(trimmed.find("is located 0 bytes to the right of 64-byte region") != std::string::npos);
    CHECK(trimmed.find("allocated:\n      (in the kit's code, not in your files") != std::string::npos);
    // The kit's frames, the shadow dump, the summary and the process id are left out.
    for (const char* gone : {"run_sides.cpp", "harness.cpp", "libc-start", "asan_new_delete", "Shadow", "fa fa",
                             "SUMMARY", "4242", "thread T0", " at pc "}) {
        INFO(gone);
        CHECK(trimmed.find(gone) == std::string::npos);
    }
}

TEST_CASE("frames of another lab's files, or of the reference's, a mutant's or an alternative's copy, count as the lab's") {
    const std::string report = std::string("==1==ERROR: AddressSanitizer: stack-buffer-overflow on address 0x1 at pc 0x2\n") +
                               "READ of size 4 at 0x1 thread T0\n"
                               "    #0 0x3 in a() labs/02-unix-socket/unix_socket_channel.cpp:10\n"
                               "    #1 0x4 in b() solutions/01-pipe/pipe_channel.cpp:20\n"
                               "    #2 0x5 in c() build/san/mutant-src/01-pipe/writes_past_buffer/pipe_channel.cpp:30\n"
                               "    #3 0x6 in d() tests/alternatives/01-pipe/other/pipe_channel.cpp:40\n"
                               "    #4 0x7 in e() ../xlabs/01-pipe/pipe_channel.cpp:50\n";
    const std::string trimmed = trim_report(report, "01-pipe");
    CHECK(trimmed.find("a()") == std::string::npos);  // another lab's file
    CHECK(trimmed.find("in b() solutions/01-pipe/pipe_channel.cpp:20") != std::string::npos);
    CHECK(trimmed.find("in c() 01-pipe/writes_past_buffer/pipe_channel.cpp:30") != std::string::npos);
    CHECK(trimmed.find("in d() 01-pipe/other/pipe_channel.cpp:40") != std::string::npos);
    CHECK(trimmed.find("e()") == std::string::npos);  // "xlabs/" is not "labs/"
}

TEST_CASE("a UBSan report keeps its error line from the lab's file on and the lab's frames") {
    const std::string report =
        "/home/s/kit/labs/04-shared-memory/shm_channel.cpp:12:27: runtime error: signed integer overflow: 2 + "
        "2147483647 cannot be represented in type 'int'\n"
        "    #0 0x55 in ipcviz::labs::ShmChannel::send(std::span<std::byte const, 18446744073709551615ul>) "
        "/home/s/kit/labs/04-shared-memory/shm_channel.cpp:12\n"
        "    #1 0x56 in run_parent_side lib/src/run_sides.cpp:420\n"
        "\n"
        "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior labs/04-shared-memory/shm_channel.cpp:12:27\n";
    const std::string trimmed = trim_report(report, "04-shared-memory");
    CHECK(trimmed.find("  labs/04-shared-memory/shm_channel.cpp:12:27: runtime error: signed integer overflow") == 0);
    CHECK(trimmed.find("in ipcviz::labs::ShmChannel::send(std::span<std::byte const>) "
                       "labs/04-shared-memory/shm_channel.cpp:12") != std::string::npos);
    CHECK(trimmed.find("/home/s/kit") == std::string::npos);
    CHECK(trimmed.find("run_sides") == std::string::npos);
}

TEST_CASE("a report with no frame in the lab's files says so and names the first frame") {
    const std::string report = std::string("==7==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000\n") +
                               "==7==The signal is caused by a WRITE memory access.\n"
                               "    #0 0x1 in memcpy ../sysdeps/x86_64/multiarch/memmove-vec-unaligned-erms.S:300\n";
    const std::string trimmed = trim_report(report, "03-tcp");
    CHECK(trimmed.find("The signal is caused by a WRITE memory access.") != std::string::npos);
    CHECK(trimmed.find("(no frame in your files; the first: memcpy ../sysdeps/") != std::string::npos);
}

TEST_CASE("the sanitized build of a variant is found beside its folder, in build/san/") {
    CHECK(default_sanitized_implementation("/k/build/labs/libipcviz-impl.so") == "/k/build/san/labs/libipcviz-impl.so");
    CHECK(default_sanitized_implementation("/k/build/mutant-01-pipe-x/libipcviz-impl.so") ==
          "/k/build/san/mutant-01-pipe-x/libipcviz-impl.so");
    // Under make SAN=1 the graded implementation is the sanitized one already.
    CHECK(default_sanitized_implementation("/k/build/san/solutions/libipcviz-impl.so") ==
          "/k/build/san/solutions/libipcviz-impl.so");
}
