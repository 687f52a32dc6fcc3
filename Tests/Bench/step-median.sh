#!/usr/bin/env bash
# The median step, in instructions counted by callgrind (exact and repeatable), of the large layers against the
# 8×8 reference: issue 9's "at 200×60 the median step of any legal scenario is within 1.5× of the step of an 8×8 one".
# A step's count is the difference of two runs of the bench's walk, one step apart (`bench --measure step --steps K`,
# only ScreenBench.benchStep counted: render and the frame written to a pty); the steps FROM+1 … FROM+STEPS of each
# file's walk (the walk bounces between the first and the last step), REF_FROM+1 … REF_FROM+STEPS of the reference's.
#
#   Tests/Bench/step-median.sh [FILE...]        # default FILEs: Tests/Bench/*.json but the reference
#
# Environment: BIN (default .build/release/convlens; build with `swift build -c release`), SIZE (default 200x60),
# FROM (default 40), REF_FROM (default 10), STEPS (default 20), VIEW (a view for every file and the reference),
# REF (default Tests/Bench/ref-8x8.json). Needs valgrind (apt-get install valgrind). Two runs at a time: about
# 15 s a file on two cores.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN:-$root/.build/release/convlens}
size=${SIZE:-200x60}
from=${FROM:-40}
ref_from=${REF_FROM:-10}
steps=${STEPS:-20}
ref=${REF:-$root/Tests/Bench/ref-8x8.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v valgrind >/dev/null || { echo "step-median.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -x "$bin" ] || { echo "step-median.sh: no binary at $bin (swift build -c release)" >&2; exit 1; }
# valgrind cannot read the DWARF of Swift release binaries: count on a copy without it.
objcopy --strip-debug "$bin" "$work/convlens"
view=()
[ -n "${VIEW:-}" ] && view=(--view "$VIEW")

if [ $# -eq 0 ]; then
    set -- $(ls "$root"/Tests/Bench/*.json | grep -v "/$(basename "$ref")\$")
fi

# Prints "median mean min max" of the per-step counts of steps first+1 … first+steps of `file`.
per_step() {
    local file=$1 first=$2 k
    for k in $(seq "$first" $((first + steps))); do
        valgrind --tool=callgrind --toggle-collect='*benchStep*' --callgrind-out-file="$work/out.$k" \
            "$work/convlens" bench --scenarios "$root/Scenarios" --measure step --steps "$k" --repeats 1 \
            --width "${size%x*}" --height "${size#*x}" "${view[@]}" "$file" >/dev/null 2>&1 &
        if (((k - first) % 2 == 1)); then wait; fi
    done
    wait
    for k in $(seq "$first" $((first + steps))); do awk '/^summary:/ { print $2; exit }' "$work/out.$k"; done |
        awk 'NR > 1 { print $1 - last } { last = $1 }' | sort -n |
        awk '{ a[NR] = $1; s += $1 }
             END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, s / NR, a[1], a[NR] }'
    rm -f "$work"/out.*
}

export SWIFT_DETERMINISTIC_HASHING=1
read -r rm rmean rmin rmax < <(per_step "$ref" "$ref_from")
row() { awk -v n="$1" -v s="$size" -v m="$2" -v a="$3" -v lo="$4" -v hi="$5" -v r="$rm" \
    'BEGIN { printf "%-34s %-8s %9.1fK %9.1fK %9.1fK %9.1fK %8.2f\n", n, s, m / 1e3, a / 1e3, lo / 1e3, hi / 1e3, m / r }'; }
printf '%-34s %-8s %10s %10s %10s %10s %8s\n' "scenario${VIEW:+ ($VIEW)}" size median mean min max "× ref"
row "$(basename "$ref" .json)" "$rm" "$rmean" "$rmin" "$rmax"
for file in "$@"; do
    read -r m mean min max < <(per_step "$file" "$from")
    row "$(basename "$file" .json)" "$m" "$mean" "$min" "$max"
done
