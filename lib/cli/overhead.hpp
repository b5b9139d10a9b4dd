#pragma once
#include <string>
#include <vector>

// `ipcviz overhead`: what the sys:: wrappers cost per call, tracing off and on, against the raw call.
int overhead_command(const std::vector<std::string>& arguments);
