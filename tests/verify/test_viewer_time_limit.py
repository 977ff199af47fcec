#!/usr/bin/env python3
"""poppler's work under a time limit, and an input that shrinks while pith reads it.

Small files that keep poppler busy for minutes (a tiling pattern with a 0.01 pt step behind the
title, an image of 1 x 2^31 rows drawn in it), written byte by byte at test time: pith verify must
end within the limit (PITH_VIEWER_TIME_LIMIT) plus its own work, with the viewer checks
`unverifiable` naming the limit and a verdict that is never VERIFIED; pith stamp must refuse such
an original with one line and exit 3, leaving no output and no temporary file. A file truncated
while pith verify runs must end in a report, never in SIGBUS."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from pdfgen import append_update, build_pdf, pdf_string, stream, wrap  # noqa: E402

PITH = os.environ["PITH"]
RECORD = os.path.join(os.path.dirname(__file__), "..", "stamp", "data", "record.json")
with open(RECORD) as f:
    TITLE = json.load(f)["paper"]["title"]
LIMIT = "1"  # seconds, for the hostile files
# The previous pith spent 49 s to several minutes on each of these files.
WALL_SECONDS = 20
FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message)


def run(args, limit=None, timeout=WALL_SECONDS * 3):
    env = dict(os.environ)
    env.pop("PITH_VIEWER_TIME_LIMIT", None)
    if limit is not None:
        env["PITH_VIEWER_TIME_LIMIT"] = limit
    start = time.monotonic()
    try:
        p = subprocess.run([PITH] + args, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start
    return p, time.monotonic() - start


def image(width, height, data):
    data = zlib.compress(data, 9)
    return (b"<</Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
            b"/Filter /FlateDecode /Length %d>>\nstream\n" % (width, height, len(data)) + data + b"\nendstream")


def pattern(step):
    return stream(b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 %g %g] /XStep %g /YStep %g"
                  b" /Resources <<>>" % (step, step, step, step), b"0.9 g 0 0 %g %g re f" % (step / 2, step / 2))


# Object 7 is what the update redefines: the pattern behind the title or the image drawn in it.
def paper(drawing_object, drawing):
    y = 632
    ops = [drawing if drawing.startswith(b"q /Pattern") else b"", b"0 g BT /F2 16 Tf 72 %d Td 20 TL" % y]
    for line in wrap(TITLE, 48):
        ops.append(pdf_string(line) + b" Tj T*")
    ops.append(b"ET BT /F1 11 Tf 72 540 Td (A. Author, B. Author) Tj ET")
    ops.append(b"BT /F1 10 Tf 72 120 Td (Abstract. This test paper has a title and a few words.) Tj ET")
    if not drawing.startswith(b"q /Pattern"):
        ops.append(drawing)
    kind = b"/Pattern <</P1 7 0 R>>" if drawing.startswith(b"q /Pattern") else b"/XObject <</Im 7 0 R>>"
    return build_pdf({
        1: b"<</Type /Catalog /Pages 2 0 R>>",
        2: b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        3: b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
           b" /Resources <</Font <</F1 5 0 R /F2 6 0 R>> " + kind + b">>>>",
        4: stream(b"", b"\n".join(ops)),
        5: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>",
        6: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding>>",
        7: drawing_object,
    })


BEHIND_TITLE = b"q /Pattern cs /P1 scn 60 600 480 60 re f Q"
IN_TITLE = b"q 10 0 0 10 100 630 cm /Im Do Q"
TALL = image(1, 2147483647, b"\x80" * 64)  # the data stops after 64 bytes; poppler renders every row


def stamped(tmp, name, original):
    """The original stamped by pith under the default limit (it is harmless then)."""
    src, out = os.path.join(tmp, name + "-original.pdf"), os.path.join(tmp, name + "-stamped.pdf")
    with open(src, "wb") as f:
        f.write(original)
    p, _ = run(["stamp", src, "--record", RECORD, "-o", out])
    if p is None or p.returncode != 0:
        fail("%s: the harmless original could not be stamped: %s" % (name, p and p.stderr.strip()))
        return None
    with open(out, "rb") as f:
        return f.read()


def redefined(data, obj7):
    """data with object 7 redefined by one more incremental update (after the stamp)."""
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    return append_update(data, {7: obj7}, size, 1)


def verify_json(path, limit):
    p, elapsed = run(["verify", "--json", path], limit=limit)
    if p is None:
        return None, None, elapsed
    try:
        return p, json.loads(p.stdout), elapsed
    except ValueError:
        return p, None, elapsed


def check_verify_bounded(name, path):
    p, report, elapsed = verify_json(path, LIMIT)
    where = "%s: pith verify" % name
    if p is None or elapsed > WALL_SECONDS:
        return fail("%s took %.1f s (limit %s s, bound %d s)" % (where, elapsed, LIMIT, WALL_SECONDS))
    if report is None:
        return fail("%s: no JSON report (exit %d): %s" % (where, p.returncode, p.stderr.strip()))
    checks = {c["id"]: c for c in report.get("checks", [])}
    if report["verdict"] == "VERIFIED" or p.returncode == 0:
        fail("%s: %s (exit %d) for a page poppler did not read in time" % (where, report["verdict"], p.returncode))
    for cid in ("pith.title.shown", "pith.badge.shown"):
        c = checks.get(cid)
        if not c or c["status"] != "unverifiable" or "within %s s" % LIMIT not in c["reason"]:
            fail("%s: %s is %r, not unverifiable naming the time limit" % (where, cid, c))
    print("ok %s: %s, exit %d, %.1f s: %s" % (where, report["verdict"], p.returncode, elapsed, checks["pith.title.shown"]["reason"]))


def check_stamp_refused(tmp, name, original):
    folder = os.path.join(tmp, name + "-stamp")
    os.mkdir(folder)
    src, out = os.path.join(folder, "original.pdf"), os.path.join(folder, "stamped.pdf")
    with open(src, "wb") as f:
        f.write(original)
    p, elapsed = run(["stamp", src, "--record", RECORD, "-o", out], limit=LIMIT)
    where = "%s: pith stamp" % name
    if p is None or elapsed > WALL_SECONDS:
        return fail("%s took %.1f s (limit %s s, bound %d s)" % (where, elapsed, LIMIT, WALL_SECONDS))
    # pith's own lines; poppler itself may write "Bogus memory allocation size" to stderr (it
    # bypasses its error callback), which pith cannot suppress without hiding its own errors.
    lines = [line for line in p.stderr.strip().splitlines() if line.startswith("pith:")]
    if p.returncode != 3 or len(lines) != 1 or "within %s s" % LIMIT not in lines[0]:
        fail("%s: exit %d, stderr %r; wanted exit 3 and one line naming the time limit" % (where, p.returncode, p.stderr))
    left = sorted(os.listdir(folder))
    if left != ["original.pdf"]:
        fail("%s: left %s in the output folder" % (where, left))
    print("ok %s: exit %d, %.1f s: %s" % (where, p.returncode, elapsed, p.stderr.strip()))


def check_never_verified(tmp):
    """A genuine stamp whose page takes poppler longer than the limit: UNVERIFIABLE, not VERIFIED."""
    data = stamped(tmp, "big-image", paper(image(3000, 3000, b"\x80" * 9000000), IN_TITLE))
    if data is None:
        return
    path = os.path.join(tmp, "big-image.pdf")
    with open(path, "wb") as f:
        f.write(data)
    p, report, _ = verify_json(path, None)
    if report is None or report["verdict"] != "VERIFIED":
        return fail("big-image: the genuine stamp does not verify under the default limit: %s" % (p and p.stdout[:300]))
    p, report, elapsed = verify_json(path, "0.001")
    if report is None or report["verdict"] != "UNVERIFIABLE" or p.returncode != 6:
        return fail("big-image: with a 0.001 s limit: %s (exit %s), wanted UNVERIFIABLE (exit 6)"
                    % (report and report["verdict"], p and p.returncode))
    print("ok big-image: VERIFIED under the default limit, UNVERIFIABLE (exit 6) under 0.001 s")


def check_truncated_during_verify(tmp, slow):
    """The file is truncated to 0 bytes while pith verify works on it (poppler busy on its page)."""
    victim = os.path.join(tmp, "victim.pdf")
    with open(victim, "wb") as f:
        f.write(slow)
    env = dict(os.environ, PITH_VIEWER_TIME_LIMIT="4")
    p = subprocess.Popen([PITH, "verify", "--quiet", victim], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    time.sleep(1.5)
    open(victim, "wb").close()
    try:
        out, err = p.communicate(timeout=WALL_SECONDS * 3)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return fail("truncated during verify: still running after %d s" % (WALL_SECONDS * 3))
    if p.returncode not in (0, 1, 3, 4, 5, 6) or not (out.strip() or err.strip()):
        return fail("truncated during verify: exit %d (a negative exit is a signal), stdout %r, stderr %r" % (p.returncode, out, err))
    print("ok truncated during verify: exit %d: %s" % (p.returncode, (out or err).strip().splitlines()[0]))


def recursive_type3_paper():
    """Page 1's title in a Type3 font whose every glyph shows eight glyphs of the same font: poppler
    renders it for seconds (it stops each recursion only at its own depth), in every call that draws the page."""
    codes = range(32, 127)
    diffs = b"[32 " + b" ".join(b"/g%d" % c for c in codes) + b"]"
    procs = b" ".join(b"/g%d %d 0 R" % (c, c) for c in codes)
    ops = [b"BT /T3 8 Tf 20 700 Td " + pdf_string(TITLE) + b" Tj ET",
           b"BT /F1 10 Tf 72 120 Td (Abstract. This test paper has a title and a few words.) Tj ET"]
    glyphs = {c: stream(b"", b"600 0 d0 0 0 100 100 re f BT /R 0.2 Tf (QQQQQQQQ) Tj ET") for c in codes}
    return build_pdf({**glyphs,
        1: b"<</Type /Catalog /Pages 2 0 R>>",
        2: b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        3: b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <</Font <</F1 5 0 R /T3 6 0 R>>>>>>",
        4: stream(b"", b"\n".join(ops)),
        5: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>",
        6: b"<</Type /Font /Subtype /Type3 /FontBBox [0 0 600 800] /FontMatrix [0.001 0 0 0.001 0 0] /FirstChar 32"
           b" /LastChar 126 /Widths [" + b" ".join(b"600" for _ in codes) + b"] /Resources <</Font <</R 6 0 R>>>>"
           b" /Encoding <</Type /Encoding /Differences " + diffs + b">> /CharProcs <<" + procs + b">>>>",
    })


def check_one_budget(tmp):
    """pith stamp reads the page through poppler several times (placement, then verifying its
    output): the limit is one budget for all of it, not one per call."""
    folder = os.path.join(tmp, "recursive-type3")
    os.mkdir(folder)
    src, out = os.path.join(folder, "original.pdf"), os.path.join(folder, "stamped.pdf")
    with open(src, "wb") as f:
        f.write(recursive_type3_paper())
    # The time poppler's work takes in all here (a forced stamp under a generous limit), and a limit
    # below it: under one budget the command ends by that limit; under one limit per call it ran
    # on past it (the work is spread over several calls, each shorter than the limit).
    p, whole = run(["stamp", src, "--record", RECORD, "-o", out, "--force"], limit="120")
    if p is None or p.returncode != 0:
        return fail("recursive Type3: pith stamp --force under a 120 s limit: %s" % (p and p.stderr.strip()))
    os.remove(out)
    limit = round(0.6 * whole, 2)
    bound = limit + max(0.3, 0.15 * limit)
    for force in ([], ["--force"]):
        p, elapsed = run(["stamp", src, "--record", RECORD, "-o", out] + force, limit="%g" % limit)
        where = "recursive Type3: pith stamp %s" % " ".join(force)
        if p is None or elapsed > bound:
            fail("%s took %.2f s with a %g s limit (the whole work takes %.2f s): the limit is not one budget for "
                 "the command" % (where, elapsed, limit, whole))
            continue
        if p.returncode != 3 or "within %g s" % limit not in p.stderr or os.path.exists(out):
            fail("%s: exit %d, stderr %r: wanted exit 3 naming the time limit, and no output" % (where, p.returncode, p.stderr))
        print("ok %s: exit %d, %.2f s (limit %g s, the whole work %.2f s): %s" % (where, p.returncode, elapsed, limit, whole,
                                                                              p.stderr.strip()[:120]))


def main():
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        tiling = stamped(tmp, "tiling", paper(pattern(40), BEHIND_TITLE))
        tall = stamped(tmp, "tall-image", paper(image(8, 8, b"\x80" * 64), IN_TITLE))
        slow = {}
        if tiling:
            slow["tiling"] = redefined(tiling, pattern(0.01))
        if tall:
            slow["tall-image"] = redefined(tall, TALL)
        for name, data in slow.items():
            path = os.path.join(tmp, name + ".pdf")
            with open(path, "wb") as f:
                f.write(data)
            check_verify_bounded(name, path)
        check_stamp_refused(tmp, "tall-image", paper(TALL, IN_TITLE))
        check_stamp_refused(tmp, "tiling", paper(pattern(0.01), BEHIND_TITLE))
        check_never_verified(tmp)
        check_one_budget(tmp)
        if "tiling" in slow:
            check_truncated_during_verify(tmp, slow["tiling"])
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
