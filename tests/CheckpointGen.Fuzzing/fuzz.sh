#!/usr/bin/env bash
# Coverage-guided fuzzing of the checkpoint reader: SharpFuzz instruments CheckpointGen.dll (and MemoryPack.Core.dll,
# which decodes the tensor table), libFuzzer drives the target through driver/libfuzzer-dotnet.c.
#   tests/CheckpointGen.Fuzzing/fuzz.sh [--seconds N | --runs N] [--seed N] [--work DIR]
# Without --work the run starts from a fresh folder (removed when nothing is found), so a run depends only on the
# commit and its options; with --work the corpus grows in DIR/corpus across runs. Findings land in <work>/findings,
# and the inputs of earlier findings (regressions/) are replayed first. A finding ends the run with a non-zero exit
# code; replay it with
#   dotnet tests/CheckpointGen.Fuzzing/bin/Release/net10.0/linux-x64/CheckpointGen.Fuzzing.dll replay DIR/findings/crash-…
# and turn it into a regression test in tests/CheckpointGen.Tests. See docs/reliability.md.
set -euo pipefail
limit=(-max_total_time=60)
seed=0
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds N | --runs N] [--seed N] [--work DIR]" >&2; exit 2 ;;
  esac
done
fresh=false
if [ -z "$work" ]; then work="$(mktemp -d "${TMPDIR:-/tmp}/checkpointgen-fuzz.XXXXXX")"; fresh=true; fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$work/corpus" "$work/findings"

# libFuzzer comes with Debian's clang (-fsanitize=fuzzer needs the compiler-rt package too).
probe="$work/probe.c"
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }' > "$probe"
if ! clang -fsanitize=fuzzer "$probe" -o "$work/probe" >/dev/null 2>&1; then
  echo "== installing clang and libFuzzer (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
clang -O1 -fsanitize=fuzzer "$here/driver/libfuzzer-dotnet.c" -o "$work/libfuzzer-dotnet"

echo "== building the fuzz target"
(cd "$root" && dotnet tool restore >/dev/null)
dotnet build "$here" -c Release -nologo -v quiet
output="$(dirname "$(find "$here/bin/Release" -name CheckpointGen.Fuzzing.dll | head -1)")"
# Hard links cost no disk (the output holds libtorch); the assemblies to instrument become real copies.
rm -rf "$work/target"
cp -al "$output" "$work/target"
for assembly in CheckpointGen.dll MemoryPack.Core.dll; do
  rm "$work/target/$assembly"
  cp "$output/$assembly" "$work/target/$assembly"
  (cd "$root" && dotnet tool run sharpfuzz "$work/target/$assembly" >/dev/null)
done
rm -rf "$work/seeds"
dotnet "$output/CheckpointGen.Fuzzing.dll" corpus "$work/seeds"   # the uninstrumented build: instrumented code runs only under libFuzzer

echo "== fuzzing (${limit[*]} -seed=$seed; log: $work/fuzz.log)"
status=0
# seed 0 lets libFuzzer pick one (printed in the log); the same seed and -runs on the same corpus repeat a run.
"$work/libfuzzer-dotnet" --target_path="$(command -v dotnet)" --target_arg="$work/target/CheckpointGen.Fuzzing.dll" --target_arg=run \
  "${limit[@]}" -seed="$seed" -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/findings/" \
  "$work/corpus" "$work/seeds" "$here/regressions" > "$work/fuzz.log" 2>&1 || status=$?
grep -E "^#[0-9]+ +(DONE|pulse)|^stat::|Done [0-9]+ runs|ERROR|deadly|crash-|timeout-|oom-|libfuzzer-dotnet:" "$work/fuzz.log" | tail -20
if [ "$status" -ne 0 ]; then
  echo "== FINDING: the reader failed on an input (above); the last 60 lines of the log:"
  tail -60 "$work/fuzz.log"
elif $fresh; then
  rm -rf "$work"
fi
exit "$status"
