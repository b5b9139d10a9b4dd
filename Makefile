# ipcviz — one plain GNU Makefile. Every output goes under build/ (build/san/ with SAN=1).
#
#   make help            the targets
#   make demo            a real traced run on the reference solutions
#   make test            the project's whole suite
#   make check [LAB=01]  grade the student's labs/ (IMPL=solutions grades the references;
#                        TEST="a test's name" runs one test)

.DEFAULT_GOAL := all
SHELL := /bin/bash

# ---------------------------------------------------------------------------- configuration
CXX      ?= g++
SAN      ?=
V        ?=
LAB      ?=
IMPL     ?=

B := build$(if $(SAN),/san)
Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-7s %s\n' '$(1)' '$(2)';)
JOBS := -j$(shell nproc 2>/dev/null || echo 2) $(if $(V),,-s)

CXXFLAGS := -std=c++20 -Wall -Wextra -Werror -O2 -g -fPIC -fno-semantic-interposition -MMD -MP
LDFLAGS  :=
ifneq ($(SAN),)
  # g++ 12 reports false "maybe-uninitialized" in libstdc++'s <regex> (used by Catch2) under the
  # sanitizers' instrumentation; the warning stays on in the normal build.
  # No vptr check: on a miss in its type cache it probes the vtable with a write(2) to a pipe of its
  # own, a syscall inside the measured window that the ptrace audit then counts as the channel's
  # (which calls miss depends on code layout: the audit tests failed by one write after unrelated changes).
  CXXFLAGS += -O1 -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined -Wno-maybe-uninitialized
  LDFLAGS  += -fsanitize=address,undefined
endif
CATCH_FLAGS := -Wno-unused-parameter

# Lab folders are read from labs/ so that a student release without solutions/ still builds.
LABS := $(sort $(notdir $(wildcard labs/[0-9][0-9]-*)))
HAVE_SOLUTIONS := $(wildcard solutions)

# Debian/Ubuntu packages for all that `make demo`, `check`, `test` and `docs` use, beyond make and g++
# (build-essential): ncurses and Boost.Program_options (the tool), Catch2 v2 (the tests), nlohmann-json
# (JSON output), Doxygen (make docs), strace, tmux and procps (pgrep, ps: the end-to-end tests), patch
# (the mutants), zip and unzip (make gradescope), python3 (its test parses results.json strictly with
# a parser independent of the writer's library). README.md names the same list (a test checks it:
# make print-packages).
PACKAGES := libncurses-dev libboost-program-options-dev catch2 nlohmann-json3-dev doxygen strace tmux procps patch zip unzip python3

# ---------------------------------------------------------------------------- the library
LIB_SRCS := $(wildcard lib/src/*.cpp)
LIB_OBJS := $(LIB_SRCS:%.cpp=$(B)/obj/%.o)
LIB      := $(B)/libipcviz.a
INCLUDES := -Ilib/include

$(B)/obj/lib/%.o: lib/%.cpp
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D) && $(CXX) $(CXXFLAGS) $(INCLUDES) -Ilib/src -c $< -o $@

# The benchmark's engine (no ncurses) and its raw ping-pongs: linked into the tool and the tests.
BENCH_SRCS := $(wildcard lib/bench/*.cpp lib/bench/raw/*.cpp)
BENCH_OBJS := $(BENCH_SRCS:%.cpp=$(B)/obj/%.o)
BENCH_LIB  := $(B)/libipcviz-bench.a
$(BENCH_LIB): $(BENCH_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# The viewer (model, renderer, terminal): linked into the ipcviz tool and, for its tests, the unit tests.
VIEW_SRCS := $(wildcard lib/view/*.cpp)
VIEW_OBJS := $(VIEW_SRCS:%.cpp=$(B)/obj/%.o)

$(LIB): $(LIB_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# ---------------------------------------------------------------------------- implementations
# A variant is one set of Channel implementations: solutions, labs, or a mutant (a broken copy of
# one lab's files, tests/mutants/NN-topic/NAME/, standing in for the reference of that lab).
# Each variant yields a shared object, $(B)/VARIANT/libipcviz-impl.so, that the ipcviz front end
# loads with --impl and the graded tests load in each run's processes, and a static library linked
# into the unit tests. lib/impl/channels.cpp dispatches to one factory per lab, lib/impl/labNN_*.cpp,
# each compiled against that lab's headers only.
# The graded tests are one program for every variant, linked with no implementation in it: the
# process that writes the grade never runs graded code (lib/grade/graded_main.cpp says how).
# $(B)/VARIANT/graded-tests is a hard link to it, and grades the libipcviz-impl.so beside it.
# (-rdynamic and the whole archive: the shared object calls back into the library, as for build/ipcviz.)
#   $(1) variant name   $(2) its objects
define VARIANT
$(B)/$(1)/libimpl.a: $(2)
	$$(call say,AR,$$@)
	$(Q)mkdir -p $$(@D) && rm -f $$@ && ar rcs $$@ $$^
$(B)/$(1)/libipcviz-impl.so: $(2)
	$$(call say,LD,$$@)
	$(Q)mkdir -p $$(@D) && $(CXX) -shared $(LDFLAGS) $$^ -o $$@
$(B)/$(1)/graded-tests: $(B)/graded-tests | $(B)/$(1)/libipcviz-impl.so
	$$(call say,LN,$$@)
	$(Q)mkdir -p $$(@D) && { ln -f $$< $$@ 2>/dev/null || cp -f $$< $$@; }
endef
# Kit code (solutions, mutants, the glue): warnings are errors; a failure stops the build.
#   $(1) variant name   $(2) include directories
define STRICT_COMPILE
$(B)/obj/$(1)/%.o: %.cpp
	$$(call say,CXX,$$< [$(1)])
	$(Q)mkdir -p $$(@D) && $(CXX) $(CXXFLAGS) $(INCLUDES) $(addprefix -I,$(2)) -c $$< -o $$@
endef

GRADED_SRCS := $(wildcard tests/graded/*.cpp)
GRADED_OBJS := $(GRADED_SRCS:%.cpp=$(B)/obj/%.o)
GRADE_SRCS  := $(wildcard lib/grade/*.cpp)
GRADE_OBJS  := $(GRADE_SRCS:%.cpp=$(B)/obj/%.o)
$(B)/graded-tests: $(GRADED_OBJS) $(GRADE_OBJS) $(BENCH_LIB) $(LIB)
	$(call say,LD,$@)
	$(Q)$(CXX) $(LDFLAGS) -rdynamic $(GRADED_OBJS) $(GRADE_OBJS) $(BENCH_LIB) -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive -o $@

lab_srcs = $(wildcard $(1)/*/*.cpp)
lab_number = $(firstword $(subst -, ,$(1)))
lab_glue = $(wildcard lib/impl/lab$(call lab_number,$(1))_*.cpp)
# The labs with a channel (05-benchmark has none) and their glue.
CHANNEL_LABS := $(foreach l,$(LABS),$(if $(call lab_glue,$(l)),$(l)))
GLUE_SRCS    := $(foreach l,$(CHANNEL_LABS),$(call lab_glue,$(l)))
IMPL_SRCS    := lib/impl/channels.cpp $(GLUE_SRCS)
variant_objs = $(patsubst %.cpp,$(B)/obj/$(1)/%.o,$(2))

# The student's labs/: each lab is compiled on its own into one object, $(B)/obj/labs/lab-NN-topic.o
# (its files and its glue), with warnings shown but not fatal. A lab that does not compile, or does
# not link against the kit, is replaced by a generated stand-in (lib/impl/uncompiled-lab.sh) whose
# tests fail with the first errors: one lab's mistake never blocks another lab's grade. The functions
# a lab defines are made local to its object (all but its factory), so that the same helper copied
# into two labs (write_all, say) does not collide when the labs are linked together.
STUDENT_CXXFLAGS := $(filter-out -Werror,$(CXXFLAGS))
# $(1) flags. Compiles $< into $@ showing the compiler's output (in colour on a terminal, as the
# compiler would); when it fails, leaves no $@ but $@.errors (that output) and lets the build go on.
tolerant_compile = mkdir -p $(@D) && rm -f $@ $@.errors && \
  { $(CXX) $(1) $$([ -t 2 ] && echo -fdiagnostics-color=always) -c $< -o $@ 2>$@.log; status=$$?; cat $@.log >&2; \
    if [ $$status -eq 0 ]; then rm -f $@.log; else mv $@.log $@.errors; fi; }
$(B)/obj/labs/labs/%.o: labs/%.cpp
	$(call say,CXX,$<)
	$(Q)$(call tolerant_compile,$(STUDENT_CXXFLAGS) $(INCLUDES) -I$(<D))
# The glue is kit code (-Werror) but includes the student's header: its warnings show when the
# student's own file compiles, so here that header is a system header (-isystem).
# (-MD, not -MMD: the object still depends on that header, whose class it allocates.)
$(B)/obj/labs/lib/impl/lab%.o: lib/impl/lab%.cpp
	$(call say,CXX,$< [labs])
	$(Q)$(call tolerant_compile,$(patsubst -MMD,-MD,$(CXXFLAGS)) $(INCLUDES) -isystem $(wildcard labs/$(firstword $(subst _, ,$*))-*))
# Linking a lab's object into a program proves it defines everything it uses.
NO_DEPFILE_CXXFLAGS := $(filter-out -MMD -MP,$(CXXFLAGS))
LINK_CHECK_MAIN := $(B)/obj/labs/link-check-main.o
$(LINK_CHECK_MAIN):
	$(Q)mkdir -p $(@D) && echo 'int main() { return 0; }' | $(CXX) $(NO_DEPFILE_CXXFLAGS) -x c++ -c - -o $@
#   $(1) lab folder (01-pipe)
define STUDENT_LAB
LAB_OBJS_$(1) := $(patsubst %.cpp,$(B)/obj/labs/%.o,$(wildcard labs/$(1)/*.cpp) $(call lab_glue,$(1)))
$(B)/obj/labs/lab-$(1).o: $$(LAB_OBJS_$(1)) $(LINK_CHECK_MAIN) $(LIB) lib/impl/uncompiled_lab.hpp lib/impl/uncompiled-lab.sh
	$$(call say,LD,$$@)
	$(Q)rm -f $$@ $$@.errors; errors=""; \
	for o in $$(LAB_OBJS_$(1)); do [ -e $$$$o ] || errors="$$$$errors $$$$o.errors"; done; \
	what=compile; \
	if [ -z "$$$$errors" ]; then \
	  what=link; \
	  ld -r -o $$@.tmp $$(LAB_OBJS_$(1)) 2>$$@.errors && \
	  $(CXX) $(LDFLAGS) $$@.tmp $(LINK_CHECK_MAIN) $(LIB) -o $$@.linked 2>>$$@.errors && \
	  nm --defined-only -g $$@.tmp | awk '$$$$2 ~ /^[TDBR]$$$$/ && $$$$3 !~ /new_lab$(call lab_number,$(1))_channel/ { print $$$$3 }' \
	    >$$@.local && objcopy --localize-symbols=$$@.local $$@.tmp && mv $$@.tmp $$@ \
	    || { cat $$@.errors >&2; errors=$$@.errors; }; \
	fi; \
	if [ -n "$$$$errors" ]; then \
	  bash lib/impl/uncompiled-lab.sh labs/$(1) $(call lab_number,$(1)) $$$$what $$$$errors >$$@.stand-in.cpp && \
	  $(CXX) $(NO_DEPFILE_CXXFLAGS) $(INCLUDES) -Ilib/impl -c $$@.stand-in.cpp -o $$@ && \
	  echo "ipcviz: labs/$(1) does not $$$$what (errors above): its tests will fail with them; the other labs are graded as usual." >&2; \
	fi; \
	rm -f $$@.tmp $$@.linked $$@.local; test -e $$@
endef
$(foreach l,$(CHANNEL_LABS),$(eval $(call STUDENT_LAB,$(l))))
$(eval $(call STRICT_COMPILE,labs,))
$(eval $(call VARIANT,labs,$(call variant_objs,labs,lib/impl/channels.cpp) $(foreach l,$(CHANNEL_LABS),$(B)/obj/labs/lab-$(l).o)))

ifneq ($(HAVE_SOLUTIONS),)
$(eval $(call STRICT_COMPILE,solutions,$(addprefix solutions/,$(LABS))))
$(eval $(call VARIANT,solutions,$(call variant_objs,solutions,$(call lab_srcs,solutions) $(IMPL_SRCS))))
endif

# Mutants: tests/mutants/NN-topic/NAME/ holds FILE.cpp.patch — a deliberate bug, as a patch of the
# reference solutions/NN-topic/FILE.cpp — and expected-failures.txt. The patched file is made under
# build/; every reference file it does not replace is reused as the solutions variant compiled it.
MUTANTS := $(patsubst tests/mutants/%/,%,$(sort $(dir $(wildcard tests/mutants/*/*/expected-failures.txt))))
mutant_var   = mutant-$(subst /,-,$(1))
mutant_lab   = $(firstword $(subst /, ,$(1)))
mutant_files = $(notdir $(patsubst %.patch,%,$(wildcard tests/mutants/$(1)/*.cpp.patch)))
mutant_srcs  = $(addprefix $(B)/mutant-src/$(1)/,$(call mutant_files,$(1)))
mutant_reused = $(patsubst %.cpp,$(B)/obj/solutions/%.o,\
  $(filter-out $(addprefix solutions/$(call mutant_lab,$(1))/,$(call mutant_files,$(1))),$(call lab_srcs,solutions)))
#   $(1) mutant (NN-topic/NAME)   $(2) the file it patches
define MUTANT_SOURCE
$(B)/mutant-src/$(1)/$(2): solutions/$(call mutant_lab,$(1))/$(2) tests/mutants/$(1)/$(2).patch
	$$(call say,PATCH,$$@)
	$(Q)mkdir -p $$(@D) && patch -s -o $$@ solutions/$(call mutant_lab,$(1))/$(2) < tests/mutants/$(1)/$(2).patch
endef
# A mutant patches only .cpp files of its lab: the glue, compiled against the same headers, is the
# solutions variant's (one compile per mutant, not six; the sanitized build makes them all too).
MUTANT_GLUE := $(call variant_objs,solutions,$(IMPL_SRCS))
ifneq ($(HAVE_SOLUTIONS),)
$(foreach m,$(MUTANTS),$(foreach f,$(call mutant_files,$(m)),$(eval $(call MUTANT_SOURCE,$(m),$(f)))))
$(foreach m,$(MUTANTS),$(eval $(call STRICT_COMPILE,$(call mutant_var,$(m)),$(addprefix solutions/,$(LABS)))))
$(foreach m,$(MUTANTS),$(eval $(call VARIANT,$(call mutant_var,$(m)),\
  $(call variant_objs,$(call mutant_var,$(m)),$(call mutant_srcs,$(m))) $(MUTANT_GLUE) $(call mutant_reused,$(m)))))
endif

# Alternatives: tests/alternatives/NN-topic/NAME/ holds all of one lab's files written as a second,
# differently designed correct solution (its README.md says how it differs). It stands in for that
# lab's reference like a mutant, but must score full marks: proof that the grader accepts any correct
# design, not only the reference's. Its own directory comes first on the include path, so the lab's
# glue includes its headers; the other labs are the references as compiled for the solutions variant.
ALTERNATIVES := $(patsubst tests/alternatives/%/,%,$(sort $(dir $(wildcard tests/alternatives/*/*/*.cpp))))
alternative_var    = alternative-$(subst /,-,$(1))
alternative_reused = $(patsubst %.cpp,$(B)/obj/solutions/%.o,\
  $(filter-out solutions/$(call mutant_lab,$(1))/%,$(call lab_srcs,solutions)))
ifneq ($(HAVE_SOLUTIONS),)
$(foreach a,$(ALTERNATIVES),$(eval $(call STRICT_COMPILE,$(call alternative_var,$(a)),tests/alternatives/$(a) $(addprefix solutions/,$(LABS)))))
$(foreach a,$(ALTERNATIVES),$(eval $(call VARIANT,$(call alternative_var,$(a)),\
  $(call variant_objs,$(call alternative_var,$(a)),$(wildcard tests/alternatives/$(a)/*.cpp) $(IMPL_SRCS)) $(call alternative_reused,$(a)))))
endif

# ---------------------------------------------------------------------------- tests and tools
$(B)/obj/tests/%.o: tests/%.cpp
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D) && $(CXX) $(CXXFLAGS) $(CATCH_FLAGS) $(INCLUDES) -Ilib/src -c $< -o $@

UNIT_SRCS := $(wildcard tests/unit/*.cpp)
UNIT_OBJS := $(UNIT_SRCS:%.cpp=$(B)/obj/%.o)
# The unit tests link the references; a student release (no solutions/, and none of the unit tests
# that need them) links the labs' code instead.
$(B)/unit-tests: $(UNIT_OBJS) $(VIEW_OBJS) $(B)/obj/lib/grade/grade_book.o $(B)/obj/lib/grade/answers.o \
  $(B)/$(if $(HAVE_SOLUTIONS),solutions,labs)/libimpl.a $(BENCH_LIB) $(LIB)
	$(call say,LD,$@)
	$(Q)$(CXX) $(LDFLAGS) $^ -lncursesw -o $@

CLI_SRCS := $(wildcard lib/cli/*.cpp)
CLI_OBJS := $(CLI_SRCS:%.cpp=$(B)/obj/%.o)
# -rdynamic and the whole archive: the implementations loaded with dlopen call back into the library.
$(B)/ipcviz: $(CLI_OBJS) $(VIEW_OBJS) $(BENCH_LIB) $(LIB)
	$(call say,LD,$@)
	$(Q)$(CXX) $(LDFLAGS) -rdynamic $(CLI_OBJS) $(VIEW_OBJS) $(BENCH_LIB) -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive \
	  -lboost_program_options -lncursesw -o $@

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------- the sanitizer pass
# Each lab's "no memory error" test (tests/graded/memory_errors.cpp) runs its correctness workloads
# once more with the graded code built under ASan and UBSan: build/san/VARIANT/libipcviz-impl.so,
# run by build/san/sanitizer-runner (lib/sanitizer/), a program built under them too (ASan in a
# dlopened object needs its runtime in the process from the start). Both come from the SAN=1 build of
# this Makefile, made by a make of its own (SAN=1 sets every flag: lib, labs, a lab that does not
# compile) — except under SAN=1 itself, where they are this make's own targets.
SAN_B := build/san
SANITIZER_SRCS := $(wildcard lib/sanitizer/*.cpp)
SANITIZER_OBJS := $(SANITIZER_SRCS:%.cpp=$(B)/obj/%.o)
# Only under SAN=1 (runner_main.cpp refuses to compile without -fsanitize=address).
# Not a PIE: on a kernel that randomises mmap with 32 bits (vm.mmap_rnd_bits, Ubuntu 23.10 and later)
# a PIE's random base can land in ASan's fixed allocator range, and GCC 12's runtime then never starts
# (lib/grade/sanitizer_pass.cpp). A fixed base cannot, even where the grader may not turn ASLR off
# (a container's seccomp profile refuses personality()). Relinked when this Makefile changes.
$(B)/sanitizer-runner: $(SANITIZER_OBJS) $(LIB) Makefile
	$(call say,LD,$@)
	$(Q)$(CXX) $(LDFLAGS) -no-pie -rdynamic $(SANITIZER_OBJS) -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive -o $@
#   $(1) variant names: what their graded tests need for the sanitizer pass
sanitized_targets = $(SAN_B)/sanitizer-runner $(foreach v,$(1),$(SAN_B)/$(v)/libipcviz-impl.so)
make_sanitized = $(MAKE) --no-print-directory $(JOBS) SAN=1 $(call sanitized_targets,$(1))
SANITIZED_TOOLS := labs $(if $(HAVE_SOLUTIONS),solutions)
SANITIZED_FOR_TEST := $(SANITIZED_TOOLS) $(if $(HAVE_SOLUTIONS),$(foreach m,$(MUTANTS),$(call mutant_var,$(m))) \
  $(foreach a,$(ALTERNATIVES),$(call alternative_var,$(a))))
# The unit tests check its report trimming (tests/unit/test_sanitizer_report.cpp): one more object in $^.
$(B)/unit-tests: $(B)/obj/lib/grade/sanitizer_pass.o
.PHONY: sanitized-tools sanitized-for-test
build-tools: sanitized-tools
test: sanitized-for-test
ifeq ($(SAN),)
sanitized-tools: | deps
	$(Q)$(call make_sanitized,$(SANITIZED_TOOLS))
sanitized-for-test: | deps
	$(Q)$(call make_sanitized,$(SANITIZED_FOR_TEST))
else
sanitized-tools: $(call sanitized_targets,$(SANITIZED_TOOLS))
sanitized-for-test: $(call sanitized_targets,$(SANITIZED_FOR_TEST))
endif

# ---------------------------------------------------------------------------- user targets
DEFAULT_IMPL := $(if $(HAVE_SOLUTIONS),solutions,labs)
RUN_IMPL     := $(or $(IMPL),$(DEFAULT_IMPL))
CHECK_IMPL   := $(or $(IMPL),labs)
TEST         ?=
# A command the graded tests run under, e.g. the Gradescope autograder's switch to an unprivileged user.
GRADE_RUNNER ?=

# LAB names one lab folder as LAB=4, LAB=04, LAB=04-shared-memory or LAB=shared-memory;
# anything else is refused with the list of labs (require_lab), never graded as 0 of 0.
lab_names  = $(1) $(call lab_number,$(1)) $(patsubst 0%,%,$(call lab_number,$(1))) \
  $(patsubst $(call lab_number,$(1))-%,%,$(1))
LAB_DIR    := $(if $(word 2,$(LAB)),,$(firstword $(foreach l,$(LABS),$(if $(filter $(LAB),$(call lab_names,$(l))),$(l)))))
LAB_NUMBER := $(call lab_number,$(LAB_DIR))
require_lab = $(if $(LAB),$(if $(LAB_DIR),,echo "make $@: there is no lab '$(LAB)'; the labs are $(LABS)" \
  "(say LAB=01, LAB=1, LAB=01-pipe or LAB=pipe)" >&2; exit 2))
# What `make check` runs: TEST="a test's name" or TEST="[tag]" (Catch2's test spec), else the lab's tag.
GRADE_SPEC := $(if $(TEST),'$(subst ','\'',$(TEST))',$(if $(LAB_DIR),'[lab$(LAB_NUMBER)]'))

.PHONY: all demo view check test docs clean deps help build-tools print-packages
all: | deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) build-tools

build-tools: $(B)/ipcviz $(B)/labs/libipcviz-impl.so $(B)/labs/graded-tests \
  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so $(B)/solutions/graded-tests)

# In a terminal, the viewer on shared memory (as the design opens); without one, the same run as text.
# A student release has no references to show: the viewer's home screen on the student's own labs/.
demo: | deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(B)/ipcviz $(B)/$(RUN_IMPL)/libipcviz-impl.so \
	  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so) $(B)/labs/libipcviz-impl.so
ifneq ($(HAVE_SOLUTIONS),)
	$(Q)$(B)/ipcviz view --mechanism shm --impl $(RUN_IMPL)
else
	$(Q)$(NO_REFERENCES_NOTE)
	$(Q)if [ -t 0 ] && [ -t 1 ]; then $(B)/ipcviz; $(NO_REFERENCES_NOTE); else \
	  echo "No terminal: the viewer needs one. Run make demo in a terminal, or make check to grade your labs."; fi
endif
NO_REFERENCES_NOTE = echo "ipcviz: the reference demos are not part of this copy (a student release has no solutions/)." \
  "The viewer runs your own code in labs/: make view LAB=01 steps through your Lab 01."

# make view LAB=NN: the viewer on your own code for that lab's mechanism.
VIEW_MECHANISM := $(or $(if $(filter 01,$(LAB_NUMBER)),pipe),$(if $(filter 02,$(LAB_NUMBER)),unix),\
  $(if $(filter 03,$(LAB_NUMBER)),tcp),$(if $(filter 04,$(LAB_NUMBER)),shm))
view: | deps
	$(Q)$(require_lab)
	$(Q)test -n "$(VIEW_MECHANISM)" || { echo "make view: $(if $(LAB),lab $(LAB_NUMBER) has no channel to view,say which lab):" \
	  "the viewer shows Labs 01 to 04, e.g. make view LAB=01" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(B)/ipcviz $(B)/$(CHECK_IMPL)/libipcviz-impl.so \
	  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so)
	$(Q)$(B)/ipcviz view --mechanism $(VIEW_MECHANISM) --impl $(CHECK_IMPL)

# Grades, after building the graded tests and what the handouts run next (build/ipcviz and the
# labs' shared object), so that no tool runs an older build of the student's code; then the same
# code built under ASan and UBSan for the memory-error tests (the sanitizer pass, above). Its errors go
# to a log (a lab that does not compile would print them twice; its stand-in carries them into its
# tests), and a failure removes the sanitized object, so that those tests fail saying so rather than
# grade an old one. A lab that does not compile fails only its own tests. build/grade/results.json
# is always new: removed first, and written by the grader or, if the graded tests could not be built at all, as a score of 0 saying so.
check: | deps
	$(Q)rm -f build/grade/results.json
	$(Q)$(require_lab)
	$(Q)mkdir -p build/grade
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(B)/$(CHECK_IMPL)/graded-tests $(B)/ipcviz $(B)/$(CHECK_IMPL)/libipcviz-impl.so || { \
	  echo '{"score": 0, "output": "The graded tests did not build: run make check to see the errors.", "tests": []}' \
	    >build/grade/results.json; \
	  echo "make check: the graded tests did not build (errors above); build/grade/results.json says so" >&2; exit 1; }
	$(Q)$(call make_sanitized,$(CHECK_IMPL)) 2>build/grade/sanitized-build.log || { \
	  rm -f $(SAN_B)/$(CHECK_IMPL)/libipcviz-impl.so; \
	  echo "make check: the sanitized build failed (build/grade/sanitized-build.log): the memory-error tests will fail" >&2; }
	$(Q)IPCVIZ_ANSWERS_IN=$(if $(filter labs,$(CHECK_IMPL)),labs) \
	  $(GRADE_RUNNER) $(B)/$(CHECK_IMPL)/graded-tests --results-json build/grade/results.json $(GRADE_SPEC)

print-packages:
	@echo $(PACKAGES)

# Without solutions/ (a student release) the suite is what a student can run: no references, no mutants.
# Each variant's graded-tests brings the libipcviz-impl.so beside it up to date (VARIANT's order-only
# prerequisite), so every mutant's shared object that an end-to-end script loads with --impl is built.
TEST_TARGETS := $(B)/unit-tests $(B)/ipcviz $(B)/labs/libipcviz-impl.so $(B)/labs/graded-tests \
  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so $(B)/solutions/graded-tests \
  $(foreach m,$(MUTANTS),$(B)/$(call mutant_var,$(m))/graded-tests) \
  $(foreach a,$(ALTERNATIVES),$(B)/$(call alternative_var,$(a))/graded-tests))
test: | deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(TEST_TARGETS)
	$(Q)tests/run-all $(B) $(MUTANTS)

docs: | deps
	$(call say,DOXYGEN,docs/Doxyfile)
	$(Q)mkdir -p $(B)/docs && doxygen docs/Doxyfile

clean:
	$(call say,RM,build)
	$(Q)rm -rf build

# Installs what is missing on Debian/Ubuntu: as root, or through sudo when it can ask (a terminal to
# prompt on, or no password needed); otherwise says so first, with the command for an administrator.
# Elsewhere it says what to get.
deps:
	$(Q)missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	  done; \
	  [ -z "$$missing" ] && exit 0; \
	  command="apt-get install -y --no-install-recommends$$missing"; \
	  as=""; \
	  if [ "$$(id -u)" -ne 0 ]; then \
	    if command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || (: </dev/tty) 2>/dev/null; }; then \
	      as=sudo; \
	    else \
	      echo "ipcviz: missing packages:$$missing. You are not root and sudo cannot be used here;" \
	           "ask an administrator to run: $$command" >&2; \
	      exit 1; \
	    fi; \
	  fi; \
	  echo "ipcviz: installing missing packages:$$missing$${as:+ (through sudo)}"; \
	  { $$as apt-get update -qq && $$as env DEBIAN_FRONTEND=noninteractive $$command -qq >/dev/null; } \
	    || { echo "ipcviz: apt-get failed; install by hand: $${as:+sudo }$$command" >&2; exit 1; }; \
	else \
	  for h in ncurses.h boost/program_options.hpp catch2/catch.hpp nlohmann/json.hpp; do \
	    echo '#include <'$$h'>' | $(CXX) -x c++ -E - >/dev/null 2>&1 || missing="$$missing $$h"; \
	  done; \
	  for c in doxygen strace tmux patch pgrep ps; do command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "ipcviz: missing:$$missing. Not a Debian/Ubuntu system: install ncurses (development files)," \
	         "Boost.Program_options (development files), Catch2 v2 (catch2/catch.hpp), nlohmann-json, Doxygen," \
	         "strace, tmux, procps (pgrep, ps) and patch — e.g. on Fedora: sudo dnf install ncurses-devel" \
	         "boost-devel catch2-devel json-devel doxygen strace tmux procps-ng patch" >&2; \
	    exit 1; \
	  fi; \
	fi

help:
	@echo "ipcviz — make targets"
	@echo "  all         build the library, the ipcviz tool and the graded tests"
	@echo "  demo        the viewer on the reference solutions (text without a terminal)"
	@echo "  view        the viewer on your own code: make view LAB=01"
	@echo "  check       grade your labs/ (LAB=01 for one lab; TEST=\"name\" for one test; IMPL=solutions for the references)"
	@echo "  test        the project's whole suite (unit tests, grader self-tests, end-to-end)"
	@echo "  docs        the API reference of lib/ into $(B)/docs (Doxygen, warnings are errors)"
	@echo "  deps        install missing packages (apt-get on Debian/Ubuntu); print-packages lists them"
	$(if $(wildcard lib/packaging),@echo "  release     the student release (no solutions/, no mutants) in build/release/ and a tarball")
	$(if $(wildcard lib/packaging),@echo "  gradescope  build/gradescope/autograder.zip for a Gradescope programming assignment")
	@echo "  clean       remove build/"
	@echo "Variables: IMPL=labs|solutions  LAB=NN  TEST=\"name\"|\"[tag]\"  SAN=1 (ASan+UBSan)  V=1 (show commands)"
	@echo "Environment: IPCVIZ_TIMEOUT_SCALE=3 stretches every per-test deadline on a slow machine"

# ---------------------------------------------------------------------------- packaging (instructors)
# The student release and the Gradescope autograder; neither exists in a student release itself.
.PHONY: release gradescope
release:
	$(Q)test -d lib/packaging -a -d solutions || { echo "make release: only in the instructors' copy (with solutions/)" >&2; exit 2; }
	$(Q)lib/packaging/make-release.sh build/release build/ipcviz-student.tar.gz

gradescope: release
	$(Q)lib/packaging/make-gradescope.sh build/release build/gradescope
