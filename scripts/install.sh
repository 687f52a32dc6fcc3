#!/usr/bin/env bash
# Installs convlens under a prefix, or removes exactly what an earlier install wrote.
#
#   scripts/install.sh                      build (release) and install under $PREFIX, default ~/.local
#   scripts/install.sh --prefix /usr/local  the same, elsewhere (sudo where the prefix needs it)
#   scripts/install.sh --uninstall [--prefix DIR]
#   scripts/install.sh --debug ...          install the debug build instead (quicker to build; CI uses it)
#
# What goes where (relative to the prefix):
#   bin/convlens                                  the binary, stripped, with the commit baked in (--version)
#   share/convlens/Scenarios/*.json               the catalog, found from bin/ by the binary itself
#   share/man/man1/convlens.1                     the manual, made by swift-argument-parser's generate-manual plugin
#   share/bash-completion/completions/convlens    bash completion  } made by the binary:
#   share/zsh/site-functions/_convlens            zsh completion   } convlens --generate-completion-script SHELL
#   share/fish/vendor_completions.d/convlens.fish fish completion  }
#   share/convlens/install-manifest.txt           what this install wrote: the files, and the folders it created
# Uninstall removes the files of the manifest, then the folders it created that are then empty, then the manifest.
# Installing again first uninstalls what the manifest names. Nothing is downloaded: the build and the plugin work
# offline once the dependencies are resolved.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${PREFIX:-}"
configuration=release
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 64; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) action=uninstall; shift ;;
    --debug) configuration=debug; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done
if [ -z "$prefix" ]; then
  [ -n "${HOME:-}" ] || { echo "install.sh: no HOME: give --prefix DIR" >&2; exit 64; }
  prefix="$HOME/.local"
fi
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
manifest_rel=share/convlens/install-manifest.txt
manifest="$prefix/$manifest_rel"

uninstall() {
  if [ ! -f "$manifest" ]; then
    echo "install.sh: nothing to uninstall under $prefix (no $manifest_rel)"
    return 0
  fi
  local line kind path dirs=() i
  while IFS= read -r line; do
    kind="${line%% *}"
    path="${line#* }"
    case "$path" in ""|/*|*..*) echo "install.sh: skipping odd manifest line '$line'" >&2; continue ;; esac
    case "$kind" in
      file) rm -f -- "$prefix/$path" ;;
      dir) dirs+=("$path") ;;
    esac
  done < "$manifest"
  rm -f -- "$manifest"
  # Deepest first: a folder empties once its own subfolders are gone. Only folders the install created, only
  # when empty.
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    rmdir -- "$prefix/${dirs[$i]}" 2>/dev/null || true
  done
  echo "install.sh: removed convlens from $prefix"
}

if [ "$action" = uninstall ]; then
  uninstall
  exit 0
fi

command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"

# The build, with the commit stamped in for --version; the stamp file goes again afterwards, so a later plain
# build does not claim a commit it was not built from.
trap 'scripts/stamp-commit.sh --remove' EXIT
scripts/stamp-commit.sh
echo "install.sh: building ($configuration)"
swift build -c "$configuration" --product convlens
bin_dir="$(swift build -c "$configuration" --show-bin-path)"
binary="$bin_dir/convlens"

# The manual, from the argument definitions (swift-argument-parser's plugin; it builds in the same configuration,
# already done above, and runs `convlens --experimental-dump-help`). Dated by the commit, so it is reproducible.
date_arg=()
if git rev-parse --git-dir >/dev/null 2>&1; then date_arg=(--date "$(git log -1 --format=%cs)"); fi
man_page=.build/plugins/GenerateManual/outputs/convlens/convlens.1
rm -f "$man_page"
swift package plugin generate-manual --configuration "$configuration" ${date_arg[@]+"${date_arg[@]}"} >/dev/null
[ -s "$man_page" ] || { echo "install.sh: the generate-manual plugin wrote no $man_page" >&2; exit 1; }

# On Linux the release binary is linked with the Swift runtime inside (after the plugin, which builds the usual
# way): it runs on a machine without the Swift toolchain (a lab machine) and starts sooner (no dynamic linking of
# the Swift libraries; BENCHMARKS.md, "first frame").
if [ "$configuration" = release ] && [ "$(uname -s)" = Linux ]; then
  echo "install.sh: linking the Swift runtime in (--static-swift-stdlib)"
  swift build -c "$configuration" --product convlens --static-swift-stdlib
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"; scripts/stamp-commit.sh --remove' EXIT
for shell in bash zsh fish; do
  "$binary" --generate-completion-script "$shell" > "$stage/completion.$shell"
done

[ -f "$manifest" ] && uninstall

# Every file: source, destination relative to the prefix, mode.
files=("$binary" bin/convlens 755
  "$man_page" share/man/man1/convlens.1 644
  "$stage/completion.bash" share/bash-completion/completions/convlens 644
  "$stage/completion.zsh" share/zsh/site-functions/_convlens 644
  "$stage/completion.fish" share/fish/vendor_completions.d/convlens.fish 644)
for scenario in Scenarios/*.json; do
  files+=("$scenario" "share/convlens/$scenario" 644)
done

entries=()
created_dir() {  # creates a folder under the prefix, remembering each level that did not exist
  local rel="$1" part path=""
  local IFS=/
  for part in $rel; do
    path="${path:+$path/}$part"
    if [ ! -d "$prefix/$path" ]; then
      mkdir -- "$prefix/$path"
      entries+=("dir $path")
    fi
  done
}
mkdir -p -- "$prefix"
created_dir share/convlens
for ((i = 0; i < ${#files[@]}; i += 3)); do
  source="${files[$i]}" dest="${files[$((i + 1))]}" mode="${files[$((i + 2))]}"
  created_dir "$(dirname "$dest")"
  install -m "$mode" -- "$source" "$prefix/$dest"
  entries+=("file $dest")
done
# No debugging information, which names the build machine's folders.
command -v strip >/dev/null 2>&1 && strip -- "$prefix/bin/convlens"
printf '%s\n' "${entries[@]}" > "$manifest"

echo "install.sh: installed $("$prefix/bin/convlens" --version) under $prefix"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "install.sh: add $prefix/bin to PATH to run convlens" ;; esac
