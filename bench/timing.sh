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
# best_cpu N CMD...: the least user + system CPU seconds of N runs (on a loaded machine CPU time
# varies less than wall time).
best_cpu() {
  local n="$1"; shift
  python3 - "$n" "$@" <<'PY'
import resource, subprocess, sys
n = int(sys.argv[1]); cmd = sys.argv[2:]
best = None
for _ in range(n):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
print(f"{best:.4f}")
PY
}
# typical_paper: the benchmarks' "typical 1 MB paper", the first TeX Live manual of 0.9-1.2 MB.
typical_paper() {
  find /usr/share/doc/texlive-doc -name '*.pdf' -size +900k -size -1200k | LC_ALL=C sort | sed -n 1p
}
