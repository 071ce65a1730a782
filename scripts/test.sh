#!/usr/bin/env bash
# Runs every test project of the solution (already built) and ends with one summary line,
# "N passed, N failed", adding up what each test assembly reported. Exits as dotnet test did.
set -uo pipefail
configuration=${1:-Debug}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Union.sln -c "$configuration" --no-build --nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { awk -v label="$1" '$1 == label && $2 ~ /^[0-9]+$/ && NF == 2 { total += $2 } END { print total + 0 }' "$log"; }
passed=$(sum "Passed:")
failed=$(sum "Failed:")
skipped=$(sum "Skipped:")
# A test host that crashed reports no count: the run still failed, and the line must say so.
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
