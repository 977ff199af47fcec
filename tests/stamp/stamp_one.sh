#!/bin/sh
# Stamps one PDF and checks the result (or the refusal): used by stamp_corpus.sh through xargs.
# The corpus files do not show the record's title on page 1, so pith stamp would refuse them
# (exit 1): --force stamps them anyway, and check_stamped.py holds pith verify to every structural
# check. usage: stamp_one.sh IN WORKDIR RECORD SHORT URL
in=$1; work=$2; record=$3; short=$4; url=$5
name=$(basename "$in")
out="$work/$name"
timeout 20 "$PITH" stamp "$in" --record "$record" --force -o "$out" 2>"$work/$name.err"
rc=$?
case $rc in
0) python3 "$PITH_SOURCE_DIR/tests/stamp/check_stamped.py" "$in" "$out" "$short" "$url" || exit 1 ;;
3) if [ -e "$out" ]; then echo "FAIL $in: exit 3 but an output was written"; exit 1; fi
   lines=$(wc -l < "$work/$name.err")
   if [ "$lines" -ne 1 ] || ! grep -q '^pith: ' "$work/$name.err"; then
       echo "FAIL $in: exit 3 without a one-line 'pith:' error"; cat "$work/$name.err"; exit 1
   fi
   echo "refused $in: $(cat "$work/$name.err")" ;;
124) echo "FAIL $in: timeout"; exit 1 ;;
*) echo "FAIL $in: exit $rc"; cat "$work/$name.err"; exit 1 ;;
esac

