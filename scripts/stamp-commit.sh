#!/usr/bin/env bash
# Bakes the commit into the next build of convlens (`convlens --version`):
#   scripts/stamp-commit.sh          writes Sources/convlens/BuildCommit.generated.swift (ignored by git)
#   scripts/stamp-commit.sh --remove removes it again (a plain build then says "unknown commit")
# The commit comes from git when this is a checkout (with "-dirty" when tracked files differ from it), else from
# $CONVLENS_COMMIT, else "unknown commit". Nothing else is written: no path of the build machine.
set -euo pipefail
cd "$(dirname "$0")/.."
file=Sources/convlens/BuildCommit.generated.swift
if [ "${1:-}" = "--remove" ]; then
  rm -f "$file"
  exit 0
fi
commit=""
if git rev-parse --git-dir >/dev/null 2>&1; then
  commit="commit $(git rev-parse --short=12 HEAD)"
  git diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
elif [ -n "${CONVLENS_COMMIT:-}" ]; then
  commit="commit $CONVLENS_COMMIT"
fi
if [ -z "$commit" ]; then
  rm -f "$file"
  exit 0
fi
# Letters, digits and -._ only, so the Swift string literal below needs no escaping.
case "$commit" in *[!A-Za-z0-9\ ._-]*) echo "stamp-commit: refusing odd commit '$commit'" >&2; exit 1 ;; esac
new="// Written by scripts/stamp-commit.sh for this build; not in git.
extension BuildInfo {
    static var commit: String { \"$commit\" }
}"
# Rewritten only when it changes, so a repeated install does not rebuild.
if [ ! -f "$file" ] || [ "$(cat "$file")" != "$new" ]; then
  printf '%s\n' "$new" > "$file"
fi
