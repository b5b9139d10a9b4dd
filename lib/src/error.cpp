#include "ipcviz/error.hpp"

#include <cstring>

namespace ipcviz {

SysError::SysError(const std::string& call, int error_number)
    : std::runtime_error(call + ": " + std::strerror(error_number)), code_(error_number) {}

NotImplemented::NotImplemented(const std::string& what) : std::logic_error("not implemented: " + what) {}

ProtocolError::ProtocolError(const std::string& what) : std::runtime_error(what) {}

}  // namespace ipcviz
