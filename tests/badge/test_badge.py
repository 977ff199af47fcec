#!/usr/bin/env python3
"""pith badge: SVG, PDF and PNG checked with independent readers.

The expected number and URL are computed here from the record with hashlib and base64 (not by
pith); the SVG is parsed with xml.etree and xmllint, the PDF with qpdf, pdfinfo and pdftotext, the
PNG chunk by chunk with zlib; every QR code is decoded with zbarimg, and the PNG is compared pixel
by pixel with poppler's rendering of the badge PDF.
"""
import base64
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "verify"))
from pdfgen import paper_pdf  # noqa: E402

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def expected_number(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    canonical = json.dumps(doc["canonical_record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    suffix = base64.b32encode(digest).decode().rstrip("=")[:26]
    return suffix, "pith:" + suffix[:8], "https://pith.science/pith/" + suffix


SUFFIX, LABEL, URL = expected_number(RECORD)


def run(*args, check=True):
    p = subprocess.run([PITH, *args], capture_output=True)
    if check and p.returncode != 0:
        raise AssertionError("pith %s -> %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p


def zbar(path):
    p = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True, text=True)
    return p.stdout.strip()


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(ctype + body) & 0xFFFFFFFF == crc, "CRC of %r" % ctype
        chunks.append((ctype, body))
        pos += 12 + length
    return chunks


def png_gray_pixels(data):
    """Decodes an 8-bit RGB, non-interlaced PNG (all filter types) into rows of gray ints (as
    pdftoppm -gray weighs the channels: 0.3 R + 0.59 G + 0.11 B)."""
    chunks = png_chunks(data)
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, ctype, interlace) == (8, 2, 0)
    raw = zlib.decompress(b"".join(b for t, b in chunks if t == b"IDAT"))
    rows, prev, pos, n = [], [0] * (3 * w), 0, 3 * w
    for _ in range(h):
        f = raw[pos]
        line = list(raw[pos + 1:pos + 1 + n])
        pos += 1 + n
        for i in range(n):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        prev = line
        rows.append([round(0.3 * line[3 * i] + 0.59 * line[3 * i + 1] + 0.11 * line[3 * i + 2]) for i in range(w)])
    return w, h, rows


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    return w, h, [list(px[y * w:(y + 1) * w]) for y in range(h)]


class BadgeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pith-badge-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def badge(self, name, *extra):
        run("badge", RECORD, "-o", self.path(name), *extra)
        with open(self.path(name), "rb") as f:
            return f.read()

    def test_svg_is_valid_xml_with_link_label_and_qr(self):
        data = self.badge("b.svg", "--qr")
        subprocess.run(["xmllint", "--noout", self.path("b.svg")], check=True)
        root = ET.fromstring(data)
        self.assertEqual(root.tag, SVG_NS + "svg")
        links = root.findall(SVG_NS + "a")
        self.assertEqual(len(links), 1)
        self.assertEqual(links[0].get("href"), URL)
        self.assertEqual(links[0].get(XLINK), URL)
        texts = [(t.text, t.get("font-weight")) for t in root.iter(SVG_NS + "text")]
        self.assertEqual(texts, [("Pith Number", "normal"), (LABEL, "bold")])
        self.assertEqual(root.find(SVG_NS + "title").text, "Pith Number " + LABEL)
        # Draw the QR path's rectangles into a PGM and let zbar read it.
        w, h = float(root.get("viewBox").split()[2]), float(root.get("viewBox").split()[3])
        paths = [p for p in root.iter(SVG_NS + "path") if p.get("fill") == "#000000"]
        self.assertEqual(len(paths), 1)
        rects = re.findall(r"M([\d.]+) ([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z", paths[0].get("d"))
        self.assertGreater(len(rects), 50)
        scale = 8
        W, H = int(w * scale) + 1, int(h * scale) + 1
        img = bytearray([255]) * (W * H)
        for x, y, rw, rh in rects:
            x0, y0 = round(float(x) * scale), round(float(y) * scale)
            x1, y1 = round((float(x) + float(rw)) * scale), round((float(y) + float(rh)) * scale)
            for yy in range(y0, y1):
                img[yy * W + x0:yy * W + x1] = bytes(x1 - x0)
        with open(self.path("qr.pgm"), "wb") as f:
            f.write(b"P5 %d %d 255\n" % (W, H) + bytes(img))
        self.assertEqual(zbar(self.path("qr.pgm")), URL)
        # And as a browser shows it: Chromium at 1 CSS px per px, i.e. 96 dpi (the SVG is sized in points).
        chromium = shutil.which("chromium")
        if chromium:
            size = "%d,%d" % (math.ceil(w * 96 / 72), math.ceil(h * 96 / 72))
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--screenshot=" + self.path("chromium.png"), "--window-size=" + size,
                            "file://" + self.path("b.svg")], capture_output=True, timeout=120, check=True)
            self.assertEqual(zbar(self.path("chromium.png")), URL, "the SVG in Chromium at 96 dpi")

    def test_svg_without_qr_has_no_qr_path(self):
        root = ET.fromstring(self.badge("b.svg"))
        self.assertEqual([p for p in root.iter(SVG_NS + "path") if p.get("fill") == "#000000"], [])
        self.assertEqual([t.text for t in root.iter(SVG_NS + "text")], ["Pith Number", LABEL])

    def test_pdf_one_page_with_link_text_and_qr(self):
        self.badge("b.pdf", "--qr")
        check = subprocess.run(["qpdf", "--check", self.path("b.pdf")], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        info = subprocess.run(["pdfinfo", self.path("b.pdf")], capture_output=True, text=True, check=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")
        text = subprocess.run(["pdftotext", self.path("b.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        self.assertEqual(" ".join(text.split()), "Pith Number " + LABEL)
        fonts = subprocess.run(["pdffonts", self.path("b.pdf")], capture_output=True, text=True, check=True)
        self.assertEqual(fonts.stderr, "")
        rows = [l.split() for l in fonts.stdout.splitlines()[2:]]
        self.assertEqual(sorted(r[0] for r in rows), ["PITHBD+NimbusSans-Bold", "PITHRG+NimbusSans-Regular"])
        self.assertTrue(all(r[4:6] == ["yes", "yes"] for r in rows), fonts.stdout)  # embedded subsets
        js = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", self.path("b.pdf")],
                                       capture_output=True, text=True, check=True).stdout)
        objects = js["qpdf"][1]
        page = objects["obj:" + js["pages"][0]["object"]]["value"]
        self.assertEqual(len(page["/Annots"]), 1)
        annot = objects["obj:" + page["/Annots"][0]]["value"]
        self.assertEqual(annot["/Subtype"], "/Link")
        self.assertEqual(annot["/A"]["/S"], "/URI")
        self.assertEqual(annot["/A"]["/URI"], "u:" + URL)
        self.assertEqual(annot["/Contents"], "u:Pith Number " + LABEL)
        self.assertEqual([round(v, 3) for v in annot["/Rect"]], [round(v, 3) for v in page["/MediaBox"]])
        # The code decodes at screen resolution in poppler, mupdf and Ghostscript.
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", self.path("b.pdf"), self.path("render")], check=True)
        self.assertEqual(zbar(self.path("render.png")), URL, "pdftoppm at 96 dpi")
        subprocess.run(["mutool", "draw", "-q", "-r", "96", "-o", self.path("mu.png"), self.path("b.pdf")], check=True)
        self.assertEqual(zbar(self.path("mu.png")), URL, "mutool draw at 96 dpi")
        subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r96", "-dTextAlphaBits=4",
                        "-dGraphicsAlphaBits=4", "-sOutputFile=" + self.path("gs.png"), self.path("b.pdf")], check=True)
        self.assertEqual(zbar(self.path("gs.png")), URL, "Ghostscript at 96 dpi")

    def test_png_size_resolution_qr_and_same_picture_as_pdf(self):
        pdf = self.badge("b.pdf", "--qr")
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts",
                         subprocess.run(["pdfinfo", self.path("b.pdf")], capture_output=True, text=True).stdout)
        wpt, hpt = float(size.group(1)), float(size.group(2))
        self.assertAlmostEqual(hpt, 86.2, places=2)  # the default height with a QR code: an 8 pt label
        for dpi in (72, 96, 150, 300):
            data = self.badge("b%d.png" % dpi, "--qr", "--dpi", str(dpi))
            chunks = png_chunks(data)
            self.assertEqual(chunks[0][0], b"IHDR")
            w, h = struct.unpack(">II", chunks[0][1][:8])
            self.assertEqual((w, h), (math.ceil(wpt * dpi / 72 - 1e-6), math.ceil(hpt * dpi / 72 - 1e-6)))
            phys = dict(chunks)[b"pHYs"]
            self.assertEqual(struct.unpack(">IIB", phys), (round(dpi / 0.0254),) * 2 + (1,))
            self.assertNotIn(b"tIME", dict(chunks))
            if dpi >= 96:
                self.assertEqual(zbar(self.path("b%d.png" % dpi)), URL, "PNG at %d dpi" % dpi)
        # Same picture: poppler renders the badge PDF at 300 dpi, grayscale; compare pixel by pixel.
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-singlefile", self.path("b.pdf"), self.path("ref")], check=True)
        rw, rh, ref = read_pgm(self.path("ref.pgm"))
        with open(self.path("b300.png"), "rb") as f:
            w, h, ours = png_gray_pixels(f.read())
        self.assertLessEqual(abs(rw - w), 1)
        self.assertLessEqual(abs(rh - h), 1)
        diff = sum(abs(ref[y][x] - ours[y][x]) for y in range(min(h, rh)) for x in range(min(w, rw)))
        mean = diff / (min(h, rh) * min(w, rw))
        self.assertLess(mean, 6.0, "PNG differs from poppler's rendering of the PDF badge")
        dark = sum(1 for row in ours for v in row if v < 128)
        self.assertGreater(dark, w * h // 20)  # a QR code and text, not a blank box

    def test_same_badge_as_pith_stamp(self):
        # pith stamp draws its badge on a page (a paper whose page 1 shows the record's title, so that
        # the stamp verifies; nothing of it lies under the badge); crop poppler's rendering of it to
        # the badge's link rectangle and compare with the PNG badge at the same resolution.
        with open(RECORD, encoding="utf-8") as f:
            title = json.load(f)["paper"]["title"]
        with open(self.path("page.pdf"), "wb") as f:
            f.write(paper_pdf(title))
        run("stamp", self.path("page.pdf"), "--record", RECORD, "--qr", "-o", self.path("stamped.pdf"))
        self.assertEqual(run("verify", self.path("stamped.pdf"), check=False).returncode, 0)
        js = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", self.path("stamped.pdf")],
                                       capture_output=True, text=True, check=True).stdout)
        objects = js["qpdf"][1]
        page = objects["obj:" + js["pages"][0]["object"]]["value"]
        links = [objects["obj:" + a]["value"] for a in page["/Annots"]]
        rect = [l for l in links if l["/A"]["/URI"] == "u:" + URL][0]["/Rect"]
        self.badge("b.pdf", "--qr")
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts",
                         subprocess.run(["pdfinfo", self.path("b.pdf")], capture_output=True, text=True).stdout)
        self.assertAlmostEqual(rect[2] - rect[0], float(size.group(1)), places=1)
        self.assertAlmostEqual(rect[3] - rect[1], float(size.group(2)), places=1)
        dpi = 300
        x, y = round(rect[0] * dpi / 72), round((792 - rect[3]) * dpi / 72)
        w, h, ours = png_gray_pixels(self.badge("b.png", "--qr", "--dpi", str(dpi)))
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h),
                        "-singlefile", self.path("stamped.pdf"), self.path("crop")], check=True)
        cw, ch, crop = read_pgm(self.path("crop.pgm"))
        diff = sum(abs(crop[j][i] - ours[j][i]) for j in range(min(h, ch)) for i in range(min(w, cw)))
        self.assertLess(diff / (min(h, ch) * min(w, cw)), 8.0, "the PNG badge differs from pith stamp's badge")

    def test_same_record_same_bytes(self):
        for name, extra in (("a.svg", ["--qr"]), ("a.pdf", ["--qr"]), ("a.png", ["--qr", "--dpi", "200"]), ("n.png", [])):
            first = self.badge(name, *extra)
            second = self.badge("2" + name, *extra)
            self.assertEqual(first, second, name)

    def test_record_shapes_give_the_same_badge(self):
        # The state and bare shapes of other records draw their own number; the label follows the record.
        # The bare canonical record has no receipt: UNVERIFIABLE, so pith badge refuses it (exit 1,
        # nothing written) unless --force-unverified.
        bare = os.path.join(SRC, "examples", "records", "seed-46ATTTLZ-canonical.json")
        p = run("badge", bare, "-o", self.path("bare.svg"), check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(b"UNVERIFIABLE", p.stderr)
        self.assertFalse(os.path.exists(self.path("bare.svg")))
        for rec in ("seed-UU3ZMT4K.json", "seed-QNWJDFSK-state.json", "seed-46ATTTLZ-canonical.json"):
            path = os.path.join(SRC, "examples", "records", rec)
            run("badge", path, "-o", self.path("x.svg"), *(["--force-unverified"] if "canonical" in rec else []))
            root = ET.parse(self.path("x.svg")).getroot()
            label = [t.text for t in root.iter(SVG_NS + "text")][1]
            self.assertEqual(label, "pith:" + rec.split("-")[1][:8])

    def test_bad_inputs(self):
        with open(RECORD, encoding="utf-8") as f:
            text = f.read()
        doc = json.loads(text)
        doc["canonical_record"]["metadata"]["license"] = "forged"
        forged = self.path("forged.json")
        with open(forged, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        p = run("badge", forged, "-o", self.path("f.svg"), check=False)
        self.assertEqual(p.returncode, 1)
        self.assertFalse(os.path.exists(self.path("f.svg")))
        self.assertEqual(run("badge", RECORD, "-o", self.path("b.gif"), check=False).returncode, 2)
        self.assertEqual(run("badge", RECORD, "-o", self.path("b.png"), "--dpi", "10", check=False).returncode, 2)
        self.assertEqual(run("badge", self.path("missing.json"), "-o", self.path("m.svg"), check=False).returncode, 3)
        with open(self.path("trunc.json"), "w", encoding="utf-8") as f:
            f.write(text[:200])
        p = run("badge", self.path("trunc.json"), "-o", self.path("t.svg"), check=False)
        self.assertEqual(p.returncode, 3)
        self.assertEqual(len(p.stderr.decode().strip().splitlines()), 1)
        p = run("badge", RECORD, "-o", self.path("no/such/dir/b.svg"), check=False)
        self.assertEqual(p.returncode, 5)
        self.assertEqual(run("badge", RECORD, "-o", self.path("b.png"), "--font", RECORD, check=False).returncode, 3)
        self.assertFalse(any(n.endswith((".svg", ".png", ".gif")) for n in os.listdir(self.dir)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
