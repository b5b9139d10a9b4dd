#!/usr/bin/env bash
# The same grade on every machine: runs the grader on the reference solutions (and, with --mutants,
# every mutant against its expected failures, as tests/run-all does) under each condition a
# course's machine may impose, RUNS times each, and prints a table of runs and points lost.
# Not part of `make test` (it takes many minutes). Usage:
#   tests/stress/grade-everywhere.sh [--runs N] [--mutants] [--only CONDITION]... [BUILD_DIR]
# Conditions:
#   idle          nothing added (say how loaded the machine is: the table shows the load average)
#   busy-core     one process keeps a core busy for the whole run
#   taskset-0     taskset -c 0: an affinity of one CPU
#   cpuset-1      a cgroup cpuset of one CPU (a one-CPU container: no affinity call can widen it)
#   half-cpu      a cgroup with a CPU quota of half a CPU and 768 MB of memory (Gradescope's
#                 default autograder): cgroup v2 cpu.max "50000 100000" + memory.max, or cgroup
#                 v1 cpu.cfs_quota_us + memory.limit_in_bytes where v2 has no cpu controller
#   stdin-closed  standard input closed (<&-)
#   stdin-null    standard input /dev/null, not a terminal
#   long-tmpdir   TMPDIR of 120 characters (a socket path inside it would not fit sun_path)
#   hosts-ipv6    an /etc/hosts that maps localhost to ::1 first (a private mount namespace)
#   container-seccomp  the calls Docker's default seccomp profile allows only with capabilities a
#                 grading container lacks refused as there: pidfd_getfd, kcmp, unshare, mount, … EPERM,
#                 personality(ADDR_NO_RANDOMIZE) EPERM, clone3 ENOSYS (tests/stress/docker-seccomp.py)
# cpuset-1, half-cpu and hosts-ipv6 need root and say so (one line) when skipped. The cgroups are
# made below this shell's own (so every limit it runs under still applies) and removed at the end.
# With --mutants each mutant runs once per run and condition, against expected-failures.txt (a
# "one-cpu:" line there must fail exactly where the grader sees one usable CPU, a "two-cpu:" line
# exactly where it sees two or more).
set -uo pipefail
runs=3
mutants=0
only=()
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --mutants) mutants=1; shift ;;
        --only) only+=("$2"); shift 2 ;;
        -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        -*) echo "grade-everywhere: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
build=${1:-build}
cd "$(dirname "$0")/../.."
. tests/e2e/lib/require.sh
[ -x "$build/solutions/graded-tests" ] || { echo "grade-everywhere: $build/solutions/graded-tests is missing (make test builds it)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "grade-everywhere: taskset is not installed (util-linux)" >&2; exit 2; }

work=$(mktemp -d /tmp/grade-everywhere.XXXXXX)
spinner=""
cleanup() {
    [ -n "$spinner" ] && kill "$spinner" 2>/dev/null
    # the cgroups this script made (a cgroup directory is removed with rmdir once it is empty)
    find /sys/fs/cgroup -maxdepth 6 -type d -name 'ipcviz-grade-*' 2>/dev/null | sort -r | xargs -r rmdir 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# Stopped (Ctrl-C, kill): end through the EXIT trap too, so that the spinner and the cgroups go.
trap 'exit 130' INT
trap 'exit 143' TERM

is_root() { [ "$(id -u)" -eq 0 ]; }

# make_cgroup NAME FILE=VALUE: a cgroup NAME below this process's own cgroup in the hierarchy that
# has the controller FILE belongs to (cgroup v2 when it offers it, else v1), with FILE set to VALUE;
# prints its directory. Below our own cgroup, so every limit we run under still applies.
make_cgroup() {
    local name=$1 setting=$2
    local file=${setting%%=*} value=${setting#*=}
    local controller=${file%%.*} base="" own="" dir
    if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
        grep -qw "$controller" /sys/fs/cgroup/cgroup.controllers && base=/sys/fs/cgroup
    elif [ -f /sys/fs/cgroup/unified/cgroup.controllers ] && grep -qw "$controller" /sys/fs/cgroup/unified/cgroup.controllers; then
        base=/sys/fs/cgroup/unified
    fi
    if [ -n "$base" ]; then
        own=$(sed -n 's/^0:://p' /proc/self/cgroup)
        grep -qw "$controller" "$base${own%/}/cgroup.subtree_control" 2>/dev/null ||
            echo "+$controller" >"$base${own%/}/cgroup.subtree_control" 2>/dev/null || return 1
    else
        for candidate in /sys/fs/cgroup/*; do
            case ",$(basename "$candidate")," in *",$controller,"*) base=$candidate ;; esac
        done
        [ -n "$base" ] || return 1
        own=$(awk -F: -v c="$controller" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
    fi
    dir=$base${own%/}/$name
    [ -d "$dir" ] || mkdir "$dir" 2>/dev/null || return 1
    # a v1 cpuset starts with no memory node: give it its parent's
    if [ -f "$dir/cpuset.mems" ] && [ -z "$(cat "$dir/cpuset.mems")" ]; then
        { cat "$(dirname "$dir")/cpuset.mems" >"$dir/cpuset.mems"; } 2>/dev/null || return 1
    fi
    { echo "$value" >"$dir/$file"; } 2>/dev/null || return 1
    echo "$dir"
}

# How each condition runs a command: a function that ends by running its arguments.
cgroup_dirs=""
long_tmpdir=$work/$(printf 'd%.0s' $(seq 1 $((120 - ${#work} - 1))))
mkdir -p "$long_tmpdir"
plain() { "$@"; }
one_cpu_affinity() { taskset -c 0 "$@"; }
long_temp_directory() { TMPDIR=$long_tmpdir "$@"; }
in_cgroups() { bash -c 'for d in $0; do echo $$ >"$d/cgroup.procs" || exit 97; done; exec "$@"' "$cgroup_dirs" "$@"; }
docker_seccomp() { python3 tests/stress/docker-seccomp.py "$@"; }
ipv6_localhost() { unshare -m bash -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$work/hosts" "$@"; }

declare -A wrapper
setup_condition() {
    case $1 in
        idle | busy-core | stdin-closed | stdin-null) wrapper[$1]=plain ;;
        taskset-0) wrapper[$1]=one_cpu_affinity ;;
        long-tmpdir) wrapper[$1]=long_temp_directory ;;
        container-seccomp)
            require_tools python3  # its seccomp filter (make deps installs it)
            wrapper[$1]=docker_seccomp ;;
        cpuset-1)
            is_root || { echo "skipped: cpuset-1 needs root (a cgroup cpuset)"; return 1; }
            cgroup_dirs=$(make_cgroup ipcviz-grade-cpuset cpuset.cpus=0) ||
                { echo "skipped: cpuset-1: no writable cpuset controller under /sys/fs/cgroup"; return 1; }
            wrapper[$1]=in_cgroups ;;
        half-cpu)
            is_root || { echo "skipped: half-cpu needs root (a cgroup with a CPU quota and a memory limit)"; return 1; }
            local cpu memory
            if cpu=$(make_cgroup ipcviz-grade-half "cpu.max=50000 100000"); then
                memory=$(make_cgroup ipcviz-grade-half memory.max=$((768 << 20))) ||
                    { echo "skipped: half-cpu: no writable memory controller"; return 1; }
            else
                cpu=$(make_cgroup ipcviz-grade-half cpu.cfs_period_us=100000) &&
                    cpu=$(make_cgroup ipcviz-grade-half cpu.cfs_quota_us=50000) ||
                    { echo "skipped: half-cpu: no writable cpu controller (v2 cpu.max or v1 cpu.cfs_quota_us)"; return 1; }
                memory=$(make_cgroup ipcviz-grade-half memory.limit_in_bytes=$((768 << 20))) ||
                    { echo "skipped: half-cpu: no writable memory controller"; return 1; }
            fi
            cgroup_dirs="$cpu $memory"
            wrapper[$1]=in_cgroups ;;
        hosts-ipv6)
            is_root && command -v unshare >/dev/null ||
                { echo "skipped: hosts-ipv6 needs root and unshare (a private mount namespace)"; return 1; }
            printf '::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\tlocalhost\n' >"$work/hosts"
            wrapper[$1]=ipv6_localhost ;;
        *) echo "grade-everywhere: unknown condition $1 (see --help)" >&2; exit 2 ;;
    esac
}

# grade CONDITION LOG COMMAND...: runs one graded-tests command under CONDITION; its status.
grade() {
    local condition=$1 log=$2; shift 2
    case $condition in
        stdin-closed) "${wrapper[$condition]}" "$@" >"$log" 2>&1 <&- ;;
        *) "${wrapper[$condition]}" "$@" >"$log" 2>&1 </dev/null ;;
    esac
}

conditions=(idle busy-core taskset-0 cpuset-1 half-cpu stdin-closed stdin-null long-tmpdir hosts-ipv6 container-seccomp)
[ ${#only[@]} -gt 0 ] && conditions=("${only[@]}")
mutant_list=()
if [ $mutants -eq 1 ]; then
    for f in tests/mutants/*/*/expected-failures.txt; do
        m=${f#tests/mutants/}; m=${m%/expected-failures.txt}
        [ -x "$build/mutant-${m//\//-}/graded-tests" ] && mutant_list+=("$m")
    done
fi

echo "grade-everywhere: $runs runs per condition; $(nproc) CPUs online; started $(date -u +%H:%M:%S) UTC"
printf '%-13s %-5s %-12s %-22s %-26s %s\n' condition runs references "points lost (per run)" "mutants wrong (of runs)" "load avg"
total_bad=0
for condition in "${conditions[@]}"; do
    setup_condition "$condition" || continue
    if [ "$condition" = busy-core ]; then
        # busy until this script ends, however long the runs take (and not longer if it is killed)
        bash -c 'while kill -0 "$0" 2>/dev/null; do for ((i = 0; i < 200000; i++)); do :; done; done' $$ &
        spinner=$!
    fi
    full=0 lost=() mutant_bad=0 mutant_runs=0 notes=""
    for run in $(seq "$runs"); do
        json=$work/results.json
        rm -f "$json"
        grade "$condition" "$work/ref.log" "$build/solutions/graded-tests" --results-json "$json"
        score=$(grep -m1 -o '"score": [0-9]*' "$json" 2>/dev/null | grep -o '[0-9]*$')
        max=$(grep -m1 -o '"max_score": [0-9]*' "$json" 2>/dev/null | grep -o '[0-9]*$')
        if [ -z "$score" ] || [ -z "$max" ]; then
            lost+=("no-results")
            cp "$work/ref.log" "$work/failed-$condition-$run.log"
        else
            lost+=($((max - score)))
            [ "$score" -eq "$max" ] && full=$((full + 1))
        fi
        if [ "$score" != "$max" ] || [ -z "$score" ]; then
            echo "  $condition run $run: the references lost points:" >&2
            grep -A4 '^FAIL' "$work/ref.log" | sed 's/^/    /' | head -20 >&2
        fi
        # what the tests that adapt to the machine measured, for the summary after the table
        grep -o 'measured.*' "$work/ref.log" | sed "s/^/$condition: /" >>"$work/measured"
        for mutant in "${mutant_list[@]}"; do
            lab=$(cat "tests/mutants/$mutant/graded-lab" 2>/dev/null || echo "${mutant%%-*}")
            # a mutant's timeout-scale file is a factor on the scale this script was given (as in tests/run-all)
            scale=$(awk -v a="$(cat "tests/mutants/$mutant/timeout-scale" 2>/dev/null || echo 1)" \
                -v b="${IPCVIZ_TIMEOUT_SCALE:-1}" 'BEGIN { print a * b }')
            mutant_runs=$((mutant_runs + 1))
            if ! grade "$condition" "$work/mutant.log" env IPCVIZ_TIMEOUT_SCALE="$scale" \
                "$build/mutant-${mutant//\//-}/graded-tests" --expect-failures "tests/mutants/$mutant/expected-failures.txt" "[lab$lab]"; then
                mutant_bad=$((mutant_bad + 1))
                echo "  $condition run $run: mutant $mutant did not lose exactly its points:" >&2
                grep -A3 'self-test FAILED' "$work/mutant.log" | sed 's/^/    /' >&2
            fi
        done
        # progress, so that a long run can be read (or stopped) part way
        echo "  $condition run $run of $runs done $(date -u +%H:%M:%S): references full in $full of $run," \
            "mutant runs wrong $mutant_bad of $mutant_runs, load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
    [ -n "$spinner" ] && { kill "$spinner" 2>/dev/null; wait "$spinner" 2>/dev/null; spinner=""; }
    mutants_text=$([ $mutants -eq 1 ] && echo "$mutant_bad of $mutant_runs" || echo "-")
    printf '%-13s %-5s %-12s %-22s %-26s %s\n' "$condition" "$runs" "$full full" "${lost[*]}" "$mutants_text" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    total_bad=$((total_bad + runs - full + mutant_bad))
done
echo "finished $(date -u +%H:%M:%S) UTC"
if [ -s "$work/measured" ]; then
    echo "what the tests that adapt to the machine measured (references):"
    sed 's/^/  /' "$work/measured"
fi
[ "$total_bad" -eq 0 ]
