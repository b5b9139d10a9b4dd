#pragma once
#include <string>
#include <vector>

namespace ipcviz {
class Implementation;
}

// `ipcviz bench`: the race of the four mechanisms, then the table and summary (or CSV, JSON).
// @p load loads an implementation by name ("solutions", "labs").
int bench_command(const std::vector<std::string>& arguments,
                  ipcviz::Implementation (*load)(const std::string& impl), bool terminal);
