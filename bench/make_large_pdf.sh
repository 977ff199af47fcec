#!/usr/bin/env bash
# Builds the benchmarks' large PDF: TeX Live documentation PDFs joined by qpdf into one file of about
# 56 MB with object streams and an xref stream. Deterministic: same TeX Live docs, same file.
# Usage: bench/make_large_pdf.sh OUT.pdf [INPUT_MB]   (input documents' total; the output is smaller)
set -euo pipefail
out="$1"
target_mb="${2:-190}"
[ -s "$out" ] && exit 0
docs=/usr/share/doc/texlive-doc
mapfile -t files < <(find "$docs" -name '*.pdf' -size +100k -size -12M | LC_ALL=C sort)
picked=()
total=0
for f in "${files[@]}"; do
  rc=0
  qpdf --is-encrypted "$f" >/dev/null 2>&1 || rc=$?
  [ "$rc" -eq 2 ] || continue   # 2: not encrypted (0: encrypted, else unreadable)
  picked+=("$f")
  total=$((total + $(stat -c %s "$f")))
  [ "$total" -ge $((target_mb * 1024 * 1024)) ] && break
done
qpdf --empty --pages "${picked[@]}" -- --object-streams=generate --deterministic-id "$out.tmp" 2>/dev/null || [ -s "$out.tmp" ]
mv "$out.tmp" "$out"
echo "make_large_pdf: $out from ${#picked[@]} documents, $(stat -c %s "$out") bytes" >&2
