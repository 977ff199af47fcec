#!/bin/bash
# Stamp benchmark on a large PDF with object streams: TeX Live documentation joined with qpdf
# (~53 MB, bench/make_large_pdf.sh). Measures, best of N runs each, in the same run: cp followed by
# openssl dgst -sha256 of the copy (the floor: the bytes copied once and hashed once), pith stamp,
# exiftool writing one XMP property and a qpdf full rewrite; prints times, ratios and peak memory
# (GNU time). Target: pith stamp <= 2x cp + openssl. The input does not show the record's title, so
# it is stamped with --force (every check still runs). pith stamp flushes its output to disk
# (fsync) before renaming it into place, which cp does not: on a busy disk that flush dominates.
# usage: bench/stamp_bench.sh [PITH] [WORKDIR] [RUNS]   (the joined file is kept in WORKDIR for reuse)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/bench/timing.sh"
pith=${1:-${PITH:-$src/build/tool/cli/pith}}
work=${2:-${TMPDIR:-/tmp}/pith-bench}
runs=${3:-5}
rec="$src/tests/stamp/data/record.json"
mkdir -p "$work"
big="$work/large.pdf"
bash "$src/bench/make_large_pdf.sh" "$big"
objects=$(qpdf --show-xref "$big" | wc -l)
echo "input: $(stat -c%s "$big") bytes, $objects objects"

sync
t_cp=$(best_of "$runs" sh -c "cp '$big' '$work/copy.pdf' && openssl dgst -sha256 '$work/copy.pdf'")
m_cp=$(peak_kb sh -c "cp '$big' '$work/copy.pdf' && openssl dgst -sha256 '$work/copy.pdf'")
t_stamp=$(best_of "$runs" "$pith" stamp "$big" --record "$rec" --force -o "$work/stamped.pdf")
m_stamp=$(peak_kb "$pith" stamp "$big" --record "$rec" --force -o "$work/stamped.pdf")
[ -s "$work/stamped.pdf" ] || { echo "stamp failed"; exit 1; }
cp "$big" "$work/exif.pdf"
t_exif=$(best_of 1 exiftool -overwrite_original -XMP-dc:Source=pith-bench "$work/exif.pdf")
cp "$big" "$work/exif.pdf"
m_exif=$(peak_kb exiftool -overwrite_original -XMP-dc:Source=pith-bench "$work/exif.pdf")
t_qpdf=$(best_of 1 qpdf "$big" "$work/rewrite.pdf")
m_qpdf=$(peak_kb qpdf "$big" "$work/rewrite.pdf")
printf '%-28s %8s s %8s MB\n' "cp + openssl dgst -sha256" "$t_cp" "$((m_cp / 1024))"
printf '%-28s %8s s %8s MB  (%sx cp+openssl, target <= 2)\n' "pith stamp" "$t_stamp" "$((m_stamp / 1024))" "$(ratio "$t_stamp" "$t_cp")"
printf '%-28s %8s s %8s MB  (pith stamp is %sx faster)\n' "exiftool (one XMP property)" "$t_exif" "$((m_exif / 1024))" "$(ratio "$t_exif" "$t_stamp")"
printf '%-28s %8s s %8s MB\n' "qpdf full rewrite" "$t_qpdf" "$((m_qpdf / 1024))"
echo "stamp update: $(( $(stat -c%s "$work/stamped.pdf") - $(stat -c%s "$big") )) bytes"
rm -f "$work/copy.pdf" "$work/exif.pdf" "$work/rewrite.pdf" "$work/stamped.pdf"
