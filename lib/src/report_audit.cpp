// The kernel-side audit in text: for each process, every syscall ptrace counted inside the measured
// window beside what the sys:: wrappers counted for the same kernel call, and whether they agree.
#include "ipcviz/report.hpp"

#include "text.hpp"

#include <cctype>
#include <map>
#include <string>

namespace ipcviz {

namespace {

// The syscall the kernel sees for a wrapper. Several wrappers can share one (futex_wait and
// futex_wake are both futex), and some differ from their C name because glibc makes another call
// (pipe() is pipe2, send() is sendto, shm_open() opens a file in /dev/shm, mkdtemp() makes a directory).
std::string kernel_name(Call call) {
    switch (call) {
        case Call::pipe: return "pipe2";
        case Call::send: return "sendto";
        case Call::recv: return "recvfrom";
        case Call::mkdtemp: return "mkdir";
        case Call::shm_open: return "openat";
        case Call::shm_unlink: return "unlink";
        case Call::futex_wait:
        case Call::futex_wake: return "futex";
        default: return std::string(call_name(call));
    }
}

struct Tally {
    std::uint64_t library = 0;
    std::uint64_t kernel = 0;
    std::string wrappers;  // "futex_wait 3 + futex_wake 3" when several wrappers make this call
};

std::map<std::string, Tally> tally(const SideReport& side) {
    std::map<std::string, Tally> calls;
    for (std::size_t index = 0; index < kCallKinds; ++index) {
        const Call call = static_cast<Call>(index);
        const std::uint64_t count = side.counters.calls[index];
        if (count == 0 || !is_syscall(call)) continue;
        Tally& entry = calls[kernel_name(call)];
        entry.library += count;
        if (kernel_name(call) != call_name(call)) {
            entry.wrappers += (entry.wrappers.empty() ? "" : " + ") + std::string(call_name(call)) + " " +
                              std::to_string(count);
        }
    }
    for (const auto& [name, count] : side.audit->calls) calls[name].kernel += count;
    return calls;
}

std::string verdict(const Tally& entry) {
    if (entry.library == entry.kernel) return "agree";
    if (entry.library == 0) {
        return "differs: the kernel saw " + std::to_string(entry.kernel) +
               " not made through ipcviz::sys (a raw call, stdio, iostreams or the C++ runtime)";
    }
    if (entry.kernel < entry.library) {
        return "differs: the library counted " + std::to_string(entry.library - entry.kernel) +
               " the kernel never saw";
    }
    return "differs: " + std::to_string(entry.kernel - entry.library) + " more in the kernel than through ipcviz::sys";
}

}  // namespace

std::string format_audit(const RunResult& result) {
    bool audited = false;
    for (const SideReport& side : result.sides) audited = audited || side.audit.has_value();
    if (!audited) return "";
    std::string text = "Kernel-side audit: every syscall each process made from its first message to its last,\n"
                       "counted by ptrace (as strace does), beside what ipcviz::sys counted for the same call\n";
    bool all_agree = true;
    for (const SideReport& side : result.sides) {
        // "Parent (writer)", but "Writer" alone where the role already says it.
        std::string lower_role = side.role;
        for (char& c : lower_role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string who = lower_role == side.duty ? side.role : side.role + " (" + side.duty + ")";
        if (!side.audit) {
            text += text::format("  %-18s not audited (it never reached its first message)\n", who.c_str());
            all_agree = false;
            continue;
        }
        const std::map<std::string, Tally> calls = tally(side);
        if (calls.empty()) text += text::format("  %-18s no syscall at all\n", who.c_str());
        for (const auto& [name, entry] : calls) {
            text += text::format("  %-18s %-12s library %6llu   kernel %6llu   %s\n", who.c_str(), name.c_str(),
                                  static_cast<unsigned long long>(entry.library),
                                  static_cast<unsigned long long>(entry.kernel), verdict(entry).c_str());
            if (!entry.wrappers.empty()) text += text::format("  %-18s %-12s   = %s\n", "", "", entry.wrappers.c_str());
            all_agree = all_agree && entry.library == entry.kernel;
        }
    }
    text += all_agree ? "  the kernel and the library agree on every call\n"
                      : "  the kernel and the library do not agree: see 'differs' above\n";
    return text;
}

}  // namespace ipcviz
