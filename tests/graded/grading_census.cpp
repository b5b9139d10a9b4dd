// The descriptor census of the graded tests: what each process held at its first message, read by
// the harness's caller from /proc/PID/fd while ptrace had the process stopped at the window's
// opening marker — the kernel's view, not a count the student's process keeps or could write.
#include <catch2/catch.hpp>

#include "grading.hpp"

namespace ipcviz::grading {

void check_descriptors_at_first_message(const RunResult& result, const std::string& kind, std::size_t parent_needs,
                                        std::size_t child_needs, const std::string& hint) {
    for (const SideReport& side : result.sides) {
        REQUIRE(side.audit.has_value());  // the census is the audit's: an audited run only
        const std::size_t needs = &side == &result.sides[0] ? parent_needs : child_needs;
        const std::vector<std::string>& held = side.audit->fds_at_first_message;
        std::size_t of_kind = 0, read_ends = 0, write_ends = 0;
        for (const std::string& fd : held) {
            of_kind += fd.find(" -> " + kind) != std::string::npos ? 1 : 0;
            read_ends += fd.find("(read end)") != std::string::npos ? 1 : 0;
            write_ends += fd.find("(write end)") != std::string::npos ? 1 : 0;
        }
        // Two pipe ends are the ones a side of a round trip uses: one to read, one to write. One pipe
        // end is a one-way side's: the parent writes (its write end), the child reads (its read end)
        // — a writer that kept its read end too would never get SIGPIPE when its reader died.
        const bool pipe_pair = kind == "pipe:" && needs == 2;
        const bool pipe_one = kind == "pipe:" && needs == 1;
        const bool writes = &side == &result.sides[0];
        const bool ends_right = pipe_pair ? read_ends == 1 && write_ends == 1
                                : pipe_one ? (writes ? write_ends : read_ends) == 1
                                           : true;
        if (held.size() == needs && of_kind == needs && ends_right) continue;
        std::string list;
        for (const std::string& fd : held) list += (list.empty() ? "" : ", ") + std::string("fd ") + fd;
        FAIL(teach(result,
                   "at the first message, " + side.role + " (" + side.duty + ") holds " +
                       (needs == 0  ? std::string("no descriptor the channel made")
                        : pipe_pair ? std::string("one pipe read end and one pipe write end, and nothing else the "
                                                  "channel made")
                        : pipe_one  ? std::string(writes ? "only the pipe's write end" : "only the pipe's read end") +
                                          " (a one-way channel), and nothing else the channel made"
                                    : count_of(needs, kind + " descriptor") + " and nothing else the channel made"),
                   side.role + " held " + count_of(held.size(), "descriptor") + " beyond the harness's" +
                       (list.empty() ? std::string() : ": " + list) + " (read by the harness from /proc/" +
                       std::to_string(side.pid) + "/fd when the process reached its first message)",
                   hint));
    }
}

void check_names_gone_at_first_message(const RunResult& result, const std::string& expected, const std::string& hint) {
    std::string list;
    for (const SideReport& side : result.sides) {  // whichever side created the name
        REQUIRE(side.audit.has_value());
        for (const std::string& path : side.audit->names_at_first_message) list += (list.empty() ? "" : ", ") + path;
    }
    if (list.empty()) return;
    FAIL(teach(result, expected,
               "still there when the first message was sent (the harness looked while ptrace had the process "
               "stopped at it): " + list,
               hint));
}

}  // namespace ipcviz::grading
