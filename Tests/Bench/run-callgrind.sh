#!/usr/bin/env bash
# Instructions per step, counted by callgrind (exact and repeatable, unlike times on a shared machine):
#   - convlens: `bench --measure step` on a pty, only ScreenBench.benchStep counted (render + CursesScreen.draw,
#     ncurses' doupdate and its write included), divided by the steps;
#   - the C reference Tests/Bench/rewrite-screen.c: every cell of the screen rewritten per frame, via ncurses on a
#     pty, only draw_frame counted, divided by the frames.
#
#   Tests/Bench/run-callgrind.sh [FILE...]        # default FILEs: the catalog
#
# Environment: BIN (default .build/release/convlens; build with `swift build -c release`), SIZES (default
# "80x24"), STEPS (default 20), TOP=N (also list the N functions with the most instructions of their own, per
# run), KEEP=DIR (keep the callgrind.out files there for callgrind_annotate).
# Needs valgrind (apt-get install valgrind), cc and the ncursesw headers.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN:-$root/.build/release/convlens}
sizes=${SIZES:-80x24}
steps=${STEPS:-20}
top=${TOP:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${KEEP:-$work}
mkdir -p "$out"

command -v valgrind >/dev/null || { echo "run-callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
[ -x "$bin" ] || { echo "run-callgrind.sh: no binary at $bin (swift build -c release)" >&2; exit 1; }
# valgrind cannot read the DWARF of Swift release binaries: count on a copy without it.
objcopy --strip-debug "$bin" "$work/convlens"
cc -O2 "$root/Tests/Bench/rewrite-screen.c" -o "$work/rewrite-screen" -lncursesw -lpthread

if [ $# -eq 0 ]; then
    set -- "$root"/Scenarios/*.json
fi

collected() { awk '/^summary:/ { print $2; exit }' "$1"; }

report_top() {
    [ "$top" -gt 0 ] || return 0
    callgrind_annotate --inclusive=no "$1" 2>/dev/null | awk '/file:function/ { on = 1; next } on && NF && !/^-/' |
        head -n "$top" | sed -E 's/\?\?\?://; s/ \[[^]]*\/([^]/]*)\]$/ [\1]/' | swift demangle --simplified |
        sed 's/^/    /'
}

printf '%-34s %-8s %14s %10s\n' "program" "size" "Ir/step" "× C ref"
for size in $sizes; do
    w=${size%x*}
    h=${size#*x}
    cfile="$out/callgrind.c-ref.$size"
    valgrind --tool=callgrind --toggle-collect=draw_frame --callgrind-out-file="$cfile" \
        "$work/rewrite-screen" "$w" "$h" "$steps" >/dev/null 2>&1
    cref=$(( $(collected "$cfile") / steps ))
    printf '%-34s %-8s %14d %10s\n' "C: rewrite every cell" "$size" "$cref" "1.00"
    report_top "$cfile"
    for file in "$@"; do
        name=$(basename "$file" .json)
        sfile="$out/callgrind.$name.$size"
        valgrind --tool=callgrind --toggle-collect='*benchStep*' --callgrind-out-file="$sfile" \
            "$work/convlens" bench --scenarios "$root/Scenarios" --measure step --steps "$steps" \
            --width "$w" --height "$h" "$file" >/dev/null 2>&1
        ir=$(( $(collected "$sfile") / steps ))
        printf '%-34s %-8s %14d %10s\n' "$name" "$size" "$ir" "$(awk -v a="$ir" -v b="$cref" 'BEGIN { printf "%.2f", a / b }')"
        report_top "$sfile"
    done
done
