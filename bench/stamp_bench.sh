#!/bin/bash
# Stamp benchmark on a large PDF with object streams: TeX Live documentation joined with qpdf
# (~53 MB, bench/make_large_pdf.sh). One run measures cp + sha256sum, pith stamp, exiftool writing one XMP property and a
# qpdf full rewrite, and prints times, ratios and peak memory (GNU time).
# usage: bench/stamp_bench.sh [PITH] [WORKDIR]   (the joined file is kept in WORKDIR for reuse)
set -eu
pith=${1:-${PITH:-pith}}
work=${2:-${TMPDIR:-/tmp}/pith-bench}
src=$(cd "$(dirname "$0")/.." && pwd)
rec="$src/tests/stamp/data/record.json"
mkdir -p "$work"
big="$work/large.pdf"
bash "$src/bench/make_large_pdf.sh" "$big"
objects=$(qpdf --show-xref "$big" | wc -l)
echo "input: $(stat -c%s "$big") bytes, $objects objects"

measure() {  # prints "seconds peak_kB" for a command
    local log="$work/time.txt"
    /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2>&1 || true
    tail -1 "$log"
}
sync
read -r t_cp m_cp < <(measure sh -c "cp '$big' '$work/copy.pdf' && sha256sum '$work/copy.pdf'")
read -r t_stamp m_stamp < <(measure "$pith" stamp "$big" --record "$rec" -o "$work/stamped.pdf")
[ -s "$work/stamped.pdf" ] || { echo "stamp failed"; exit 1; }
cp "$big" "$work/exif.pdf"
read -r t_exif m_exif < <(measure exiftool -overwrite_original -XMP-dc:Source=pith-bench "$work/exif.pdf")
read -r t_qpdf m_qpdf < <(measure qpdf "$big" "$work/rewrite.pdf")
ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.2f}')"; }
printf '%-28s %8s s %8s MB\n' "cp + sha256sum" "$t_cp" "$((m_cp / 1024))"
printf '%-28s %8s s %8s MB  (%sx cp+sha256sum, target <= 3)\n' "pith stamp" "$t_stamp" "$((m_stamp / 1024))" "$(ratio "$t_stamp" "$t_cp")"
printf '%-28s %8s s %8s MB  (pith stamp is %sx faster)\n' "exiftool (one XMP property)" "$t_exif" "$((m_exif / 1024))" "$(ratio "$t_exif" "$t_stamp")"
printf '%-28s %8s s %8s MB\n' "qpdf full rewrite" "$t_qpdf" "$((m_qpdf / 1024))"
echo "stamp update: $(( $(stat -c%s "$work/stamped.pdf") - $(stat -c%s "$big") )) bytes"
rm -f "$work/copy.pdf" "$work/exif.pdf" "$work/rewrite.pdf" "$work/stamped.pdf"
