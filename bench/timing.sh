# Shared timing helpers for the benchmarks (sourced, not run).
# best_of N CMD...: the best wall time in seconds over N runs (output discarded).
best_of() {
  local n="$1"; shift
  python3 - "$n" "$@" <<'PY'
import subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]
best = min((lambda s: (subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(n))
print(f"{best:.4f}")
PY
}
# peak_kb CMD...: the peak resident memory of one run, in KB.
peak_kb() {
  { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null || true; } | tail -n 1
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
