/* Header-only: LLVMFuzzerRunDriver comes from libclang_rt.fuzzer_no_main (see scripts/fuzz.sh). */
