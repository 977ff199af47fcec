#!/bin/sh
# Stamps every PDF of the qpdf test corpus (../shared's 625 files when they are there, else the
# subset kept in tests/data), with --force: their page 1 does not show the record's title. A file
# pith can read must give a stamped file that keeps the input as its prefix, passes qpdf --check when
# the input did, keeps its page count and shows the badge, the link and the binding to qpdf,
# pdftotext and exiftool, and that pith verify finds structurally sound (binding, stamp update, no
# later revision, badge shown: tests/verify/stampcheck.py); any other file must be refused
# with exit 3 and one line of error, no output, no crash, no hang.
set -u
corpus="${PITH_SHARED_DIR:-/nonexistent}/corpus/qpdf"
min_stamped=400  # of 625
if [ ! -d "$corpus" ]; then
  corpus="$PITH_TEST_DATA_DIR/corpus/qpdf"
  min_stamped=100  # of 130
fi
echo "corpus: $corpus ($(ls "$corpus"/*.pdf | wc -l) files)"
work=$(mktemp -d)
mkdir "$work/out"
trap 'rm -rf "$work"' EXIT
record="$PITH_SOURCE_DIR/tests/stamp/data/record.json"
short=pith:XWMJ4DGY
url=https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5
ls "$corpus"/*.pdf | xargs -P2 -I{} sh "$PITH_SOURCE_DIR/tests/stamp/stamp_one.sh" {} "$work/out" "$record" "$short" "$url" >> "$work/log.txt"  # O_APPEND: lines of parallel jobs stay whole
rc=$?
stamped=$(grep -c '^ok ' "$work/log.txt")
refused=$(grep -c '^refused ' "$work/log.txt")
failed=$(grep -c '^FAIL ' "$work/log.txt")
python3 "$PITH_SOURCE_DIR/tests/stamp/check_xmp_binding.py" "$corpus" "$work/out" >> "$work/log.txt" || rc=1
failed=$(grep -c '^FAIL ' "$work/log.txt")
echo "stamped $stamped, refused $refused, failed $failed"
grep -A3 '^FAIL ' "$work/log.txt"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$stamped" -gt "$min_stamped" ]
