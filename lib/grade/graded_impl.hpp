#pragma once
// The implementation the graded tests run (the student's labs/, the references or a mutant): its
// shared object, loaded only inside each run's processes, never in the grader (graded_main.cpp).
#include <string>

#include "ipcviz/mechanism.hpp"

namespace ipcviz::grade {

/**
 * Chooses the implementation's shared object, once, before any test runs.
 * @param shared_object its path, e.g. build/labs/libipcviz-impl.so
 * @throws std::runtime_error when it does not exist
 */
void choose_graded_implementation(const std::string& shared_object);

/** @return the chosen implementation (Implementation::Loading::in_each_run); throws if none was chosen. */
const Implementation& graded_implementation();

/**
 * @return the path of every mapping of this process whose file is the chosen shared object or
 *         is named like one (libipcviz-impl.so), from /proc/self/maps; empty while no
 *         implementation's code was ever loaded here
 */
std::string implementation_mappings();

}  // namespace ipcviz::grade
