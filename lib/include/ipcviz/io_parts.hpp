#pragma once
/** @file
 *  Bookkeeping for gathering and scattering I/O (sys::sendmsg, sys::recvmsg) that may move fewer
 *  bytes than asked.
 */
#include <sys/uio.h>

#include <cstddef>
#include <span>

namespace ipcviz {

/**
 * Drops the first @p bytes from @p parts: whole parts are skipped, a part that was moved only in
 * part is shortened. After a short sendmsg/recvmsg, call it with the count the call returned and
 * call again with what is left.
 * @param parts the remaining parts; updated in place (its iovecs are modified)
 * @param bytes how many bytes the last call moved (at most the parts' total)
 */
void consume(std::span<iovec>& parts, std::size_t bytes) noexcept;

}  // namespace ipcviz
