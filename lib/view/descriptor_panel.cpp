#include "descriptor_panel.hpp"

#include "descriptors.hpp"
#include "text.hpp"

namespace ipcviz::view::panels {

void descriptor_box(Canvas& canvas, int x, int y, int width, int height, const ViewModel& model, std::size_t step,
                    int side) {
    const SideReport& report = model.run().sides[side];
    canvas.box(x, y, width, height, report.role + " · fds", Style::dim, Style::title);
    const int inner = width - 4;
    const int rows = height - 2;
    const FdTable table = descriptors_at(model, side, step);
    if (!table.exists) {
        canvas.text(x + 2, y + 1, side == 1 ? "not forked yet" : "not started", Style::dim, inner);
        return;
    }
    if (table.fds.empty()) {
        canvas.text(x + 2, y + 1, "none of its own", Style::dim, inner);
        canvas.text(x + 2, y + 2, "(stdio not shown)", Style::dim, inner);
        return;
    }
    // One row per descriptor; the last row says where the table comes from, where rows remain.
    const int listed = static_cast<int>(table.fds.size());
    const bool source_row = rows > listed && !table.source.empty();
    const int room = listed > rows ? rows - 1 : rows;  // leave a row for "+N more"
    for (int i = 0; i < room && i < listed; ++i) {
        const HeldFd& held = table.fds[static_cast<std::size_t>(i)];
        std::string line = text::format("fd %d %s", held.fd, held.what.c_str());
        // Which object, where it fits: two pipes are told apart by their inode.
        if (!held.object.empty() && held.object != held.what && columns(line + " " + held.object) <= inner &&
            held.what.rfind("shm ", 0) != 0) {
            line += " " + held.object;
        }
        const bool write_end = held.what == "pipe write end";
        canvas.text(x + 2, y + 1 + i, line, write_end ? Style::user : Style::normal, inner);
    }
    if (listed > room) {
        canvas.text(x + 2, y + 1 + room, text::format("+%d more", listed - room), Style::dim, inner);
    } else if (source_row) {
        // "after open() +1 call"; without the count where it does not fit.
        std::string source = table.source;
        if (columns(source) > inner) source = source.substr(0, source.find(" +"));
        canvas.text(x + 2, y + height - 2, source, Style::dim, inner);
    }
}

}  // namespace ipcviz::view::panels
