#include "side_confinement.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ipcviz::detail {

void confine_side() noexcept {
    // The bounding set first: dropping from it needs CAP_SETPCAP, which the capset below removes.
    for (int capability = 0; capability <= CAP_LAST_CAP; ++capability) ::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0);
    ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    // Raw capset (no libcap): version 3, two 32-bit words per set, all zero.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3] = {};
    const long dropped = ::syscall(SYS_capset, &header, none);
    const int capset_error = errno;
    // Checked, not assumed: a side that kept a capability (CAP_SYS_PTRACE above all) could reach
    // into the grader. Such a side must not run the channel's code at all.
    __user_cap_data_struct left[_LINUX_CAPABILITY_U32S_3] = {};
    __user_cap_header_struct query{_LINUX_CAPABILITY_VERSION_3, 0};
    const bool none_left = ::syscall(SYS_capget, &query, left) == 0 && left[0].effective == 0 &&
                           left[1].effective == 0 && left[0].permitted == 0 && left[1].permitted == 0;
    if (!none_left) {
        char text[160];
        const int length = std::snprintf(text, sizeof text, "ipcviz: capset (dropping every capability before the "
                                         "graded code runs) failed: %s\n",
                                         dropped == -1 ? std::strerror(capset_error) : "capabilities remain");
        if (length > 0) (void)!::write(STDERR_FILENO, text, static_cast<std::size_t>(length));
        ::_exit(125);
    }
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

}  // namespace ipcviz::detail
