#include "descriptors.hpp"

#include <fcntl.h>

#include <algorithm>
#include <map>

namespace ipcviz::view {

namespace {

const char* moment_name(DescriptorSnapshot::Moment moment) {
    switch (moment) {
        case DescriptorSnapshot::Moment::after_setup: return "setup()";
        case DescriptorSnapshot::Moment::after_open: return "open()";
        case DescriptorSnapshot::Moment::after_close: return "close()";
    }
    return "?";
}

}  // namespace

std::string describe_descriptor(const OpenDescriptor& descriptor) {
    const std::string& target = descriptor.target;
    if (target.rfind("pipe:", 0) == 0) {
        if (descriptor.access == O_RDONLY) return "pipe read end";
        if (descriptor.access == O_WRONLY) return "pipe write end";
        return "pipe";
    }
    if (target.rfind("socket:", 0) == 0) return "socket";
    if (target.rfind("/dev/shm/", 0) == 0) return "shm /" + target.substr(9);
    if (target.rfind("anon_inode:", 0) == 0) return target.substr(11);
    return "file " + target;
}

FdTable descriptors_at(const ViewModel& model, int side, std::size_t step) {
    const RunResult& run = model.run();
    const std::size_t last = std::min(step, model.steps() - 1);
    const std::int64_t now = last == 0 ? INT64_MIN : model.at(last).time_ns;
    // The latest snapshot taken by then: the side's own, or for the child what it inherited at fork().
    const DescriptorSnapshot* base = nullptr;
    const auto consider = [&](const DescriptorSnapshot& snapshot) {
        if (snapshot.at_ns <= now && (base == nullptr || snapshot.at_ns > base->at_ns)) base = &snapshot;
    };
    for (const DescriptorSnapshot& snapshot : run.sides[side].descriptors) consider(snapshot);
    if (side == 1) {
        for (const DescriptorSnapshot& snapshot : run.sides[0].descriptors) {
            if (snapshot.moment == DescriptorSnapshot::Moment::after_setup) consider(snapshot);
        }
    }
    FdTable table;
    std::map<int, HeldFd> held;
    std::int64_t since = INT64_MIN;
    if (base != nullptr) {
        for (const OpenDescriptor& descriptor : base->fds) {
            held[descriptor.fd] = HeldFd{descriptor.fd, describe_descriptor(descriptor), descriptor.target};
        }
        since = base->at_ns;
        const bool inherited = side == 1 && base->moment == DescriptorSnapshot::Moment::after_setup;
        table.source = inherited ? "inherited (fork)" : std::string("after ") + moment_name(base->moment);
    }
    // The child exists from fork() on: once the parent's setup() snapshot is past, or it made a call.
    table.exists = side == 0 ? true : base != nullptr;
    std::size_t calls = 0;
    for (std::size_t i = 1; i <= last; ++i) {
        const StepState& state = model.at(i);
        const TraceEvent& event = *state.event;
        if (static_cast<int>(event.side) != side || event.end_ns <= since) continue;
        if (state.kind != PointKind::returned && state.kind != PointKind::whole) continue;
        table.exists = true;
        if (event.error != 0) continue;
        switch (event.call) {
            case Call::pipe: {
                const int read_end = static_cast<int>(event.detail >> 32);
                const int write_end = static_cast<int>(event.detail & 0xffffffffu);
                held[read_end] = HeldFd{read_end, "pipe read end", {}};
                held[write_end] = HeldFd{write_end, "pipe write end", {}};
                ++calls;
                break;
            }
            case Call::socket:
            case Call::accept:
                if (event.result >= 0) {
                    const int fd = static_cast<int>(event.result);
                    held[fd] = HeldFd{fd, event.call == Call::accept ? "socket (accepted)" : "socket", {}};
                    ++calls;
                }
                break;
            case Call::shm_open:
                if (event.result >= 0) {
                    const int fd = static_cast<int>(event.result);
                    held[fd] = HeldFd{fd, "shm object", {}};
                    ++calls;
                }
                break;
            case Call::close:
                if (held.erase(event.fd) != 0) ++calls;
                break;
            default: break;
        }
    }
    if (calls > 0) {
        const std::string traced = std::to_string(calls) + (calls == 1 ? " call" : " calls");
        table.source = table.source.empty() ? "from " + traced : table.source + " +" + traced;
    }
    for (auto& [fd, entry] : held) table.fds.push_back(std::move(entry));
    return table;
}

}  // namespace ipcviz::view
