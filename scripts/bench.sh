#!/usr/bin/env bash
# Speed figures, side by side: the kernel's protocol, poolkit in Go and
# from a cell, and Python's multiprocessing.Pool on the same work. Prints
# the ratios the issues ask about. Timings on a shared 2-core machine are
# noisy: run it twice.
set -euo pipefail
cd "$(dirname "$0")/.."
metric() { awk -v m="$2" '{for (i=1;i<=NF;i++) if ($i==m) print $(i-1)}' <<<"$1" | head -1; }

k=$(go test -run '^$' -bench . -benchtime 20x ./kernel/kerneltest/)
p=$(go test -run '^$' -bench 'MapOverhead|MapSleep' ./poolkit/)
c=$(go test -run '^$' -bench Cell -benchtime 5x ./kernel/engine/)
py=$(python3 scripts/bench_pool.py)
echo "$k" | grep Benchmark
echo "$p" | grep Benchmark
echo "$c" | grep Benchmark
echo "$py"
go_ms=$(metric "$c" ms/map)
py_ms=$(awk '{print $2}' <<<"$py")
echo
echo "kernel start to kernel_info_reply: $(metric "$k" ms/start) ms (target < 300)"
echo "execute round trip, median:        $(metric "$k" ms-median) ms (target < 2)"
echo "Map 200k tiny tasks from a cell:   ${go_ms} ms; Python Pool(2).map: ${py_ms} ms; ratio python/go = $(awk -v a="$py_ms" -v b="$go_ms" 'BEGIN{printf "%.2f", a/b}') (target >= 1)"
echo "CPU-bound speedup 1 -> 2 workers:  $(metric "$c" x-speedup)x (target >= 1.7)"
