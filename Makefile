# ipcviz — one plain GNU Makefile. Every output goes under build/ (build/san/ with SAN=1).
#
#   make help            the targets
#   make demo            a real traced run on the reference solutions
#   make test            the project's whole suite
#   make check [LAB=01]  grade the student's labs/ (IMPL=solutions grades the references)

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
  CXXFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
              -Wno-maybe-uninitialized
  LDFLAGS  += -fsanitize=address,undefined
endif
CATCH_FLAGS := -Wno-unused-parameter

# Lab folders are read from labs/ so that a student release without solutions/ still builds.
LABS := $(sort $(notdir $(wildcard labs/[0-9][0-9]-*)))
HAVE_SOLUTIONS := $(wildcard solutions)

PACKAGES := libncurses-dev libboost-program-options-dev catch2 doxygen strace tmux patch zip unzip python3

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
# Each variant yields a static library (linked into graded-tests) and a shared object that the
# ipcviz front end loads with --impl.
#   $(1) variant name   $(2) source files   $(3) include directories   $(4) objects reused from another variant
define VARIANT
$(1)_OBJS := $$(patsubst %.cpp,$(B)/obj/$(1)/%.o,$(2) lib/impl/channels.cpp) $(4)
$(B)/obj/$(1)/%.o: %.cpp
	$$(call say,CXX,$$< [$(1)])
	$(Q)mkdir -p $$(@D) && $(CXX) $(CXXFLAGS) $(INCLUDES) $(addprefix -I,$(3)) -c $$< -o $$@
$(B)/$(1)/libimpl.a: $$($(1)_OBJS)
	$$(call say,AR,$$@)
	$(Q)mkdir -p $$(@D) && rm -f $$@ && ar rcs $$@ $$^
$(B)/$(1)/libipcviz-impl.so: $$($(1)_OBJS)
	$$(call say,LD,$$@)
	$(Q)mkdir -p $$(@D) && $(CXX) -shared $(LDFLAGS) $$^ -o $$@
$(B)/$(1)/graded-tests: $(GRADED_OBJS) $(GRADE_OBJS) $(B)/$(1)/libimpl.a $(BENCH_LIB) $(LIB)
	$$(call say,LD,$$@)
	$(Q)$(CXX) $(LDFLAGS) $$^ -o $$@
ALL_OBJS += $$($(1)_OBJS)
endef

GRADED_SRCS := $(wildcard tests/graded/*.cpp)
GRADED_OBJS := $(GRADED_SRCS:%.cpp=$(B)/obj/%.o)
GRADE_SRCS  := $(wildcard lib/grade/*.cpp)
GRADE_OBJS  := $(GRADE_SRCS:%.cpp=$(B)/obj/%.o)

lab_srcs = $(wildcard $(1)/*/*.cpp)
$(eval $(call VARIANT,labs,$(call lab_srcs,labs),$(addprefix labs/,$(LABS))))
ifneq ($(HAVE_SOLUTIONS),)
$(eval $(call VARIANT,solutions,$(call lab_srcs,solutions),$(addprefix solutions/,$(LABS))))
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
ifneq ($(HAVE_SOLUTIONS),)
$(foreach m,$(MUTANTS),$(foreach f,$(call mutant_files,$(m)),$(eval $(call MUTANT_SOURCE,$(m),$(f)))))
$(foreach m,$(MUTANTS),$(eval $(call VARIANT,$(call mutant_var,$(m)),$(call mutant_srcs,$(m)),\
  $(addprefix solutions/,$(LABS)),$(call mutant_reused,$(m)))))
endif

# ---------------------------------------------------------------------------- tests and tools
$(B)/obj/tests/%.o: tests/%.cpp
	$(call say,CXX,$<)
	$(Q)mkdir -p $(@D) && $(CXX) $(CXXFLAGS) $(CATCH_FLAGS) $(INCLUDES) -Ilib/src -c $< -o $@

UNIT_SRCS := $(wildcard tests/unit/*.cpp)
UNIT_OBJS := $(UNIT_SRCS:%.cpp=$(B)/obj/%.o)
# The unit tests link the references; a student release (no solutions/, and none of the unit tests
# that need them) links the labs' code instead.
$(B)/unit-tests: $(UNIT_OBJS) $(VIEW_OBJS) $(B)/$(if $(HAVE_SOLUTIONS),solutions,labs)/libimpl.a $(BENCH_LIB) $(LIB)
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

# ---------------------------------------------------------------------------- user targets
DEFAULT_IMPL := $(if $(HAVE_SOLUTIONS),solutions,labs)
RUN_IMPL     := $(or $(IMPL),$(DEFAULT_IMPL))
CHECK_IMPL   := $(or $(IMPL),labs)
# A command the graded tests run under, e.g. the Gradescope autograder's switch to an unprivileged user.
GRADE_RUNNER ?=
LAB_FILTER   := $(if $(LAB),[lab$(LAB)])

.PHONY: all demo view check test docs clean deps help build-tools
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
VIEW_MECHANISM := $(or $(if $(filter 01,$(LAB)),pipe),$(if $(filter 02,$(LAB)),unix),$(if $(filter 03,$(LAB)),tcp),\
  $(if $(filter 04,$(LAB)),shm))
view: | deps
	$(Q)test -n "$(VIEW_MECHANISM)" || { echo "make view: say which lab, e.g. make view LAB=01 (01 to 04)" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(B)/ipcviz $(B)/$(CHECK_IMPL)/libipcviz-impl.so \
	  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so)
	$(Q)$(B)/ipcviz view --mechanism $(VIEW_MECHANISM) --impl $(CHECK_IMPL)

check: | deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(B)/$(CHECK_IMPL)/graded-tests
	$(Q)mkdir -p build/grade
	$(Q)$(GRADE_RUNNER) $(B)/$(CHECK_IMPL)/graded-tests --results-json build/grade/results.json $(if $(LAB),'$(LAB_FILTER)')

# Without solutions/ (a student release) the suite is what a student can run: no references, no mutants.
TEST_TARGETS := $(B)/unit-tests $(B)/ipcviz $(B)/labs/libipcviz-impl.so $(B)/labs/graded-tests \
  $(if $(HAVE_SOLUTIONS),$(B)/solutions/libipcviz-impl.so $(B)/solutions/graded-tests \
  $(foreach m,$(MUTANTS),$(B)/$(call mutant_var,$(m))/graded-tests))
test: | deps
	$(Q)$(MAKE) --no-print-directory $(JOBS) $(TEST_TARGETS)
	$(Q)tests/run-all $(B) $(MUTANTS)

docs: | deps
	$(call say,DOXYGEN,docs/Doxyfile)
	$(Q)mkdir -p $(B)/docs && doxygen docs/Doxyfile

clean:
	$(call say,RM,build)
	$(Q)rm -rf build

# Installs what is missing on Debian/Ubuntu (through sudo when not root); elsewhere says what to get.
deps:
	$(Q)missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "ipcviz: installing missing packages:$$missing"; \
	    sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { echo "ipcviz: apt-get install failed; install by hand:$$missing" >&2; exit 1; }; \
	  fi; \
	else \
	  for h in ncurses.h boost/program_options.hpp catch2/catch.hpp; do \
	    echo '#include <'$$h'>' | $(CXX) -x c++ -E - >/dev/null 2>&1 || missing="$$missing $$h"; \
	  done; \
	  for c in doxygen strace tmux patch; do command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "ipcviz: missing:$$missing. Not a Debian/Ubuntu system: install ncurses (development files)," \
	         "Boost.Program_options (development files), Catch2 v2 (catch2/catch.hpp), Doxygen, strace, tmux and patch" \
	         "— e.g. on Fedora: sudo dnf install ncurses-devel boost-devel catch2-devel doxygen strace tmux patch" >&2; \
	    exit 1; \
	  fi; \
	fi

help:
	@echo "ipcviz — make targets"
	@echo "  all         build the library, the ipcviz tool and the graded tests"
	@echo "  demo        the viewer on the reference solutions (text without a terminal)"
	@echo "  view        the viewer on your own code: make view LAB=01"
	@echo "  check       grade your labs/ (LAB=01 for one lab; IMPL=solutions for the references)"
	@echo "  test        the project's whole suite (unit tests, grader self-tests, end-to-end)"
	@echo "  docs        the API reference of lib/ into $(B)/docs (Doxygen, warnings are errors)"
	@echo "  deps        install missing packages (apt-get on Debian/Ubuntu)"
	$(if $(wildcard lib/packaging),@echo "  release     the student release (no solutions/, no mutants) in build/release/ and a tarball")
	$(if $(wildcard lib/packaging),@echo "  gradescope  build/gradescope/autograder.zip for a Gradescope programming assignment")
	@echo "  clean       remove build/"
	@echo "Variables: IMPL=labs|solutions  LAB=NN  SAN=1 (ASan+UBSan)  V=1 (show commands)"
	@echo "Environment: IPCVIZ_TIMEOUT_SCALE=3 stretches every per-test deadline on a slow machine"

# ---------------------------------------------------------------------------- packaging (instructors)
# The student release and the Gradescope autograder; neither exists in a student release itself.
.PHONY: release gradescope
release:
	$(Q)test -d lib/packaging -a -d solutions || { echo "make release: only in the instructors' copy (with solutions/)" >&2; exit 2; }
	$(Q)lib/packaging/make-release.sh build/release build/ipcviz-student.tar.gz

gradescope: release
	$(Q)lib/packaging/make-gradescope.sh build/release build/gradescope
