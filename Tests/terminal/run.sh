#!/usr/bin/env bash
# Real-terminal tests for convlens.
#
#   bash Tests/terminal/run.sh .build/debug/convlens
#
# Drives the built binary inside tmux on a private socket (never the user's tmux server), polls
# `capture-pane` with a deadline instead of sleeping, and prints one TAP-like line per check
# (`ok N - …` / `not ok N - …`, diagnostics as `#` lines), then `N passed, M failed`.
# Exit status: 0 when every check passed, 1 otherwise, 2 when the suite cannot run at all.
#
# What it covers: the conv/transposed topics (06 padding+stride, 08 dilation, 09 channels,
# 11 receptive field, 12 weight sharing, 14 transposed, 15 output_padding) at 80×24 and 120×40:
# step counter, output cells, the arithmetic line, stepping back to an identical screen, the
# second view (Tab / v), quitting; resizing below the minimum and back; the picker, n/p, help;
# NO_COLOR and LANG=C; that the terminal is left as it was after q, Ctrl-C, SIGTERM, SIGHUP,
# a deliberate crash, TERM=nonsense and a piped stdout, and after every other signal whose default
# ends the process (the program then dies of that signal itself); that a signal ignored at start
# stays ignored; and suspending: Ctrl-Z, kill -TSTP and SIGSTOP, then fg.
#
# Environment: CONVLENS_SCENARIOS is passed on to the program when set; everything else the
# program sees is set here (env -i), so the caller's LC_ALL, NO_COLOR, TMUX … do not leak in.
# TERMTEST_TIMEOUT (seconds, default 10) is the deadline of each wait.

set -u
set -o pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: bash Tests/terminal/run.sh PATH/TO/convlens" >&2
    exit 2
fi
if [[ ! -x $1 ]]; then
    echo "run.sh: '$1' is not an executable file (run 'swift build' first)" >&2
    exit 2
fi
if ! command -v tmux >/dev/null 2>&1; then
    echo "run.sh: tmux is not installed" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
TIMEOUT=${TERMTEST_TIMEOUT:-10}
unset TMUX TMUX_PANE

# ---------------------------------------------------------------------------------------------
# Scratch space and the private tmux server; both go away on exit, whatever happens.

base=${TMPDIR:-/tmp}
(( ${#base} > 60 )) && base=/tmp                     # a unix socket path must stay short
TMPD=$(mktemp -d "$base/convlens-term.XXXXXX") || exit 2
SOCK=$TMPD/tmux.sock
mkdir -p "$TMPD/home"

tm() { tmux -u -S "$SOCK" -f /dev/null "$@"; }

cleanup() {
    tm kill-server >/dev/null 2>&1
    rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# exit-empty off: the server outlives the sessions (no start/stop races between tests);
# remain-on-exit: a finished program leaves its pane (and last screen) behind for inspection.
if ! tm start-server \; set -g exit-empty off \; set -g remain-on-exit on >/dev/null 2>&1; then
    echo "run.sh: cannot start a tmux server on $SOCK" >&2
    exit 2
fi

# The environment the program runs in: nothing inherited but PATH (and the scenario directory).
base_env=(env -i "PATH=$PATH" "HOME=$TMPD/home" TERM=xterm-256color LANG=C.UTF-8)
[[ -n ${CONVLENS_SCENARIOS:-} ]] && base_env+=("CONVLENS_SCENARIOS=$CONVLENS_SCENARIOS")

# Attributes of a `capture-pane -e` screen. Modes:
#   at NEEDLE          attributes of each character of the first occurrence of NEEDLE
#   glyph G FROM TO    the distinct attribute sets of the cells showing G on lines FROM..TO (1-based)
#   colors             every colour an SGR sequence selects (nothing: no colour at all)
cat > "$TMPD/attrs.pl" <<'PERL'
use strict; use warnings; use Encode qw(decode_utf8);
binmode STDOUT, ':encoding(UTF-8)';
my ($mode, @args) = @ARGV;
my $text = decode_utf8(do { local $/; <STDIN> } // '');
my (%a, @lines, %colors);
my @line = ();
sub look { join(',', map { /^(fg|bg)$/ ? "$_=$a{$_}" : $_ } sort keys %a) || 'plain' }
while ($text =~ /\G(?:\e\[([0-9;:]*)m|\e[^\[]|\e\[[0-9;?]*[A-Za-ln-z]|(\n)|(.))/gcs) {
    if (defined $1) {
        my @p = split /[;:]/, ($1 eq '' ? '0' : $1);
        while (@p) {
            my $p = shift @p; $p = 0 if $p eq '';
            if    ($p == 0)  { %a = () }
            elsif ($p == 1)  { $a{bold} = 1 }
            elsif ($p == 2)  { $a{dim} = 1 }
            elsif ($p == 3)  { $a{italic} = 1 }
            elsif ($p == 4)  { $a{underline} = 1 }
            elsif ($p == 5)  { $a{blink} = 1 }
            elsif ($p == 7)  { $a{reverse} = 1 }
            elsif ($p == 22) { delete @a{qw(bold dim)} }
            elsif ($p == 23) { delete $a{italic} }
            elsif ($p == 24) { delete $a{underline} }
            elsif ($p == 25) { delete $a{blink} }
            elsif ($p == 27) { delete $a{reverse} }
            elsif (($p >= 30 && $p <= 37) || ($p >= 90 && $p <= 97))   { $a{fg} = $p; $colors{"fg $p"} = 1 }
            elsif (($p >= 40 && $p <= 47) || ($p >= 100 && $p <= 107)) { $a{bg} = $p; $colors{"bg $p"} = 1 }
            elsif ($p == 39) { delete $a{fg} }
            elsif ($p == 49) { delete $a{bg} }
            elsif ($p == 38 || $p == 48) {
                my $k = $p == 38 ? 'fg' : 'bg';
                my $m = shift(@p) // 0;
                my $v = $m == 5 ? "$p;5;" . (shift(@p) // '') : "$p;2;" . join(';', splice(@p, 0, 3));
                $a{$k} = $v; $colors{"$k $v"} = 1;
            }
        }
    } elsif (defined $2) { push @lines, [@line]; @line = () }
    elsif (defined $3) { push @line, [$3, look()] }
}
push @lines, [@line] if @line;
if ($mode eq 'colors') { print "$_\n" for sort keys %colors; exit 0 }
if ($mode eq 'at') {
    my $needle = decode_utf8($args[0]);
    for my $l (@lines) {
        my $s = join('', map { $_->[0] } @$l);
        my $i = index($s, $needle);
        next if $i < 0;
        for my $j ($i .. $i + length($needle) - 1) { print "$l->[$j][0] $l->[$j][1]\n" }
        exit 0;
    }
    exit 1;
}
if ($mode eq 'glyph') {
    my ($g, $from, $to) = (decode_utf8($args[0]), $args[1], $args[2]);
    my %seen;
    for my $n ($from .. $to) {
        next unless $lines[$n - 1];
        for my $c (@{ $lines[$n - 1] }) { $seen{$c->[1]} = 1 if $c->[0] eq $g }
    }
    print "$_\n" for sort keys %seen;
    exit(%seen ? 0 : 1);
}
die "attrs.pl: unknown mode $mode\n";
PERL
attrs() { perl "$TMPD/attrs.pl" "$@"; }

# run1.sh DIR CMD…: the pane command of the direct tests; DIR/pid gets the program's pid (the
# inner sh execs it), DIR/status its exit status.
cat > "$TMPD/run1.sh" <<'SH'
d=$1; shift
sh -c 'echo $$ > "$0"; exec "$@"' "$d/pid" "$@"
echo $? > "$d/status"
SH
RUNS=0 RUN=''

# The wrapper the shell-based tests run: records `stty -g` before and after the program, its
# exit status and pid (the inner sh execs the program, so its $$ is the program's pid).
#   wrap.sh MODE DIR CMD…   MODE: tty (stderr to the terminal), err (stderr to DIR/err),
#                                 pipe (stdout through a pipe to DIR/out, stderr to DIR/err),
#                                 sig (like tty, and DIR/how says how the program ended: "signal N"
#                                      or "exit N"; no core files)
cat > "$TMPD/wrap.sh" <<'SH'
mode=$1 d=$2; shift 2
stty -g > "$d/before"
case $mode in
tty)  sh -c 'echo $$ > "$0"; exec "$@"' "$d/pid" "$@"; echo $? > "$d/rc" ;;
sig)  ulimit -c 0; perl "$(dirname "$0")/how.pl" "$d" "$@"; echo $? > "$d/rc" ;;
err)  sh -c 'echo $$ > "$0"; exec "$@"' "$d/pid" "$@" 2> "$d/err"; echo $? > "$d/rc" ;;
pipe) { sh -c 'echo $$ > "$0"; exec "$@"' "$d/pid" "$@" 2> "$d/err"; echo $? > "$d/rc"; } | cat > "$d/out" ;;
esac
stty -g > "$d/after"
: > "$d/done"
SH

# how.pl DIR CMD…: runs CMD (its pid in DIR/pid), writes how it ended to DIR/how ("signal N" when a signal
# killed it, "exit N" otherwise) and exits as a shell reports it (128 + N for a signal). An exit status of
# 128 + N and a death by signal N look the same to a shell; this tells them apart.
cat > "$TMPD/how.pl" <<'PERL'
use strict; use warnings;
my $d = shift;
my $pid = fork() // die "how.pl: fork: $!\n";
if ($pid == 0) { exec { $ARGV[0] } @ARGV or die "how.pl: exec $ARGV[0]: $!\n" }
open(my $f, '>', "$d/pid.tmp") or die; print $f "$pid\n"; close $f; rename "$d/pid.tmp", "$d/pid";
my $r;
do { $r = waitpid($pid, 0) } while ($r == -1 && $!{EINTR});
my $how = ($? & 127) ? "signal " . ($? & 127) : "exit " . ($? >> 8);
open($f, '>', "$d/how") or die; print $f "$how\n"; close $f;
exit(($? & 127) ? 128 + ($? & 127) : $? >> 8);
PERL

# ---------------------------------------------------------------------------------------------
# Reporting.

N=0 PASSED=0 FAILED=0
DIAG=()
ok()     { N=$((N + 1)); PASSED=$((PASSED + 1)); echo "ok $N - $1"; }
not_ok() {
    N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"
    local m
    for m in "${DIAG[@]}"; do printf '#   %s\n' "$m"; done
    DIAG=()
}
# try CMD…: run a helper for its effect only; its diagnostics are dropped.
try() { "$@"; local r=$?; DIAG=(); return $r; }
# check DESC CMD…: ok when CMD succeeds; on failure print DIAG and the last screen.
check() {
    local desc=$1; shift
    if "$@"; then ok "$desc"; DIAG=(); else
        if [[ -n $SCREEN ]]; then
            DIAG+=("screen (${PANE:-?}):")
            local l; while IFS= read -r l; do DIAG+=("| $l"); done <<< "$SCREEN"
        fi
        not_ok "$desc"
    fi
}

# ---------------------------------------------------------------------------------------------
# Screen access. PANE is the pane under test; SCREEN the last capture.

PANE='' SCREEN=''
now_ms() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t / 1000))
    else echo $(( $(date +%s%N) / 1000000 )); fi
}
capture() { SCREEN=$(tm capture-pane -p -t "$PANE" 2>/dev/null); }
# Whitespace runs collapsed to one space: text that the program wraps differently at 80 and at
# 120 columns still matches.
flat() { local -a w; read -r -d '' -a w <<< "$1"; printf '%s' "${w[*]}"; }

# wait_for PATTERN [TIMEOUT]: poll every 0.05 s until PATTERN (fixed text, compared with
# whitespace runs collapsed) is on the screen; false at the deadline.
wait_for() {
    local pat timeout=${2:-$TIMEOUT} deadline
    pat=$(flat "$1")
    deadline=$(( $(now_ms) + timeout * 1000 ))
    while :; do
        capture
        [[ $(flat "$SCREEN") == *"$pat"* ]] && return 0
        (( $(now_ms) >= deadline )) && { DIAG+=("waited ${timeout}s for: $1"); return 1; }
        sleep 0.05
    done
}
# wait_re REGEX [TIMEOUT]: the same for an extended regular expression on the raw capture.
wait_re() {
    local re=$1 timeout=${2:-$TIMEOUT} deadline
    deadline=$(( $(now_ms) + timeout * 1000 ))
    while :; do
        capture
        [[ $SCREEN =~ $re ]] && return 0
        (( $(now_ms) >= deadline )) && { DIAG+=("waited ${timeout}s for /$re/"); return 1; }
        sleep 0.05
    done
}
# wait_all TEXT…: every TEXT on one and the same screen.
wait_all() {
    local deadline p missing flatscreen
    deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while :; do
        capture; flatscreen=$(flat "$SCREEN"); missing=''
        for p in "$@"; do [[ $flatscreen == *"$(flat "$p")"* ]] || { missing=$p; break; }; done
        [[ -z $missing ]] && return 0
        (( $(now_ms) >= deadline )) && { DIAG+=("waited ${TIMEOUT}s for: $missing"); return 1; }
        sleep 0.05
    done
}
# absent TEXT: TEXT is not on the (current) screen.
absent() { capture; [[ $(flat "$SCREEN") != *"$(flat "$1")"* ]] || { DIAG+=("unexpected on screen: $1"); return 1; }; }
# step_is N M: the title bar shows `step N/M`.
step_is() { wait_re "step $1/$2([^0-9]|\$)"; }
# settle: capture until two captures 0.1 s apart agree (a whole frame has arrived); sets SNAP.
settle() {
    local prev='' i
    for i in $(seq 1 40); do
        capture
        [[ -n $SCREEN && $SCREEN == "$prev" ]] && { SNAP=$SCREEN; return 0; }
        prev=$SCREEN; sleep 0.1
    done
    SNAP=$SCREEN
}
# same_as SNAPSHOT: the screen becomes exactly SNAPSHOT (character for character) before the deadline.
same_as() {
    local want=$1 deadline
    deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while :; do
        capture
        [[ $SCREEN == "$want" ]] && return 0
        if (( $(now_ms) >= deadline )); then
            DIAG+=("screen differs from the earlier capture (- earlier, + now):")
            local l; while IFS= read -r l; do DIAG+=("$l"); done < <(diff <(printf '%s\n' "$want") <(printf '%s\n' "$SCREEN") | grep '^[-+<>]')
            return 1
        fi
        sleep 0.05
    done
}
keys() { tm send-keys -t "$PANE" "$@"; }
pane_var() { tm display -p -t "$PANE" "#{$1}" 2>/dev/null; }
# output_raw: the pane's terminal has output processing off (convlens writes its frames' bytes as they are).
output_raw() {
    local tty; tty=$(pane_var pane_tty)
    DIAG+=("stty of $tty: $(stty -a < "$tty" 2>&1 | grep -o -- '-\?opost')")
    stty -a < "$tty" 2>/dev/null | grep -qw -- -opost
}

# launch W H [VAR=VALUE…] -- ARGS…: a new session running the program; sets PANE, PID, RUN.
# The pane runs run1.sh, which starts the program and records its pid and exit status in RUN:
# tmux itself does not reliably reap a pane's process (`pane_dead_status` sometimes stays empty
# and the pid a zombie), so the exit status is taken from a parent that waits for it.
launch() {
    local w=$1 h=$2; shift 2
    local envs=()
    while [[ $# -gt 0 && $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    RUNS=$((RUNS + 1)); RUN="$TMPD/run$RUNS"; mkdir -p "$RUN"
    PANE=$(tm new-session -d -P -F '#{pane_id}' -x "$w" -y "$h" -- \
        /bin/sh "$TMPD/run1.sh" "$RUN" "${base_env[@]}" "${envs[@]}" "$BIN" "$@") || { PANE=''; PID=''; return 1; }
    try wait_file "$RUN/pid"
    PID=$(cat "$RUN/pid" 2>/dev/null)
    try drawn
}
# drawn: the program has entered the alternate screen and drawn its first frame (keys sent
# earlier could arrive before it switched the keypad to application mode).
drawn() {
    local deadline; deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while :; do
        if [[ $(pane_var alternate_on) == 1 ]]; then capture; [[ $SCREEN == *[![:space:]]* ]] && return 0; fi
        (( $(now_ms) >= deadline )) && { DIAG+=("no first frame after ${TIMEOUT}s"); return 1; }
        sleep 0.05
    done
}
# gone [STATUS]: the program has ended (its parent has its exit status, the pid is gone) with STATUS.
gone() {
    local want=${1:-0} status
    wait_file "$RUN/status" || { capture; DIAG+=("the program is still running (pid $PID)"); return 1; }
    status=$(cat "$RUN/status")
    if kill -0 "$PID" 2>/dev/null; then DIAG+=("pid $PID still exists"); return 1; fi
    [[ $status == "$want" ]] || { DIAG+=("exit status $status, expected $want"); return 1; }
}
close_pane() { [[ -n $PANE ]] && tm kill-session -t "$PANE" >/dev/null 2>&1; PANE=''; SCREEN=''; }

# ---------------------------------------------------------------------------------------------
# The topics, at one terminal size each call. $W $H $S (a label such as "80x24").

topic_06() {
    launch "$W" "$H" -- play 06
    check "$S 06 opens at step 1/9 with out[0,0] = 6" wait_all \
        "out[0,0] = 0⋅0 + 0⋅1 + 0⋅2 + 0⋅2 + 3⋅2 + 3⋅0 + 0⋅0 + 0⋅1 + 0⋅2 = 6" "input 5×5 + padding 1"
    try step_is 1 9
    keys Right Right Right Right
    check "$S 06 four Right: step counter shows step 5/9" step_is 5 9
    check "$S 06 step 5: output cell out[1,1] shows [17] next to 8" wait_for "8[17]"
    check "$S 06 step 5: arithmetic line out[1,1] = … = 17" wait_for \
        "out[1,1] = 0⋅0 + 1⋅1 + 3⋅2 + 1⋅2 + 2⋅2 + 2⋅0 + 0⋅0 + 0⋅1 + 2⋅2 = 17"
    check "$S 06 step 5: output-size formula W2 = … = 3" wait_for \
        "W2 = ⌊(W1 + 2P − F)/S⌋ + 1 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"
    settle; local snap5=$SNAP
    keys Right
    check "$S 06 Right: step 6/9, out[1,2] = … = 13" wait_all \
        "out[1,2] = 3⋅0 + 1⋅1 + 0⋅2 + 2⋅2 + 3⋅2 + 0⋅0 + 2⋅0 + 2⋅1 + 0⋅2 = 13" "17[13]"
    keys Left
    check "$S 06 Left: the screen equals the step-5 capture exactly" same_as "$snap5"
    keys End
    check "$S 06 End: step 9/9, out[2,2] = … = 4" wait_all "step 9/9" \
        "out[2,2] = 2⋅0 + 2⋅1 + 0⋅2 + 0⋅2 + 1⋅2 + 0⋅0 + 0⋅0 + 0⋅1 + 0⋅2 = 4"
    keys Home
    check "$S 06 Home: back to step 1/9" step_is 1 9
    keys End; try step_is 9 9
    keys Home Right Right Right Right
    try step_is 5 9
    keys Tab
    check "$S 06 Tab: tap mode, step 41/90, first tap of out[1,1]" wait_all "step 41/90" \
        "out[1,1] = 0⋅0 + … = 0 so far" "Tab windows"
    keys Right
    check "$S 06 tap mode Right: step 42/90, second tap adds 1⋅1" wait_all "step 42/90" \
        "out[1,1] = 0⋅0 + 1⋅1 + … = 1 so far"
    keys Tab
    check "$S 06 Tab again: back to windows at step 5/9" wait_all "step 5/9" "Tab taps" \
        "out[1,1] = 0⋅0 + 1⋅1 + 3⋅2 + 1⋅2 + 2⋅2 + 2⋅0 + 0⋅0 + 0⋅1 + 2⋅2 = 17"
    settle; snap5=$SNAP

    # Resize while the program runs: below the minimum and back.
    tm resize-window -t "$PANE" -x 20 -y 6
    check "$S 06 resized to 20×6: the enlarge message, no crash" wait_all "enlarge" "(now 20×6)"
    check "$S 06 resized to 20×6: the message still says the size needed (60×18)" wait_for "60×18"
    tm resize-window -t "$PANE" -x 59 -y 24
    check "$S 06 resized to 59×24: 'enlarge to at least 60×18'" wait_all "enlarge to at least 60×18" "(now 59×24)"
    tm resize-window -t "$PANE" -x 60 -y 18
    check "$S 06 resized to 60×18 (the minimum): the player is drawn, still step 5/9" wait_all "step 5/9" "[17]"
    tm resize-window -t "$PANE" -x "$W" -y "$H"
    check "$S 06 resized back to $S: same step, screen equals the capture before resizing" same_as "$snap5"

    # Play / pause.
    keys Space
    check "$S 06 Space plays: the step counter advances by itself, with its speed" wait_re "step [6-9]/9 (▶ 1×|■)"
    keys Space
    check "$S 06 Space again pauses (‖) and the step stays" wait_re "step [5-9]/9 ‖"

    keys q
    check "$S 06 q quits: the process is gone, exit status 0" gone 0
    close_pane
}

topic_08() {
    launch "$W" "$H" -- play 08
    check "$S 08 opens at step 1/9 with out[0,0] = 6" wait_all "step 1/9" \
        "out[0,0] = 2⋅1 + 1⋅0 + 0⋅2 + 0⋅0 + 3⋅1 + 0⋅0 + 1⋅1 + 0⋅0 + 3⋅0 = 6"
    keys Right Right Right Right
    check "$S 08 four Right: step 5/9" step_is 5 9
    check "$S 08 step 5: output cell out[1,1] shows [ 2] next to 4" wait_for "4[ 2]"
    check "$S 08 step 5: arithmetic line out[1,1] = … = 2 (taps two cells apart)" wait_for \
        "out[1,1] = 1⋅1 + 2⋅0 + 0⋅2 + 0⋅0 + 0⋅1 + 1⋅0 + 1⋅1 + 0⋅0 + 1⋅0 = 2"
    check "$S 08 step 5: holes (∘) in the window and the dilated-kernel formula F′ = 5" wait_all \
        "F′ = d⋅(F − 1) + 1 = 2⋅(3 − 1) + 1 = 5" "Holes (∘) are skipped"
    check "$S 08 step 5: the dilated kernel is drawn 5×5 with its 16 holes (∘)" grid_count "∘" 16 4 8
    check "$S 08 step 5: no hole mark between input cells (nothing that reads as an operator)" \
        bash -c '! sed -n 4,10p <<< "$1" | cut -c1-17 | grep -q "∘"' _ "$SCREEN"
    settle; local snap=$SNAP
    keys Right
    check "$S 08 Right: step 6/9, out[1,2] = … = 10" wait_all "step 6/9" \
        "out[1,2] = 0⋅1 + 1⋅0 + 3⋅2 + 1⋅0 + 2⋅1 + 0⋅0 + 2⋅1 + 1⋅0 + 0⋅0 = 10"
    keys Left
    check "$S 08 Left: the screen equals the step-5 capture exactly" same_as "$snap"
    keys Tab
    check "$S 08 Tab: tap mode, step 41/90, first tap of out[1,1]" wait_all "step 41/90" "out[1,1] = 1⋅1 + … = 1 so far"
    keys Tab
    check "$S 08 Tab again: back to step 5/9" step_is 5 9
    keys Escape
    check "$S 08 Esc quits: the process is gone, exit status 0" gone 0
    close_pane
}

topic_09() {
    launch "$W" "$H" -- play 09
    check "$S 09 opens at step 1/45: channel 0 partial sum 7" wait_all "step 1/45" \
        "ch 0: 1⋅1 + 0⋅0 + 2⋅1 + 0⋅0 + 1⋅1 + 1⋅0 + 2⋅1 + 0⋅0 + 1⋅1 = 7"
    keys Right Right Right
    check "$S 09 step 4/45: merge 7 + 5 + 7 = 19" wait_all "step 4/45" "merge: 7 + 5 + 7 = 19"
    keys Right
    check "$S 09 step 5: step counter 5/45" step_is 5 45
    check "$S 09 step 5: output cell out[0,0] shows [20]" wait_for "[20]"
    check "$S 09 step 5: arithmetic line out[0,0] = 19 + bias 1 = 20" wait_for "out[0,0] = 19 + bias 1 = 20"
    check "$S 09 step 5: a partial-sum map per channel, their sum, the bias, the output" wait_all \
        "ch 0 partial" "ch 2 partial" "Σ channels" "[ 7] .  ." "[ 5] .  ." "[19] .  ." "[20] .  ." "+ bias 1 →"
    settle; local snap=$SNAP
    keys Right
    check "$S 09 Right: step 6/45, channel 0 of out[0,1] = 2" wait_all "step 6/45" \
        "ch 0: 0⋅1 + 2⋅0 + 1⋅1 + 1⋅0 + 1⋅1 + 2⋅0 + 0⋅1 + 1⋅0 + 0⋅1 = 2"
    keys Left
    check "$S 09 Left: the screen equals the step-5 capture exactly" same_as "$snap"
    keys Tab
    check "$S 09 Tab: tap mode from the first tap of out[0,0]" wait_all "step 1/261" "ch 0: 1⋅1 + … = 1 so far"
    keys Tab
    check "$S 09 Tab again: back to step 5/45" step_is 5 45
    keys q
    check "$S 09 q quits: the process is gone, exit status 0" gone 0
    close_pane
}

topic_11() {
    launch "$W" "$H" -- play 11
    check "$S 11 opens at step 1/3: RF 3 vs 3, the breakdown's first layer" wait_all "step 1/3" "RF 3 vs 3" \
        "dilated 1,2,4, 1 layer: 3×3" "what one cell of each layer reads" "layer 1 ● ● ● 1 + (3 − 1) = 3"
    keys Right
    check "$S 11 Right: step 2/3" step_is 2 3
    check "$S 11 step 2: title RF 7 vs 5, the 7×7 field with the taps two cells apart" wait_all "RF 7 vs 5" \
        "dilated 1,2,4, 2 layers: 7×7" "■ ● ■ ● ■ ● ■"
    check "$S 11 step 2: the breakdown (taps d = 2 apart) and both laws" wait_all \
        "layer 2 ● · ● · ● 3 + (3 − 1)⋅2 = 7" "layer 2 ● ● ● 3 + (3 − 1) = 5" \
        "linear: (F − 1)⋅layers + 1 = 2⋅2 + 1 = 5" "each layer: RF = RF_prev + (F − 1)⋅d"
    if (( W >= 120 )); then
        check "$S 11 step 2: both squares beside the breakdown" wait_all "plain 3×3, 2 layers: 5×5"
    fi
    settle; local snap=$SNAP
    keys Right
    check "$S 11 Right: step 3/3, RF 15 vs 7, taps d = 4 apart" wait_all "step 3/3" "RF 15 vs 7" \
        "layer 3 ● · · · ● · · · ● 7 + (3 − 1)⋅4 = 15" "exponential: 2^(layers+1) − 1 = 2^4 − 1 = 15"
    keys Left
    check "$S 11 Left: the screen equals the step-2 capture exactly" same_as "$snap"
    keys Tab
    check "$S 11 Tab: the plain stack in front, same step, the key bar says so" wait_all "step 2/3" \
        "plain 3×3, 2 layers: 5×5" "Tab swap stacks"
    check "$S 11 Tab: the plain stack's square comes first" wait_re $'─\n plain 3×3, 2 layers: 5×5'
    keys Tab
    check "$S 11 Tab again: the screen equals the step-2 capture exactly" same_as "$snap"
    keys v Home Right
    check "$S 11 v: the conv view of the dilation-2 layer (9 windows)" wait_all "step 2/9" "Tab taps" "dilation 2" \
        "F′ = d⋅(F − 1) + 1 = 2⋅(3 − 1) + 1 = 5" "7[10]" \
        "out[0,1] = 2⋅1 + 1⋅1 + 2⋅1 + 0⋅1 + 2⋅1 + 0⋅1 + 2⋅1 + 0⋅1 + 1⋅1 = 10"
    keys v
    check "$S 11 v: the parameter view of the same layer (10 against 450)" wait_all "step 2/9" \
        "conv parameters K⋅(F⋅F⋅C + 1) = 1⋅(3⋅3⋅1 + 1) = 10" "= 49⋅9 + 9 = 450"
    keys v
    check "$S 11 v again: the im2col view of the same window" wait_all "step 2/9" "patch matrix P 9×9"
    keys v
    check "$S 11 v again: the matrix view, same output cell (out[0,1] = … = 10)" wait_all "step 2/9" \
        "C 9×49, y = C⋅x + b" "out[0,1] = 1⋅2 + 1⋅1 + 1⋅2 + 1⋅0 + 1⋅2 + 1⋅0 + 1⋅2 + 1⋅0 + 1⋅1 = 10"
    keys v
    check "$S 11 v again: back to the receptive-field view" wait_all "dilated 1,2,4, " "Tab swap stacks"
    keys q
    check "$S 11 q quits: the process is gone, exit status 0" gone 0
    close_pane

    launch "$W" "$H" -- play 11 --lang zh
    keys Right
    check "$S 11 zh step 2: the breakdown and both laws in Chinese" wait_all "第 2/3 步" "感受野 7 对 5" \
        "第 2 层 ● · ● · ● 3 + (3 − 1)⋅2 = 7" "线性增长：(F − 1)⋅层数 + 1 = 2⋅2 + 1 = 5" \
        "每层：RF = RF_前 + (F − 1)⋅d" "Tab 交换两组"
    check "$S 11 zh step 2: no English word left" absent "layer"
    keys q; try gone 0; close_pane
}

topic_12() {
    launch "$W" "$H" -- play 12
    check "$S 12 opens at step 1/32: out[0][0,0] = … + 1 = 4" wait_all "step 1/32" \
        "out[0][0,0] = 0⋅(-1) + 0⋅0 + 1⋅1 + 0⋅(-1) + 0⋅0 + 1⋅1 + 0⋅(-1) + 0⋅0 + 1⋅1 + 1 = 4"
    keys Right Right Right Right
    check "$S 12 four Right: step 5/32" step_is 5 32
    check "$S 12 step 5: out ch 0 shows 4 7 4 1 and [ 3]" wait_all "4 7 4 1" "[ 3]"
    check "$S 12 step 5: arithmetic line out[0][1,0] = … = 3" wait_for \
        "out[0][1,0] = 0⋅(-1) + 0⋅0 + 1⋅1 + 0⋅(-1) + 0⋅0 + 1⋅1 + 1⋅(-1) + 1⋅0 + 1⋅1 + 1 = 3"
    check "$S 12 step 5: 20 parameters against 1184 fully connected" wait_all \
        "conv parameters K⋅(F⋅F⋅C + 1) = 2⋅(3⋅3⋅1 + 1) = 20" "= 36⋅32 + 32 = 1184"
    settle; local snap=$SNAP
    keys Right
    check "$S 12 Right: step 6/32, out[0][1,1] = … = 5" wait_all "step 6/32" \
        "out[0][1,1] = 0⋅(-1) + 1⋅0 + 2⋅1 + 0⋅(-1) + 1⋅0 + 2⋅1 + 1⋅(-1) + 1⋅0 + 1⋅1 + 1 = 5"
    keys Left
    check "$S 12 Left: the screen equals the step-5 capture exactly" same_as "$snap"
    keys v
    check "$S 12 v: the plain conv view at the same step (W2 = … = 4)" wait_all "step 5/32" \
        "W2 = ⌊(W1 + 2P − F)/S⌋ + 1 = ⌊(6 + 2⋅0 − 3)/1⌋ + 1 = 4"
    keys v
    check "$S 12 v again: the im2col view of the same window (two filter rows)" wait_all "step 5/32" \
        "kernel rows W 2×9"
    keys v
    check "$S 12 v again: the matrix view (C 32×36), same step" wait_all "step 5/32" "C 32×36, y = C⋅x + b"
    keys v
    check "$S 12 v again: back to the parameter count" wait_all "step 5/32" "= 2⋅(3⋅3⋅1 + 1) = 20"
    keys End
    check "$S 12 End: step 32/32, filter 1, out[1][3,3] = … + (-1) = -4" wait_all "step 32/32" "filter 1" \
        "out[1][3,3] = 1⋅(-1) + 1⋅(-1) + 1⋅(-1) + 0⋅0 + 0⋅0 + 0⋅0 + 0⋅1 + 0⋅1 + 0⋅1 + (-1) = -4"
    keys q
    check "$S 12 q quits: the process is gone, exit status 0" gone 0
    close_pane
}

topic_14() {
    launch "$W" "$H" -- play 14
    check "$S 14 opens at step 1/10: in[0,0] = 1 scatters" wait_all "step 1/10" \
        "in[0,0] = 1 scatters 1 × kernel into rows 0–2, columns 0–2"
    keys Right
    check "$S 14 Right: step 2/10" step_is 2 10
    check "$S 14 step 2: in[0,1] = 2 scatters 2 × kernel (+= 2, 0, 4, …)" wait_for \
        "in[0,1] = 2 scatters 2 × kernel into rows 0–2, columns 2–4 (+= 2, 0, 4, 0, 2, 0, 2, 0, 2)"
    check "$S 14 step 2: current input cell [2]; overlapping stamps add to 4 and 3" wait_all "1[2]1" "1 0┌4 0 4┐" "1 0└3 0 2┘"
    settle; local snap=$SNAP
    keys Right
    check "$S 14 Right: step 3/10, in[0,2] = 1 scatters" wait_all "step 3/10" \
        "in[0,2] = 1 scatters 1 × kernel into rows 0–2, columns 4–6"
    keys Left
    check "$S 14 Left: the screen equals the step-2 capture exactly" same_as "$snap"
    keys End
    check "$S 14 End: step 10/10, crop P = 1, output 5×5 rows" wait_all "step 10/10" \
        "crop P = 1 from the rim → output 5×5" "0 4 0 7 0" "0 6 0 5 0" "2 0 1 0 0"
    check "$S 14 End: output-size formula W2 = … = 5" wait_for \
        "W2 = (3 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 0 + 1 = 5"
    keys Home Right
    try step_is 2 10
    keys Tab
    check "$S 14 Tab: the upsample view (zeros inserted, the kernel as stored and flipped)" wait_all "upsampled 5×5" \
        "kernel 3×3  kernel 3×3 flipped" "1 0 2       1 0 1" "1 0 1       2 0 1" "inserted" "border d(F−1)−P: 1" \
        "Tab next view"
    check "$S 14 upsample view counts 25 output cells" wait_re "step [0-9]+/25([^0-9]|\$)"
    keys End
    check "$S 14 upsample End: step 25/25 ends with 'The same numbers as the scatter view'" wait_all \
        "step 25/25" "The same numbers as the scatter view" "2 0 1 0[0]"
    keys Tab
    check "$S 14 Tab again: the checkerboard view, its summary (the end stays the end)" wait_all "step 10/10" \
        "contributions 5×5" "uneven: F = 3 is not a multiple of S = 2 → checkerboard"
    keys Tab
    check "$S 14 Tab a third time: back to the scatter view" wait_all "scatter 7×7" "Tab upsample view"
    keys q
    check "$S 14 q quits: the process is gone, exit status 0" gone 0
    close_pane
}

# im2col: the window's column of P, the filter's row of W and the output cell move together.
topic_im2col() {
    launch "$W" "$H" -- play 06 --view im2col
    check "$S 06 im2col opens at step 1/9: P 9×9, W 1×9, out[0,0] = W row 0 ⋅ P column 0 = … = 6" wait_all \
        "step 1/9" "patch matrix P 9×9" "kernel rows W 1×9" "out[0,0] = W row 0 ⋅ P column 0 ="
    keys Right Right Right Right
    check "$S 06 im2col step 5: column 4, out[1,1] = 17, W⋅P + b row so far" wait_all "step 5/9" \
        "out[1,1] = W row 0 ⋅ P column 4 = 0⋅0 + 1⋅1 + 2⋅3" "6 17  3  8[17] .  .  .  ." "[0 1 2 2 2 0 0 1 2]"
    settle; local snap=$SNAP
    keys Right
    check "$S 06 im2col Right: step 6/9, out[1,2] = 13" wait_all "step 6/9" "8 17[13]"
    keys Left
    check "$S 06 im2col Left: the screen equals the step-5 capture exactly" same_as "$snap"
    keys v
    check "$S 06 v from im2col: the conv view on the same window" wait_all "step 5/9" "out[1,1] = 0⋅0 + 1⋅1"
    keys q; try gone 0; close_pane
}

# The checkerboard: each stamp adds its footprint; the summary has the per-axis counts and the verdict.
topic_checkerboard() {
    launch "$W" "$H" -- play 17
    check "$S 17 opens in the checkerboard view at step 1/10" wait_all "step 1/10" "contributions 7×7" \
        "in[0,0] stamps the 3×3 kernel: +1 on rows 0–2, columns 0–2"
    keys Right Right Right
    check "$S 17 step 4: in[1,0]'s footprint overlaps the first row of stamps (2 2 3)" wait_all "step 4/10" \
        "┌2 2 3┐1 2 1 1" "in[1,0] stamps the 3×3 kernel: +1 on rows 2–4, columns 0–2"
    settle; local snap=$SNAP
    keys Right
    check "$S 17 Right: step 5/10" step_is 5 10
    keys Left
    check "$S 17 Left: the screen equals the step-4 capture exactly" same_as "$snap"
    keys End
    check "$S 17 End: the whole map, 1 2 4, per axis 1 1 2 1 2 1 1, uneven" wait_all "step 10/10" \
        "2 2 4 2 4 2 2" "1 1 2 1 2 1 1" "out[2,2]: 2 (row) × 2 (column) = 4 contributions, the most" \
        "uneven: F = 3 is not a multiple of S = 2 → checkerboard"
    keys n
    check "$S n: 18 opens in the checkerboard view; its end is even" wait_for "contributions 6×6"
    keys End
    check "$S 18 End: inner cells all 4, even" wait_all "2 4 4 4 4 2" "even: F = 4 is a multiple of S = 2"
    keys q; try gone 0; close_pane
}

topic_15() {
    launch "$W" "$H" -- play 15
    keys End
    check "$S 15 End: output_padding 1 kept, W2 = … + 1 + 1 = 6" wait_all "step 10/10" "output 6×6" \
        "output_padding 1 kept" "W2 = (3 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 1 + 1 = 6"
    check "$S 15 End: the 6×6 output" wait_all "1 0 0 0 2 0" "4 2 2 2 0 2" "0 1 0 2 0 1"
    keys q
    check "$S 15 q quits" gone 0
    close_pane
}

# The matrix view: y = C⋅x + b one output cell (row of C) at a time; the transposed conv as Cᵀ; Tab: the backward
# pass. Numbers checked against the conv view's (out[1,1] = 17 in 06).
topic_matrix() {
    launch "$W" "$H" -- play 06 --view matrix
    check "$S 06 matrix view opens at step 1/9: C 9×25, x on top" wait_all "step 1/9" "C 9×25, y = C⋅x + b" \
        "3 3 2 1 0 0 0 1 3 1 3 1 2 2 3 2 0 0 2 2 2 0 0 0 1"
    keys Right Right Right Right
    check "$S 06 matrix step 5: row 5 bracketed, its numbers, y = 17" wait_all "step 5/9" \
        "[· · · · · · 0 1 2 · · 2 2 0 · · 0 1 2 · · · · · ·] 17" \
        "out[1,1] = 0⋅0 + 1⋅1 + 2⋅3 + 2⋅1 + 2⋅2 + 0⋅2 + 0⋅0 + 1⋅0 + 2⋅2 = 17" "8[17]13"
    settle; local snap=$SNAP
    keys Right
    check "$S 06 matrix Right: step 6/9, the next row (out[1,2] = 13)" wait_all "step 6/9" "out[1,2] = " "= 13"
    keys Left
    check "$S 06 matrix Left: the screen equals the step-5 capture exactly" same_as "$snap"
    keys v
    check "$S 06 v from the matrix view: the conv view at the same output cell" wait_all "step 5/9" "input 5×5"
    keys v v v
    check "$S 06 v v v (weights, im2col): back to the matrix view, same cell" wait_all "step 5/9" "C 9×25, y = C⋅x + b"
    keys Tab
    check "$S 06 Tab: the backward pass, ∂L/∂in = Cᵀ⋅g, one step per input cell" wait_all "step 5/25" \
        "∂L/∂in = Cᵀ⋅g (g = 1)" "∂L/∂in[0,4] = 2⋅1 = 2" "Tab forward"
    keys Tab
    check "$S 06 Tab again: forward" wait_all "step 5/9" "Tab gradient"
    keys q
    check "$S 06 matrix q quits" gone 0
    close_pane

    launch "$W" "$H" -- play 14 --view matrix
    keys Right Right Right Right
    check "$S 14 matrix step 5: C of the paired conv, Cᵀ, the check against the scatter view" wait_all "step 5/25" \
        "C 9×25: conv 5×5 → 3×3" "Cᵀ 25×9, y′ = Cᵀ⋅x′ + b" "out[0,4] = 1⋅1 = 1" \
        "✓ The same numbers as the scatter view."
    keys End
    check "$S 14 matrix End: step 25/25, the last output cell" wait_all "step 25/25" "out[4,4] = " "2 0 1 0[0]"
    keys Left
    check "$S 14 matrix Left: step 24/25" step_is 24 25
    keys q
    check "$S 14 matrix q quits" gone 0
    close_pane
}

# ---------------------------------------------------------------------------------------------
# Picker, scenario switching, help.

# convlens try: the explainer on a setup from flags, no file.
test_try() {
    launch 80 24 -- try --input 5 --kernel 3 --stride 2 --padding 1
    check "try: --input 5 --kernel 3 --stride 2 --padding 1 opens the explainer at step 1/9" wait_all \
        "Try: conv 1×5×5 → 1×3×3" "step 1/9" "input 5×5 + padding 1"
    check "try: the formula W2 = … = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3 is on screen" wait_for \
        "W2 = ⌊(W1 + 2P − F)/S⌋ + 1 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"
    keys End
    check "try: End goes to step 9/9" step_is 9 9
    keys q
    check "try: q quits, exit status 0" gone 0
    close_pane
}

test_picker() {
    launch 80 24 --
    local count
    count=$("$BIN" list 2>/dev/null | wc -l)
    check "picker: no arguments opens the scenario list at 01" wait_all "Choose a scenario:" "▶01" "$count scenarios"
    keys Down Down
    check "picker: Down Down selects 03" wait_for "▶03"
    keys Enter
    check "picker: Enter opens 03 (Half (same) padding) at step 1/25" wait_all "Half (same) padding" "step 1/25"
    keys n
    check "n: next scenario, 04 Full padding, step 1/49" wait_all "Full padding" "step 1/49"
    keys p
    check "p: previous scenario, back to 03 at step 1/25" wait_all "Half (same) padding" "step 1/25"
    keys p
    check "p again: 02 Arbitrary padding" wait_all "Arbitrary padding: 4×4 kernel, padding 2" "step 1/36"
    keys m
    check "m: back to the list, 02 selected" wait_all "Choose a scenario:" "▶02"
    keys q
    check "picker: q quits, exit status 0" gone 0
    close_pane

    launch 80 24 -- play 06
    try step_is 1 9
    keys Right Right Right Right
    try step_is 5 9
    settle; local snap=$SNAP
    keys n
    check "n from 06: 07 (odd case 6×6) at step 1/9" wait_all "Padding 1, stride 2, odd case (6×6)" "step 1/9"
    keys p
    check "p from 07: back to 06 at step 1/9" wait_all "step 1/9" \
        "out[0,0] = 0⋅0 + 0⋅1 + 0⋅2 + 0⋅2 + 3⋅2 + 3⋅0 + 0⋅0 + 0⋅1 + 0⋅2 = 6"
    keys Right Right Right Right
    try step_is 5 9
    try same_as "$snap"
    keys '?'
    check "?: the help overlay lists the keys" wait_all "keys" "next / previous scenario" "close this help"
    keys x
    check "help: any key (x) closes it; the screen is as before" same_as "$snap"
    if ! absent "close this help"; then keys Escape; try same_as "$snap"; fi
    DIAG=()
    keys '?'
    try wait_for "close this help"
    keys '?'
    check "help: ? closes it again; the screen is as before" same_as "$snap"
    keys q
    check "help test: q quits, exit status 0" gone 0
    close_pane
}

# ---------------------------------------------------------------------------------------------
# NO_COLOR and LANG=C.

test_no_color() {
    launch 80 24 NO_COLOR=1 -- play 06
    try step_is 1 9
    keys Right
    check "NO_COLOR 06 step 2: same numbers (out[0,1] = 17)" wait_all "step 2/9" \
        "out[0,1] = 0⋅0 + 0⋅1 + 0⋅2 + 3⋅2 + 2⋅2 + 1⋅0 + 0⋅0 + 1⋅1 + 3⋅2 = 17"
    settle
    local e; e=$(tm capture-pane -e -p -t "$PANE")
    local colors; colors=$(attrs colors <<< "$e")
    DIAG+=("colours selected: ${colors:-none}")
    check "NO_COLOR: no colour on screen" test -z "$colors"
    local cur; cur=$(attrs at "[17]" <<< "$e")
    DIAG+=("attributes of [17]:" "$cur")
    check "NO_COLOR: the current cell [17] is reverse video" bash -c '[[ -n $1 && $(grep -vc reverse <<< "$1") == 0 ]]' _ "$cur"
    local pad; pad=$(attrs glyph "░" 4 10 <<< "$e")
    DIAG+=("attributes of the padding dots: $pad")
    check "NO_COLOR: padding (░) is shown, dim" bash -c '[[ -n $1 && $(grep -vc dim <<< "$1") == 0 ]]' _ "$pad"
    local real; real=$(attrs at "3 1 2 2 3" <<< "$e")
    DIAG+=("attributes of an input row: $real")
    check "NO_COLOR: real input cells are not dim (padding stands out)" bash -c '[[ -n $1 && $(grep -c dim <<< "$1") == 0 ]]' _ "$real"
    local tap; tap=$(attrs at "│3 2 1│" <<< "$e")
    DIAG+=("attributes inside the window: $tap")
    check "NO_COLOR: the window's taps are bold" bash -c '[[ -n $1 && $(sed -n 2p <<< "$1") == *bold* ]]' _ "$tap"
    keys q; try gone 0; close_pane

    launch 80 24 NO_COLOR=1 -- play 08
    keys Right
    try step_is 2 9
    try wait_for "out[0,1] = 0⋅1 + 3⋅0 + 1⋅2 + 2⋅0 + 1⋅1 + 2⋅0 + 2⋅1 + 1⋅0 + 0⋅0 = 5"
    settle
    e=$(tm capture-pane -e -p -t "$PANE")
    local holes; holes=$(attrs glyph "∘" 4 10 <<< "$e")
    DIAG+=("attributes of the holes: $holes")
    check "NO_COLOR 08: holes (∘) are shown, dim" bash -c '[[ -n $1 && $(grep -vc dim <<< "$1") == 0 ]]' _ "$holes"
    local under; under=$(attrs at "│1 0 2 1 0│" <<< "$e")
    DIAG+=("attributes of an input row under the holes: $under")
    check "NO_COLOR 08: input cells under the holes are dim" \
        bash -c '[[ -n $1 && $(sed -n 2p <<< "$1") == *dim* ]]' _ "$under"
    cur=$(attrs at "[ 5]" <<< "$e")
    DIAG+=("attributes of [ 5]:" "$cur")
    check "NO_COLOR 08: the current cell [ 5] is reverse video" bash -c '[[ -n $1 && $(grep -vc reverse <<< "$1") == 0 ]]' _ "$cur"
    keys q; try gone 0; close_pane

    launch 80 24 NO_COLOR=1 -- play 06 --view matrix
    keys Right Right Right Right
    try wait_all "step 5/9" "[17]"
    settle
    e=$(tm capture-pane -e -p -t "$PANE")
    local zeros; zeros=$(attrs glyph "·" 4 12 <<< "$e")
    DIAG+=("attributes of the matrix zeros: $zeros")
    check "NO_COLOR matrix: zeros (·) are shown, dim" bash -c '[[ -n $1 && $(grep -vc dim <<< "$1") == 0 ]]' _ "$zeros"
    cur=$(attrs at "] 17" <<< "$e")
    DIAG+=("attributes of the bracketed row's end and its y (17):" "$cur")
    check "NO_COLOR matrix: the current row's y is reverse video" bash -c '[[ $1 == *reverse* ]]' _ "$cur"
    keys q; try gone 0; close_pane
}

# Frames are written from each terminal's own terminfo strings (TerminalFrameWriter): other terminal types draw
# the same screen, without terminfo's padding ($<5> in vt100's strings) and with their own attributes.
test_other_terminals() {
    local t e cur
    for t in vt100 linux screen xterm; do
        launch 80 24 TERM=$t -- play 06
        try step_is 1 9
        keys Right
        check "TERM=$t 06 step 2: same numbers (out[0,1] = 17)" wait_all "step 2/9" \
            "out[0,1] = 0⋅0 + 0⋅1 + 0⋅2 + 3⋅2 + 2⋅2 + 1⋅0 + 0⋅0 + 1⋅1 + 3⋅2 = 17" "3 1 2 2 3"
        check "TERM=$t: no terminfo padding on screen" absent '$<'
        keys End
        check "TERM=$t: End draws the last step" wait_all "step 9/9" "6 17  3" "6  4[ 4]"
        settle
        e=$(tm capture-pane -e -p -t "$PANE")
        cur=$(attrs at "[ 4]" <<< "$e")
        DIAG+=("attributes of [ 4]:" "$cur")
        check "TERM=$t: the current cell is reverse video" bash -c '[[ -n $1 && $(grep -vc reverse <<< "$1") == 0 ]]' _ "$cur"
        keys q; try gone 0; close_pane
    done
}

# The frames written to the terminal (only the cells that change, TerminalFrameWriter) add up to exactly the
# screen that `--plain --keys` renders for the same keys: wide Chinese characters, view and language switches,
# the panel, and the largest layer at 200×60, whose grids change a thousand cells a step.
test_frames_match_plain() {
    local w h f k want r37 repo
    r37=$(printf 'Right %.0s' $(seq 1 37))
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    while IFS='|' read -r w h f k; do
        launch "$w" "$h" -- play "$f"
        # shellcheck disable=SC2086
        keys $k
        want=$("${base_env[@]}" "$BIN" play "$f" --plain --width "$w" --height "$h" --keys "$k" 2>&1)
        check "${w}×$h ${f##*/} after '${k:0:40}…': the screen is exactly --plain's" same_as "$want"
        keys q; try gone 0; close_pane
    done <<EOT
200|60|$repo/Tests/Bench/large-conv-16x64x64.json|$r37 Tab Left Left v Right
80|24|11|Right Right Tab Right L Left
120|40|16|$r37 v Right Right v Left e Down Right
80|24|09|$r37 L v v Right
EOT
}

# grid_count GLYPH MIN FROM TO: at least MIN cells show GLYPH on screen lines FROM..TO.
grid_count() {
    capture
    local region n
    region=$(sed -n "$3,$4p" <<< "$SCREEN")
    n=$(grep -o -- "$1" <<< "$region" | wc -l | tr -d ' ')
    (( n >= $2 )) || { DIAG+=("$n × '$1' on lines $3–$4, expected at least $2"); return 1; }
}
# legend_is GLYPH WORD…: wherever the narration says "WORD (X)", X is GLYPH (the legend matches
# the grid); at least one such legend must be on screen.
legend_is() {
    local glyph=$1; shift
    capture
    local flatscreen word found=0 rest g
    flatscreen=$(flat "$SCREEN")
    for word in "$@"; do
        rest=$flatscreen
        while [[ $rest =~ $word\ \((.)\)(.*) ]]; do
            g=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]} found=1
            [[ $g == "$glyph" ]] || { DIAG+=("the narration says '$word ($g)' but the grid uses '$glyph'"); return 1; }
        done
    done
    (( found )) || { DIAG+=("no legend '($glyph)' found for: $*"); return 1; }
}
non_ascii() { LC_ALL=C tr -d '\000-\177' <<< "$1" | wc -c | tr -d ' '; }
only_ascii() {
    local n; n=$(non_ascii "$SCREEN")
    [[ $n == 0 ]] || { DIAG+=("$n non-ASCII byte(s) on screen"); return 1; }
}

# A UTF-8 locale that is not installed (zh_CN.UTF-8 on a fresh machine) still shows Chinese and box drawing.
test_lang_zh_not_installed() {
    if locale -a 2>/dev/null | grep -qi '^zh_CN'; then return; fi
    launch 80 24 LANG=zh_CN.UTF-8 -- play 06
    check "LANG=zh_CN.UTF-8 (not installed): Chinese title, step counter and rule" \
        wait_all "填充 1，步长 2" "第 1/9 步" "────────"
    keys q
    check "LANG=zh_CN.UTF-8 q quits" gone 0
    close_pane
}

test_lang_c() {
    launch 80 24 LANG=C -- play 06
    keys Right
    check "LANG=C 06 step 2: step counter and out[0,1] = … = 17" wait_all "step 2/9" "[17]" "out[0,1] = "
    settle
    check "LANG=C 06: only ASCII on screen" only_ascii
    check "LANG=C 06: padding drawn as '.', the window framed in ASCII ('/' '\\' corners, '|' sides)" \
        wait_all ". 3 1 2 2 3 ." ". . . . . . ." "|3 2 1|"
    check "LANG=C 06: the window's corners are ASCII" wait_re '/0 0 0\\'
    check "LANG=C 06: the narration names the padding glyph the grid shows ('.')" legend_is "." "padding" "zeros"
    local e cur; e=$(tm capture-pane -e -p -t "$PANE")
    cur=$(attrs at "[17]" <<< "$e")
    DIAG+=("attributes of [17]:" "$cur")
    check "LANG=C 06: the current cell [17] is reverse video" bash -c '[[ -n $1 && $(grep -vc reverse <<< "$1") == 0 ]]' _ "$cur"
    local line; line=$(grep -m1 '^ out\[' <<< "$SCREEN")
    DIAG+=("arithmetic line: $line")
    check "LANG=C 06: the products do not read as decimals (no '0.1 + 3.0')" \
        bash -c '[[ -n $1 && ! $1 =~ [0-9]\.[0-9] ]]' _ "$line"
    keys '?'
    try wait_for "close this help"
    settle
    DIAG+=("help lines with '?':")
    local l; while IFS= read -r l; do DIAG+=("$l"); done < <(grep -n '?' <<< "$SCREEN" | grep -v 'close this help\|? help')
    check "LANG=C help: only ASCII, and no '?' stand-ins for ↔ or 中文" bash -c '
        [[ $(LC_ALL=C tr -d "\000-\177" <<< "$1" | wc -c) == 0 ]] || exit 1
        ! grep -v "close this help\|? help" <<< "$1" | grep -q "?"' _ "$SCREEN"
    DIAG=()
    keys q; try gone 0; close_pane

    launch 80 24 LANG=C -- play 08
    keys Right
    check "LANG=C 08: step 2, current cell [ 5]" wait_all "step 2/9" "[ 5]"
    check "LANG=C 08: holes drawn as 'o' between the window's digits" wait_re $'\n *:?[^\n]*[0-9] ?o ?[0-9]'
    check "LANG=C 08: the narration names the hole glyph the grid shows ('o')" legend_is "o" "Holes"
    settle
    check "LANG=C 08: only ASCII on screen" only_ascii
    keys q; try gone 0; close_pane

    launch 80 24 LANG=C -- play 11
    keys Right
    check "LANG=C 11: the receptive field in ASCII marks, the breakdown too" wait_all "RF 7 vs 5" "# @ # @ # @ #" \
        "layer 2 @ . @ . @ 3 + (3 - 1)*2 = 7" "linear: (F - 1)*layers + 1 = 2*2 + 1 = 5"
    settle
    check "LANG=C 11: only ASCII on screen" only_ascii
    keys q; try gone 0; close_pane

    launch 80 24 LANG=C -- play 14
    keys Right
    check "LANG=C 14: the scatter view in ASCII" wait_all "step 2/10" "1[2]1"
    check "LANG=C 14: the stamp is framed in ASCII" wait_re '1 0/4 0 4\\' 
    settle
    check "LANG=C 14: only ASCII on screen" only_ascii
    keys Tab
    try wait_for "Tab scatter view"; settle
    check "LANG=C 14 upsample view: only ASCII on screen" only_ascii
    keys v
    check "LANG=C 14 matrix view: C transposed as CT, primes as ', in ASCII" wait_all "CT 25x9, y' = CT*x' + b"
    settle
    check "LANG=C 14 matrix view: only ASCII on screen" only_ascii
    keys Tab
    check "LANG=C 14 matrix backward pass: the partial derivative as d" wait_for "dL/din = C*g (g = 1)"
    settle
    check "LANG=C 14 matrix backward pass: only ASCII on screen" only_ascii
    keys q; try gone 0; close_pane

    launch 80 24 LANG=C --
    check "LANG=C picker: the list is shown" wait_all "Choose a scenario:" ">01"
    settle
    check "LANG=C picker: only ASCII on screen" only_ascii
    local bar; bar=$(tail -n 1 <<< "$SCREEN")
    DIAG+=("key bar: $bar")
    check "LANG=C picker: the key bar has no '?' stand-in for 中文" bash -c '[[ $1 != *"L ?"* ]]' _ "$bar"
    keys q
    check "LANG=C picker: q quits" gone 0
    close_pane
}

# ---------------------------------------------------------------------------------------------
# The terminal is left as it was. The program runs from an interactive bash in the pane, through
# wrap.sh (a non-interactive sh that does not repair the tty, unlike bash after a signal death).

MODES='#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_standard_flag} #{mouse_sgr_flag} #{mouse_utf8_flag} #{insert_flag} #{origin_flag} #{wrap_flag}'
MODE_NAMES='alternate_on cursor_flag keypad_cursor_flag keypad_flag mouse_any_flag mouse_button_flag mouse_standard_flag mouse_sgr_flag mouse_utf8_flag insert_flag origin_flag wrap_flag'

shell_pane() {
    local out
    out=$(tm new-session -d -P -F '#{pane_id}' -x 80 -y 24 -- \
        "${base_env[@]}" "PS1=RDY> " HISTFILE=/dev/null bash --norc --noprofile -i) || return 1
    PANE=$out
    try wait_re '(^|\n)RDY>'
}
wait_file() {
    local f=$1 deadline
    deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    until [[ -e $f ]]; do
        (( $(now_ms) >= deadline )) && { DIAG+=("$f did not appear within ${TIMEOUT}s"); return 1; }
        sleep 0.05
    done
}
# The prompt is back: the last non-empty line is the prompt.
prompt_back() {
    local deadline; deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while :; do
        capture
        local last; last=$(grep -v '^[[:space:]]*$' <<< "$SCREEN" | tail -n 1)
        [[ $last == "RDY>"* ]] && return 0
        (( $(now_ms) >= deadline )) && { DIAG+=("no prompt after the program ended"); return 1; }
        sleep 0.05
    done
}
same_file() { cmp -s "$1" "$2" || { DIAG+=("before: $(cat "$1" 2>/dev/null)" "after:  $(cat "$2" 2>/dev/null)"); return 1; }; }
modes_equal() {
    [[ $1 == "$2" ]] && return 0
    local -a n=($MODE_NAMES) a=($1) b=($2); local i
    for i in "${!n[@]}"; do [[ ${a[i]:-} != "${b[i]:-}" ]] && DIAG+=("${n[i]}: ${a[i]:-?} before, ${b[i]:-?} after"); done
    return 1
}
flag_is() { [[ $1 == "$2" ]] || { DIAG+=("$3 is $1, expected $2"); return 1; }; }
rc_in() {
    local rc w; rc=$(cat "$1" 2>/dev/null); shift
    for w in "$@"; do [[ $rc == "$w" ]] && return 0; done
    DIAG+=("exit status ${rc:-none}, expected one of: $*"); return 1
}
running_in_alt() {
    local deadline; deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while :; do
        capture
        [[ $(pane_var alternate_on) == 1 && $SCREEN == *"step 1/9"* ]] && return 0
        (( $(now_ms) >= deadline )) && { DIAG+=("alternate_on is $(pane_var alternate_on)"); return 1; }
        sleep 0.05
    done
}
# ended DIR STATUS…: the wrapper finished, the program's pid is gone, its exit status is one of STATUS.
ended() {
    local d=$1; shift
    wait_file "$d/done" || return 1
    local pid; pid=$(cat "$d/pid" 2>/dev/null)
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then DIAG+=("pid $pid still exists"); return 1; fi
    rc_in "$d/rc" "$@"
}
# one_line FILE TEXT: FILE holds exactly one line, and it contains TEXT.
one_line() {
    local lines; lines=$(wc -l < "$1" | tr -d ' ')
    DIAG+=("$(basename "$1") ($lines line(s)): $(head -c 500 "$1")")
    [[ $lines == 1 ]] && grep -q -- "$2" "$1"
}
empty_file() { [[ ! -s $1 ]] || { DIAG+=("$(basename "$1") is not empty: $(head -c 300 "$1")"); return 1; }; }
screen_has_any() { capture; local p; for p in "$@"; do [[ $SCREEN == *"$p"* ]] && return 0; done; DIAG+=("none of: $*"); return 1; }

# restore_case NAME HOW MODE EXPECTED_STATUS… -- [VAR=VALUE…]
#   HOW: q | ctrl-c | term | hup | crash | none (the program exits by itself)
restore_case() {
    local name=$1 how=$2 mode=$3; shift 3
    local want=() envs=()
    while [[ $# -gt 0 && $1 != -- ]]; do want+=("$1"); shift; done
    shift
    envs=("$@")
    local d="$TMPD/case-$name"; mkdir -p "$d"
    shell_pane || { DIAG+=("cannot start bash in tmux"); check "$name: shell started" false; return; }
    local before after
    before=$(pane_var "$MODES")
    local cmd; cmd=$(printf '%q ' sh "$TMPD/wrap.sh" "$mode" "$d" env "${envs[@]}" "$BIN" play 06)
    tm send-keys -t "$PANE" -l "$cmd"
    tm send-keys -t "$PANE" Enter
    if [[ $how != none && $how != crash ]]; then
        check "$name: convlens runs in the alternate screen (step 1/9)" running_in_alt
        try wait_file "$d/pid"
        local pid; pid=$(cat "$d/pid" 2>/dev/null)
        case $how in
            q)      keys q ;;
            ctrl-c) keys C-c ;;
            term)   [[ -n $pid ]] && kill -TERM "$pid" ;;
            hup)    [[ -n $pid ]] && kill -HUP "$pid" ;;
            crash)  : ;;                          # it crashes by itself after the first frame
        esac
    fi
    check "$name: the process ends, exit status ${want[*]}" ended "$d" "${want[@]}"
    try prompt_back
    after=$(pane_var "$MODES")
    check "$name: stty settings are as before (stty -g)" same_file "$d/before" "$d/after"
    check "$name: back on the main screen (alternate_on 0)" flag_is "$(pane_var alternate_on)" 0 alternate_on
    check "$name: cursor visible (cursor_flag 1)" flag_is "$(pane_var cursor_flag)" 1 cursor_flag
    check "$name: keypad, mouse and other modes as before" modes_equal "$before" "$after"
    case $name in
        TERM=nonsense)
            check "$name: a one-line message naming TERM on stderr" one_line "$d/err" "TERM" ;;
        stdout-piped)
            check "$name: a one-line message 'not a terminal' on stderr" one_line "$d/err" "not a terminal"
            check "$name: nothing written to stdout" empty_file "$d/out" ;;
        crash)
            check "$name: the shell reports the signal (the crash was real)" screen_has_any \
                "Illegal instruction" "Trace/breakpoint trap" "Aborted" ;;
        crash-vt100)
            check "$name: the shell reports the signal (the crash was real)" screen_has_any \
                "Illegal instruction" "Trace/breakpoint trap" "Aborted"
            check "$name: no terminfo padding written as text (\$<…>)" bash -c '[[ $1 != *"\$<"* ]]' _ "$SCREEN" ;;
    esac
    DIAG=()
    close_pane
}

# restored NAME DIR BEFORE_MODES: after the program ended, the terminal is as before it started.
restored() {
    local name=$1 d=$2 before=$3
    try prompt_back
    check "$name: stty settings are as before (stty -g)" same_file "$d/before" "$d/after"
    check "$name: back on the main screen (alternate_on 0)" flag_is "$(pane_var alternate_on)" 0 alternate_on
    check "$name: cursor visible (cursor_flag 1)" flag_is "$(pane_var cursor_flag)" 1 cursor_flag
    check "$name: keypad, mouse and other modes as before" modes_equal "$before" "$(pane_var "$MODES")"
}
# ignores PID N: the process ignores signal N (its SigIgn mask in /proc).
ignores() {
    local m; m=$(awk '/^SigIgn:/ {print $2}' "/proc/$1/status" 2>/dev/null)
    [[ -n $m ]] && (( (16#$m >> ($2 - 1)) & 1 ))
}
how_is() {
    local got; got=$(cat "$1/how" 2>/dev/null)
    [[ $got == "$2" ]] || { DIAG+=("the program ended by '${got:-?}', expected '$2'"); return 1; }
}
# start_in_shell DIR PREFIX…: a bash in a new pane runs the program (play 06) through wrap.sh in mode sig,
# after PREFIX (a command that execs the rest); sets BEFORE (the pane's modes before) and PID.
start_in_shell() {
    local d=$1; shift
    PID='' BEFORE=''
    shell_pane || { DIAG+=("cannot start bash in tmux"); return 1; }
    BEFORE=$(pane_var "$MODES")
    local cmd; cmd=$(printf '%q ' sh "$TMPD/wrap.sh" sig "$d" "$@" env "$BIN" play 06)
    keys -l "$cmd"; keys Enter
    running_in_alt || return 1
    wait_file "$d/pid" && PID=$(cat "$d/pid")
}

# signal_case SIG [ignored]: SIG comes from outside while the program shows a frame. It must restore the
# terminal and then die of SIG itself (how.pl tells that from an exit status of 128 + N), whatever its default
# action and whoever had it before (the Swift runtime's crash reporter takes SIGQUIT and the crash signals).
# With `ignored`, SIG is ignored when the program starts (trap '' SIG, as nohup does for SIGHUP): it must stay
# ignored, the program goes on (Right still steps) and q ends it. A signal the program ignores by itself
# (SIGPIPE, so that output errors become EPIPE) is seen in /proc and checked the same way.
signal_case() {
    local sig=$1 start=${2:-default} n name d prefix=()
    n=$(kill -l "$sig") name="SIG$sig" d="$TMPD/case-sig-$sig-$start"
    [[ $start == ignored ]] && name="SIG$sig ignored at start" prefix=(sh -c "trap '' $sig; exec \"\$@\"" sh)
    mkdir -p "$d"
    check "$name: convlens runs in the alternate screen (step 1/9)" start_in_shell "$d" "${prefix[@]}"
    if [[ -n $PID ]] && ignores "$PID" "$n"; then
        kill -s "$sig" "$PID"
        keys Right
        check "$name: the signal is ignored, the program goes on (Right: step 2/9)" step_is 2 9
        keys q
        check "$name: q ends it, exit status 0" ended "$d" 0
    else
        [[ $start == ignored ]] && check "$name: the program keeps the signal ignored" false
        [[ -n $PID ]] && kill -s "$sig" "$PID"
        check "$name: the process ends, exit status $((128 + n))" ended "$d" $((128 + n))
        check "$name: the program died of signal $n itself" how_is "$d" "signal $n"
    fi
    restored "$name" "$d" "$BEFORE"
    DIAG=() PID=''
    close_pane
}

# With SIGHUP ignored (nohup), the terminal goes away (the tmux session is killed): the program must notice
# that no key can come any more and end, not spin on a dead terminal for ever.
test_hangup_ignored() {
    RUNS=$((RUNS + 1)); RUN="$TMPD/run$RUNS"; mkdir -p "$RUN"
    PANE=$(tm new-session -d -P -F '#{pane_id}' -x 80 -y 24 -- /bin/sh "$TMPD/run1.sh" "$RUN" \
        sh -c "trap '' HUP; exec \"\$@\"" sh "${base_env[@]}" "$BIN" play 06) || PANE=''
    try wait_file "$RUN/pid"
    PID=$(cat "$RUN/pid" 2>/dev/null)
    check "SIGHUP ignored, terminal closed: convlens runs (step 1/9)" step_is 1 9
    tm kill-session -t "$PANE" >/dev/null 2>&1
    PANE='' SCREEN=''
    check "SIGHUP ignored, terminal closed: the program ends by itself" ends_soon "$PID"
    PID=''
}
# ends_soon PID: the process is gone (or a zombie) before the deadline.
ends_soon() {
    local deadline; deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    while [[ -n $1 && $(ps -o stat= -p "$1" 2>/dev/null) == [!Z]* ]]; do
        (( $(now_ms) >= deadline )) && { DIAG+=("pid $1 still running: $(ps -o stat=,pcpu= -p "$1")"); return 1; }
        sleep 0.05
    done
    [[ -n $1 ]]
}

# suspend_case NAME HOW: the program is stopped as a shell job at step 3/9 and continued with `fg`.
#   HOW: ctrl-z (the key; raw mode turns it into a byte), tstp (kill -TSTP PID from outside; the terminal is
#        also resized while the job is stopped), stop (SIGSTOP to the job, which no program can catch).
# While stopped (ctrl-z, tstp) the shell has its prompt and the terminal is as before the program started;
# after `fg` the same step is drawn again with the program's modes (keypad, mouse, hidden cursor) back, the
# keys work (an arrow is not read as Esc), and q leaves the terminal as it was.
suspend_case() {
    local name=$1 how=$2 d="$TMPD/case-$1" snap running
    mkdir -p "$d"
    check "$name: convlens runs in the alternate screen (step 1/9)" start_in_shell "$d"
    keys Right Right
    try step_is 3 9
    settle; snap=$SNAP
    running=$(pane_var "$MODES")
    [[ $how == ctrl-z ]] && check "$name: while it runs, no output processing (stty -opost)" output_raw
    case $how in
        ctrl-z) keys C-z ;;
        tstp)   kill -TSTP "$PID" ;;
        stop)   kill -STOP -- "-$(ps -o pgid= -p "$PID" | tr -d ' ')" ;;
    esac
    check "$name: the shell reports the job stopped" wait_for "Stopped"
    check "$name: the program is stopped, not ended" bash -c '[[ ! -e $1/done && $(ps -o stat= -p "$2") == T* ]]' \
        _ "$d" "$PID"
    if [[ $how == stop ]]; then
        try wait_for "RDY>"  # on the alternate screen, which the program could not leave
    else
        check "$name: the shell prompts again" prompt_back
        check "$name: while stopped, main screen, cursor, keypad and mouse modes as before" \
            modes_equal "$BEFORE" "$(pane_var "$MODES")"
        # Written under another name and renamed: the shell creates the file before stty writes into it.
        keys -l "stty -g > $(printf '%q' "$d/stopped.part") && mv $(printf '%q %q' "$d/stopped.part" "$d/stopped")"
        keys Enter
        try wait_file "$d/stopped"
        check "$name: while stopped, stty settings as before the program (stty -g)" same_file "$d/before" "$d/stopped"
    fi
    [[ $how == tstp ]] && tm resize-window -t "$PANE" -x 100 -y 30
    keys -l fg; keys Enter
    if [[ $how == tstp ]]; then
        check "$name: fg redraws step 3/9 at the size the terminal has now (100 columns)" \
            wait_re $'\n─{100}\n'
        try step_is 3 9
        tm resize-window -t "$PANE" -x 80 -y 24
    fi
    check "$name: fg redraws the same step exactly" same_as "$snap"
    check "$name: after fg, no output processing again (stty -opost)" output_raw
    check "$name: fg brings back keypad and mouse modes and the hidden cursor" \
        modes_equal "$running" "$(pane_var "$MODES")"
    keys Right
    check "$name: after fg, Right steps to 4/9" step_is 4 9
    keys Left
    check "$name: after fg, Left steps back to the same screen" same_as "$snap"
    keys Home
    check "$name: after fg, Home goes to step 1/9" step_is 1 9
    keys q
    check "$name: q ends it, exit status 0" ended "$d" 0
    restored "$name" "$d" "$BEFORE"
    DIAG=() PID=''
    close_pane
}

# The checks above would pass vacuously if the harness could not see a broken terminal (an
# interactive bash, for one, repairs the tty after a job dies of a signal). So run a stand-in that
# enters raw mode and the alternate screen, hides the cursor and dies of SIGKILL, and make sure
# the same probes catch all of it.
harness_self_check() {
    local d="$TMPD/case-selfcheck"; mkdir -p "$d"
    cat > "$d/broken.sh" <<'SH'
stty raw -echo
printf '\033[?1049h\033[?25l\033[?1hstep 1/9'
kill -KILL $$
SH
    shell_pane || { check "harness self-check: shell started" false; return; }
    local cmd; cmd=$(printf '%q ' sh "$TMPD/wrap.sh" tty "$d" sh "$d/broken.sh")
    tm send-keys -t "$PANE" -l "$cmd"
    tm send-keys -t "$PANE" Enter
    try wait_file "$d/done"
    local alt cur
    alt=$(pane_var alternate_on) cur=$(pane_var cursor_flag)
    DIAG+=("stand-in left: alternate_on $alt, cursor_flag $cur, stty $(cmp -s "$d/before" "$d/after" && echo unchanged || echo changed)")
    check "harness self-check: a stand-in that dies in raw mode on the alternate screen is caught" \
        bash -c '[[ -e $1/done && $2 == 1 && $3 == 0 ]] && ! cmp -s "$1/before" "$1/after"' _ "$d" "$alt" "$cur"
    DIAG=()
    close_pane
}

test_not_a_tty() {
    local d="$TMPD/notty"; mkdir -p "$d"
    "${base_env[@]}" "$BIN" play 06 < /dev/null 2> "$d/err" | cat > "$d/out"
    local rc=${PIPESTATUS[0]}
    echo "$rc" > "$d/rc"
    SCREEN=''
    check "stdout not a tty (play 06 </dev/null | cat): exit status 1" rc_in "$d/rc" 1
    check "stdout not a tty: one-line message containing 'not a terminal'" one_line "$d/err" "not a terminal"
    check "stdout not a tty: nothing on stdout" empty_file "$d/out"
}

# A command line that does not parse: one line on stderr, exit status 64, in the user's language (the parser
# speaks English only; convlens says its messages again in Chinese).
test_usage_errors() {
    local d="$TMPD/usage"; mkdir -p "$d"
    "${base_env[@]}" LANG=zh_CN.UTF-8 "$BIN" play --widht 3 > "$d/out" 2> "$d/err"
    echo $? > "$d/rc"
    SCREEN=''
    check "usage error under LANG=zh_CN.UTF-8: exit status 64" rc_in "$d/rc" 64
    check "usage error under LANG=zh_CN.UTF-8: one line in Chinese, the suggestion kept" \
        one_line "$d/err" "错误：未知的选项 '--widht'。是不是想用 '--width'？"
    "${base_env[@]}" LANG=C "$BIN" play 06 --lang zh --lang-typo > "$d/out" 2> "$d/err"
    check "usage error with --lang zh under LANG=C: Chinese" one_line "$d/err" "错误：未知的选项 '--lang-typo'"
    "${base_env[@]}" LANG=zh_CN.UTF-8 "$BIN" play 06 --lang en --step x > "$d/out" 2> "$d/err"
    check "usage error with --lang en under LANG=zh_CN.UTF-8: the parser's English" \
        one_line "$d/err" "Error: The value 'x' is invalid for '--step <N>'"
}

# ---------------------------------------------------------------------------------------------

# Mouse: an SGR click (ESC [ < 0 ; x ; y M, then the release) on an output cell jumps to that cell's step,
# and a click on a picker row opens it. tmux passes the bytes to the program, which enabled mouse reporting.
click() { keys -l $'\e[<0;'"$1"';'"$2"'M'; keys -l $'\e[<0;'"$1"';'"$2"'m'; }
test_mouse() {
    launch 80 24 -- play 06
    try step_is 1 9
    capture
    local line col
    line=$(sed -n 3p <<< "$SCREEN")
    col=${line%%output 3×3*}; col=$(( ${#col} + 1 ))          # 1-based column of the output title
    click $(( col + 7 )) 4                                   # out[0,2]: third cell (width 2) of row 0
    check "mouse: a click on out[0,2] jumps to step 3/9 with its value 3" wait_all "step 3/9" "[ 3]" "out[0,2] = "
    click $(( col + 4 )) 5                                   # out[1,1]
    check "mouse: a click on out[1,1] jumps to step 5/9, value 17" wait_all "step 5/9" "[17]"
    keys q; try gone 0; close_pane

    launch 80 24 --
    try wait_for "Choose a scenario:"
    keys -l $'\e[<65;10;10M'; keys -l $'\e[<65;10;10M'    # two turns of the wheel down
    check "mouse: the wheel moves the picker's choice (01 -> 03)" wait_for "▶03"
    click 10 10                                              # the row of scenario 06 (01 is on screen row 5)
    check "mouse: a click on a picker row opens that scenario (06)" wait_all "Padding 1, stride 2" "step 1/9"
    keys q; try gone 0; close_pane

    # The wheel pages the narration, as PgDn / PgUp; a wheel turn arriving with a key does not hold it back.
    launch 80 24 -- play 09
    try step_is 1 45
    keys -l $'\e[<65;30;12M'
    check "mouse: the wheel down shows the narration's next page" wait_for "(2/2)"
    keys -l $'\e[<64;30;12M\eOC'
    check "mouse: the wheel up and → in one write: the step is taken at once" wait_for "step 2/45"
    keys q; try gone 0; close_pane
}

# The parameter panel: e opens it, → on the stride row makes stride 3; the screen's formula and, after End, every
# output cell equal `eval` of the same scenario with stride 3 (written by python from 06's JSON).
test_editor() {
    local file="$TMPD/06-stride3.json" repo
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["stride"]=3; json.dump(d,open(sys.argv[2],"w"))' \
        "$repo/Scenarios/06-padding-strides.json" "$file"
    local want; want=$("$BIN" eval "$file" | python3 -c \
        'import json,sys; print(" ".join(str(v) for row in json.load(sys.stdin)["output"][0] for v in row))')
    launch 80 24 -- play 06
    try step_is 1 9
    keys e
    check "editor: e opens the panel under the grids" wait_all "parameters" "stride S" "padding mode" "t pair"
    keys Right
    check "editor: → on the stride row: stride 3, a 2×2 output, W2 = ⌊(5 + 2⋅1 − 3)/3⌋ + 1 = 2" wait_all \
        "step 1/4" "5×5 → 2×2" "(5 + 2⋅1 − 3)/3" "(edited)"
    keys Escape End
    check "editor: Esc closes the panel (no quit), End shows the last of 4 steps" wait_all "step 4/4" "e edit"
    capture
    local got; got=$(python3 -c '
import re, sys
lines = sys.argv[1].split("\n")
col = lines[2].index("output 2×2")
print(" ".join(re.findall(r"-?\d+", " ".join(l[col:] for l in lines[3:5]).replace("[", " ").replace("]", " "))))
' "$SCREEN")
    DIAG+=("eval: $want" "screen: $got")
    check "editor: the output on screen equals eval of 06 with stride 3" test "$got" == "$want"
    keys e Up Right Right Right Right Right
    check "editor: kernel 8 on a 7×7 padded input: the rule, the nearest legal value, the last legal frame" wait_all \
        "larger than the padded" "nearest legal" "the last legal"
    keys Left Left Left Left Left
    check "editor: back to kernel 3: the paper's relationship with its numbers" wait_all \
        "relationship 6 (zero padding, non-unit strides)" "o = ⌊(5 + 2⋅1 − 3)/3⌋ + 1 = 2"
    keys c
    check "editor: c shows the PyTorch call" wait_for "nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(3, 3), padding=(1, 1),"
    keys o
    check "editor: o lists the settings that give 2×2, each with its law" wait_all "solve: 5×5 → 2×2, kernel 3, conv" \
        "S 3  P 1  d 1" "Enter apply"
    keys Escape w
    local saved="$TMPD/saved-setup"
    tm send-keys -t "$PANE" -l "$saved"
    keys Enter
    check "editor: w saves the setup drawn; the file validates and reopens to the same numbers" wait_for "saved $saved.json"
    keys q; try gone 0; close_pane
    check "editor: the saved file passes validate" "$BIN" validate "$saved.json"
    check "editor: eval of the saved file equals eval of 06 with stride 3" bash -c \
        '[[ "$("$1" eval "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"output\"])")" == \
           "$("$1" eval "$3" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"output\"])")" ]]' \
        _ "$BIN" "$saved.json" "$file"
}

# Every catalog scenario, in one session per size: End reaches the last step, stepping back one and forward
# again restores that screen, Home returns to step 1, n moves on. The step counts come from --plain.
test_every_scenario() {
    local w=$1 h=$2 names name total last
    names=$("$BIN" list 2>/dev/null | awk '{print $1}')
    launch "$w" "$h" -- play 01
    for name in $names; do
        total=$("$BIN" play "$name" --plain --step 1 --width "$w" --height "$h" | head -1 | sed -E 's/.*step 1\/([0-9]+).*/\1/')
        check "${w}x$h $name: opens at step 1/$total" step_is 1 "$total"
        keys End
        check "${w}x$h $name: End reaches step $total/$total" step_is "$total" "$total"
        settle; last=$SNAP
        keys Left
        check "${w}x$h $name: Left goes back to step $((total - 1))/$total" step_is "$((total - 1))" "$total"
        keys Right
        check "${w}x$h $name: forward again restores the last screen exactly" same_as "$last"
        keys Home
        check "${w}x$h $name: Home returns to step 1/$total" step_is 1 "$total"
        keys n
    done
    keys q; try gone 0; close_pane
}

started=$(now_ms)
echo "# convlens real-terminal tests: $BIN"
echo "# tmux $(tmux -V | cut -d' ' -f2), socket $SOCK"

for size in "80 24" "120 40"; do
    read -r W H <<< "$size"; S="${W}x$H"
    topic_06; topic_08; topic_09; topic_11; topic_12; topic_14; topic_im2col; topic_checkerboard; topic_matrix
done
W=80 H=24 S=80x24 topic_15
test_every_scenario 80 24
test_every_scenario 120 40
test_picker
test_try
test_mouse
test_editor
test_no_color
test_other_terminals
test_frames_match_plain
test_lang_c
test_lang_zh_not_installed
test_not_a_tty
test_usage_errors
harness_self_check
restore_case q            q      tty 0            --
restore_case ctrl-c       ctrl-c tty 0            --
restore_case SIGTERM      term   tty 143          --
restore_case SIGHUP       hup    tty 129          --
restore_case crash        crash  tty 132 133 134  -- CONVLENS_TEST_CRASH=1
restore_case crash-vt100  crash  tty 132 133 134  -- CONVLENS_TEST_CRASH=1 TERM=vt100
restore_case TERM=nonsense none  err 1            -- TERM=nonsense
restore_case stdout-piped none   pipe 1           --
for sig in QUIT INT PIPE USR1 USR2 ALRM VTALRM PROF XCPU XFSZ TRAP SYS BUS STKFLT IO PWR ABRT SEGV ILL FPE \
    RTMIN RTMAX; do
    signal_case "$sig"
done
signal_case HUP ignored
test_hangup_ignored
signal_case PIPE ignored
suspend_case ctrl-z ctrl-z
suspend_case kill-TSTP tstp
suspend_case SIGSTOP stop

echo "# $(( ($(now_ms) - started) / 1000 ))s"
echo "$PASSED passed, $FAILED failed"
(( FAILED == 0 ))
