#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/: a SwiftPM package over the root package, plus C targets
# for the training engine's loaders) with coverage instrumentation and AddressSanitizer, and runs
# each for FUZZ_SECONDS from its committed seed corpus (fuzz/corpus/<target>/). Fails on the first
# crash, leak, timeout or out-of-memory and says where libFuzzer saved the input.
#
#   scripts/fuzz.sh [target...]            (make fuzz: 60 s each; make fuzz-short: 10 s each)
#   FUZZ_SECONDS=300 scripts/fuzz.sh fuzz-http2
#   FUZZ_BUILD_ONLY=1 scripts/fuzz.sh      build, do not run
#
# Findings go to $FUZZ_OUT (default .build-fuzz/findings/<target>/): crash-*, leak-*, timeout-*,
# oom-*. Reproduce one with: .build-fuzz/bin/<target> <file>. New inputs found while fuzzing
# go to .build-fuzz/corpus/<target>/ (the committed seeds are never modified).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${FUZZ_SECONDS:-60}
SCRATCH=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}
OUT=${FUZZ_OUT:-$SCRATCH/findings}
SWIFT=${SWIFT:-swift}
CLANG=${CLANG:-$(dirname "$(command -v "$SWIFT")")/clang}
[ -x "$CLANG" ] || CLANG=clang
RT=$("$CLANG" -print-resource-dir)/lib/linux
FUZZER_NO_MAIN=$RT/libclang_rt.fuzzer_no_main-x86_64.a
[ -f "$FUZZER_NO_MAIN" ] || { echo "fuzz: $FUZZER_NO_MAIN not found (needs the Swift toolchain's clang runtime)" >&2; exit 2; }

SWIFT_TARGETS=(fuzz-proto fuzz-grpc-framing fuzz-http2 fuzz-project-yml fuzz-kit-zip fuzz-upload-paths fuzz-safetensors fuzz-datalist fuzz-json-config)
C_TARGETS=(fuzz-train-data)
ALL=("${SWIFT_TARGETS[@]}" "${C_TARGETS[@]}")
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

# ---- build -------------------------------------------------------------------------------------
COVERAGE=edge,trace-cmp,indirect-calls,inline-8bit-counters,pc-table
mkdir -p "$SCRATCH/bin"
echo "fuzz: building the Swift targets (release, -sanitize=address, coverage) into $SCRATCH"
# SwiftPM gives executables their own main, so libFuzzer's driver comes from fuzzer_no_main and
# each target calls LLVMFuzzerRunDriver (fuzz/Sources/FuzzSupport).
if ! "$SWIFT" build --package-path fuzz -c release --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=$COVERAGE \
    -Xcc -fsanitize=address -Xcc -fsanitize-coverage=$COVERAGE \
    -Xlinker "$FUZZER_NO_MAIN" -Xlinker -lstdc++ > "$SCRATCH/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$SCRATCH/build.log" | grep -E -B2 -A6 "error:" | head -60
    echo "fuzz: building the Swift targets failed (log: $SCRATCH/build.log)" >&2
    exit 1
fi
BIN=$("$SWIFT" build --package-path fuzz -c release --scratch-path "$SCRATCH" --show-bin-path)
for t in "${SWIFT_TARGETS[@]}"; do
    [ -x "$BIN/$t" ] || { echo "fuzz: building $t failed" >&2; exit 1; }
    ln -sf "$BIN/$t" "$SCRATCH/bin/$t"
done
echo "fuzz: building the C target fuzz-train-data (clang -fsanitize=fuzzer,address,undefined)"
TRAIN=Sources/CFlockTrain
if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$TRAIN/include" -I "$TRAIN" -I/usr/include/nifti -I/usr/include/x86_64-linux-gnu/openblas-pthread \
    fuzz/c/fuzz_train_data.c "$TRAIN/nifti.c" "$TRAIN/data.c" "$TRAIN/util.c" \
    -lnifti2 -lznz -lz -lm -ldl -lpthread -o "$SCRATCH/bin/fuzz-train-data" > "$SCRATCH/build-c.log" 2>&1; then
    grep -v "Cannot export local symbol" "$SCRATCH/build-c.log" | head -40
    echo "fuzz: building fuzz-train-data failed" >&2
    exit 1
fi
[ -n "${FUZZ_BUILD_ONLY:-}" ] && { echo "fuzz: built into $SCRATCH/bin"; exit 0; }

# ---- run ---------------------------------------------------------------------------------------
export SWIFT_BACKTRACE=enable=no   # let ASan/libFuzzer report crashes, not the Swift backtracer
failed=()
for t in "${TARGETS[@]}"; do
    [ -x "$SCRATCH/bin/$t" ] || { echo "fuzz: unknown target $t (known: ${ALL[*]})" >&2; exit 2; }
    seeds=fuzz/corpus/$t
    work=$SCRATCH/corpus/$t
    findings=$OUT/$t
    mkdir -p "$work" "$findings"
    log=$findings/last-run.log
    # Swift runtime caches look like leaks to LeakSanitizer; the C target is checked for leaks.
    leaks=0; [[ " ${C_TARGETS[*]} " == *" $t "* ]] && leaks=1
    echo "fuzz: $t for ${SECONDS_EACH}s (seeds $seeds)"
    set +e
    ASAN_OPTIONS=detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
    "$SCRATCH/bin/$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -detect_leaks=$leaks -print_final_stats=1 -artifact_prefix="$findings/" "$work" "$seeds" > "$log" 2>&1
    rc=$?
    set -e
    stats=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}' | head -1)
    if [ $rc -ne 0 ]; then
        failed+=("$t")
        echo "fuzz: $t FAILED (exit $rc) after ${stats:-?} runs; log: $log"
        grep -E "^==[0-9]+==ERROR|SUMMARY|Fatal error|precondition|Test unit written|artifact_prefix" "$log" | head -8 | sed 's/^/    /'
        ls -1 "$findings" | grep -E "^(crash|leak|timeout|oom|slow-unit)-" | sed "s|^|    saved: $findings/|" || true
        echo "    reproduce: $SCRATCH/bin/$t <saved file>"
    else
        echo "fuzz: $t ok, ${stats:-?} runs in ${SECONDS_EACH}s"
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]}"
    exit 1
fi
echo "fuzz: all ${#TARGETS[@]} targets ran ${SECONDS_EACH}s each without a finding"
