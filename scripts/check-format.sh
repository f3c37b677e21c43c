#!/usr/bin/env bash
# The house style check the test command runs first: `dotnet format --verify-no-changes` over
# Emitter.sln with the rules in .editorconfig. Lists every file it would change and the rules it
# breaks, and exits 1; `dotnet format Emitter.sln` fixes them (docs/testing.md).
# Two passes, not the whole of `dotnet format`: `whitespace` (layout, final newline, line ends)
# and `style` (usings order, var, names, namespaces: the .editorconfig rules at warning). The
# third pass, `analyzers`, reports what the build already fails on (-warnaserror) and would
# compile everything once more.
# It reads the code after a build: the OTLP messages are C# that Grpc.Tools generates when the
# project builds, and without them the style pass misreads the code using them (on a fresh clone
# it asked for `readonly` on a field written through Interlocked.Add with a generated count).
set -uo pipefail
cd "$(dirname "$0")/.."

# Up to date after the test command's own build, so this costs seconds there.
dotnet build Emitter.sln -c Release -nologo -v quiet >/dev/null 2>&1 \
  || { echo "format: the solution does not build; run 'dotnet build Emitter.sln' to see why" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT

status=0
restore=()
for pass in whitespace style; do
  dotnet format "$pass" Emitter.sln --verify-no-changes -v quiet "${restore[@]}" >>"$out" 2>&1 || status=$?
  restore=(--no-restore) # the first pass restored the solution
done
if [ "$status" -eq 0 ]; then
  echo "format: no changes (dotnet format whitespace, style) in ${SECONDS} s"
  exit 0
fi

# dotnet format prints one line a change: /path/File.cs(12,5): error IMPORTS: Fix imports ordering. [project]
files=$(sed -nE "s#^$PWD/##; s#^(.+)\([0-9]+,[0-9]+\): (error|warning) ([A-Za-z0-9]+):.*#\1 \3#p" "$out" \
  | sort -u | awk '{ if ($1 in rules) rules[$1] = rules[$1] ", " $2; else rules[$1] = $2 } END { for (f in rules) print "  " f ": " rules[f] }' | sort)
if [ -z "$files" ]; then
  cat "$out" >&2
  echo "format: dotnet format could not check the solution (exit $status; its output above)" >&2
  exit 1
fi
echo "format: $(printf '%s\n' "$files" | wc -l) file(s) differ from the house style (.editorconfig):" >&2
printf '%s\n' "$files" >&2
echo "format: run 'dotnet format Emitter.sln' and commit the result (a name, IDE1006, is renamed by hand)" >&2
exit 1
