"""Generates the forgery suite's files at test time, from the repository's two genuine records.

Paper A ("On the Expressive Power of Weight Quantization in Large Language Models", record
XWMJ4DGY) and paper B ("Qift: ...", record UU3ZMT4K) are drawn by hand (pdfcraft.PdfBuilder,
Helvetica text) or compiled with pdflatex; the honest files are made with `pith stamp` and
`pith latex`; every forgery is then made with byte edits, hand-written incremental updates
(pdfcraft), qpdf or pikepdf. Nothing here uses pith's own PDF writer.

Each builder returns a Forgery: the bytes, what it is, and what the forger wants viewers to show
(strings poppler's pdftotext and MuPDF's text device must print, strings they must not print,
links pdfinfo must list, ...). The expected verdicts live in the test script's table.
"""
import hashlib
import io
import json
import os
import re
import struct
import subprocess
import textwrap
import time

import pikepdf

from pdfcraft import (Doc, Hex, Name, PdfBuilder, Raw, Ref, Stream, append_revision, edit_xmp_in_place,
                      from_pike, merge_into_last_revision, pdf_text, replace_same_length, rewrite_last_revision,
                      ser, sha256, stream_obj, write_objects)

TITLE_A = "On the Expressive Power of Weight Quantization in Large Language Models"
TITLE_B = "Qift: Shift-Friendly No-Zero W2 Post-Training Quantization for Rotated W2A4/KV4 LLM Inference"
SUFFIX_A = "XWMJ4DGYPGPNYY3GAECCTV6HU5"
SUFFIX_B = "UU3ZMT4KGAAIATHWRRPFCJZTVP"
SHORT_A = "pith:" + SUFFIX_A[:8]
SHORT_B = "pith:" + SUFFIX_B[:8]
URL_A = "https://pith.science/pith/" + SUFFIX_A
URL_B = "https://pith.science/pith/" + SUFFIX_B
FORGED = "FORGED TEXT"
FAKE_SHORT = "pith:AAAAAAAA"
# What the default stamp (top-right, 40 pt high, 12 pt margin) covers on a US Letter page, and a
# little more: where a forger puts things meant to sit on top of, or under, the badge.
BADGE_AREA = [428, 734, 606, 786]
BADGE_INNER = [437, 742, 598, 778]  # inside the badge: compared pixel by pixel
BESIDE_BADGE = [0, 690, 380, 728]   # left of the default badge with its QR code (214 x 86 pt, top right)
HIDDEN_LINE_AREA = [72, 325, 540, 350]

HELVETICA = {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Helvetica"),
             "Encoding": Name("WinAnsiEncoding")}


class GenError(Exception):
    pass


class Forgery:
    """One generated file and what viewers must show of it.

    show / hide: strings page `page` must / must not show in both pdftotext and mutool; show_letters:
    strings whose letters and digits (case folded) page 1's must hold in both, in that order;
    pages: {page: [strings]} for other pages; urls / no_urls: URIs pdfinfo -url must / must not list;
    info_title: pdfinfo's Title; meta_contains: strings in pdfinfo -meta (the XMP viewers read);
    attachment_contains: strings in pith-record.json as pdfdetach extracts it; before / before_hide:
    the file as stamped (for shadow attacks) and what it must still hide; qr_urls: what the QR codes
    on page 1 decode to (zbarimg on both renderings); pixels: (label, other PDF, rect, "same",
    "alike" or "differ"): page 1 of both renderings compared with another PDF's inside rect (PDF
    points), "alike" within 4 grey levels (anti-aliasing over a painted white differs by one);
    viewers: where show/hide/pages/pixels/qr_urls must hold: "poppler" (pdftotext, pdftoppm) and/or
    "mupdf" (mutool draw), both by default, only "mupdf" for an attack aimed at MuPDF;
    mupdf_urls: URIs MuPDF's link list of page 1 must hold (mutool run); mupdf_repairs: mutool must
    say it repairs the file (it lost the cross-reference: what the attack relies on);
    verify_args: more arguments for pith verify (a keyring naming the stamper);
    detail_contains: strings the failing check's reason must hold (the object it names);
    must_refuse / refused: `pith stamp` must refuse the original without --force / whether it did;
    notes: how it was made."""

    def __init__(self, data, description, show=(), hide=(), pages=None, urls=(), no_urls=(), info_title=None,
                 meta_contains=(), attachment_contains=(), before=None, before_hide=(), before_show=(), qr_urls=(),
                 pixels=(), notes=(), viewers=("poppler", "mupdf"), mupdf_urls=(), mupdf_repairs=False,
                 verify_args=(), must_refuse=False, refused=None, detail_contains=(), show_letters=()):
        self.data = data
        self.show_letters = list(show_letters)
        self.description = description
        self.show, self.hide = list(show), list(hide)
        self.pages = pages or {}
        self.urls, self.no_urls = list(urls), list(no_urls)
        self.info_title = info_title
        self.meta_contains = list(meta_contains)
        self.attachment_contains = list(attachment_contains)
        self.before, self.before_hide, self.before_show = before, list(before_hide), list(before_show)
        self.qr_urls = list(qr_urls)
        self.pixels = list(pixels)
        self.notes = list(notes)
        self.viewers = tuple(viewers)
        self.mupdf_urls = list(mupdf_urls)
        self.mupdf_repairs = mupdf_repairs
        self.verify_args = list(verify_args)
        self.must_refuse, self.refused = must_refuse, refused
        self.detail_contains = list(detail_contains)


# ---------------------------------------------------------------- the context: tools and caches

class Ctx:
    def __init__(self, pith, src, work):
        self.pith_bin, self.src, self.work = pith, src, work
        self.rec_a = os.path.join(src, "examples", "records", "seed-XWMJ4DGY.json")
        self.rec_b = os.path.join(src, "examples", "records", "seed-UU3ZMT4K.json")
        for path in (self.rec_a, self.rec_b):
            if not os.path.exists(path):
                raise GenError("missing record " + path)
        self.record_a = json.load(open(self.rec_a))
        self.record_b = json.load(open(self.rec_b))
        self._cache = {}
        self._n = 0

    def path(self, name):
        return os.path.join(self.work, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def run(self, args, cwd=None, env=None, timeout=120):
        return subprocess.run(args, capture_output=True, cwd=cwd, env=env, timeout=timeout)

    def pith(self, *args):
        for _ in range(30):
            try:
                return self.run([self.pith_bin, *args])
            except OSError:  # the binary is being relinked by a concurrent build: wait and retry
                time.sleep(2)
        raise GenError("cannot run " + self.pith_bin)

    def cached(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def stamp(self, data, record, *args, fallback=("--force",), notes=None, tag="stamp"):
        """`pith stamp`; a refusal (exit 1) is noted and retried with `fallback` added."""
        self._n += 1
        # The cases' geometry (BADGE_AREA, the regions compared pixel by pixel) is that of the top-right
        # corner, where a forger who runs pith stamp can always put the badge.
        if "--position" not in args and "--style" not in args:
            args = ("--position", "top-right") + tuple(args)
        src = self.write("%s-%d-in.pdf" % (tag, self._n), data)
        out = self.path("%s-%d-out.pdf" % (tag, self._n))
        p = self.pith("stamp", src, "--record", record, "-o", out, *args)
        if p.returncode == 1 and fallback:
            retry = list(dict.fromkeys(list(args) + list(fallback)))
            if notes is not None:
                said = (p.stderr.decode(errors="replace").strip().splitlines() or [""])[0][:160]
                notes.append("pith stamp %s refused (exit 1: %s); stamped with %s" % (
                    " ".join(args) or "(no options)", said, " ".join(retry)))
            p = self.pith("stamp", src, "--record", record, "-o", out, *retry)
        if p.returncode != 0:
            raise GenError("pith stamp %s: exit %d %s" % (" ".join(args), p.returncode,
                                                         p.stderr.decode(errors="replace")))
        if notes is not None and p.stderr.strip():
            notes.append("pith stamp said: " + p.stderr.decode(errors="replace").strip()[:200])
        return open(out, "rb").read()

    def stamp_refuses(self, data, record, *args, notes):
        """Whether `pith stamp` (without --force) refuses; noted either way."""
        self._n += 1
        src = self.write("refuse-%d-in.pdf" % self._n, data)
        p = self.pith("stamp", src, "--record", record, "-o", self.path("refuse-%d-out.pdf" % self._n), *args)
        said = (p.stderr.decode(errors="replace").strip().splitlines() or [""])[0][:160]
        if p.returncode == 1:
            notes.append("pith stamp %s refused (exit 1: %s)" % (" ".join(args) or "(no options)", said))
        else:
            notes.append("pith stamp %s did not refuse (exit %d%s)" % (" ".join(args) or "(no options)",
                                                                     p.returncode, ": " + said if said else ""))
        return p.returncode == 1

    def stamper_key(self):
        """(secret key file, keyring file trusting it as a stamper): `pith key generate`."""
        def make():
            key, ring = self.path("journal.key"), self.path("journal.ring")
            p = self.pith("key", "generate", "--key-id", "journal", "-o", key, "--force")
            if p.returncode != 0:
                raise GenError("pith key generate: " + p.stderr.decode(errors="replace"))
            with open(ring, "w") as f:
                f.write(p.stdout.decode().strip() + " stamper\n")
            return key, ring
        return self.cached("stamper_key", make)

    def keyring_args(self):
        return ["--keyring", self.stamper_key()[1]]

    # ---- base papers and honest stamps, made once

    def paper_a(self):
        return self.cached("paper_a", lambda: paper(TITLE_A, self.record_a)[0])

    def paper_b(self):
        return self.cached("paper_b", lambda: paper(TITLE_B, self.record_b)[0])

    def stamped_a(self):
        def make():
            notes = []
            data = self.stamp(self.paper_a(), self.rec_a, fallback=None, notes=notes)
            if data[:len(self.paper_a())] != self.paper_a():
                raise GenError("pith stamp did not keep the original bytes")
            return data
        return self.cached("stamped_a", make)

    def stamped_b(self):
        return self.cached("stamped_b", lambda: self.stamp(self.paper_b(), self.rec_b, fallback=None))

    def signed_a(self):
        """Paper A stamped and signed with the stamper key."""
        return self.cached("signed_a", lambda: self.stamp(self.paper_a(), self.rec_a, "--key", self.stamper_key()[0],
                                                          fallback=None))

    def sealed_latex_a(self):
        """LaTeX paper A sealed (`pith stamp --seal`) and signed with the stamper key."""
        return self.cached("sealed_latex_a", lambda: self.stamp(self.latex_a(), self.rec_a, "--seal", "--key",
                                                                self.stamper_key()[0], fallback=None))

    def latex(self, key, record, title, number, with_pith=True, force_unverified=False, options="", data_tweak=None):
        return self.cached(("latex", key), lambda: latex_paper(self, key, record, title, number, with_pith,
                                                               force_unverified, options, data_tweak))

    def latex_a(self):
        return self.latex("A", self.rec_a, TITLE_A, SUFFIX_A)

    def unsigned_record_a(self):
        def make():
            rec = json.loads(json.dumps(self.record_a))
            del rec["receipt"]
            rec["verification_status"]["pith_receipt"] = False
            return self.write("record-A-no-receipt.json", json.dumps(rec).encode())
        return self.cached("unsigned_a", make)


# ---------------------------------------------------------------- hand-built papers

def _wrap(text, width):
    return textwrap.wrap(text, width, break_on_hyphens=False)


def text_block(lines, x, y, size, leading, font="F1"):
    out = b"BT /%s %g Tf %g TL %g %g Td" % (font.encode(), size, leading, x, y)
    for i, line in enumerate(lines):
        out += (b" T* " if i else b" ") + pdf_text(line) + b" Tj"
    return out + b" ET\n"


INTRO = ("Large language models are expensive to store and to run. Quantization replaces their weights by "
         "a few levels and keeps most of their quality; this paper asks what is lost, and when, as the "
         "number of bits falls. We give bounds and experiments, and discuss what they mean in practice.")


def page1_content(title, record, title_lines=True, font="F1"):
    paper_info = record["paper"]
    lines = _wrap(title, 40)
    out = text_block(lines, 72, 700, 18, 22, font) if title_lines else b""
    y = 700 - 22 * len(lines) - 14
    out += text_block([paper_info["authors_text"]], 72, y, 12, 14, font)
    y -= 34
    out += text_block(["Abstract"], 72, y, 11, 13, font)
    abstract = _wrap(paper_info["abstract_excerpt"][:420], 92)
    out += text_block(abstract, 72, y - 18, 10, 13, font)
    y -= 18 + 13 * len(abstract) + 22
    out += text_block(["1 Introduction"], 72, y, 12, 14, font)
    out += text_block(_wrap(INTRO, 92), 72, y - 18, 10, 13, font)
    return out


def other_page_content(n):
    body = _wrap("Section %d continues the argument with further results, proofs and tables. " % n * 6, 92)
    return text_block(["Page %d" % n], 72, 720, 12, 14) + text_block(body, 72, 690, 10, 13)


def paper(title, record, info_title=True, pages=1, tweak=None, file_id=None):
    """A small paper: page 1 shows the title in Helvetica (several lines), authors, abstract and an
    introduction. Returns (bytes, meta); tweak(builder, meta) may change anything before writing."""
    b = PdfBuilder()
    b.root = cat = b.reserve()
    pages_num = b.reserve()
    font = b.add(dict(HELVETICA))
    meta = {"catalog": cat, "pages": pages_num, "font": font, "page_nums": [], "content_nums": []}
    for i in range(pages):
        c = b.add_stream({}, page1_content(title, record) if i == 0 else other_page_content(i + 1))
        p = b.add({"Type": Name("Page"), "Parent": Ref(pages_num), "MediaBox": [0, 0, 612, 792],
                   "Contents": Ref(c), "Resources": {"Font": {"F1": Ref(font)}}})
        meta["page_nums"].append(p)
        meta["content_nums"].append(c)
    b.objs[pages_num] = {"Type": Name("Pages"), "Kids": [Ref(p) for p in meta["page_nums"]], "Count": pages}
    b.objs[cat] = {"Type": Name("Catalog"), "Pages": Ref(pages_num)}
    info = {"Producer": "forgery-suite hand-built paper"}
    if info_title is True:
        info["Title"] = title
    elif info_title:
        info["Title"] = info_title
    b.info = b.add(info)
    meta["info"] = b.info
    if tweak:
        tweak(b, meta)
    return b.build(file_id=(file_id or title).encode()), meta


def page1(b, meta):
    return b.objs[meta["page_nums"][0]]


def content1(b, meta):
    return b.objs[meta["content_nums"][0]]


def form(bbox, data, resources=None):
    d = {"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": bbox}
    if resources is not None:
        d["Resources"] = resources
    return Stream(d, data)


# ---------------------------------------------------------------- LaTeX papers

LATEX = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[hidelinks,pdfusetitle]{hyperref}
%(pith)s
\title{%(title)s}
\author{%(author)s}
\date{June 2026}
\begin{document}
\maketitle
\begin{abstract}
%(abstract)s
\end{abstract}
\section{Introduction}
%(intro)s
\section{Results}
Across model sizes the bounds are tight, and the experiments agree with them.
\end{document}
"""


def _tex_escape(s):
    return re.sub(r"([&%$#_{}])", r"\\\1", s).replace("~", "").replace("^", "")


def latex_paper(ctx, key, record, title, number, with_pith, force_unverified, options="", data_tweak=None):
    """A pdflatex paper; with_pith: \\usepackage[options]{pith} and the data file `pith latex` writes,
    which data_tweak(directory) may change before compiling."""
    d = ctx.path("latex-" + key)
    os.makedirs(d, exist_ok=True)
    rec = json.load(open(record))
    paper_info = rec.get("paper") or {"authors_text": "A. Author", "abstract_excerpt": INTRO}
    pith_lines = ""
    if with_pith:
        args = ["latex", record, "-o", d] + (["--force-unverified"] if force_unverified else [])
        p = ctx.pith(*args)
        if p.returncode != 0:
            raise GenError("pith latex: exit %d %s" % (p.returncode, p.stderr.decode(errors="replace")))
        if data_tweak:
            data_tweak(d)
        pith_lines = "\\usepackage%s{pith}\n\\pithnumber{%s}" % ("[%s]" % options if options else "", number)
    tex = LATEX % {"pith": pith_lines, "title": _tex_escape(title), "author": _tex_escape(paper_info["authors_text"]),
                   "abstract": _tex_escape(paper_info["abstract_excerpt"][:600]), "intro": _tex_escape(INTRO)}
    with open(os.path.join(d, "paper.tex"), "w") as f:
        f.write(tex)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1781000000", FORCE_SOURCE_DATE="1")
    p = ctx.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "-halt-on-error", "paper.tex"], cwd=d,
                env=env)
    pdf = os.path.join(d, "paper.pdf")
    if p.returncode != 0 or not os.path.exists(pdf):
        log = open(os.path.join(d, "paper.log"), errors="replace").read()[-800:]
        raise GenError("pdflatex failed: " + log)
    return open(pdf, "rb").read()


# ---------------------------------------------------------------- building blocks for updates

def page_contents_list(doc, page):
    c = page.get("Contents")
    if c is None:
        return []
    if isinstance(c, Ref):
        target = doc.pdf.get_object(c)
        return [c] if isinstance(target, pikepdf.Stream) else from_pike(target)
    return list(c)


def with_resource(doc, page, category, name, ref):
    res = dict(doc.resolve(page.get("Resources", {})))
    sub = dict(doc.resolve(res.get(category, {})))
    sub[name] = ref
    res[category] = sub
    page["Resources"] = res
    return page


def forged_stream(text=FORGED + ": the reported results were replaced after stamping", y=330):
    return b"q 1 0 0 1 0 0 cm BT /FgF1 15 Tf 0.8 0 0 rg 72 %d Td %s Tj ET Q\n" % (y, pdf_text(text))


def add_page_content(doc, page_num, content, nums):
    """Objects that append a content stream (with its own Helvetica) to a page."""
    c_num, f_num = nums
    page = doc.obj(page_num)
    page["Contents"] = page_contents_list(doc, page) + [Ref(c_num)]
    with_resource(doc, page, "Font", "FgF1", Ref(f_num))
    return {page_num: ser(page), c_num: stream_obj({}, content), f_num: ser(HELVETICA)}


def forged_page_objects(doc, page_index=0):
    return add_page_content(doc, doc.page(page_index), forged_stream(), doc.new_nums(2))


def record_bytes_for_attachment(record_path):
    return open(record_path, "rb").read()


def embedded_file_objects(doc, record_data, nums, af=True):
    """A pith-record.json attachment (EmbeddedFile, Filespec, name tree) and the catalog naming it."""
    ef, fs, names = nums
    cat = doc.catalog()
    cat["Names"] = {"EmbeddedFiles": Ref(names)}
    if af:
        cat["AF"] = [Ref(fs)]
    efd = {"Type": Name("EmbeddedFile"), "Subtype": Name("application/json"),
           "Params": {"Size": len(record_data), "CheckSum": Hex(hashlib.md5(record_data).digest())}}
    return {doc.root: ser(cat), ef: stream_obj(efd, record_data, compress=True),
            fs: ser({"Type": Name("Filespec"), "F": "pith-record.json", "UF": "pith-record.json",
                     "EF": {"F": Ref(ef), "UF": Ref(ef)}, "AFRelationship": Name("Supplement")}),
            names: ser({"Names": ["pith-record.json", Ref(fs)]})}


def link_annot(rect, uri, page_ref=None):
    d = {"Type": Name("Annot"), "Subtype": Name("Link"), "Rect": rect, "Border": [0, 0, 0], "F": 4,
         "A": {"Type": Name("Action"), "S": Name("URI"), "URI": uri}}
    if page_ref:
        d["P"] = page_ref
    return d


def xmp_stream_in(doc):
    num = doc.metadata_num()
    d, data = doc.stream(num)
    return num, d, data


# ---------------------------------------------------------------- the cases

BUILDERS = {}


def case(name):
    def register(fn):
        BUILDERS[name] = fn
        return fn
    return register


# ---- cause 1: wrong record (paper B carries paper A's genuine record)

@case("c1-B-stamped-with-A-default")
def _(ctx):
    notes = []
    data = ctx.stamp(ctx.paper_b(), ctx.rec_a, notes=notes)
    return Forgery(data, "paper B (Info title B) stamped with A's record, default options (retried with --force "
                   "if refused)", show=[TITLE_B, SHORT_A], hide=[TITLE_A], urls=[URL_A], qr_urls=[URL_A], notes=notes)


@case("c1-B-stamped-with-A-force")
def _(ctx):
    notes = []
    data = ctx.stamp(ctx.paper_b(), ctx.rec_a, "--force", notes=notes)
    return Forgery(data, "paper B stamped with A's record with --force", show=[TITLE_B, SHORT_A], hide=[TITLE_A],
                   urls=[URL_A], notes=notes)


@case("c1-B-stamped-with-A-force-keep-title")
def _(ctx):
    notes = []
    data = ctx.stamp(ctx.paper_b(), ctx.rec_a, "--force", "--keep-title", notes=notes)
    return Forgery(data, "paper B stamped with A's record with --force --keep-title: page and metadata say B, "
                   "the record says A", show=[TITLE_B, SHORT_A], hide=[TITLE_A], info_title=TITLE_B, notes=notes)


@case("c1-B-no-title-stamped-with-A")
def _(ctx):
    notes = []
    base, _ = paper(TITLE_B, ctx.record_b, info_title=None)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, "paper B without any title metadata stamped with A's record", show=[TITLE_B, SHORT_A],
                   hide=[TITLE_A], notes=notes)


@case("c1-B-filename-title-stamped-with-A")
def _(ctx):
    notes = []
    base, _ = paper(TITLE_B, ctx.record_b, info_title="qift_w2a4kv4_final.pdf")
    data = ctx.stamp(base, ctx.rec_a, "--keep-title", notes=notes)
    return Forgery(data, "paper B whose Info /Title is a file name, stamped with A's record (--keep-title: the only "
                   "title is the page text)", show=[TITLE_B, SHORT_A], hide=[TITLE_A],
                   info_title="qift_w2a4kv4_final.pdf", notes=notes)


@case("c1-latex-B-with-A-record")
def _(ctx):
    data = ctx.latex("B-with-A", ctx.rec_a, TITLE_B, SUFFIX_A)
    return Forgery(data, "pdflatex paper titled B with \\usepackage{pith}\\pithnumber{A} and A's pith-data.tex",
                   show=[TITLE_B, SHORT_A], hide=[TITLE_A], urls=[URL_A])


def _qr_line(directory):
    with open(os.path.join(directory, "pith-data.tex")) as f:
        return [line for line in f if line.startswith("\\PithDataQr")]


def _qr_rows(line):
    """The modules of a \\PithDataQr line (run lengths, light first): (size, rows of booleans, dark True)."""
    m = re.match(r"\\PithDataQr\{(\d+)\}\{([^}]*)\}", line)
    n, rows = int(m.group(1)), []
    for r in m.group(2).split(","):
        bits, dark = [], False
        for k in r.split("."):
            bits += [dark] * int(k)
            dark = not dark
        rows.append(bits + [False] * (n - len(bits)))
    return n, rows


def _qr_line_of(n, rows):
    out = []
    for bits in rows:
        runs, cur, count = [], False, 0
        for b in bits:
            if b == cur:
                count += 1
            else:
                runs.append(count)
                cur, count = b, 1
        runs.append(count)
        out.append(".".join(map(str, runs)))
    return "\\PithDataQr{%d}{%s}\n" % (n, ",".join(out))


def _latex_with_qr_of_b(ctx, key, options="qr", transform=None):
    """Paper A compiled with \\usepackage[options]{pith} and A's data file whose \\PithDataQr line is
    B's (transformed by transform(line) when given)."""
    other = ctx.path("latex-qr-B-data")
    os.makedirs(other, exist_ok=True)
    p = ctx.pith("latex", ctx.rec_b, "-o", other)
    if p.returncode != 0:
        raise GenError("pith latex: exit %d" % p.returncode)
    b_qr = _qr_line(other)
    if transform:
        b_qr = [transform(b_qr[0])]

    def swap(d):
        path = os.path.join(d, "pith-data.tex")
        with open(path) as f:
            lines = f.readlines()
        with open(path, "w") as f:
            for line in lines:
                f.writelines(b_qr if line.startswith("\\PithDataQr") else [line])
    return ctx.latex(key, ctx.rec_a, TITLE_A, SUFFIX_A, options=options, data_tweak=swap)


@case("c4-latex-qr-of-another-record")
def _(ctx):
    # Paper A's data file with its \PithDataQr line swapped for B's: the badge reads pith:A and links
    # to A, its QR code (what a reader of a printed copy scans) goes to B's record page.
    data = _latex_with_qr_of_b(ctx, "A-qr-of-B")
    return Forgery(data, "pdflatex paper A with \\usepackage[qr]{pith} and A's pith-data.tex whose QR code line is "
                   "B's: the badge reads pith:A and links to A, its QR code goes to B", show=[TITLE_A, SHORT_A],
                   urls=[URL_A], qr_urls=[URL_B])


@case("c4-latex-qr-of-another-record-large-modules")
def _(ctx):
    # The same with the package's qrmodule=4pt: a code 148 pt wide, reaching beyond the label's
    # neighbourhood; it is read on the whole page.
    data = _latex_with_qr_of_b(ctx, "A-qr-of-B-4pt", options="qr,qrmodule=4pt")
    return Forgery(data, "pdflatex paper A with \\usepackage[qr,qrmodule=4pt]{pith} and B's QR code line",
                   show=[TITLE_A, SHORT_A], urls=[URL_A], qr_urls=[URL_B])


@case("c4-latex-qr-of-another-record-inverted")
def _(ctx):
    # B's code with light and dark swapped, in a dark quiet zone of 4 modules: phones read it.
    def invert(line):
        n, rows = _qr_rows(line)
        q = 4
        dark = [[True] * (n + 2 * q) for _ in range(q)]
        return _qr_line_of(n + 2 * q, dark + [[True] * q + [not x for x in r] + [True] * q for r in rows] + dark)
    data = _latex_with_qr_of_b(ctx, "A-qr-of-B-inverted", transform=invert)
    return Forgery(data, "pdflatex paper A with \\usepackage[qr]{pith} and B's QR code line inverted (light modules "
                   "on dark)", show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c1-f5-A-invisible-B-title-stamped-with-B")
def _(ctx):
    notes = []
    word_title = "Microsoft Word - " + TITLE_A

    def tweak(b, meta):
        content1(b, meta).data += b"q BT 3 Tr /F1 1 Tf 72 20 Td %s Tj ET Q\n" % pdf_text(TITLE_B)
    base, _ = paper(TITLE_A, ctx.record_a, info_title=word_title, tweak=tweak, file_id="f5-invisible-title")
    data = ctx.stamp(base, ctx.rec_b, "--key", ctx.stamper_key()[0], notes=notes)
    return Forgery(data, "security review F5: paper A carrying B's title as invisible 1-pt text (render mode 3) and "
                   "Info /Title 'Microsoft Word - <A's title>', stamped with B's record by a trusted stamper",
                   show=[TITLE_A, SHORT_B], info_title=word_title, notes=notes, verify_args=ctx.keyring_args(),
                   # Below the default badge: 86.2 pt high, 12 pt from the top of the 792 pt page.
                   pixels=[("B's title is not drawn: page 1 below the badge as in paper A", ctx.paper_a(),
                            [0, 0, 612, 690], "same")])


def _title_block(title):
    return text_block(_wrap(title, 40), 72, 700, 18, 22)


def _b_over_a(extra):
    """Paper A's page 1 with B's title where A's stands, then `extra` (drawing A's title somewhere)."""
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), _title_block(TITLE_B)) + extra
    return tweak


@case("c1-B-title-A-title-in-small-print")
def _(ctx):
    notes = []
    small = text_block([TITLE_A], 72, 24, 3, 4)
    base, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=_b_over_a(small), file_id="small-print")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    plain, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=_b_over_a(b""), file_id="small-print")
    return Forgery(data, "paper B's title at 18 pt where the title stands, A's title in 3-pt print at the foot of "
                   "page 1, stamped with A's record (--force)", show=[TITLE_B, TITLE_A, SHORT_A], notes=notes,
                   pixels=[("above the foot, page 1 is the page without A's title", plain, [0, 40, 612, 690], "same"),
                           ("left of the badge, page 1 is the page without A's title", plain, BESIDE_BADGE, "same")],
                   must_refuse=True, refused=refused)


# 600 one-point words in render mode 3: no viewer paints them, but counted in the page's body text
# they would pull its median size down to 1 pt, under A's title in 5-pt print.
INVISIBLE_TINY_WORDS = (b"BT 3 Tr /F1 1 Tf 1.2 TL 72 100 Td " +
                        b" ".join(b"(" + b" ".join([b"x"] * 20) + b") '" for _ in range(30)) + b" ET\n")


@case("c1-B-title-A-title-in-small-print-invisible-padding")
def _(ctx):
    notes = []
    small = text_block(["Footnote: this work was first circulated as \"%s\"." % TITLE_A], 72, 60, 5, 6)
    base, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=_b_over_a(small + INVISIBLE_TINY_WORDS),
                    file_id="small-print-padded")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    plain, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=_b_over_a(b""), file_id="small-print-padded")
    return Forgery(data, "paper B's title at 18 pt where the title stands, A's title in a 5-pt footnote, and 600 "
                   "invisible 1-pt words (render mode 3) that would lower the page's median text size, stamped "
                   "with A's record (--force)", show=[TITLE_B, TITLE_A, SHORT_A], notes=notes,
                   pixels=[("above the foot, page 1 is the page without A's title", plain, [0, 70, 612, 690], "same")],
                   must_refuse=True, refused=refused)


# A black bar over A's title, as a redaction; B's title above it.
BAR_OVER_TITLE = b"0 g 60 668 500 56 re f\n" + text_block(_wrap(TITLE_B, 50), 72, 770, 12, 14)


@case("c1-A-title-under-black-bar")
def _(ctx):
    notes = []

    def tweak(b, meta):
        content1(b, meta).data += BAR_OVER_TITLE
    base, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=tweak, file_id="black-bar")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)

    def without_a(b, meta):
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), b"") + BAR_OVER_TITLE
    plain, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=without_a, file_id="black-bar")
    return Forgery(data, "paper A's title under a black filled rectangle (text there, no contrast in its boxes), "
                   "paper B's title above it, stamped with A's record (--force)", show=[TITLE_B, TITLE_A, SHORT_A],
                   notes=notes, pixels=[("A's title is not seen: below the badge, page 1 is the page without it",
                                         plain, [0, 0, 612, 690], "same"),
                                        ("A's title is not seen: left of the badge, page 1 is the page without it",
                                         plain, BESIDE_BADGE, "same")],
                   must_refuse=True, refused=refused)


# B's title at 30 pt above A's, drawn as text in clipping mode 7 (shows nothing by itself) and
# revealed by a black fill through the glyph clip: every viewer paints it, larger than A's title.
CLIP_MODE_TITLE_B = (b"q BT 7 Tr /F1 30 Tf 40 752 Td " + pdf_text(TITLE_B[:30]) + b" Tj ET 0 g 30 740 560 45 re f Q\n")


@case("c1-B-title-in-clip-mode-text-above-A-title")
def _(ctx):
    def tweak(b, meta):
        content1(b, meta).data += CLIP_MODE_TITLE_B
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="clip-mode-title")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    return Forgery(data, "paper A with B's title at 30 pt above its own, drawn in clipping text mode (7 Tr) and shown "
                   "by a black fill through the glyphs (a fill that pith must not take for a cover), stamped with A's "
                   "record", show=[TITLE_B[:30], TITLE_A, SHORT_A], notes=notes, must_refuse=True, refused=refused)


def _to_unicode_cmap(b, mapping, ranges=False, source_bytes=1, codespace=b"<00> <FF>"):
    """A ToUnicode CMap stream for one-byte codes: mapping {code: text}, as bfchar entries or (ranges)
    as bfrange entries giving each run of consecutive codes an array of destinations. source_bytes:
    how many bytes each source code is written in (<41>, <0041>)."""
    utf16 = lambda text: b"<%s>" % text.encode("utf-16-be").hex().upper().encode()
    source = lambda c: b"<%s>" % c.to_bytes(source_bytes, "big").hex().upper().encode()
    codes = sorted(mapping)
    if not ranges:
        body = b"%d beginbfchar\n" % len(codes) + \
            b"".join(b"%s %s\n" % (source(c), utf16(mapping[c])) for c in codes) + b"endbfchar"
    else:
        runs = []
        for c in codes:
            if runs and runs[-1][-1] == c - 1 and len(runs[-1]) < 100:
                runs[-1].append(c)
            else:
                runs.append([c])
        body = b"%d beginbfrange\n" % len(runs) + b"".join(
            b"%s %s [%s]\n" % (source(run[0]), source(run[-1]), b" ".join(utf16(mapping[c]) for c in run)) for run in runs) + \
            b"endbfrange"
    return b.add_stream({}, b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo "
                        b"<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Lie def /CMapType 2 "
                        b"def 1 begincodespacerange " + codespace + b" endcodespacerange " + body +
                        b" endcmap CMapName currentdict /CMap defineresource pop end end")


@case("c1-A-title-erased-inside-a-clip-of-squares")
def _(ctx):
    # A clip made of text in 7 Tr (ZapfDingbats squares, mapped to spaces: no text of their own) over
    # A's title; inside it a white fill erases the title and an image of noise is painted there.
    # Paint inside a text clip shows only the clip text's own words: A's title, drawn before as
    # ordinary text, is covered.
    def tweak(b, meta):
        squares = b.add({"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("ZapfDingbats"),
                         "ToUnicode": Ref(_to_unicode_cmap(b, {0x6E: " "}))})
        page1(b, meta)["Resources"]["Font"]["Z"] = Ref(squares)
        noise = bytes((i * 7919 + (i >> 5) * 104729) % 251 for i in range(420 * 52 * 4))
        image = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Image"), "Width": 840, "Height": 104,
                              "ColorSpace": Name("DeviceGray"), "BitsPerComponent": 8}, noise[:840 * 104])
        page1(b, meta)["Resources"]["XObject"] = {"Noise": Ref(image)}
        content1(b, meta).data += (b"q BT 7 Tr /Z 64 Tf 300 Tz -3 Tc 60 670 Td (nnn) Tj ET 1 g 0 0 612 792 re f "
                                   b"420 0 0 52 66 668 cm /Noise Do Q\n")
    return _forced_stamp_case(ctx, "clip-of-squares", "paper A whose title is erased and painted over with noise inside "
                              "a clip made of ZapfDingbats squares in 7 Tr (text that maps to spaces), stamped with A's "
                              "record", tweak)


# ---- cause 2: unsigned records

@case("c2-stamp-receipt-deleted")
def _(ctx):
    notes = []
    data = ctx.stamp(ctx.paper_a(), ctx.unsigned_record_a(), fallback=("--force-unverified",), notes=notes)
    return Forgery(data, "paper A stamped with A's record whose receipt was deleted", show=[TITLE_A, SHORT_A],
                   notes=notes)


def _record_new(ctx, name):
    out = ctx.path(name)
    p = ctx.pith("record", "new", "--title", TITLE_A, "--arxiv-id", "2606.22249", "--version", "1",
                 "--submitted-at", "2026-06-20T22:22:26Z", "--license",
                 "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "--primary-cat", "cs.LG", "--cross-cat",
                 "cs.AI", "--abstract", ctx.record_a["paper"]["abstract_excerpt"], "-o", out)
    if p.returncode != 0:
        raise GenError("pith record new: " + p.stderr.decode(errors="replace"))
    return out


def _short_of(record_path):
    return json.load(open(record_path))["short_pith_number"]


@case("c2-stamp-record-new")
def _(ctx):
    notes = []
    rec = _record_new(ctx, "record-new.json")
    data = ctx.stamp(ctx.paper_a(), rec, fallback=("--force-unverified",), notes=notes)
    return Forgery(data, "paper A stamped with a record made by `pith record new` (A's facts, no receipt)",
                   show=[TITLE_A, _short_of(rec)], notes=notes)


@case("c2-stamp-self-signed")
def _(ctx):
    notes = []
    rec = _record_new(ctx, "record-new-2.json")
    key = ctx.path("forger.key")
    p = ctx.pith("key", "generate", "--key-id", "forger-2026", "-o", key, "--force")
    if p.returncode != 0:
        raise GenError("pith key generate: " + p.stderr.decode(errors="replace"))
    signed = ctx.path("record-self-signed.json")
    p = ctx.pith("record", "sign", rec, "--key", key, "-o", signed)
    if p.returncode != 0:
        raise GenError("pith record sign: " + p.stderr.decode(errors="replace"))
    data = ctx.stamp(ctx.paper_a(), signed, fallback=("--force-unverified",), notes=notes)
    return Forgery(data, "paper A stamped with a `pith record new` record signed by the forger's own key",
                   show=[TITLE_A, _short_of(signed)], notes=notes)


@case("c2-latex-no-receipt")
def _(ctx):
    data = ctx.latex("A-unsigned", ctx.unsigned_record_a(), TITLE_A, SUFFIX_A, force_unverified=True)
    return Forgery(data, "pdflatex paper A compiled from A's record without its receipt", show=[TITLE_A, SHORT_A])


# ---- cause 3: incremental saving attacks after the stamp

def _isa(ctx, description, **kw):
    data = ctx.stamped_a()
    doc = Doc(data)
    forged = append_revision(data, forged_page_objects(doc), doc, **kw)
    return Forgery(forged, description, show=[TITLE_A, SHORT_A, FORGED], before=data, before_hide=[FORGED])


@case("c3-isa-clean")
def _(ctx):
    return _isa(ctx, "stamped A + a well-formed update adding page content")


@case("c3-isa-no-eof")
def _(ctx):
    return _isa(ctx, "update ending in `startxref N` without %%EOF", ending="no-eof")


@case("c3-isa-comment-before-eof")
def _(ctx):
    return _isa(ctx, "update with a comment line between startxref N and %%EOF", ending="comment")


@case("c3-isa-single-percent-eof")
def _(ctx):
    return _isa(ctx, "update ending in `%EOF` (one percent sign)", ending="single-percent")


@case("c3-isa-startxref-leading-zeros")
def _(ctx):
    return _isa(ctx, "update whose startxref offset has leading zeros", ending="leading-zeros")


@case("c3-isa-crlf-ending")
def _(ctx):
    return _isa(ctx, "update ending in startxref\\r\\nN\\r\\n%%EOF\\r\\n", ending="crlf")


@case("c3-isa-trailing-garbage")
def _(ctx):
    return _isa(ctx, "update followed by bytes after %%EOF", ending="garbage")


@case("c3-isa-xref-stream")
def _(ctx):
    return _isa(ctx, "update with a cross-reference stream", xref="stream")


@case("c3-isa-xref-stream-no-type")
def _(ctx):
    return _isa(ctx, "update with a cross-reference stream lacking /Type /XRef", xref="stream-notype")


@case("c3-isa-broken-startxref")
def _(ctx):
    return _isa(ctx, "update whose startxref points 40 bytes too early (viewers rebuild the xref by scanning; the "
                "last definition of each object wins)", startxref_delta=-40)


@case("c3-f2-trailing-spaces")
def _(ctx):
    return Forgery(ctx.signed_a() + b" " * 5000, "security review F2: paper A stamped and signed by a trusted stamper, "
                   "then 5000 spaces after its last %%EOF (MuPDF looks for startxref near the end only, loses it and "
                   "rebuilds the cross-reference by scanning the file: what F1 and F3 exploit)",
                   show=[TITLE_A, SHORT_A], mupdf_repairs=True, verify_args=ctx.keyring_args())


# ---- cause 4: changes merged into the stamp's own revision

MODES = {"merge": " [merged: the stamp's xref section rewritten to cover these objects too, same /Prev]",
         "chain": " [chained: the stamp's startxref/%%EOF cut off, a 2nd xref section with /Prev to the stamp's]"}


def _merge(ctx, objects_fn, description, mode="merge", **show):
    data = ctx.stamped_a()
    doc = Doc(data)
    forged = merge_into_last_revision(data, objects_fn(doc), doc, mode=mode)
    return Forgery(forged, description + MODES[mode], **show)


@case("c4-merged-page-content")
def _(ctx):
    return _merge(ctx, forged_page_objects, "page content added inside the stamp revision",
                  show=[TITLE_A, SHORT_A, FORGED])


@case("c4-chained-page-content")
def _(ctx):
    return _merge(ctx, forged_page_objects, "page content added inside the stamp revision", mode="chain",
                  show=[TITLE_A, SHORT_A, FORGED])


@case("c4-badge-text-in-place")
def _(ctx):
    data = ctx.stamped_a()
    old = b"(" + SHORT_A.encode() + b")"
    if old not in data[len(ctx.paper_a()):]:
        raise GenError("the stamp's badge text %r is not in an uncompressed stream of the stamp update" % old)
    forged = replace_same_length(data, len(ctx.paper_a()), old, b"(" + SHORT_B.encode() + b")")
    return Forgery(forged, "badge text edited in place in the stamp's badge XObject to B's short number",
                   show=[TITLE_A, SHORT_B], hide=[SHORT_A])


@case("c4-badge-text-merged")
def _(ctx):
    def objs(doc):
        num = doc.badge_xobject(doc.page(0))
        d, content = doc.stream(num)
        new = content.replace(b"(" + SHORT_A.encode() + b")", b"(" + SHORT_B.encode() + b")")
        assert new != content
        return {num: stream_obj(d, new)}
    return _merge(ctx, objs, "badge XObject redefined inside the stamp revision, showing B's short number",
                  mode="chain", show=[TITLE_A, SHORT_B], hide=[SHORT_A])


def _with_first_duplicate(dict_bytes, first):
    """A dictionary's bytes with `first` (key-value bytes) stated before its own entries, and padded
    to 32 entries or more: poppler sorts such a dictionary and finds the first of a key given twice,
    pith and MuPDF take the last."""
    assert dict_bytes.startswith(b"<<")
    return Raw(b"<<" + first + b"/Type/Page" * 30 + dict_bytes[2:])


@case("c4-duplicate-key-page-contents-merged")
def _(ctx):
    # Paper B, with an unused stream drawing A's title page, stamped with A's record (--force); in the
    # stamp revision its page dictionary then states /Contents twice among 32 entries: first A's
    # stream and the badge (what poppler draws: A's title, so pith's title check passes), then the
    # stamp's own (B and the badge: what pith compares, and what MuPDF draws).
    def tweak(b, meta):
        meta["title_a"] = b.add_stream({}, page1_content(TITLE_A, ctx.record_a))
    notes = []
    base, meta = paper(TITLE_B, ctx.record_b, info_title=TITLE_A, tweak=tweak, file_id="duplicate-contents")
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    doc = Doc(data)
    p = doc.page(0)
    contents = page_contents_list(doc, doc.obj(p))
    first = [Ref(meta["title_a"]) if c == Ref(meta["content_nums"][0]) else c for c in contents]
    assert first != contents
    forged = rewrite_last_revision(data, {p: _with_first_duplicate(ser(doc.obj(p)), b"/Contents" + ser(first))}, doc)
    return Forgery(forged, "paper B stamped with A's record, its page dictionary in the stamp revision stating "
                   "/Contents twice among 32 entries: first A's title page (poppler), then B's (pith, MuPDF)",
                   notes=notes, show=[SHORT_A])


@case("c4-xmp-foreign-title-renamed-dc")
def _(ctx):
    # The original's XMP holds a property "title" of another namespace, bound to the prefix dc: an
    # honest stamp writes it under Exempi's own prefix (dc_1_). Renamed back to dc in the stamp's
    # packet, the properties are the same, but pdf.js, which reads elements by their prefix, takes
    # it for the document's dc:title (Firefox's tab title).
    packet = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
              b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              b'xmlns:dc="urn:x-forgery:ns/"><dc:title>' + TITLE_B.encode() + b'</dc:title></rdf:Description>'
              b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')

    def tweak(b, meta):
        b.objs[meta["catalog"]]["Metadata"] = Ref(b.add_stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, packet))
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="foreign-dc-title")
    data = ctx.stamp(base, ctx.rec_a)
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    prefix = re.search(rb"xmlns:(dc_\d+_)=", xmp)
    if not prefix:
        raise GenError("the stamp's packet does not rename the foreign dc prefix: %r" % xmp[:400])
    forged_xmp = re.sub(rb"\b" + prefix.group(1) + rb":", b"dc:", xmp).replace(b"xmlns:" + prefix.group(1) + b"=",
                                                                                b"xmlns:dc=")
    forged = rewrite_last_revision(data, {num: stream_obj(d, forged_xmp)}, doc)
    return Forgery(forged, "paper A whose XMP has a title of another namespace, stamped honestly, then that "
                   "namespace's prefix renamed to dc in the stamp's packet (what pdf.js reads as the title)",
                   show=[TITLE_A, SHORT_A])


def _lookalike(ctx, uri, description, mode="merge"):
    def objs(doc):
        p = doc.page(0)
        genuine = doc.link_annots(p)[0]
        rect = doc.obj(genuine)["Rect"]
        new = doc.new_nums(1)[0]
        page = doc.obj(p)
        page["Annots"] = [Ref(new)]
        return {p: ser(page), new: ser(link_annot(rect, uri, Ref(p)))}
    return _merge(ctx, objs, description, mode=mode, show=[TITLE_A, SHORT_A], urls=[uri], no_urls=[URL_A],
                  qr_urls=[URL_A])


@case("c4-link-lookalike-host")
def _(ctx):
    return _lookalike(ctx, "https://pith.sclence/pith/" + SUFFIX_A,
                      "link over the badge to https://pith.sclence/... (genuine link object kept, on no page)")


@case("c4-link-uppercase-host-other-record")
def _(ctx):
    return _lookalike(ctx, "https://PITH.SCIENCE/pith/" + SUFFIX_B,
                      "link over the badge to https://PITH.SCIENCE/pith/<B's suffix> (genuine link on no page)",
                      mode="chain")


@case("c4-link-idn-lookalike")
def _(ctx):
    host = "p\u0456th.science".encode("idna").decode()  # Cyrillic i: xn--pth-jhd.science
    return _lookalike(ctx, "https://%s/pith/%s" % (host, SUFFIX_A),
                      "link over the badge to an IDN lookalike host %s (genuine link on no page)" % host)


@case("c4-qr-swapped")
def _(ctx):
    # The QR modules: one filled path of rectangles after the black fill colour (format 3 "0 0 0 rg", format 2 "0 g").
    qr = re.compile(rb"\n(?:0 0 0 rg|0 g)\n((?:[-\d. ]+ re\n)+)f\n")
    doc_b = Doc(ctx.stamped_b())
    m_b = qr.search(doc_b.stream(doc_b.badge_xobject(doc_b.page(0)))[1])
    if not m_b:
        raise GenError("no QR path (rectangles filled at once) in the badge pith stamps for B")
    qr_b = m_b.group(1)

    def objs(doc):
        num = doc.badge_xobject(doc.page(0))
        d, content = doc.stream(num)
        m = qr.search(content)
        if not m or m.group(1) == qr_b:
            raise GenError("no QR path of A's own in A's badge")
        return {num: stream_obj(d, content[:m.start(1)] + qr_b + content[m.end(1):])}
    f = _merge(ctx, objs, "badge XObject redefined inside the stamp revision: A's text, the QR code of B's record "
               "page", mode="chain", show=[TITLE_A, SHORT_A], qr_urls=[URL_B])
    f.notes.append("QR modules copied from the badge pith stamps for B's record")
    return f


@case("c4-info-title-differs")
def _(ctx):
    def objs(doc):
        info = doc.obj(doc.info)
        info["Title"] = TITLE_B
        return {doc.info: ser(info)}
    return _merge(ctx, objs, "Info /Title set to B's title inside the stamp revision (XMP dc:title stays A's)",
                  show=[TITLE_A, SHORT_A], info_title=TITLE_B)


@case("c4-second-xmp-packet")
def _(ctx):
    def objs(doc):
        num, d, xmp = xmp_stream_in(doc)
        forged = xmp.replace(TITLE_A.encode(), TITLE_B.encode()).replace(b"W5M0MpCehiHzreSzNTczkc9d",
                                                                         b"W5M0MpCehiHzreSzNTczkc9e")
        assert forged != xmp
        return {num: stream_obj(d, forged + b"\n" + xmp)}
    return _merge(ctx, objs, "the catalog's XMP stream holds two packets: first one naming B's title, then the "
                  "stamp's", mode="chain", show=[TITLE_A, SHORT_A], meta_contains=[TITLE_B])


@case("c4-attachment-wrapper-B")
def _(ctx):
    wrapper = json.loads(json.dumps(ctx.record_a))
    wrapper["paper"]["title"] = TITLE_B
    wrapper["graph_snapshot"]["paper"]["title"] = TITLE_B
    wrapper["paper"]["authors_text"] = ctx.record_b["paper"]["authors_text"]
    wrapper["pith_number"] = ctx.record_b["pith_number"]
    wrapper["short_pith_number"] = ctx.record_b["short_pith_number"]
    body = json.dumps(wrapper, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def objs(doc):
        _fs, ef = doc.attachment()
        d = doc.obj(ef)
        d["Params"] = {"Size": len(body), "CheckSum": Hex(hashlib.md5(body).digest())}
        return {ef: stream_obj(d, body, compress=True)}
    return _merge(ctx, objs, "pith-record.json replaced inside the stamp revision by a wrapper whose paper.title and "
                  "pith_number name B around A's canonical record", show=[TITLE_A, SHORT_A],
                  attachment_contains=[TITLE_B, ctx.record_b["pith_number"], '"canonical_sha256":"%s"' %
                                       ctx.record_a["canonical_sha256"]])


def hidden_page_objects(doc, content, nums):
    """Bytes to put after the data of a stream of the last revision, for MuPDF: when that stream's
    /Length is unusable (`--N`: N for poppler and pith, -N for MuPDF) MuPDF ends the stream at the
    first `endstream`, the one these bytes start with, and a file that lost its startxref is repaired
    by scanning it, which finds the objects that follow: an object stream redefining page 1 to show
    `content` (no badge), its font and content stream, and a last stream swallowing the real
    endstream. Readers that honour /Length never see them."""
    font, content_num, objstm, sink = nums
    page_num = doc.page(0)
    page = {"Type": Name("Page"), "Parent": doc.obj(page_num)["Parent"],
            "MediaBox": from_pike(doc.pdf.pages[0].mediabox), "Resources": {"Font": {"F1": Ref(font)}},
            "Contents": Ref(content_num)}
    head = b"%d 0 " % page_num
    out = bytearray(b"\nendstream\nendobj\n")
    write_objects(out, {font: ser(HELVETICA), content_num: stream_obj({}, content),
                        objstm: stream_obj({"Type": Name("ObjStm"), "N": 1, "First": len(head)}, head + ser(page))})
    out += b"%d 0 obj\n<</Length 0>>\nstream\n" % sink
    return bytes(out)


HIDDEN_PAGE_LINE = FORGED + ": this is not the page that was stamped"


def _hidden_page_content(ctx):
    return page1_content(TITLE_B, ctx.record_b) + text_block([HIDDEN_PAGE_LINE], 72, 120, 15, 17)


def _hidden_in_attachment(ctx, data, description, **kw):
    doc = Doc(data)
    _fs, ef = doc.attachment()
    d, _ = doc.stream(ef)
    encoded = doc.raw_stream(ef) + hidden_page_objects(doc, _hidden_page_content(ctx), doc.new_nums(4))
    forged = rewrite_last_revision(data, {ef: stream_obj(d, encoded, encoded=True,
                                                         length=Raw(b"--%d" % len(encoded)))}, doc)
    return Forgery(forged + b"\n" * 2048, "security review F1: " + description + ": objects redefining page 1 "
                   "(paper B's title page, no badge) hidden after the end of the zlib data of the pith-record.json "
                   "stream, whose /Length is written --N, and 2 KiB of newlines after %%EOF so that MuPDF repairs "
                   "the file and finds them", viewers=("mupdf",), show=[TITLE_B, HIDDEN_PAGE_LINE],
                   hide=[TITLE_A, SHORT_A], mupdf_repairs=True, **kw)


@case("c4-f1-hidden-page-in-attachment-signed")
def _(ctx):
    return _hidden_in_attachment(ctx, ctx.signed_a(), "paper A stamped and signed by a trusted stamper",
                                 verify_args=ctx.keyring_args())


@case("c4-f1-hidden-page-in-attachment-unsigned")
def _(ctx):
    return _hidden_in_attachment(ctx, ctx.stamped_a(), "paper A stamped (no stamper signature)")


@case("c4-f3-hidden-page-in-seal-xmp")
def _(ctx):
    data = ctx.sealed_latex_a()
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    if "Filter" in d:
        raise GenError("the seal's XMP stream is compressed")
    hidden = hidden_page_objects(doc, _hidden_page_content(ctx), doc.new_nums(4))
    if b"--" in hidden:
        raise GenError("the hidden objects contain '--', which an XML comment cannot")
    end = xmp.rindex(b"<?xpacket end")
    xmp = xmp[:end] + b"<!--" + hidden + b"-->\n" + xmp[end:]
    forged = rewrite_last_revision(data, {num: stream_obj(d, xmp, length=Raw(b"--%d" % len(xmp)))}, doc)
    return Forgery(forged + b"\n" * 2048, "security review F3: LaTeX paper A sealed (`pith stamp --seal`) and signed "
                   "by a trusted stamper; objects redefining page 1 (paper B's title page, no badge) hidden in an XML "
                   "comment of the seal's XMP packet, whose /Length is written --N, and 2 KiB of newlines after "
                   "%%EOF so that MuPDF repairs the file and finds them", viewers=("mupdf",),
                   show=[TITLE_B, HIDDEN_PAGE_LINE], hide=[TITLE_A, SHORT_A], mupdf_repairs=True,
                   verify_args=ctx.keyring_args())


# ---- cause 4, the stamp's XMP packet: content that is not a property, which a comparison of
# properties cannot see (docs/FORMAT.md, "The stamp's XMP packet")

def _before(marker):
    def edit(xmp):
        i = xmp.index(marker)
        return lambda extra: xmp[:i] + extra + xmp[i:]
    return edit


FORGED_B = FORGED.encode()
RDF_NS = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_EXTRAS = {
    # name: (what is added, how: xmp -> forged xmp)
    "comment": ("an XML comment holding B's title before </rdf:RDF>",
                lambda x: _before(b"</rdf:RDF>")(x)(b"<!-- " + TITLE_B.encode() + b" -->")),
    "pi": ("a processing instruction before </rdf:RDF>",
           lambda x: _before(b"</rdf:RDF>")(x)(b"<?pith-note " + FORGED_B + b"?>")),
    "doctype": ("a DOCTYPE declaring an entity, after the xpacket header",
                lambda x: x.replace(b"?>", b"?><!DOCTYPE x:xmpmeta [<!ENTITY f \"" + FORGED_B + b"\">]>", 1)),
    "text": ("character data between two rdf:Description elements' properties",
             lambda x: _before(b"</rdf:Description>")(x)(FORGED_B)),
    "second-xpacket": ("a second packet naming B's title after the first one's end",
                       lambda x: x + b"\n" + x.replace(TITLE_A.encode(), TITLE_B.encode())),
    "bytes-after-end": ("bytes after the packet's <?xpacket end?>", lambda x: x + b"\n" + FORGED_B + b"\n"),
    "element-outside-rdf": ("an element in x:xmpmeta after rdf:RDF",
                            lambda x: _before(b"</x:xmpmeta>")(x)(b"<pdfx:Note xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\">"
                                                                 + FORGED_B + b"</pdfx:Note>")),
    "unused-namespace": ("a namespace declared on rdf:RDF and used nowhere",
                         lambda x: x.replace(b"<rdf:RDF ", b"<rdf:RDF xmlns:forged=\"urn:" + FORGED_B.replace(b" ", b"-")
                                             + b"\" ", 1)),
    "text-in-xmpmeta": ("character data in x:xmpmeta after rdf:RDF", lambda x: _before(b"</x:xmpmeta>")(x)(FORGED_B)),
    "text-in-padding": ("character data in the padding after x:xmpmeta",
                        lambda x: _before(b"<?xpacket end")(x)(TITLE_B.encode() + b"\n")),
    "cdata": ("a CDATA section in a property's value",
              lambda x: x.replace(b"</pith:title>", b"<![CDATA[]]></pith:title>", 1)),
    "empty-array": ("a new property holding an empty array",
                    lambda x: _before(b"</rdf:Description>")(x)(b"<xmpMM:Forged_Text><rdf:Bag/></xmpMM:Forged_Text>")),
    "xmptk": ("B's title as the toolkit name x:xmptk",
              lambda x: re.sub(rb'x:xmptk="[^"]*"', b'x:xmptk="' + TITLE_B.encode() + b'"', x, count=1)),
    "rdf-about": ("rdf:about set to B's title", lambda x: x.replace(b'rdf:about=""', b'rdf:about="' + TITLE_B.encode() + b'"', 1)),
    "rdf-id": ("an rdf:ID attribute on a property",
               lambda x: x.replace(b"<pith:title>", b'<pith:title rdf:ID="' + FORGED_B.replace(b" ", b"_") + b'">', 1)),
    "duplicate-property": ("a second pith:title naming B's title",
                           lambda x: _before(b"</rdf:Description>")(x)(b"<pith:title>" + TITLE_B.encode() + b"</pith:title>")),
}


def _xmp_extra(ctx, data, kind, description, **kw):
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    what, edit = XMP_EXTRAS[kind]
    forged_xmp = edit(xmp)
    assert forged_xmp != xmp
    forged = rewrite_last_revision(data, {num: stream_obj(d, forged_xmp, compress="Filter" in d)}, doc)
    return Forgery(forged, description + ", its XMP packet (the stamp's object %d) rewritten in the stamp revision "
                   "with %s" % (num, what), show=[TITLE_A, SHORT_A], detail_contains=["object %d" % num, "XMP packet"],
                   **kw)


def _register_xmp_extras():
    for kind in XMP_EXTRAS:
        case("c4-xmp-%s-self-stamped" % kind)(
            lambda ctx, kind=kind: _xmp_extra(ctx, ctx.stamped_a(), kind, "paper A stamped (no stamper signature)"))
        case("c4-xmp-%s-trusted-stamper" % kind)(
            lambda ctx, kind=kind: _xmp_extra(ctx, ctx.signed_a(), kind, "paper A stamped and signed by a trusted stamper",
                                              verify_args=ctx.keyring_args()))


_register_xmp_extras()


@case("c4-xmp-stream-extra-key")
def _(ctx):
    data = ctx.signed_a()
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    d = dict(d)
    d["Note"] = FORGED
    forged = rewrite_last_revision(data, {num: stream_obj(d, xmp, compress="Filter" in d)}, doc)
    return Forgery(forged, "paper A stamped and signed by a trusted stamper, its XMP stream's dictionary given a /Note",
                   show=[TITLE_A, SHORT_A], detail_contains=["object %d" % num], verify_args=ctx.keyring_args())


@case("c4-xmp-stream-compressed")
def _(ctx):
    data = ctx.signed_a()
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    forged = rewrite_last_revision(data, {num: stream_obj(d, xmp, compress=True)}, doc)
    return Forgery(forged, "paper A stamped and signed by a trusted stamper, its XMP packet unchanged but "
                   "Flate-compressed (a stamp writes it uncompressed)", show=[TITLE_A, SHORT_A],
                   detail_contains=["object %d" % num], verify_args=ctx.keyring_args())


@case("c4-xmp-prefix-change-restored")
def _(ctx):
    # Paper A given an XMP packet (dc:rights "CC-BY-4.0") in a second revision, and a third revision
    # changing it to "withdrawn"; the stamp of that file is then edited so that its packet states
    # the rights as they were before the change.
    base = ctx.paper_a()
    doc0 = Doc(base)
    num0 = doc0.new_nums(1)[0]

    def packet(rights):
        return (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
                b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
                b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
                + rights + b'</rdf:li></rdf:Alt></dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>'
                b'<?xpacket end="w"?>')
    cat = doc0.obj(doc0.root)
    cat["Metadata"] = Ref(num0)
    meta = {"Type": Name("Metadata"), "Subtype": Name("XML")}
    rev2 = append_revision(base, {num0: stream_obj(meta, packet(b"CC-BY-4.0")), doc0.root: ser(cat)}, doc0)
    later = append_revision(rev2, {num0: stream_obj(meta, packet(b"withdrawn"))}, Doc(rev2))
    data = ctx.stamp(later, ctx.rec_a, "--key", ctx.stamper_key()[0], tag="withdrawn")
    doc = Doc(data)
    num, d, xmp = xmp_stream_in(doc)
    restored = xmp.replace(b">withdrawn<", b">CC-BY-4.0<")
    if restored == xmp:
        raise GenError("the stamp's XMP does not carry the changed dc:rights")
    forged = rewrite_last_revision(data, {num: stream_obj(d, restored, compress="Filter" in d)}, doc)
    return Forgery(forged, "paper A with a revision adding XMP dc:rights CC-BY-4.0 and one changing it to withdrawn, "
                   "stamped and signed by a trusted stamper, the stamp's packet then edited back to CC-BY-4.0",
                   show=[TITLE_A, SHORT_A], detail_contains=["object %d" % num, "XMP packet"],
                   verify_args=ctx.keyring_args())


# ---- cause 5: binding stripped or re-pointed

def _strip_binding(xmp):
    return re.sub(rb"\s*<pith:stamped(Length|Sha256)>[^<]*</pith:stamped\1>", b"", xmp)


def _pikepdf_rewrite(data, fn=None):
    pdf = pikepdf.open(io.BytesIO(data))
    if fn:
        fn(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _pike_helvetica(pdf):
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding))


def _pike_strip_binding(pdf):
    m = pdf.Root.Metadata
    x = m.read_bytes()
    stripped = _strip_binding(x)
    assert stripped != x
    m.write(stripped)


@case("c5-qpdf-rewrite-binding-kept")
def _(ctx):
    src = ctx.write("c5-qpdf-in.pdf", ctx.stamped_a())
    out = ctx.path("c5-qpdf-out.pdf")
    p = ctx.run(["qpdf", src, out])
    if p.returncode not in (0, 3):
        raise GenError("qpdf: " + p.stderr.decode(errors="replace"))
    return Forgery(open(out, "rb").read(), "stamped A rewritten by `qpdf in out` (binding kept, bytes no longer the "
                   "stamped ones)", show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c5-pikepdf-rewrite-binding-kept")
def _(ctx):
    return Forgery(_pikepdf_rewrite(ctx.stamped_a()), "stamped A opened and saved by pikepdf (binding kept)",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c5-pikepdf-binding-deleted")
def _(ctx):
    return Forgery(_pikepdf_rewrite(ctx.stamped_a(), _pike_strip_binding),
                   "stamped A saved by pikepdf with pith:stampedLength/pith:stampedSha256 deleted from the XMP",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c5-qpdf-objstm-binding-deleted")
def _(ctx):
    src = ctx.write("c5-qpdf2-in.pdf", _pikepdf_rewrite(ctx.stamped_a(), _pike_strip_binding))
    out = ctx.path("c5-qpdf2-out.pdf")
    p = ctx.run(["qpdf", "--object-streams=generate", src, out])
    if p.returncode not in (0, 3):
        raise GenError("qpdf: " + p.stderr.decode(errors="replace"))
    return Forgery(open(out, "rb").read(), "binding deleted, then rewritten by qpdf --object-streams=generate",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c5-pikepdf-forged-content-binding-deleted")
def _(ctx):
    def fn(pdf):
        _pike_strip_binding(pdf)
        page = pdf.pages[0]
        page.Resources.Font.FgF1 = _pike_helvetica(pdf)
        page.contents_add(pikepdf.Stream(pdf, forged_stream()), prepend=False)
    return Forgery(_pikepdf_rewrite(ctx.stamped_a(), fn), "stamped A rewritten by pikepdf with forged page content "
                   "and the binding deleted", show=[TITLE_A, SHORT_A, FORGED])


@case("c5-binding-repointed-past-later-xref")
def _(ctx):
    data = ctx.stamped_a()
    doc = Doc(data)
    later = append_revision(data, forged_page_objects(doc), doc)
    doc2 = Doc(later)
    num, d, xmp = xmp_stream_in(doc2)
    xmp = re.sub(rb"<pith:stampedLength>\d+<", b"<pith:stampedLength>%d<" % len(later), xmp)
    xmp = re.sub(rb"<pith:stampedSha256>[0-9a-f]+<", b"<pith:stampedSha256>%s<" % sha256(later).encode(), xmp)
    forged = append_revision(later, {num: stream_obj(d, xmp)}, doc2)
    return Forgery(forged, "stamped A + an update with forged page content + an update re-pointing the binding "
                   "(stampedLength/Sha256) at everything before it", show=[TITLE_A, SHORT_A, FORGED])


def _edit_binding(ctx, fn, description):
    data = ctx.stamped_a()
    forged = edit_xmp_in_place(data, len(ctx.paper_a()), fn)
    assert len(forged) == len(data)
    return Forgery(forged, description, show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c5-stampedLength-full-file")
def _(ctx):
    n = len(ctx.stamped_a())
    return _edit_binding(ctx, lambda x: re.sub(rb"<pith:stampedLength>\d+<", b"<pith:stampedLength>%d<" % n, x),
                         "pith:stampedLength set (in place) to the length of the whole file")


@case("c5-usf-binding-empty-prefix")
def _(ctx):
    def fn(x):
        x = re.sub(rb"<pith:stampedLength>\d+<", b"<pith:stampedLength>0<", x)
        return re.sub(rb"<pith:stampedSha256>[0-9a-f]+<", b"<pith:stampedSha256>%s<" % sha256(b"").encode(), x)
    return _edit_binding(ctx, fn, "Universal Signature Forgery: the binding covers 0 bytes (stampedLength 0, "
                         "SHA-256 of the empty string)")


@case("c5-usf-binding-empty-values")
def _(ctx):
    def fn(x):
        x = re.sub(rb"<pith:stampedLength>\d+<", b"<pith:stampedLength><", x)
        return re.sub(rb"<pith:stampedSha256>[0-9a-f]+<", b"<pith:stampedSha256><", x)
    return _edit_binding(ctx, fn, "Universal Signature Forgery: pith:stampedLength and pith:stampedSha256 present "
                         "but empty")


# ---- cause 6: an attachment and nothing else

def _unrelated():
    rec = {"paper": {"authors_text": "Finance Department",
                     "abstract_excerpt": "Revenue grew in every region; the appendix lists the figures by month."}}
    return paper("Quarterly Sales Report 2026", rec)[0]


def _pike_attach(data, record_data):
    def fn(pdf):
        pdf.attachments["pith-record.json"] = pikepdf.AttachedFileSpec(
            pdf, record_data, mime_type="application/json", filename="pith-record.json")
    return _pikepdf_rewrite(data, fn)


@case("c6-unrelated-pdf-attachment-only")
def _(ctx):
    data = _pike_attach(_unrelated(), record_bytes_for_attachment(ctx.rec_a))
    return Forgery(data, "an unrelated PDF with A's record attached (pikepdf); no badge, link or XMP",
                   show=["Quarterly Sales Report 2026"], hide=[SHORT_A], no_urls=[URL_A],
                   attachment_contains=[ctx.record_a["pith_number"]])


@case("c6-paper-A-attachment-only")
def _(ctx):
    data = _pike_attach(ctx.paper_a(), record_bytes_for_attachment(ctx.rec_a))
    return Forgery(data, "paper A itself with only A's record attached (pikepdf); no badge, link or XMP",
                   show=[TITLE_A], hide=[SHORT_A], no_urls=[URL_A], attachment_contains=[ctx.record_a["pith_number"]])


@case("c6-unrelated-incremental-attachment")
def _(ctx):
    base = _unrelated()
    doc = Doc(base)
    data = append_revision(base, embedded_file_objects(doc, record_bytes_for_attachment(ctx.rec_a), doc.new_nums(3)),
                           doc)
    return Forgery(data, "an unrelated PDF + a hand-written incremental update attaching A's record (/EmbeddedFiles "
                   "and /AF), nothing else", show=["Quarterly Sales Report 2026"], hide=[SHORT_A],
                   attachment_contains=[ctx.record_a["pith_number"]])


# ---- cause 7: revisions after a LaTeX compile

def _catalog_without_metadata(doc):
    cat = doc.catalog()
    cat.pop("Metadata", None)
    return cat


@case("c7-latex-page-content")
def _(ctx):
    data = ctx.latex_a()
    doc = Doc(data)
    return Forgery(append_revision(data, forged_page_objects(doc), doc), "LaTeX paper A + an update adding page "
                   "content", show=[TITLE_A, SHORT_A, FORGED], before=data, before_hide=[FORGED])


@case("c7-latex-remove-then-restore-xmp")
def _(ctx):
    data = ctx.latex_a()
    doc = Doc(data)
    cat = doc.catalog()
    objs = forged_page_objects(doc)
    objs[doc.root] = ser(_catalog_without_metadata(doc))
    rev2 = append_revision(data, objs, doc)
    rev3 = append_revision(rev2, {doc.root: ser(cat)}, Doc(rev2))
    return Forgery(rev3, "LaTeX paper A + revision 2 (page content changed, catalog without the pith XMP) + "
                   "revision 3 (catalog pointing at the pith XMP again)", show=[TITLE_A, SHORT_A, FORGED])


@case("c7-latex-pith-data-readded")
def _(ctx):
    data = ctx.latex_a()
    doc = Doc(data)
    objs = forged_page_objects(doc)
    objs[doc.root] = ser(_catalog_without_metadata(doc))
    info = doc.obj(doc.info)
    objs[doc.info] = ser({k: v for k, v in info.items() if not k.startswith("Pith")})
    rev2 = append_revision(data, objs, doc)
    doc2 = Doc(rev2)
    num, d, xmp = xmp_stream_in(doc)
    new_xmp = doc2.new_nums(1)[0]
    cat = doc2.catalog()
    cat["Metadata"] = Ref(new_xmp)
    rev3 = append_revision(rev2, {new_xmp: stream_obj({"Type": Name("Metadata"), "Subtype": Name("XML")}, xmp),
                                  doc.root: ser(cat), doc.info: ser(info)}, doc2)
    return Forgery(rev3, "LaTeX paper A + revision 2 (page content changed, XMP and Info pith keys removed) + "
                   "revision 3 (a fresh copy of the pith XMP and the Info keys: the last revision 'adds' the data)",
                   show=[TITLE_A, SHORT_A, FORGED])


# Security review F4: the LaTeX paper rewritten so that page 1's own content (title, badge) draws
# nothing, and paper B's title page drawn over it; the text stays in the content stream.
LATEX_HIDES = {
    "clip": (b"q 0 0 0 0 re W n\n", b"\nQ\n", "clipped to an empty path"),
    "tr3": (b"q 3 Tr\n", b"\nQ\n", "drawn in text render mode 3 (invisible)"),
    "cover": (b"q\n", b"\nQ\nq 1 1 1 rg 0 0 612 792 re f Q\n", "painted over by a white rectangle"),
}


def _latex_page1_over(ctx, how):
    """LaTeX paper A rewritten by pikepdf, page 1's content hidden `how` (a key of LATEX_HIDES) and
    paper B's title page (Helvetica) drawn after it; how=None: B's page alone (what the reader sees)."""
    def fn(pdf):
        page = pdf.pages[0]
        c = page.obj.Contents
        own = b"".join(x.read_bytes() + b"\n" for x in (list(c) if isinstance(c, pikepdf.Array) else [c]))
        if how == "tr3":
            own = own.replace(b" Tr", b" Tr 3 Tr")  # invisible even where the page sets a render mode
        pre, post, _ = LATEX_HIDES[how] if how else (b"", b"", "")
        drawn = pre + own + post if how else b""
        page.obj.Contents = pdf.make_stream(drawn + page1_content(TITLE_B, ctx.record_b, font="FgF1"))
        page.obj.Resources.Font.FgF1 = _pike_helvetica(pdf)
    return _pikepdf_rewrite(ctx.latex_a(), fn)


def _latex_hidden(ctx, how):
    data = _latex_page1_over(ctx, how)
    alone = ctx.cached("latex_page1_B_alone", lambda: _latex_page1_over(ctx, None))
    if how == "tr3":  # only the text is invisible: the badge's frame is still drawn, compare around it
        doc = Doc(ctx.latex_a())
        rect = [doc.obj(n)["Rect"] for n in doc.link_annots(doc.page(0))
                if doc.resolve(doc.obj(n).get("A", {})).get("URI") == URL_A.encode()][0]
        regions = [("above the badge", [0, float(rect[3]) + 4, 612, 792]),
                   ("below the badge", [0, 0, 612, float(rect[1]) - 4])]
    else:
        regions = [("the whole page", [0, 0, 612, 792])]
    how_same = "alike" if how == "cover" else "same"  # poppler: B's glyphs over painted white, one grey level off
    return Forgery(data, "security review F4: LaTeX paper A rewritten by pikepdf, page 1's own content %s, paper B's "
                   "title page drawn over it (one revision, no update)" % LATEX_HIDES[how][2], show=[TITLE_B],
                   pixels=[("A's page does not show: %s as B's page alone" % label, alone, rect, how_same)
                           for label, rect in regions])


@case("c7-f4-latex-page1-clipped-away")
def _(ctx):
    return _latex_hidden(ctx, "clip")


@case("c7-f4-latex-page1-invisible-text")
def _(ctx):
    return _latex_hidden(ctx, "tr3")


@case("c7-f4-latex-page1-covered-white")
def _(ctx):
    return _latex_hidden(ctx, "cover")


@case("c7-f7-latex-link-rect-five-numbers")
def _(ctx):
    evil = "https://evil.example/pith/" + SUFFIX_A

    def fn(pdf):
        links = [a for a in pdf.pages[0].obj.get("/Annots", [])
                 if "/A" in a and "pith.science/pith/" in str(a.A.get("/URI", ""))]
        if not links:
            raise GenError("no badge link on page 1 of the LaTeX paper")
        for a in links:
            a.Rect = pikepdf.Array([float(x) for x in a.Rect] + [0])
            a.A.URI = pikepdf.String(evil)
    return Forgery(_pikepdf_rewrite(ctx.latex_a(), fn), "security review F7: LaTeX paper A rewritten by pikepdf, the "
                   "badge's link to %s with a five-number /Rect: poppler sees no rectangle (no link), MuPDF reads the "
                   "first four and makes it live over the badge" % evil, show=[TITLE_A, SHORT_A], no_urls=[URL_A],
                   mupdf_urls=[evil])


# ---- cause 8: shadow attacks

def _shadow(ctx, tweak, update_fn, description, show, hide=(), before_hide=(), before_show=(), **kw):
    notes = []
    base, meta = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id=description)
    stamped = ctx.stamp(base, ctx.rec_a, notes=notes, tag="shadow")
    doc = Doc(stamped)
    forged = append_revision(stamped, update_fn(doc, meta), doc)
    return Forgery(forged, description, show=show, hide=hide, before=stamped, before_hide=before_hide,
                   before_show=before_show, notes=notes, **kw)


HIDDEN_LINE = FORGED + ": the method fails on every benchmark"
FORGED_ABSTRACT = {"paper": {"authors_text": "Shao-Qun Zhang", "abstract_excerpt": HIDDEN_LINE + ". " + INTRO}}


@case("c8-shadow-hide-overlay")
def _(ctx):
    def tweak(b, meta):
        content1(b, meta).data += text_block([HIDDEN_LINE], 72, 330, 15, 17)
        meta["cover"] = cover = b.add(form([0, 0, 612, 792], b"1 g 60 320 480 32 re f"))
        overlay = b.add_stream({}, b"q /Cover Do Q\n")
        page1(b, meta)["Contents"] = [Ref(meta["content_nums"][0]), Ref(overlay)]
        page1(b, meta)["Resources"]["XObject"] = {"Cover": Ref(cover)}

    def update(doc, meta):
        d, _ = doc.stream(meta["cover"])
        return {meta["cover"]: stream_obj(d, b"")}
    f = _shadow(ctx, tweak, update, "shadow hide: text under an opaque overlay XObject in the original; a tiny "
                "update empties the overlay", show=[TITLE_A, SHORT_A, FORGED])
    f.pixels.append(("the hidden line appears", f.before, HIDDEN_LINE_AREA, "differ"))
    f.notes.append("text extraction ignores occlusion: the line is in the stamped file's text too; only the "
                   "rendering hid it")
    return f


@case("c8-shadow-hide-optional-content")
def _(ctx):
    def tweak(b, meta):
        ocg = b.add({"Type": Name("OCG"), "Name": "Reviewer notes"})
        meta["ocd"] = b.add({"Name": "Default", "OFF": [Ref(ocg)], "Order": [Ref(ocg)]})
        meta["ocg"] = ocg
        b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(ocg)], "D": Ref(meta["ocd"])}
        content1(b, meta).data += b"/OC /ocH BDC\n" + text_block([HIDDEN_LINE], 72, 330, 15, 17) + b"EMC\n"
        page1(b, meta)["Resources"]["Properties"] = {"ocH": Ref(ocg)}

    def update(doc, meta):
        return {meta["ocd"]: ser({"Name": "Default", "ON": [Ref(meta["ocg"])], "Order": [Ref(meta["ocg"])]})}
    return _shadow(ctx, tweak, update, "shadow hide: text in an optional-content group that is OFF in the original; a "
                   "tiny update turns it ON", show=[TITLE_A, SHORT_A, FORGED], before_hide=[FORGED],
                   before_show=[TITLE_A, SHORT_A])


@case("c8-shadow-hide-annotation-flag")
def _(ctx):
    def tweak(b, meta):
        ap = b.add(form([0, 0, 468, 32], b"BT /F1 15 Tf 0.8 0 0 rg 2 10 Td %s Tj ET" % pdf_text(HIDDEN_LINE),
                        {"Font": {"F1": Ref(meta["font"])}}))
        meta["annot"] = b.add({"Type": Name("Annot"), "Subtype": Name("FreeText"), "Rect": [72, 320, 540, 352],
                               "F": 2, "DA": "/Helv 15 Tf 0 g", "Contents": HIDDEN_LINE, "AP": {"N": Ref(ap)}})
        page1(b, meta)["Annots"] = [Ref(meta["annot"])]

    def update(doc, meta):
        a = doc.obj(meta["annot"])
        a["F"] = 4
        return {meta["annot"]: ser(a)}
    return _shadow(ctx, tweak, update, "shadow hide: a FreeText annotation flagged Hidden in the original; a tiny "
                   "update clears the flag", show=[TITLE_A, SHORT_A, FORGED], before_hide=[FORGED])


@case("c8-shadow-replace-font")
def _(ctx):
    def tweak(b, meta):
        meta["f2"] = b.add({"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Helvetica"),
                            "Encoding": {"Type": Name("Encoding"), "BaseEncoding": Name("WinAnsiEncoding"),
                                         "Differences": [32] + [Name("space")] * 95}})
        content1(b, meta).data += text_block([HIDDEN_LINE], 72, 330, 15, 17, font="F2")
        page1(b, meta)["Resources"]["Font"]["F2"] = Ref(meta["f2"])

    def update(doc, meta):
        return {meta["f2"]: ser(HELVETICA)}
    return _shadow(ctx, tweak, update, "shadow replace: a font whose encoding maps every code to a space in the "
                   "original; a tiny update redefines it as plain Helvetica", show=[TITLE_A, SHORT_A, FORGED],
                   before_hide=[FORGED])


@case("c8-shadow-replace-xobject")
def _(ctx):
    def tweak(b, meta):
        meta["fx"] = b.add(form([0, 0, 468, 32], b"BT /F1 15 Tf 2 10 Td (Preliminary version, not peer reviewed) "
                                b"Tj ET", {"Font": {"F1": Ref(meta["font"])}}))
        content1(b, meta).data += b"q 1 0 0 1 72 320 cm /Fx1 Do Q\n"
        page1(b, meta)["Resources"]["XObject"] = {"Fx1": Ref(meta["fx"])}

    def update(doc, meta):
        d, _ = doc.stream(meta["fx"])
        return {meta["fx"]: stream_obj(d, b"BT /F1 15 Tf 2 10 Td %s Tj ET" % pdf_text(HIDDEN_LINE))}
    return _shadow(ctx, tweak, update, "shadow replace: a form XObject drawn on page 1 redefined by a tiny update",
                   show=[TITLE_A, SHORT_A, FORGED], hide=["Preliminary version"], before_hide=[FORGED],
                   before_show=["Preliminary version"])


@case("c8-shadow-replace-annotation-appearance")
def _(ctx):
    def tweak(b, meta):
        meta["ap"] = b.add(form([0, 0, 468, 32], b"BT /F1 15 Tf 2 10 Td (Reviewer note: none) Tj ET",
                                {"Font": {"F1": Ref(meta["font"])}}))
        annot = b.add({"Type": Name("Annot"), "Subtype": Name("FreeText"), "Rect": [72, 320, 540, 352], "F": 4,
                       "DA": "/Helv 15 Tf 0 g", "Contents": "Reviewer note: none", "AP": {"N": Ref(meta["ap"])}})
        page1(b, meta)["Annots"] = [Ref(annot)]

    def update(doc, meta):
        d, _ = doc.stream(meta["ap"])
        return {meta["ap"]: stream_obj(d, b"BT /F1 15 Tf 0.8 0 0 rg 2 10 Td %s Tj ET" % pdf_text(HIDDEN_LINE))}
    return _shadow(ctx, tweak, update, "shadow replace: the appearance stream of a FreeText annotation redefined by a "
                   "tiny update", show=[TITLE_A, SHORT_A, FORGED], hide=["Reviewer note"], before_hide=[FORGED],
                   before_show=["Reviewer note: none"])


@case("c8-shadow-replace-page-contents")
def _(ctx):
    def update(doc, meta):
        c = meta["content_nums"][0]
        return {c: stream_obj({}, page1_content(TITLE_A, FORGED_ABSTRACT))}
    return _shadow(ctx, None, update, "shadow replace: a tiny update redefines the original page content stream "
                   "(same title, forged abstract) under A's badge", show=[TITLE_A, SHORT_A, FORGED],
                   hide=["In recent years, weight quantization"], before_hide=[FORGED])


def _hidden_page(b, meta, parent):
    content = page1_content(TITLE_A, FORGED_ABSTRACT)
    content += b"q 0.4 G 0.5 w 440 744 156 30 re S Q\n" + text_block([SHORT_A], 452, 752, 14.4, 16)
    hc = b.add_stream({}, content)
    hl = b.reserve()
    hp = b.add({"Type": Name("Page"), "Parent": Ref(parent), "MediaBox": [0, 0, 612, 792], "Contents": Ref(hc),
                "Resources": {"Font": {"F1": Ref(meta["font"])}}, "Annots": [Ref(hl)]})
    b.objs[hl] = link_annot([440, 744, 596, 774], URL_A, Ref(hp))
    return hp


@case("c8-shadow-hide-and-replace-catalog")
def _(ctx):
    def tweak(b, meta):
        meta["hpages"] = hpages = b.reserve()
        hp = _hidden_page(b, meta, hpages)
        b.objs[hpages] = {"Type": Name("Pages"), "Kids": [Ref(hp)], "Count": 1}

    def update(doc, meta):
        cat = doc.catalog()
        cat["Pages"] = Ref(meta["hpages"])
        return {doc.root: ser(cat)}
    return _shadow(ctx, tweak, update, "shadow hide-and-replace: the original holds a second, unused page tree (a "
                   "forged title page with a drawn badge and a genuine-looking link); a tiny update points the "
                   "catalog at it", show=[TITLE_A, SHORT_A, FORGED], urls=[URL_A], before_hide=[FORGED])


@case("c8-shadow-hide-and-replace-kids")
def _(ctx):
    def tweak(b, meta):
        meta["hidden_page"] = _hidden_page(b, meta, meta["pages"])

    def update(doc, meta):
        pages = doc.obj(meta["pages"])
        pages["Kids"] = [Ref(meta["hidden_page"])]
        return {meta["pages"]: ser(pages)}
    return _shadow(ctx, tweak, update, "shadow hide-and-replace: an orphan page (Parent = the page tree) in the "
                   "original; a tiny update swaps the page tree's /Kids to it", show=[TITLE_A, SHORT_A, FORGED],
                   urls=[URL_A], before_hide=[FORGED])


def _fake_badge_annotation(subtype, **keys):
    """A tweak: an annotation of `subtype` (and `keys`) where the badge lands, whose opaque appearance
    draws a badge reading FAKE_SHORT."""
    def tweak(b, meta):
        w, h = BADGE_AREA[2] - BADGE_AREA[0], BADGE_AREA[3] - BADGE_AREA[1]
        ap = b.add(form([0, 0, w, h], b"1 g 0 0 %d %d re f 0.6 G 0.5 w 1 1 %d %d re S 0.1 g BT /F1 14.4 Tf 62 20 Td "
                        b"(%s) Tj ET" % (w, h, w - 2, h - 2, FAKE_SHORT.encode()), {"Font": {"F1": Ref(meta["font"])}}))
        annot = b.add(dict({"Type": Name("Annot"), "Subtype": Name(subtype), "Rect": BADGE_AREA, "F": 4,
                            "AP": {"N": Ref(ap)}}, **{k: Name(v) if k == "Name" else v for k, v in keys.items()}))
        page1(b, meta)["Annots"] = [Ref(annot)]
    return tweak


@case("c8-pre-stamp-annotation-over-badge")
def _(ctx):
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=_fake_badge_annotation("Stamp", Name="Draft"),
                    file_id="annotation-over-badge")
    # Automatic placement would go around the overlay; the stamper is made to put it underneath.
    data = ctx.stamp(base, ctx.rec_a, "--position", "top-right", notes=notes)
    return Forgery(data, "an opaque Stamp annotation in the ORIGINAL, where the badge lands (top right), whose "
                   "appearance reads %s" % FAKE_SHORT, show=[TITLE_A, FAKE_SHORT], notes=notes,
                   pixels=[("the badge is covered: badge area as in the unstamped original", base, BADGE_INNER,
                            "same")])


@case("c8-pre-stamp-popup-over-badge")
def _(ctx):
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=_fake_badge_annotation("Popup", Open=False), file_id="popup-over-badge")
    # Automatic placement would go around the popup; the stamper is made to put it underneath.
    data = ctx.stamp(base, ctx.rec_a, "--position", "top-right", notes=notes)
    return Forgery(data, "a closed /Popup annotation in the ORIGINAL, where the badge lands, with an opaque appearance "
                   "reading %s: poppler draws a popup's appearance like any annotation's (MuPDF does not)" % FAKE_SHORT,
                   show=[TITLE_A], notes=notes, viewers=("poppler",),
                   pixels=[("the badge is covered: badge area as in the unstamped original", base, BADGE_INNER,
                            "same")])


@case("c8-pre-stamp-link-over-badge")
def _(ctx):
    notes = []
    uri = "https://pith.sclence/pith/" + SUFFIX_A

    def tweak(b, meta):
        link = b.add(link_annot(BADGE_AREA, uri, Ref(meta["page_nums"][0])))
        page1(b, meta)["Annots"] = [Ref(link)]
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="link-over-badge")
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, "a Link to a lookalike host in the ORIGINAL, covering where the badge lands",
                   show=[TITLE_A, SHORT_A], urls=[uri], notes=notes)


@case("c8-hidden-oc-badge")
def _(ctx):
    notes = []

    def tweak(b, meta):
        ocg = b.add({"Type": Name("OCG"), "Name": "Print only"})
        b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(ocg)], "D": {"OFF": [Ref(ocg)], "Order": [Ref(ocg)]}}
        content1(b, meta).data += b"/OC /oc1 BDC\n"
        page1(b, meta)["Resources"]["Properties"] = {"oc1": Ref(ocg)}
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="hidden-oc-badge")
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, "the original page content ends inside an unclosed `/OC /oc1 BDC` (group OFF), so the "
                   "stamp's badge is drawn in hidden optional content", show=[TITLE_A], hide=[SHORT_A], notes=notes,
                   pixels=[("no badge drawn: badge area as in the unstamped original", base, BADGE_INNER, "same")])


def _usage_oc(b, meta, fake):
    """Page 1's content ends inside an unclosed `/OC /oc1 BDC` whose group is ON in the default
    configuration but OFF by its /Usage through the /AS auto-states (which MuPDF applies, poppler
    not); fake: before it, a badge with FAKE_SHORT in a second group, OFF in /D but ON by /AS."""
    badge = b.add({"Type": Name("OCG"), "Name": "badge",
                   "Usage": {"View": {"ViewState": Name("OFF")}, "Print": {"PrintState": Name("OFF")}}})
    groups, props = [Ref(badge)], {"oc1": Ref(badge)}
    d = {}
    if fake:
        other = b.add({"Type": Name("OCG"), "Name": "fake",
                       "Usage": {"View": {"ViewState": Name("ON")}, "Print": {"PrintState": Name("ON")}}})
        groups.append(Ref(other))
        props["oc2"] = Ref(other)
        d["OFF"] = [Ref(other)]
        content1(b, meta).data += (b"/OC /oc2 BDC q 1 1 1 rg 0 0 0 RG 0.5 w 436 741 163 38 re B BT 0 0 0 rg /F1 14 Tf "
                                   b"470 755 Td (%s) Tj ET Q EMC\n" % FAKE_SHORT.encode())
    d["Order"] = groups
    d["AS"] = [{"Event": Name(e), "OCGs": groups, "Category": [Name(e)]} for e in ("View", "Print")]
    b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": groups, "D": d}
    content1(b, meta).data += b"/OC /oc1 BDC\n"
    page1(b, meta)["Resources"]["Properties"] = props


@case("c11-ocmd-policy-and-visibility-expression")
def _(ctx):
    # A's page drawn under a membership dictionary of one group (ON) with /P /AllOff (poppler
    # ignores /P for a single group and shows it; MuPDF and Ghostscript hide it), B's title at the
    # same place under one with /VE [/Not ON] (poppler hides it; MuPDF and Ghostscript show it).
    notes = []

    def tweak(b, meta):
        on, off = b.add({"Type": Name("OCG"), "Name": "Main"}), b.add({"Type": Name("OCG"), "Name": "Draft"})
        ma = b.add({"Type": Name("OCMD"), "OCGs": Ref(on), "P": Name("AllOff")})
        mv = b.add({"Type": Name("OCMD"), "OCGs": [Ref(on)], "VE": [Name("Not"), Ref(on)]})
        b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(on), Ref(off)], "D": {"ON": [Ref(on)], "OFF": [Ref(off)]}}
        c = content1(b, meta)
        c.data = (b"/OC /MA BDC\n" + c.data + b"EMC\n/OC /MV BDC\n" +
                  text_block(_wrap(TITLE_B, 40), 72, 700, 18, 22) + b"EMC\n")
        page1(b, meta)["Resources"]["Properties"] = {"MA": Ref(ma), "MV": Ref(mv)}
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="ocmd-policy")
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, "paper A's page under a membership dictionary /P /AllOff of one group (poppler shows it, "
                   "MuPDF hides it), B's title under /VE [/Not group] (poppler hides it, MuPDF shows it), stamped "
                   "with A's record", notes=notes, show=[SHORT_A])


@case("c11-form-marked-content-scope")
def _(ctx):
    # Viewers scope marked content across forms differently: poppler ends at a form's end a section
    # the form left open and keeps a form's EMC from closing the caller's; MuPDF and Ghostscript keep
    # one stack. Page 1: `q /Open Do Q` (Open: `/OC /off BDC`), A's page, `EMC` (poppler shows A,
    # MuPDF hides it); `/OC /off BDC q /Close Do Q` (Close: `EMC`), B's title, `EMC` (poppler hides
    # B, MuPDF shows it). The page's own content never leaves a section open.
    notes = []

    def tweak(b, meta):
        off, on = b.add({"Type": Name("OCG"), "Name": "Draft"}), b.add({"Type": Name("OCG"), "Name": "Main"})
        form_d = {"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 1, 1],
                  "Resources": {"Properties": {"off": Ref(off)}}}
        opener, closer = b.add_stream(dict(form_d), b"/OC /off BDC"), b.add_stream(dict(form_d), b"EMC")
        b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(off), Ref(on)], "D": {"ON": [Ref(on)], "OFF": [Ref(off)]}}
        c = content1(b, meta)
        c.data = (b"q /Open Do Q\n" + c.data + b"EMC\n/OC /off BDC q /Close Do Q\n" +
                  text_block(_wrap(TITLE_B, 40), 72, 700, 18, 22) + b"EMC\n/OC /on BDC EMC\n")
        res = page1(b, meta)["Resources"]
        res["Properties"] = {"off": Ref(off), "on": Ref(on)}
        res["XObject"] = {"Open": Ref(opener), "Close": Ref(closer)}
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="form-marked-content")
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    return Forgery(data, "paper A's page inside an optional-content section opened by one form and B's title inside "
                   "one closed by another (poppler shows A, MuPDF and Ghostscript show B), stamped with A's record",
                   notes=notes, show=[SHORT_A])


def _forced_stamp_case(ctx, tag, description, tweak, viewers=None):
    """Paper A with `tweak`, which pith stamp must refuse; stamped with A's record (--force)."""
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id=tag)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    extra = {"viewers": viewers} if viewers else {}
    return Forgery(data, description, notes=notes, show=[SHORT_A], must_refuse=True, refused=refused, **extra)


@case("c11-operands-too-many-tm")
def _(ctx):
    # Tm given twelve operands: poppler, Ghostscript and pdf.js use the last six, MuPDF the first six.
    # A's title is set with its own position last (poppler shows it), B's with its own first
    # (MuPDF shows it); each viewer puts the other title 2000 pt below the page.
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = (c.data.replace(b"BT", b"BT 1 0 0 1 72 -2000 1 0 0 1 72 0 Tm", 1) + b"BT /F1 20 Tf 1 0 0 1 72 690 "
                  b"1 0 0 1 72 -2000 Tm (" + TITLE_B.encode("latin-1") + b") Tj ET\n")
    return _forced_stamp_case(ctx, "operands-tm", "paper A whose text matrices have twelve operands: poppler takes the last six and shows A's "
                              "title, MuPDF the first six and shows B's, stamped with A's record", tweak)


@case("c11-number-with-exponent")
def _(ctx):
    # "7.4e2" in a form drawn after A's page: pdf.js reads 740 and draws B's title at the top of
    # page 1; poppler reads 7.4 and an unknown operator "e2", so Tm has no operands and poppler
    # stops drawing the form; MuPDF reads one unknown keyword.
    def tweak(b, meta):
        form = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792],
                             "Resources": {"Font": {"F1": Ref(meta["font"])}}},
                            b"BT /F1 24 Tf 1 0 0 1 40 7.4e2 Tm (" + TITLE_B.encode("latin-1")[:30] + b") Tj ET\n")
        content1(b, meta).data += b"q /Exp Do Q\n"
        page1(b, meta)["Resources"]["XObject"] = {"Exp": Ref(form)}
    return _forced_stamp_case(ctx, "number-exponent", "paper A with B's title placed, in a form, by a number with an "
                              "exponent (7.4e2): pdf.js draws it at the top of page 1, poppler and MuPDF do not, stamped "
                              "with A's record", tweak)


@case("c11-link-appearance-number-with-exponent")
def _(ctx):
    # A Link over A's title whose appearance fills white "0 0 1e3 52 re": Ghostscript and pdf.js read
    # 1000 and erase the title, poppler reads 1 and an unknown operator and draws nothing.
    def tweak(b, meta):
        ap = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 420, 52]},
                          b"q 1 g 0 0 1e3 52 re f Q\n")
        link = b.add({"Type": Name("Annot"), "Subtype": Name("Link"), "Rect": [66, 668, 486, 720], "Border": [0, 0, 0],
                      "A": {"S": Name("URI"), "URI": "https://example.org/"}, "AP": {"N": Ref(ap)}, "F": 4})
        page1(b, meta)["Annots"] = [Ref(link)]
    return _forced_stamp_case(ctx, "link-ap-exponent", "paper A with a link over its title whose appearance paints a "
                              "white box sized by a number with an exponent (Ghostscript and pdf.js erase the title, "
                              "poppler does not), stamped with A's record", tweak)


@case("c11-operands-too-few-td")
def _(ctx):
    # `5 Td` (one operand of two) in a form drawn after A's page: poppler stops drawing the form
    # there, MuPDF, Ghostscript and pdf.js skip the operator and draw B's larger title after it.
    def tweak(b, meta):
        form = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792],
                             "Resources": {"Font": {"F1": Ref(meta["font"])}}},
                            b"5 Td\nBT /F1 30 Tf 40 740 Td (" + TITLE_B.encode("latin-1")[:40] + b") Tj ET\n")
        c = content1(b, meta)
        c.data += b"q /Bad Do Q\n"
        page1(b, meta)["Resources"]["XObject"] = {"Bad": Ref(form)}
    return _forced_stamp_case(ctx, "operands-td", "paper A followed by an operator with too few operands (poppler stops there) and B's title "
                              "in 30 pt (MuPDF draws it), stamped with A's record", tweak)


@case("c11-unknown-operators-mupdf-gives-up")
def _(ctx):
    # 200 unknown operators before A's page: MuPDF gives up on the page ("too many syntax errors")
    # and draws neither A's page nor the stamp's badge; poppler ignores each one.
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = b"foo " * 200 + b"\n" + c.data
    return _forced_stamp_case(ctx, "unknown-operators", "paper A whose content begins with 200 unknown operators (MuPDF stops drawing the page, "
                              "badge included; poppler draws it), stamped with A's record", tweak, viewers=("poppler",))  # MuPDF shows no badge: the attack


@case("c11-cropbox-five-numbers")
def _(ctx):
    # /CropBox of five numbers: poppler and pdf.js ignore it and show the whole 612 x 1584 page, A's
    # paper on its upper half; MuPDF crops to the first four numbers, the lower half, B's title.
    def tweak(b, meta):
        p = page1(b, meta)
        p["MediaBox"] = [0, 0, 612, 1584]
        p["CropBox"] = [0, 0, 612, 792, 0]
        c = content1(b, meta)
        c.data = (b"q 1 0 0 1 0 792 cm\n" + c.data + b"Q\n" + text_block(_wrap(TITLE_B, 40), 72, 700, 18, 22))
    return _forced_stamp_case(ctx, "cropbox-five", "paper A on the upper half of a tall page whose /CropBox has five numbers (MuPDF crops to "
                              "the lower half, B's title), stamped with A's record", tweak, viewers=("poppler",))  # MuPDF shows no badge: the attack


@case("c11-actualtext-title")
def _(ctx):
    # B's title drawn inside a marked-content span whose /ActualText is A's title: poppler's text
    # layer (what pdftotext reads) gives A's title, the glyphs every viewer draws are B's.
    def tweak(b, meta):
        c = content1(b, meta)
        lines = _wrap(TITLE_A, 40)
        drawn = _wrap(TITLE_B, 40)
        c.data = b"/Span << /ActualText (" + TITLE_A.encode("latin-1") + b") >> BDC\n" + \
            text_block(drawn, 72, 700, 18, 22) + b"EMC\n" + c.data.replace(text_block(lines, 72, 700, 18, 22), b"", 1)
    return _forced_stamp_case(ctx, "actualtext-title", "B's title drawn in a span whose /ActualText is A's title (pdftotext reads A's, every viewer "
                              "draws B's), stamped with A's record", tweak)


@case("c11-comment-across-content-streams")
def _(ctx):
    # Page 1's first content stream ends in a comment without an end of line; the next one draws
    # B's title: poppler, MuPDF and pdf.js go on with the comment and do not draw it, Ghostscript
    # (print and convert pipelines) ends the comment with the stream and draws B's title.
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = c.data.rstrip(b"\n") + b"\n% a comment"
        other = b.add_stream({}, b"BT /F1 30 Tf 40 745 Td (" + TITLE_B.encode("latin-1")[:30] + b") Tj ET\n")
        page1(b, meta)["Contents"] = [Ref(meta["content_nums"][0]), Ref(other)]
    return _forced_stamp_case(ctx, "comment-across-streams", "paper A whose first content stream ends in a comment "
                              "that poppler and MuPDF carry into the next stream, which draws B's title (Ghostscript "
                              "draws it), stamped with A's record", tweak)


def _empty_field_case(ctx, tag, description, field):
    """Paper A with one form field widget above its title (`field`: its own entries) whose appearance
    is empty, stamped with A's record (--force)."""
    def tweak(b, meta):
        empty = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 340, 35]}, b"")
        widget = b.add(dict({"Type": Name("Annot"), "Subtype": Name("Widget"), "DA": "/Helv 14 Tf 0 g",
                             "Rect": [30, 735, 370, 770], "F": 4, "AP": {"N": Ref(empty)},
                             "P": Ref(meta["page_nums"][0])}, **field))
        page1(b, meta)["Annots"] = [Ref(widget)]
        b.objs[meta["catalog"]]["AcroForm"] = {"Fields": [Ref(widget)], "DA": "/Helv 0 Tf 0 g",
                                              "DR": {"Font": {"Helv": Ref(meta["font"])}}}
    return _forced_stamp_case(ctx, tag, description, tweak)


@case("c11-text-field-value-pdfjs")
def _(ctx):
    # A text field above the title whose value is B's title, with an empty appearance: poppler and
    # MuPDF draw nothing there, pdf.js with forms on (Firefox) shows the value in an input box.
    return _empty_field_case(ctx, "text-field-value", "paper A with a text field above its title whose value is B's "
                             "title and whose appearance is empty (pdf.js shows the value, poppler and MuPDF nothing), "
                             "stamped with A's record", {"FT": Name("Tx"), "T": "title", "V": TITLE_B})


@case("c11-choice-field-options-pdfjs")
def _(ctx):
    # A list box above the title with B's title as its one option (/Opt), no value and an empty
    # appearance: pdf.js lists the option, poppler and MuPDF draw nothing.
    return _empty_field_case(ctx, "choice-field-options", "paper A with a list box above its title whose one option "
                             "is B's title and whose appearance is empty (pdf.js lists it, poppler and MuPDF draw "
                             "nothing), stamped with A's record", {"FT": Name("Ch"), "Ff": 0, "T": "list",
                                                                   "Opt": [TITLE_B]})


@case("c11-annotation-optional-content-ghostscript")
def _(ctx):
    # A stamp annotation above the title draws B's title, in an optional-content group the default
    # configuration turns OFF: poppler and MuPDF hide it, Ghostscript draws it.
    def tweak(b, meta):
        off = b.add({"Type": Name("OCG"), "Name": "Hidden"})
        b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(off)], "D": {"OFF": [Ref(off)]}}
        ap = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 320, 40],
                           "Resources": {"Font": {"F1": Ref(meta["font"])}}},
                          b"BT /F1 20 Tf 4 12 Td (" + TITLE_B.encode("latin-1")[:28] + b") Tj ET")
        annot = b.add({"Type": Name("Annot"), "Subtype": Name("Stamp"), "Rect": [60, 728, 380, 768], "F": 4,
                       "OC": Ref(off), "AP": {"N": Ref(ap)}})
        page1(b, meta)["Annots"] = [Ref(annot)]
    return _forced_stamp_case(ctx, "annotation-oc", "paper A with a stamp annotation above its title drawing B's "
                              "title in an optional-content group that is OFF (poppler and MuPDF hide it, Ghostscript "
                              "draws it), stamped with A's record", tweak)


@case("c10-title-under-form-named-with-escape")
def _(ctx):
    # A form of black stripes over A's title, drawn as /X#30 Do: viewers decode the name to X0 and
    # draw it; a reader that looks up "X#30" finds nothing to draw.
    def tweak(b, meta):
        stripes = b"1 1 1 rg 52 600 600 200 re f 0 0 0 rg " + b"".join(b"52 %d 600 1 re f " % (600 + k * 2)
                                                                      for k in range(100))
        form = b.add_stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792]}, stripes)
        page1(b, meta)["Resources"]["XObject"] = {"X0": Ref(form)}
        content1(b, meta).data += b"q /X#30 Do Q\n"
    return _forced_stamp_case(ctx, "form-name-escape", "paper A whose title is striped over by a form named with a "
                              "#-escape (/X#30 for X0), stamped with A's record", tweak)


@case("c14-openaction-fitr-corner-of-page1")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = [Ref(meta["page_nums"][0]), Name("FitR"), 0, 0, 60, 40]
    return _automatic_action_case(ctx, "open-fitr", "paper A whose /OpenAction zooms onto a corner of page 1 "
                                  "(/FitR), where anything may be drawn, stamped with A's record (--force)", tweak)


@case("c14-portfolio-collection")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["Collection"] = {"Type": Name("Collection"), "View": Name("H")}
    return _automatic_action_case(ctx, "portfolio", "paper A made a portfolio (/Collection), which Acrobat presents "
                                  "by its embedded files, not its pages, stamped with A's record (--force)", tweak)


@case("c11-mupdf-page-typed-pages-leaf")
def _(ctx):
    notes = []

    def tweak(b, meta):
        # Paper A's page says /Type /Pages and has no /Kids: poppler and pdf.js take it for page 1,
        # MuPDF for a node without pages, so its page 1 is paper B's, the next kid.
        b.objs[meta["page_nums"][0]]["Type"] = Name("Pages")
        b.objs[meta["content_nums"][1]].data = page1_content(TITLE_B, ctx.record_b)
    base, _ = paper(TITLE_A, ctx.record_a, pages=2, tweak=tweak, file_id="page-typed-pages")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, "--force", fallback=None, notes=notes)
    return Forgery(data, "paper A's page typed /Type /Pages without /Kids before paper B's page, stamped with A's "
                   "record: MuPDF's page 1 is paper B without the badge", viewers=("mupdf",), show=[TITLE_B],
                   hide=[SHORT_A, TITLE_A], notes=notes, must_refuse=True, refused=refused)


def _usage_oc_case(ctx, fake, description, show):
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=lambda b, meta: _usage_oc(b, meta, fake),
                    file_id="usage-oc-%s" % fake)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, "--force", fallback=None, notes=notes)
    return Forgery(data, description, viewers=("mupdf",), show=show, hide=[SHORT_A], notes=notes, must_refuse=True,
                   refused=refused, pixels=[("MuPDF draws no badge: badge area as in the unstamped original", base,
                                             BADGE_INNER, "same")])


@case("c8-f6-oc-badge-hidden-by-usage")
def _(ctx):
    return _usage_oc_case(ctx, False, "security review F6: the original page content ends inside an unclosed `/OC "
                          "/oc1 BDC` whose group /Usage /View is OFF, applied through /D /AS: the stamp's badge is "
                          "hidden in MuPDF, shown by poppler (stamped with --force)", [TITLE_A])


@case("c8-f6b-oc-fake-badge-by-usage")
def _(ctx):
    return _usage_oc_case(ctx, True, "security review F6b: as F6, and a fake badge %s where the stamp draws its own, "
                          "in a second group OFF in /D but ON by /AS: MuPDF shows the fake badge and hides the real "
                          "one, poppler the reverse (stamped with --force)" % FAKE_SHORT, [TITLE_A, FAKE_SHORT])


# ---- cause 10: the title drawn, then covered by something that leaves ink of its own

# A's two title lines (18 pt, baselines 700 and 678), descenders to ascenders.
TITLE_AREA = [60, 672, 560, 716]
TITLE_AREA_OPS = b"60 672 500 44"


def _noise(width, height, seed):
    """Grey levels that look like nothing: deterministic bytes, 0 or 255."""
    out = bytearray()
    block = seed
    while len(out) < width * height:
        block = hashlib.sha256(block).digest()
        out += bytes(0 if b & 1 else 255 for b in block)
    return bytes(out[:width * height])


def _picture_of_b_title(ctx):
    """Paper B's first two title lines, where A's stand, as poppler renders them (2 pixels a point,
    grey): (width, height, pixels)."""
    def make():
        src = ctx.write("paper-b-for-picture.pdf", ctx.paper_b())
        x0, y0, x1, y1 = TITLE_AREA
        out = ctx.path("b-title-picture")
        p = ctx.run(["pdftoppm", "-gray", "-r", "144", "-f", "1", "-l", "1", "-x", str(2 * x0), "-y",
                     str(2 * (792 - y1)), "-W", str(2 * (x1 - x0)), "-H", str(2 * (y1 - y0)), "-singlefile",
                     src, out])
        if p.returncode:
            raise GenError("pdftoppm: " + p.stderr.decode(errors="replace"))
        data = open(out + ".pgm", "rb").read()
        magic, w, h, maxval, pixels = data.split(maxsplit=4)
        if magic != b"P5" or maxval != b"255":
            raise GenError("unexpected PGM from pdftoppm")
        return int(w), int(h), pixels[:int(w) * int(h)]
    return ctx.cached("b-title-picture", make)


def _picture_resources(b, picture):
    w, h, pixels = picture
    img = b.add(Stream({"Type": Name("XObject"), "Subtype": Name("Image"), "Width": w, "Height": h,
                        "ColorSpace": Name("DeviceGray"), "BitsPerComponent": 8}, pixels))
    return {"XObject": {"Pic": Ref(img)}}


def _covered_title(ctx, name, tweak, description, show=(), viewers=("poppler", "mupdf")):
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, info_title=False, tweak=tweak, file_id="covered-title-" + name)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, description, show=[TITLE_A, SHORT_A] + list(show), notes=notes, viewers=viewers,
                   pixels=[("A's title is painted over: the title's lines differ from paper A's", ctx.paper_a(),
                            TITLE_AREA, "differ")],
                   must_refuse=True, refused=refused)


@case("c10-title-under-noise-image")
def _(ctx):
    def tweak(b, meta):
        img = b.add(Stream({"Type": Name("XObject"), "Subtype": Name("Image"), "Width": 250, "Height": 22,
                            "ColorSpace": Name("DeviceGray"), "BitsPerComponent": 8}, _noise(250, 22, b"image")))
        page1(b, meta)["Resources"]["XObject"] = {"Im0": Ref(img)}
        content1(b, meta).data += b"q 500 0 0 44 60 672 cm /Im0 Do Q\n"
    return _covered_title(ctx, "image", tweak, "an image of black-and-white noise painted over A's title after it "
                          "is drawn: the title's boxes have ink, none of it the title's")


@case("c10-title-under-inline-noise")
def _(ctx):
    def tweak(b, meta):
        data = _noise(100, 11, b"inline")
        content1(b, meta).data += (b"q 500 0 0 44 60 672 cm BI /W 100 /H 11 /CS /G /BPC 8 /L %d ID\n" % len(data) +
                                   data.replace(b"EI", b"E\xff") + b"\nEI Q\n")
    return _covered_title(ctx, "inline", tweak, "an inline image (BI/ID/EI) of noise painted over A's title")


@case("c10-title-under-filled-paths")
def _(ctx):
    def tweak(b, meta):
        bits = _noise(125, 11, b"paths")
        marks = b"".join(b"%d %d 3 3 re " % (60 + 4 * (i % 125), 672 + 4 * (i // 125))
                         for i, v in enumerate(bits) if v == 0)
        content1(b, meta).data += b"q 1 g " + TITLE_AREA_OPS + b" re f 0 g " + marks + b"f Q\n"
    return _covered_title(ctx, "paths", tweak, "filled paths over A's title: a white box, then black squares scattered "
                          "over it, so the title's boxes have ink, none of it the title's")


@case("c10-title-under-shading")
def _(ctx):
    def tweak(b, meta):
        fn = b.add(Stream({"FunctionType": 0, "Domain": [0, 1], "Range": [0, 1], "Size": [64],
                           "BitsPerSample": 8}, bytes([0, 255] * 32)))
        sh = b.add({"ShadingType": 2, "ColorSpace": Name("DeviceGray"), "Coords": [60, 0, 560, 0],
                    "Function": Ref(fn)})
        page1(b, meta)["Resources"]["Shading"] = {"Sh0": Ref(sh)}
        content1(b, meta).data += b"q " + TITLE_AREA_OPS + b" re W n /Sh0 sh Q\n"
    return _covered_title(ctx, "shading", tweak, "an axial shading of 32 black-to-white ramps, clipped to A's title "
                          "and painted after it")


@case("c10-title-under-form-B-title")
def _(ctx):
    picture = _picture_of_b_title(ctx)

    def tweak(b, meta):
        f = b.add(form([0, 0, 612, 792], b"q 500 0 0 44 60 672 cm /Pic Do Q", _picture_resources(b, picture)))
        page1(b, meta)["Resources"]["XObject"] = {"Fx": Ref(f)}
        content1(b, meta).data += b"q /Fx Do Q\n"
    return _covered_title(ctx, "form", tweak, "a form XObject painted after A's title, drawing a picture of B's "
                          "title lines over it (an image: no text to extract)")


@case("c10-title-under-annotation-B-title")
def _(ctx):
    picture = _picture_of_b_title(ctx)

    def tweak(b, meta):
        w, h = TITLE_AREA[2] - TITLE_AREA[0], TITLE_AREA[3] - TITLE_AREA[1]
        ap = b.add(form([0, 0, w, h], b"q %d 0 0 %d 0 0 cm /Pic Do Q" % (w, h), _picture_resources(b, picture)))
        annot = b.add({"Type": Name("Annot"), "Subtype": Name("Stamp"), "Rect": TITLE_AREA, "F": 4,
                       "Name": Name("Draft"), "AP": {"N": Ref(ap)}})
        page1(b, meta)["Annots"] = [Ref(annot)]
    return _covered_title(ctx, "annotation", tweak, "a Stamp annotation over A's title whose appearance is a picture "
                          "of B's title lines")


@case("c10-title-under-fill-with-blend-array")
def _(ctx):
    # poppler and pdf.js take the first blend mode they know in a /BM array (white Multiply and black
    # Screen change nothing: A shows), MuPDF the first element, unknown, as Normal (white over A, B).
    content = (_paper_ops(ctx.record_a, 420) + b"q /GSMul gs 1 g 0 0 612 792 re f Q\n" +
               b"q /GSScr gs " + _paper_ops(ctx.record_b, 670) + b"Q\n")
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> /ExtGState << /GSMul << /BM [/PithNoSuchMode /Multiply] >> "
                     b"/GSScr << /BM [/PithNoSuchMode /Screen] >> >> >>")
    objs[4] = stream_obj({}, content)
    return _viewers_differ(ctx, "blend", _raw_pdf(objs, 7), "paper A, then a white page-size fill and paper B, both "
                           "under /BM arrays whose first mode is unknown: poppler shows A, MuPDF B",
                           viewers=("poppler",), show=[TITLE_A])


# ---- cause 11: bytes that viewers read differently (poppler, MuPDF, pdf.js each repair damage their own way)

BOLD = {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Helvetica-Bold"),
        "Encoding": Name("WinAnsiEncoding")}
# Draws every code as a space: text set in it is extracted but shows nothing.
BLANK = {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Helvetica"),
         "Encoding": {"Type": Name("Encoding"), "Differences": [32] + [Name("space")] * 95}}


def _paper_ops(record, y, title_font=b"F2", body_font=b"F1"):
    """A paper's title (18 pt), authors and abstract from baseline y down, in the given fonts."""
    paper_info = record["paper"]
    lines = _wrap(paper_info["title"], 48)
    ops = b"0 g\n" + text_block(lines, 72, y, 18, 22, title_font.decode())
    y2 = y - 22 * len(lines) - 16
    ops += text_block([paper_info["authors_text"]], 72, y2, 11, 14, body_font.decode())
    ops += text_block(_wrap(paper_info["abstract_excerpt"][:400], 95), 72, y2 - 28, 10, 12.5, body_font.decode())
    return ops


def _raw_pdf(objs, info, trailer_extra=b""):
    """A file with a classic xref from object bodies (bytes), numbered as given."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, info, trailer_extra, xref)
    return bytes(out)


def _one_page(resources, contents=b"4 0 R", catalog_extra=b""):
    return {1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " + contents +
               b" /Resources " + resources + b" >>",
            5: ser(HELVETICA), 6: ser(BOLD), 7: ser({"Title": TITLE_A})}


def _viewers_differ(ctx, name, original, description, **kw):
    notes = []
    data = ctx.stamp(original, ctx.rec_a, notes=notes)
    return Forgery(data, description, notes=notes, **kw)


@case("c11-mupdf-content-length-short")
def _(ctx):
    part1 = _paper_ops(ctx.record_b, 670)  # what MuPDF reads: /Length bytes
    part2 = b"q 1 g 0 0 612 792 re f Q\n" + _paper_ops(ctx.record_a, 420)  # the rest, up to endstream
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> >>")
    objs[4] = b"<< /Length %d >>\nstream\n" % len(part1) + part1 + part2 + b"\nendstream"
    # MuPDF 1.21 reads the unstamped original's only content stream to /Length (B) and, once the
    # stamp makes /Contents an array, reads on as poppler does: the viewers' repairs differ.
    return _viewers_differ(ctx, "length", _raw_pdf(objs, 7), "page 1's content stream has a /Length that ends "
                           "after paper B: a viewer reading /Length bytes shows B, poppler and pdf.js read on to "
                           "endstream (white over B, then A)", viewers=("poppler",), show=[TITLE_A])


def _objstm_duplicate(objs, num, copy1, copy2, info=7):
    """A file whose object `num` is stored twice in object stream 10 (copy1 first, copy2 second), the
    xref stream naming index 1 (copy2): MuPDF keeps the first copy, poppler and pdf.js the xref's."""
    header = b"%d 0 %d %d " % (num, num, len(copy1) + 1)
    objs = dict(objs)
    objs[10] = stream_obj({"Type": Name("ObjStm"), "N": 2, "First": len(header)}, header + copy1 + b" " + copy2)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref_num = max(max(objs), num) + 1
    offs[xref_num] = len(out)
    rows = b""
    for n in range(xref_num + 1):
        if n == num:
            rows += struct.pack(">BIH", 2, 10, 1)
        elif n in offs:
            rows += struct.pack(">BIH", 1, offs[n], 0)
        else:
            rows += struct.pack(">BIH", 0, 0, 65535 if n == 0 else 0)
    out += b"%d 0 obj\n" % xref_num + stream_obj({"Type": Name("XRef"), "Size": xref_num + 1, "W": [1, 4, 2],
                                                  "Index": [0, xref_num + 1], "Root": Ref(1), "Info": Ref(info)},
                                                 rows, compress=True) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offs[xref_num]
    return bytes(out)


@case("c11-mupdf-objstm-duplicate-number")
def _(ctx):
    a = _paper_ops(ctx.record_a, 420)
    b = _paper_ops(ctx.record_b, 670, b"F4", b"F3")
    # copy 1 (MuPDF keeps the first): A's fonts draw spaces, B's are Helvetica; copy 2 (the xref's
    # index, poppler and pdf.js): the reverse.
    copy1 = b"<< /F1 8 0 R /F2 8 0 R /F3 5 0 R /F4 6 0 R >>"
    copy2 = b"<< /F1 5 0 R /F2 6 0 R /F3 8 0 R /F4 8 0 R >>"
    objs = _one_page(b"<< /Font 11 0 R >>")
    objs[4] = stream_obj({}, a + b)
    objs[8] = ser(BLANK)
    return _viewers_differ(ctx, "objstm", _objstm_duplicate(objs, 11, copy1, copy2), "page 1's font resources are "
                           "an object stored twice in one object stream: MuPDF keeps the first copy (A's text in a "
                           "font of spaces, B's in Helvetica), poppler and pdf.js the item the xref names (the reverse)",
                           viewers=("mupdf",), show=[TITLE_B])


@case("c11-pdfjs-xref-object-0-in-use")
def _(ctx):
    common = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /Cover 8 0 R >> >>")
    common[4] = stream_obj({}, _paper_ops(ctx.record_b, 640) + b"/Cover Do\n")
    rev1 = dict(common)
    rev1[8] = stream_obj({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792],
                          "Resources": {"Font": {"F1": Ref(5), "F2": Ref(6)}}},
                         b"q 1 g 0 0 612 792 re f Q\n" + _paper_ops(ctx.record_a, 420))
    base = _raw_pdf(rev1, 7)
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    out = bytearray(base)
    offs = {}
    for n in sorted(common):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + common[n] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 8\n0000000000 00000 n \n"  # object 0 in use: pdf.js drops this section and /Prev
    for n in range(1, 8):
        out += b"%010d 00000 n \n" % offs[n]
    out += b"trailer\n<< /Size 9 /Root 1 0 R /Info 7 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref)
    return _viewers_differ(ctx, "object0", bytes(out), "an update whose xref table gives object 0 in use: pdf.js "
                           "drops it and its /Prev, so the form covering paper B with paper A is gone (pdf.js "
                           "shows B); poppler and MuPDF follow /Prev and show A", show=[TITLE_A])


@case("c11-mupdf-oc-auto-state-title")
def _(ctx):
    content = (b"/OC /oa BDC\n" + _paper_ops(ctx.record_a, 420) + b"EMC\n" +
               b"/OC /ob BDC\n" + _paper_ops(ctx.record_b, 640) + b"EMC\n")
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> /Properties << /oa 10 0 R /ob 11 0 R >> >>",
                     catalog_extra=b"/OCProperties << /OCGs [10 0 R 11 0 R] /D << /Order [10 0 R 11 0 R] "
                     b"/OFF [11 0 R] /AS [<< /Event /View /OCGs [10 0 R 11 0 R] /Category [/View] >> "
                     b"<< /Event /Print /OCGs [10 0 R 11 0 R] /Category [/Print] >>] >> >> ")
    objs[4] = stream_obj({}, content)
    objs[10] = b"<< /Type /OCG /Name (a) /Usage << /View << /ViewState /OFF >> /Print << /PrintState /OFF >> >> >>"
    objs[11] = b"<< /Type /OCG /Name (b) /Usage << /View << /ViewState /ON >> /Print << /PrintState /ON >> >> >>"
    return _viewers_differ(ctx, "oc", _raw_pdf(objs, 7), "page 1 holds A in optional content group a (ON, usage "
                           "OFF) and B in group b (OFF, usage ON), with /AS auto-states in /D: MuPDF applies the "
                           "usage and shows B, poppler and pdf.js show A", viewers=("mupdf",), show=[TITLE_B],
                           hide=[TITLE_A])


def _cover_form_objs(ctx):
    """Page 1 draws paper B, then /Cover Do: object 8, a form painting white and paper A."""
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /Cover 8 0 R >> >>")
    objs[4] = stream_obj({}, _paper_ops(ctx.record_b, 640) + b"/Cover Do\n")
    objs[8] = stream_obj({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792],
                          "Resources": {"Font": {"F1": Ref(5), "F2": Ref(6)}}},
                         b"q 1 g 0 0 612 792 re f Q\n" + _paper_ops(ctx.record_a, 420))
    return objs


@case("c11-hybrid-free-in-table-used-in-xrefstm")
def _(ctx):
    objs = _cover_form_objs(ctx)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    rows = struct.pack(">BIH", 1, offs[8], 0)
    offs[9] = len(out)
    out += (b"9 0 obj\n<< /Type /XRef /Size 10 /Index [8 1] /W [1 4 2] /Length %d >>\nstream\n" % len(rows) + rows +
            b"\nendstream\nendobj\n")
    xref = len(out)
    out += b"xref\n0 10\n0000000000 65535 f \n"
    for n in range(1, 10):
        out += b"0000000000 00001 f \n" if n == 8 else b"%010d 00000 n \n" % offs[n]
    out += b"trailer\n<< /Size 10 /Root 1 0 R /Info 7 0 R /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n" % (offs[9], xref)
    return _viewers_differ(ctx, "hybrid", bytes(out), "a hybrid file whose table gives the cover form (white, then "
                           "paper A over paper B) free while its /XRefStm gives it in use: MuPDF and pdf.js keep it "
                           "free and show B; pith's reader, and poppler after rebuilding its xref, show A",
                           viewers=("mupdf",), show=[TITLE_B], hide=[TITLE_A])


@case("c11-poppler-xref-entry-points-elsewhere")
def _(ctx):
    # Object 9, an image nothing draws, holds in its data a whole "4 0 obj" with paper A; the
    # catalog's /AcroForm entry points at object 5's offset: poppler, fetching it on opening,
    # rebuilds its xref by scanning (stream data too, later definitions winning) and draws A;
    # MuPDF and pdf.js keep the xref: paper B.
    hidden = stream_obj({}, _paper_ops(ctx.record_a, 420))
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> >>", catalog_extra=b"/AcroForm 10 0 R ")
    objs[4] = stream_obj({}, _paper_ops(ctx.record_b, 640))
    objs[9] = stream_obj({"Type": Name("XObject"), "Subtype": Name("Image"), "Width": 1, "Height": 1,
                          "ColorSpace": Name("DeviceGray"), "BitsPerComponent": 8},
                         b"\n4 0 obj\n" + hidden + b"\nendobj\n")
    objs[10] = b"<< /Fields [] >>"
    data = bytearray(_raw_pdf(objs, 7))
    at5 = data.index(b"\n5 0 obj") + 1
    entry10 = data.index(b"xref\n") + len(b"xref\n0 11\n") + 20 * 10
    data[entry10:entry10 + 10] = b"%010d" % at5
    return _viewers_differ(ctx, "misdirected", bytes(data), "the /AcroForm's xref entry points at another object: "
                           "poppler rebuilds its cross-reference table by scanning and takes page 1's content from "
                           "a copy hidden in an image's data (A); MuPDF and pdf.js keep the xref (B)",
                           viewers=("mupdf",), show=[TITLE_B], hide=[TITLE_A])


@case("c11-mupdf-objstm-duplicate-annotation")
def _(ctx):
    # Page 1's only annotation is stored twice in one object stream. Copy 1 (MuPDF keeps the first):
    # a Square annotation whose appearance paints a white box and another paper's badge over the
    # corner where the stamp puts its own. Copy 2 (the xref's index: poppler, pdf.js): a hidden note
    # far from the badge, so the checks over the badge see nothing there.
    rect = (380, 690, 606, 786)
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    fake = (b"q 1 g 0 0 %d %d re f Q BT 0 g /F1 9 Tf 20 44 Td (Pith Number) Tj ET "
            b"BT 0 g /F2 9 Tf 82 44 Td (pith:UU3ZMT4K) Tj ET" % (w, h))
    copy1 = b"<< /Type /Annot /Subtype /Square /Rect [%d %d %d %d] /F 4 /Border [0 0 0] /AP << /N 13 0 R >> >>" % rect
    copy2 = b"<< /Type /Annot /Subtype /Text /Rect [20 20 40 40] /F 2 /Contents (note) >>"
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> >> /Annots [12 0 R]")
    objs[4] = stream_obj({}, _paper_ops(ctx.record_a, 600))
    objs[13] = stream_obj({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, w, h],
                           "Resources": {"Font": {"F1": Ref(5), "F2": Ref(6)}}}, fake)
    return _viewers_differ(ctx, "objstm-annot", _objstm_duplicate(objs, 12, copy1, copy2), "page 1's annotation "
                           "is an object stored twice in one object stream: MuPDF keeps the first copy (another "
                           "paper's badge drawn over the stamp's corner), poppler and pdf.js the item the xref names "
                           "(a hidden note)", viewers=("poppler",), show=[TITLE_A])


@case("c11-poppler-linearized-L-claims-stamped-file")
def _(ctx):
    evil = "https://pith.science.attacker.example/pith/" + SUFFIX_A
    # Paper A with a drawn copy of the badge text where the stamp puts it and a lookalike link,
    # linearized by qpdf: what poppler and pdf.js show, reading the first-page section first.
    fake_badge = (b"q 0.5 w 0.7 0.7 0.7 RG 398 694 202 86 re S Q\n"
                  b"BT /F1 7 Tf 410 733 Td (Pith Number) Tj ET BT /F2 7 Tf 455 733 Td (%s) Tj ET\n" % SHORT_A.encode())
    objs = _one_page(b"<< /Font << /F1 5 0 R /F2 6 0 R >> >> /Annots [8 0 R]")
    objs[4] = stream_obj({}, _paper_ops(ctx.record_a, 600) + fake_badge)
    objs[8] = ser(link_annot([398, 694, 600, 780], evil))
    plain = ctx.write("linearize-in.pdf", _raw_pdf(objs, 7))
    lin_path = ctx.path("linearized.pdf")
    p = ctx.run(["qpdf", "--linearize", "--object-streams=disable", "--compress-streams=n", "--static-id", plain, lin_path])
    if p.returncode not in (0, 3):
        raise GenError("qpdf --linearize: " + p.stderr.decode(errors="replace"))
    lin = open(lin_path, "rb").read()
    with pikepdf.open(lin_path) as pdf:
        page = pdf.pages[0].obj
        page_num, content_num, root_num = page.objgen[0], page.Contents.objgen[0], pdf.Root.objgen[0]
        size, pages_num = int(pdf.trailer.Size), pdf.Root.Pages.objgen[0]
        f1, f2 = page.Resources.Font.F1.objgen[0], page.Resources.Font.F2.objgen[0]
        file_id = bytes(pdf.trailer.ID[0]).hex().encode()
    last_startxref = int(re.findall(rb"startxref\s+(\d+)", lin)[-1])

    def with_update(base):
        """The revision MuPDF and pith's reader read: paper B, no drawn badge, no link."""
        out = bytearray(base)
        offs = {content_num: len(out)}
        out += b"%d 0 obj\n" % content_num + stream_obj({}, _paper_ops(ctx.record_b, 640)) + b"\nendobj\n"
        offs[page_num] = len(out)
        out += (b"%d 0 obj\n<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>\nendobj\n" % (page_num, pages_num, content_num, f1, f2))
        xref = len(out)
        out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, offs[n]) for n in sorted(offs))
        out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
            size, root_num, last_startxref, file_id, file_id, xref)
        return bytes(out)

    def with_length(base, length):
        """The linearization dictionary with /L = length, the same number of bytes."""
        m = re.search(rb"<<\s*/Linearized.*?>>", base, re.S)
        d = m.group(0)
        new = re.sub(rb"\[ (\d+) (\d+) \]", rb"[\1 \2]", re.sub(rb"/L \d+", b"/L %d" % length, d))
        if len(new) > len(d):
            raise GenError("no room for /L in the linearization dictionary")
        return base[:m.start()] + new[:-2] + b" " * (len(d) - len(new)) + b">>" + base[m.end():]

    notes = []
    # The stamped length does not depend on /L's value (same digits): one trial stamp finds it.
    trial = ctx.stamp(with_update(with_length(lin, len(lin) * 10)), ctx.rec_a, "--force", fallback=None, notes=[])
    data = ctx.stamp(with_update(with_length(lin, len(trial))), ctx.rec_a, "--force", fallback=None, notes=notes)
    if len(data) != len(trial):
        raise GenError("the stamped length moved with /L")
    return Forgery(data, "a linearized paper A (drawn badge text, a lookalike link) with an update to paper B, its "
                   "linearization /L set to the stamped file's length: poppler and pdf.js read the first-page "
                   "section first (A, the drawn label, the lookalike link) and never the stamp update; MuPDF "
                   "and pith's reader read B and the real stamp", viewers=("mupdf",), show=[TITLE_B],
                   hide=[TITLE_A], urls=[evil], notes=notes)


# ---- cause 9: honest files (no false alarm)

@case("c9-honest-stamp-A")
def _(ctx):
    return Forgery(ctx.stamped_a(), "paper A stamped with A's record", show=[TITLE_A, SHORT_A], urls=[URL_A],
                   qr_urls=[URL_A], pixels=[("the badge is drawn", ctx.paper_a(), BADGE_INNER, "differ")])


@case("c9-honest-latex-A-qr")
def _(ctx):
    data = ctx.latex("A-qr", ctx.rec_a, TITLE_A, SUFFIX_A, options="qr")
    return Forgery(data, "pdflatex paper A with \\usepackage[qr]{pith}: its badge's QR code goes to A",
                   show=[TITLE_A, SHORT_A], urls=[URL_A], qr_urls=[URL_A])


@case("c9-honest-many-content-streams")
def _(ctx):
    # Page 1 in 301 content streams (2.4 MB in all), as some producers split a page: the content
    # limit counts each stream's bytes once, not the content joined so far after each stream.
    def tweak(b, meta):
        extra = [Ref(b.add_stream({}, b"q 1 0 0 1 0 0 cm Q\n" * 430)) for _ in range(300)]
        page1(b, meta)["Contents"] = [Ref(meta["content_nums"][0])] + extra
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="many-streams")
    return Forgery(ctx.stamp(base, ctx.rec_a, fallback=None), "paper A whose page 1 is drawn by 301 content streams, "
                   "stamped with A's record", show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c9-honest-stamp-B")
def _(ctx):
    return Forgery(ctx.stamped_b(), "paper B stamped with B's record", show=[TITLE_B, SHORT_B], urls=[URL_B],
                   qr_urls=[URL_B])


@case("c9-honest-latex-A")
def _(ctx):
    return Forgery(ctx.latex_a(), "pdflatex paper A with \\usepackage{pith}", show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c9-honest-stamp-A-page2-of-3")
def _(ctx):
    base, _ = paper(TITLE_A, ctx.record_a, pages=3)
    data = ctx.stamp(base, ctx.rec_a, "--page", "2", fallback=None)
    return Forgery(data, "a 3-page paper A stamped on page 2", show=[TITLE_A], hide=[SHORT_A],
                   pages={2: [SHORT_A, "Page 2"]})


@case("c9-honest-stamp-A-no-qr")
def _(ctx):
    return Forgery(ctx.stamp(ctx.paper_a(), ctx.rec_a, "--no-qr", fallback=None), "paper A stamped with --no-qr",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c9-honest-stamp-latex-without-pith")
def _(ctx):
    base = ctx.latex("A-plain", ctx.rec_a, TITLE_A, SUFFIX_A, with_pith=False)
    data = ctx.stamp(base, ctx.rec_a, fallback=None)
    return Forgery(data, "pdflatex paper A (no pith package; object and xref streams) stamped with A's record",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


# Inputs whose own XMP uses the forms a stamp's packet may not (comments, processing instructions,
# CDATA, attribute forms, qualifiers, structs, several rdf:Description elements): the stamp writes
# the same properties again in its own form, which verifies.
UNUSUAL_XMP = ("""<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>
<!-- written by hand in the forms Acrobat, exiftool, hyperxmp and pdfx use -->
<?adobe-xap-filters esc="CRLF"?>
<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Adobe XMP Core 5.6-c015 84.159810, 2016/09/10-02:41:30        '>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
 <rdf:Description rdf:about='uuid:0b9e5a2c-1111-4c3e-9d3a-000000000001' xmlns:dc='http://purl.org/dc/elements/1.1/'
   dc:format='application/pdf'>
  <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>%(title)s</rdf:li></rdf:Alt></dc:title>
  <dc:rights><rdf:Alt><rdf:li xml:lang='x-default'>CC-BY &amp; l&#233;gance</rdf:li></rdf:Alt></dc:rights>
  <dc:creator><rdf:Seq><rdf:li>A. Author</rdf:li><rdf:li>B. Author</rdf:li></rdf:Seq></dc:creator>
  <dc:subject><rdf:Bag><rdf:li>quantization</rdf:li><rdf:li><![CDATA[LLM <inference>]]></rdf:li></rdf:Bag></dc:subject>
  <dc:source xml:lang='en'>arXiv</dc:source>
 </rdf:Description>
 <!-- a second description, as hyperxmp writes one per schema -->
 <rdf:Description rdf:about='uuid:0b9e5a2c-1111-4c3e-9d3a-000000000001' xmlns:xmpRights='http://ns.adobe.com/xap/1.0/rights/'
   xmlns:Iptc4xmpCore='http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/' xmlns:pdfx='http://ns.adobe.com/pdfx/1.3/'>
  <xmpRights:Marked>True</xmpRights:Marked>
  <xmpRights:WebStatement rdf:resource='https://example.org/licence'/>
  <Iptc4xmpCore:CreatorContactInfo rdf:parseType='Resource'>
   <Iptc4xmpCore:CiEmailWork>author@example.org</Iptc4xmpCore:CiEmailWork>
   <Iptc4xmpCore:CiUrlWork>https://example.org</Iptc4xmpCore:CiUrlWork>
  </Iptc4xmpCore:CreatorContactInfo>
  <pdfx:Note><rdf:Description><rdf:value>with a qualifier</rdf:value><xmpRights:Owner>A. Author</xmpRights:Owner></rdf:Description></pdfx:Note>
  <pdfx:Shortened xmlns:extra='https://example.org/extra/'><rdf:Description extra:field='one'/></pdfx:Shortened>
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>""" % {"title": TITLE_A}).encode("utf-8")


def _with_xmp(data, packet):
    """`data` with a revision that points the catalog at a new XMP stream holding `packet`."""
    doc = Doc(data)
    num = doc.new_nums(1)[0]
    cat = doc.obj(doc.root)
    cat["Metadata"] = Ref(num)
    return append_revision(data, {num: stream_obj({"Type": Name("Metadata"), "Subtype": Name("XML")}, packet),
                                  doc.root: ser(cat)}, doc)


@case("c9-honest-stamp-unusual-xmp")
def _(ctx):
    data = ctx.stamp(_with_xmp(ctx.paper_a(), UNUSUAL_XMP), ctx.rec_a, "--key", ctx.stamper_key()[0], fallback=None)
    return Forgery(data, "paper A with an XMP packet holding comments, processing instructions, CDATA, attribute forms, "
                   "qualifiers, structs and two rdf:Description elements, stamped and signed by a trusted stamper",
                   show=[TITLE_A, SHORT_A], meta_contains=["Iptc4xmpCore:CiEmailWork"], verify_args=ctx.keyring_args())


@case("c9-honest-stamp-exiftool-xmp")
def _(ctx):
    src, out = ctx.write("exiftool-in.pdf", ctx.paper_a()), ctx.path("exiftool-out.pdf")
    p = ctx.run(["exiftool", "-q", "-o", out, "-XMP-dc:Title=" + TITLE_A, "-XMP-dc:Subject=quantization",
                 "-XMP-dc:Subject=LLM", "-XMP-dc:Description-fr-FR=R\u00e9sum\u00e9 <court> & net",
                 "-XMP-xmpRights:Marked=True", "-XMP-pdf:Keywords=weights, bits", src])
    if p.returncode != 0:
        raise GenError("exiftool: " + p.stderr.decode(errors="replace"))
    data = ctx.stamp(open(out, "rb").read(), ctx.rec_a, fallback=None)
    return Forgery(data, "paper A given XMP by exiftool (its own packet form: single quotes, x:xmptk Image::ExifTool), "
                   "then stamped", show=[TITLE_A, SHORT_A], meta_contains=["LLM"])


@case("c9-honest-stamp-hyperxmp")
def _(ctx):
    base = ctx.cached("latex_hyperxmp", lambda: _latex_with(ctx, "hyperxmp",
                                                            "\\usepackage{hyperxmp}\n"
                                                            "\\hypersetup{pdftitle={%s},pdfauthor={A. Author},"
                                                            "pdfcopyright={Copyright (C) 2026 A. Author},"
                                                            "pdflicenseurl={https://creativecommons.org/licenses/by/4.0/},"
                                                            "pdfcontactemail={author@example.org},pdflang={en-GB},"
                                                            "pdfkeywords={quantization, LLM}}" % TITLE_A))
    data = ctx.stamp(base, ctx.rec_a, fallback=None)
    return Forgery(data, "pdflatex paper A with hyperxmp's XMP packet (structs, language alternatives, many schemas), "
                   "then stamped", show=[TITLE_A, SHORT_A], meta_contains=["author@example.org"])


def _latex_with(ctx, key, preamble):
    """A pdflatex paper A without pith, with `preamble` added."""
    d = ctx.path("latex-" + key)
    os.makedirs(d, exist_ok=True)
    tex = LATEX % {"pith": preamble, "title": _tex_escape(TITLE_A), "author": "A. Author",
                   "abstract": _tex_escape(INTRO[:300]), "intro": _tex_escape(INTRO)}
    with open(os.path.join(d, "paper.tex"), "w") as f:
        f.write(tex)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1781000000", FORCE_SOURCE_DATE="1")
    p = ctx.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "-halt-on-error", "paper.tex"], cwd=d,
                env=env)
    pdf = os.path.join(d, "paper.pdf")
    if p.returncode != 0 or not os.path.exists(pdf):
        raise GenError("pdflatex failed: " + open(os.path.join(d, "paper.log"), errors="replace").read()[-800:])
    return open(pdf, "rb").read()


# ---- cause 10: optional content viewers show differently. poppler, which pith verify reads, shows
# paper A with A's record; MuPDF shows paper B.

def _b_block(ctx):
    """Paper B's title and authors, below where paper A's page 1 ends (y 444): poppler reads each
    paper's lines apart wherever both are drawn."""
    return (text_block(_wrap(TITLE_B, 40), 72, 380, 18, 22) +
            text_block([ctx.record_b["paper"]["authors_text"]], 72, 300, 12, 14))


def _b_block_page(ctx):
    """A page showing only _b_block: what MuPDF shows of the cases below."""
    def only_b(b, meta):
        content1(b, meta).data = _b_block(ctx)
    return ctx.cached("b_block_page", lambda: paper(TITLE_B, ctx.record_b, tweak=only_b, file_id="b-block")[0])


def _render_case(ctx, key, tweak, description, hide=()):
    """Paper A's page 1 (title in Info: A's) changed by tweak(b, meta), stamped with A's record: pith
    stamp must refuse it; MuPDF shows paper B (its title, and page 1 below the badge as _b_block_page)."""
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="render-" + key)
    refused = ctx.stamp_refuses(base, ctx.rec_a, "--position", "top-right", notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, description, viewers=("mupdf",), show=[TITLE_B, SHORT_A], hide=list(hide), notes=notes,
                   pixels=[("MuPDF shows paper B's title and authors alone below the badge", _b_block_page(ctx),
                            [0, 0, 612, 690], "alike")],
                   must_refuse=True, refused=refused)


def _oc_groups(b, meta, groups, d):
    b.objs[meta["catalog"]]["OCProperties"] = {"OCGs": [Ref(g) for g in groups.values()], "D": d}
    page1(b, meta)["Resources"]["Properties"] = {k: Ref(v) for k, v in groups.items()}


@case("c10-oc-intent-design")
def _(ctx):
    def tweak(b, meta):
        g = b.add({"Type": Name("OCG"), "Name": "design", "Intent": Name("Design")})
        _oc_groups(b, meta, {"od": g}, {"Order": [Ref(g)]})
        content1(b, meta).data = (_b_block(ctx) + b"/OC /od BDC\nq 1 g 0 0 612 730 re f Q\n0 g\n" +
                                  page1_content(TITLE_A, ctx.record_a) + b"EMC\n")
    return _render_case(ctx, "oc-intent", tweak,
                        "paper B's title, then a white box and paper A over it in a group ON in /D whose /Intent is "
                        "Design: poppler shows the group (A), MuPDF hides a group that is not for viewing (B)",
                        hide=[TITLE_A])


@case("c9-honest-border-link-and-blend-name")
def _(ctx):
    def tweak(b, meta):
        ap = b.add(form([0, 0, 468, 60], b"q 0 0 1 RG 1 w 0.5 0.5 467 59 re S Q"))
        link = b.add({"Type": Name("Annot"), "Subtype": Name("Link"), "Rect": [66, 660, 534, 720],
                      "Border": [0, 0, 1], "AP": {"N": Ref(ap)},
                      "A": {"S": Name("URI"), "URI": "https://arxiv.org/abs/2606.00001"}})
        page1(b, meta)["Annots"] = [Ref(link)]
        mul = b.add({"Type": Name("ExtGState"), "BM": Name("Multiply"), "ca": 0.5})
        page1(b, meta)["Resources"]["ExtGState"] = {"GM": Ref(mul)}
        content1(b, meta).data += b"q /GM gs 0.9 g 60 40 492 20 re f Q\n"
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="honest-border-link")
    data = ctx.stamp(base, ctx.rec_a, fallback=None)
    return Forgery(data, "paper A whose title is a link with a border-only appearance (a thin frame, as viewers "
                   "and PDF editors write), and a /BM /Multiply box at its foot, stamped with A's record",
                   show=[TITLE_A, SHORT_A], urls=[URL_A])


# ---- cause 12: the record's title on page 1, but not set as its title (docs/FORMAT.md, "Title placement")

def _title_not_as_title(ctx, name, extra=b"", title_lines=None, description=""):
    """Paper B (its own title at 18 pt, no Info /Title) with `extra` drawn on page 1, or its title
    block replaced by `title_lines`, stamped with A's record (--force when refused)."""
    def tweak(b, meta):
        c = content1(b, meta)
        if title_lines is not None:
            c.data = c.data.replace(_title_block(TITLE_B), text_block(title_lines, 72, 700, 18, 22))
        c.data += extra
    notes = []
    base, _ = paper(TITLE_B, ctx.record_b, info_title=False, tweak=tweak, file_id=name)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    shown = [TITLE_A, SHORT_A] + ([TITLE_B] if title_lines is None else [])
    return Forgery(data, description, show=shown, notes=notes, must_refuse=True, refused=refused)


CITATION_OF_A = ("Our analysis departs from the earlier study " + TITLE_A + ", whose bounds we tighten for "
                 "rotated weights and four-bit caches, and whose experiments we repeat on larger models.")


@case("c12-A-title-cited-in-body")
def _(ctx):
    return _title_not_as_title(ctx, "c12-cited", text_block(_wrap(CITATION_OF_A, 92), 72, 200, 10, 13),
                               description="paper B (its title at 18 pt) citing A's title once in a paragraph at "
                               "the body's size (10 pt), stamped with A's record")


@case("c12-rebuttal-title-contains-A")
def _(ctx):
    return _title_not_as_title(ctx, "c12-rebuttal", title_lines=_wrap("A rebuttal of: " + TITLE_A, 40),
                               description="paper B titled 'A rebuttal of: <A's title>' at 18 pt (the prefix on "
                               "the title's first line), stamped with A's record")


@case("c12-rebuttal-prefix-line-above-A")
def _(ctx):
    return _title_not_as_title(ctx, "c12-rebuttal-line", title_lines=["A rebuttal of:"] + _wrap(TITLE_A, 40),
                               description="paper B titled 'A rebuttal of:' on a line of its own above A's title, "
                               "all at 18 pt with the same leading, stamped with A's record")


@case("c12-A-title-as-running-head")
def _(ctx):
    return _title_not_as_title(ctx, "c12-running-head", text_block([TITLE_A], 72, 770, 8, 10),
                               description="paper B (its title at 18 pt) with A's title as an 8-pt running head "
                               "at the top of page 1, on a line of its own, stamped with A's record")


@case("c12-A-title-up-the-margin")
def _(ctx):
    # A's title turned a quarter, in grey up the left margin as arXiv sets its identifier: no text of
    # its own direction is larger, but a reader takes B's 18-pt title across the page for the title.
    return _title_not_as_title(ctx, "c12-margin", b"0.5 g BT /F1 10 Tf 0 1 -1 0 36 180 Tm " + pdf_text(TITLE_A) +
                               b" Tj ET 0 g\n", description="paper B (its title at 18 pt) with A's title set up the "
                               "left margin in 10-pt grey, turned a quarter, stamped with A's record")


@case("c12-A-title-in-footnote")
def _(ctx):
    return _title_not_as_title(ctx, "c12-footnote",
                               text_block(["* This paper was first circulated in 2025 under the title"], 72, 71, 9, 11)
                               + text_block([TITLE_A], 72, 60, 9, 11),
                               description="paper B (its title at 18 pt) with A's title on a line of its own in a "
                               "9-pt footnote, stamped with A's record")


@case("c12-rebuttal-prefix-line-above-A-turned-page")
def _(ctx):
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_B), text_block(["A rebuttal of:"] + _wrap(TITLE_A, 40), 72, 700, 18, 22))
        page1(b, meta)["Rotate"] = 90
    notes = []
    base, _ = paper(TITLE_B, ctx.record_b, info_title=False, tweak=tweak, file_id="c12-rebuttal-turned")
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    return Forgery(data, "c12-rebuttal-prefix-line-above-A on a page turned by /Rotate 90 (its lines run top to "
                   "bottom as displayed), stamped with A's record", show=[TITLE_A, SHORT_A], notes=notes,
                   must_refuse=True, refused=refused)


@case("c9-honest-title-turned-page")
def _(ctx):
    def tweak(b, meta):
        page1(b, meta)["Rotate"] = 90
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="c9-turned")
    # Not top-right: as displayed, that corner holds the start of the title's lines, which a badge
    # there covers (and character recognition then misses "On").
    data = ctx.stamp(base, ctx.rec_a, "--position", "bottom-right", fallback=None)
    return Forgery(data, "paper A on a page turned by /Rotate 90 (its title runs top to bottom as displayed), "
                   "stamped with A's record", show=[TITLE_A, SHORT_A], urls=[URL_A])


def _honest_title(ctx, name, title_ops, extra=b"", description=""):
    """Paper A with its title block drawn by `title_ops` (and `extra`), stamped with A's record."""
    def tweak(b, meta):
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), title_ops) + extra
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id=name)
    data = ctx.stamp(base, ctx.rec_a, fallback=None)
    return Forgery(data, description, show=[TITLE_A, SHORT_A], urls=[URL_A])


@case("c9-honest-title-three-lines-footnote-marks")
def _(ctx):
    lines = _wrap(TITLE_A, 28)
    ops = text_block(lines, 72, 712, 19, 23)[:-len(b" ET\n")] + b" /F1 9 Tf 8 Ts (1,2) Tj ( *) Tj 0 Ts ET\n"
    return _honest_title(ctx, "c9-three-lines", ops, description="paper A whose title wraps over three lines at "
                         "19 pt, its last line followed by the superscript footnote marks '1,2 *' at 9 pt")


def _small_caps(title, x, y, size, leading, width):
    """The title in upper case, each word's first letter at `size` and the rest at 0.8 of it, as a
    word processor sets small capitals."""
    out = b"BT %g TL %g %g Td" % (leading, x, y)
    for i, line in enumerate(_wrap(title.upper(), width)):
        out += b" T*" if i else b""
        for j, word in enumerate(line.split(" ")):
            out += b" /F1 %g Tf %s Tj" % (size, pdf_text((" " if j else "") + word[0]))
            if word[1:]:
                out += b" /F1 %g Tf %s Tj" % (size * 0.8, pdf_text(word[1:]))
    return out + b" ET\n"


@case("c9-honest-title-small-caps-running-head")
def _(ctx):
    return _honest_title(ctx, "c9-small-caps", _small_caps(TITLE_A, 72, 700, 18, 22, 40),
                         text_block([TITLE_A], 72, 770, 8, 10),
                         description="paper A whose title is set in upper case as small capitals (18 pt initials, "
                         "14.4 pt letters), with the title repeated as an 8-pt running head above it")


def _type3_font(proc):
    """A Type3 font whose codes 32..126 carry the standard glyph names of their WinAnsi letters (so
    poppler, MuPDF and pdf.js read them as those letters) while every glyph is drawn by the one
    glyph procedure `proc`, whatever the letter: the shapes are not bound to the letters."""
    names = {32: "space", 33: "exclam", 39: "quotesingle", 40: "parenleft", 41: "parenright", 44: "comma",
             45: "hyphen", 46: "period", 47: "slash", 58: "colon", 59: "semicolon", 63: "question"}
    digits = "zero one two three four five six seven eight nine".split()
    glyph = {c: names.get(c, digits[c - 48] if 48 <= c <= 57 else (chr(c) if chr(c).isalpha() else "g%d" % c))
             for c in range(32, 127)}
    return {"Type": Name("Font"), "Subtype": Name("Type3"), "FontBBox": [0, 0, 500, 700],
            "FontMatrix": [0.001, 0, 0, 0.001, 0, 0], "FirstChar": 32, "LastChar": 126, "Widths": [500] * 95,
            "Encoding": {"Type": Name("Encoding"), "Differences": [32] + [Name(glyph[c]) for c in range(32, 127)]},
            "CharProcs": {glyph[c]: proc for c in range(32, 127)}, "Resources": {}}


def _type3_title_case(ctx, tag, through_graphics_state=False):
    """Paper A whose title is set in a Type3 font whose glyph procedures draw a bar for every letter;
    the font is selected by Tf, or by a graphics state's /Font (gs), stamped with A's record (--force)."""
    notes = []

    def tweak(b, meta):
        proc = b.add(Stream({}, b"500 0 0 0 500 700 d1 40 0 420 700 re f"))
        font = Ref(b.add(_type3_font(Ref(proc))))
        resources = page1(b, meta)["Resources"]
        resources["Font"]["T3"] = font
        c = content1(b, meta)
        block = text_block(_wrap(TITLE_A, 40), 72, 700, 18, 22, "T3")
        if through_graphics_state:
            resources.setdefault("ExtGState", {})["GS3"] = {"Type": Name("ExtGState"), "Font": [font, 18]}
            block = block.replace(b"/T3 18 Tf", b"/GS3 gs")
            assert b"/GS3 gs" in block
        c.data = c.data.replace(_title_block(TITLE_A), block)
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="type3-title-" + tag)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes)
    how = "a graphics state's /Font (gs)" if through_graphics_state else "Tf"
    return Forgery(data, "paper A whose title is set in a Type3 font selected by " + how + ": its glyph names read as "
                   "A's title (pdftotext, MuPDF), its glyph procedures draw a bar for every letter (any other title "
                   "could be drawn), stamped with A's record (--force)", show=[TITLE_A, SHORT_A], notes=notes,
                   must_refuse=True, refused=refused)


@case("c13-type3-space-glyph-covers-title")
def _(ctx):
    # A's title in Helvetica, then one space in a Type3 font whose glyph procedure (d0: in the
    # current colour) paints a white box over the title and draws B's title in it: poppler's text
    # is A's title and a space, every viewer shows B's title.
    def tweak(b, meta):
        # Glyph space at 10 pt: 100 units a point. The box spans x 52..652, y 600..800 on the page.
        b_lines = [line.encode("latin-1") for line in _wrap(TITLE_B, 40)]
        glyph = (b"0 0 d0 1 1 1 rg -2000 -8000 60000 20000 re f 0 0 0 rg BT /F1 1800 Tf 0 2000 Td (" + b_lines[0] +
                 b") Tj 0 -2200 Td (" + b_lines[1] + b") Tj ET")
        proc = b.add(Stream({}, glyph))
        font = _type3_font(Ref(proc))
        font["Resources"] = {"Font": {"F1": Ref(meta["font"])}}
        font["ToUnicode"] = Ref(b.add(Stream({}, b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                                                  b"/CMapName /T3 def 1 begincodespacerange <00> <FF> endcodespacerange "
                                                  b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict "
                                                  b"/CMap defineresource pop end end")))
        page1(b, meta)["Resources"]["Font"]["T3"] = Ref(b.add(font))
        c = content1(b, meta)
        c.data += b"BT /T3 10 Tf 1 0 0 1 72 680 Tm ( ) Tj ET\n"
    return _forced_stamp_case(ctx, "type3-space-cover", "paper A whose title is painted over by one Type3 space glyph drawing a white box and B's "
                              "title (text extraction reads A's title), stamped with A's record", tweak)


@case("c13-type3-title-drawn-as-other-shapes")
def _(ctx):
    return _type3_title_case(ctx, "tf")


@case("c13-type3-title-font-from-graphics-state")
def _(ctx):
    return _type3_title_case(ctx, "gs", through_graphics_state=True)


def _clip_of_squares_case(ctx, tag, in_form=False):
    """A's title lines replaced by rows of ZapfDingbats squares (a71) in 7 Tr, each square a code of
    its own that ToUnicode maps to the next letter of A's title; inside that clip, a picture of B's
    title (drawn directly or by a form). Text extraction reads A's title at 22 pt; every viewer shows
    B's title through the squares."""
    def tweak(b, meta):
        lines = _wrap(TITLE_A, 40)
        per_line = 56
        codes, mapping = [], {}
        for n, line in enumerate(lines[:2]):
            row = bytes(range(1 + n * per_line, 1 + (n + 1) * per_line))
            codes.append(row)
            for i, code in enumerate(row):
                mapping[code] = line[i] if i < len(line) else " "
        squares = b.add({"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("ZapfDingbats"),
                         "Encoding": {"Type": Name("Encoding"), "Differences": [1] + [Name("a71")] * (2 * per_line)},
                         "ToUnicode": Ref(_to_unicode_cmap(b, mapping))})
        resources = page1(b, meta)["Resources"]
        resources["Font"]["Z"] = Ref(squares)
        picture = _picture_resources(b, _picture_of_b_title(ctx))
        paint = b"500 0 0 44 60 672 cm /Pic Do"
        if in_form:
            form = b.add(Stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 612, 792],
                                 "Resources": picture}, paint))
            picture, paint = {"XObject": {"Fm": Ref(form)}}, b"/Fm Do"
        resources.update(picture)
        clip = (b"q BT 7 Tr /Z 22 Tf 50 Tz 22 TL 72 697 Td <" + codes[0].hex().encode() + b"> Tj T* <" +
                codes[1].hex().encode() + b"> Tj ET ")
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), clip + paint + b" Q\n")
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="clip-squares-" + tag)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    how = " by a form" if in_form else ""
    return Forgery(data, "paper A whose title lines are rows of ZapfDingbats squares in 7 Tr that ToUnicode reads as "
                   "A's title, with a picture of B's title painted inside that clip" + how + ", stamped with A's record",
                   show=[TITLE_A, SHORT_A], notes=notes, must_refuse=True, refused=refused,
                   pixels=[("A's title is not what is drawn: the title's lines differ from paper A's", ctx.paper_a(),
                            TITLE_AREA, "differ")])


@case("c13-clip-of-squares-read-as-A-title-shows-B-picture")
def _(ctx):
    return _clip_of_squares_case(ctx, "picture")


@case("c13-clip-of-squares-read-as-A-title-shows-B-picture-in-form")
def _(ctx):
    return _clip_of_squares_case(ctx, "form", in_form=True)


_GLYPH_NAMES = {" ": "space", ":": "colon", "-": "hyphen", "/": "slash", ".": "period", ",": "comma",
                "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
                "7": "seven", "8": "eight", "9": "nine"}


# Cyrillic and Greek letters that look like Latin ones, by their Adobe Glyph List names (glyphlist.txt).
_LOOKALIKE_NAMES = {"A": "afii10017", "B": "afii10019", "C": "afii10035", "E": "afii10022", "H": "afii10031",
                    "I": "afii10055", "J": "afii10057", "K": "afii10028", "M": "afii10030", "O": "afii10032",
                    "P": "afii10034", "S": "afii10054", "T": "afii10036", "X": "afii10039", "Y": "afii10037",
                    "Z": "Zeta", "N": "Nu", "a": "afii10065", "c": "afii10083", "e": "afii10070", "i": "afii10103",
                    "j": "afii10105", "o": "afii10080", "p": "afii10082", "s": "afii10102", "x": "afii10087",
                    "y": "afii10085", "u": "upsilon", "v": "nu", "k": "kappa", "n": "eta"}


def lookalike_glyph_name(ch):
    """The name of a Cyrillic or Greek glyph that looks like the Latin letter `ch`; for a space, an en
    space's (uni2002)."""
    return "uni2002" if ch == " " else _LOOKALIKE_NAMES[ch]


def _font_lines(drawn_lines, read_lines, name_of=None):
    """One-byte codes drawing `drawn_lines` and read as `read_lines`: (codes per line, Differences
    array, ToUnicode mapping). Each drawn character gets a code of its own, whose glyph name is the
    drawn character's (or `name_of` it) and whose ToUnicode text is the next character read (the last
    one takes the rest of its line; drawn characters past the read line read as spaces)."""
    codes, differences, mapping, code = [], [1], {}, 1
    for drawn, read in zip(drawn_lines, read_lines):
        row = bytearray()
        for i, ch in enumerate(drawn):
            row.append(code)
            differences.append(Name(name_of(ch) if name_of else _GLYPH_NAMES.get(ch, ch)))
            last = i == len(drawn) - 1
            mapping[code] = read[i:] if last else (read[i] if i < len(read) else " ")
            code += 1
        codes.append(bytes(row))
    assert code < 256
    return codes, differences, mapping


def _named_glyphs_title(drawn, read, ranges=False, through_graphics_state=False, name_of=None, **cmap):
    """A tweak setting page 1's title as the first two lines of `drawn` in a non-embedded Helvetica
    (every viewer draws its own Helvetica's glyphs by the names /Differences gives: _font_lines,
    `name_of`) whose ToUnicode (written as `cmap` says: _to_unicode_cmap) reads them as `read`; set by
    Tf, or by an ExtGState's /Font."""
    def tweak(b, meta):
        codes, differences, mapping = _font_lines(_wrap(drawn, 40)[:2], _wrap(read, 40)[:2], name_of)
        font = dict(HELVETICA)
        font["Encoding"] = {"Type": Name("Encoding"), "Differences": differences}
        font["ToUnicode"] = Ref(_to_unicode_cmap(b, mapping, ranges=ranges, **cmap))
        if name_of:  # glyphs Helvetica's metrics do not list: widths of their own, so the letters do not pile up
            font.update(FirstChar=1, LastChar=len(mapping), Widths=[278 if ch in " I" else 722 if ch.isupper() else 556
                                                                    for line in _wrap(drawn, 40)[:2] for ch in line])
        resources = page1(b, meta)["Resources"]
        font_ref = Ref(b.add(font))
        if through_graphics_state:
            resources.setdefault("ExtGState", {})["GL"] = {"Type": Name("ExtGState"), "Font": [font_ref, 16]}
            select = b"/GL gs"
        else:
            resources["Font"]["L"] = font_ref
            select = b"/L 16 Tf"
        block = b"BT " + select + b" 18 TL 72 706 Td " + \
            b" T* ".join(b"<" + line.hex().encode() + b"> Tj" for line in codes) + b" ET\n"
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), block)
    return tweak


def _tounicode_lie_case(ctx, tag, ranges, how=None, drawn=TITLE_B, **title):
    # A's title lines replaced by B's (or `drawn`), whose ToUnicode reads each glyph as the next letter
    # of A's title. Text extraction reads A's title's letters (pdftotext breaks words where the glyphs
    # leave gaps, so its spaces fall elsewhere); every viewer draws B's.
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=_named_glyphs_title(drawn, TITLE_A, ranges, **title), file_id=tag)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    how = how or ("bfrange arrays" if ranges else "bfchar entries")
    return Forgery(data, "paper A whose title lines are B's, set in a non-embedded Helvetica whose ToUnicode (" + how +
                   ") reads the glyphs /Differences names as A's title, stamped with A's record",
                   show=[SHORT_A], show_letters=[TITLE_A], notes=notes, must_refuse=True, refused=refused,
                   pixels=[("A's title is not what is drawn: the title's lines differ from paper A's", ctx.paper_a(),
                            TITLE_AREA, "differ")])


@case("c13-tounicode-reads-A-title-glyph-names-draw-B")
def _(ctx):
    return _tounicode_lie_case(ctx, "tounicode-lie", ranges=False)


@case("c13-tounicode-ranges-read-A-title-glyph-names-draw-B")
def _(ctx):
    return _tounicode_lie_case(ctx, "tounicode-lie-ranges", ranges=True)


@case("c13-tounicode-two-byte-sources-read-A-title-glyph-names-draw-B")
def _(ctx):
    # poppler and pdf.js read a source <0041> as the one-byte code 0x41.
    return _tounicode_lie_case(ctx, "tounicode-lie-two-byte", ranges=False, how="bfchar entries with two-byte sources",
                               source_bytes=2)


@case("c13-tounicode-lie-in-font-set-by-graphics-state")
def _(ctx):
    return _tounicode_lie_case(ctx, "tounicode-lie-gs", ranges=True, how="bfrange arrays, the font set by an ExtGState",
                               through_graphics_state=True)


@case("c13-tounicode-lie-cyrillic-greek-lookalike-glyph-names")
def _(ctx):
    # No glyph has a Latin name: another title drawn in Cyrillic and Greek capitals that look like
    # Latin ones (Nimbus Sans, poppler's Helvetica, has them), its spaces as en spaces.
    return _tounicode_lie_case(ctx, "tounicode-lie-lookalikes", ranges=True,
                               how="bfrange arrays, the glyphs named as Cyrillic and Greek letters",
                               drawn="ON SPIKY MOTION IN STACK MACHINES SYSTEMS AS MAPS IN NOISY TOKEN SPACES", name_of=lookalike_glyph_name)


@case("c13-tounicode-reads-A-title-from-glyphs-of-no-standard-name")
def _(ctx):
    # /g32, /g65, ...: a viewer's own Helvetica has no such glyphs and draws nothing where the text
    # reads A's title.
    return _tounicode_lie_case(ctx, "tounicode-lie-unnamed", ranges=False,
                               how="bfchar entries, the glyphs named /g65, /g66, ... with no standard meaning",
                               name_of=lambda ch: "g%d" % ord(ch))


# Fonts whose codes a viewer draws by an encoding pith must work out as poppler does (GfxFont.cc):
# poppler knows a base encoding only by three names, draws an embedded Type 1 program's codes by the
# program's own encoding, and a standard font's by its own.
OTHER_TITLE = "On the Surprising Failure of Weight Quantization in Small Language Models"
URW_SANS = "/usr/share/fonts/type1/urw-base35/NimbusSans-Regular"  # fonts-urw-base35


def _coded_title(font_of, drawn, read, ranges=False):
    """A tweak setting page 1's title as the first two lines of `drawn`, each character by its Latin-1
    code (or as the two lines of codes `drawn` is), in the font font_of(b) returns. Its ToUnicode reads
    each code as itself when `drawn` is `read`; else each line's first code (used once) as the whole
    line of `read` and the others as spaces."""
    def tweak(b, meta):
        lines = drawn if isinstance(drawn, list) else [l.encode("latin-1") for l in _wrap(drawn, 40)[:2]]
        if drawn == read:
            mapping = {c: chr(c) for l in lines for c in l}
        else:
            mapping = {c: " " for l in lines for c in l}
            for line, text in zip(lines, _wrap(read, 40)[:2]):
                assert sum(l.count(line[0]) for l in lines) == 1
                mapping[line[0]] = text
        font = font_of(b)
        font["ToUnicode"] = Ref(_to_unicode_cmap(b, mapping, ranges=ranges))
        page1(b, meta)["Resources"]["Font"]["L"] = Ref(b.add(font))
        block = b"BT /L 16 Tf 18 TL 72 706 Td " + b" T* ".join(b"<" + l.hex().encode() + b"> Tj" for l in lines) + b" ET\n"
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), block)
    return tweak


def _nimbus_sans_with_encoding(b, names):
    """A font embedding NimbusSans-Regular with its own encoding replaced by `names` ({code: glyph
    name}) and no /Encoding: the program's encoding is the font's."""
    data = open(URW_SANS + ".t1", "rb").read()
    i = data.index(b"currentfile eexec") + len(b"currentfile eexec")
    while data[i:i + 1] in (b"\r", b"\n"):
        i += 1
    clear, rest = data[:i], data[i:]
    assert b"/Encoding StandardEncoding def" in clear
    clear = clear.replace(b"/Encoding StandardEncoding def", b"/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n" +
                          b"".join(b"dup %d /%s put\n" % (c, n.encode()) for c, n in sorted(names.items())) + b"readonly def")
    k = rest.rindex(b"cleartomark")
    while k > 0 and rest[k - 1:k] in b"0\r\n":
        k -= 1
    widths = {}
    for line in open(URW_SANS + ".afm", encoding="latin-1"):
        m = re.match(r"C (-?\d+) ; WX (\d+) ; N (\S+)", line)
        if m:
            widths[m.group(3)] = int(m.group(2))
    program = b.add_stream({"Length1": len(clear), "Length2": k, "Length3": len(rest) - k}, clear + rest)
    descriptor = b.add({"Type": Name("FontDescriptor"), "FontName": Name("NimbusSans-Regular"), "Flags": 32,
                        "FontBBox": [-210, -299, 1032, 1075], "ItalicAngle": 0, "Ascent": 729, "Descent": -218,
                        "CapHeight": 729, "StemV": 85, "FontFile": Ref(program)})
    last = max(names)
    return {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("NimbusSans-Regular"), "FirstChar": 0,
            "LastChar": last, "Widths": [widths.get(names.get(c, ".notdef"), 0) for c in range(last + 1)],
            "FontDescriptor": Ref(descriptor)}


def _encoding_lie_case(ctx, tag, description, tweak, viewers=("poppler", "mupdf")):
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id=tag)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=("--force",))
    return Forgery(data, "paper A whose title is set in " + description + ", stamped with A's record",
                   show=[SHORT_A], show_letters=[TITLE_A], notes=notes, must_refuse=True, refused=refused, viewers=viewers,
                   pixels=[("A's title is not what is drawn: the title's lines differ from paper A's", ctx.paper_a(),
                            TITLE_AREA, "differ")])


@case("c13-tounicode-lie-unknown-base-encoding-name")
def _(ctx):
    # poppler and MuPDF ignore /FooEncoding and draw Helvetica's Standard glyphs: another title. poppler's
    # text (pdftotext, Evince, pith) reads A's; MuPDF's reads the drawn one.
    return _encoding_lie_case(ctx, "encoding-foo", "a non-embedded Helvetica with /Encoding /FooEncoding drawing another "
                              "title, whose ToUnicode reads A's", _coded_title(
                                  lambda b: dict(HELVETICA, Encoding=Name("FooEncoding")), OTHER_TITLE, TITLE_A),
                              viewers=("poppler",))


@case("c13-tounicode-lie-symbol-font-given-standard-encoding")
def _(ctx):
    # poppler knows no /StandardEncoding by name: the Symbol font draws its own, Greek letters.
    return _encoding_lie_case(ctx, "symbol-standard", "a non-embedded Symbol with /Encoding /StandardEncoding, drawn as "
                              "Greek letters and read as A's title", _coded_title(
                                  lambda b: {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Symbol"),
                                             "Encoding": Name("StandardEncoding")}, TITLE_A, TITLE_A))


@case("c13-tounicode-lie-symbol-font-named-with-a-space")
def _(ctx):
    # /Sym#20bol: poppler drops the space and draws Symbol's own encoding, Greek letters.
    return _encoding_lie_case(ctx, "symbol-space", "a non-embedded /Sym#20bol (Symbol to poppler), drawn as Greek letters "
                              "and read as A's title", _coded_title(
                                  lambda b: {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Sym bol")},
                                  TITLE_A, TITLE_A))


@case("c13-tounicode-lie-type1-program-own-encoding")
def _(ctx):
    # No /Encoding: the embedded program's own encoding names the other title's glyphs for codes 1..N.
    def tweak(b, meta):
        codes, differences, mapping = _font_lines(_wrap(OTHER_TITLE, 40)[:2], _wrap(TITLE_A, 40)[:2])
        names = {1 + i: str(n)[1:] if str(n).startswith("/") else str(n) for i, n in enumerate(differences[1:])}
        font = _nimbus_sans_with_encoding(b, names)
        font["ToUnicode"] = Ref(_to_unicode_cmap(b, mapping))
        page1(b, meta)["Resources"]["Font"]["L"] = Ref(b.add(font))
        block = b"BT /L 16 Tf 18 TL 72 706 Td " + b" T* ".join(b"<" + l.hex().encode() + b"> Tj" for l in codes) + b" ET\n"
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), block)
    return _encoding_lie_case(ctx, "type1-own-encoding", "NimbusSans-Regular embedded with its own encoding rewritten to "
                              "draw another title and no /Encoding, whose ToUnicode reads A's", tweak,
                              viewers=("poppler",))  # MuPDF's text reads one letter more


def _embedded_program_font(subtype, program, base_font="NimbusSans-Regular"):
    """A font_of for _coded_title: a /Type1 font whose descriptor embeds `program` as /FontFile3 of
    /Subtype `subtype` (none when None), with no /Encoding, and Nimbus Sans' widths."""
    def font_of(b):
        widths = {}
        for line in open(URW_SANS + ".afm", encoding="latin-1"):
            m = re.match(r"C (-?\d+) ; WX (\d+) ; N (\S+)", line)
            if m and int(m.group(1)) >= 0:
                widths[int(m.group(1))] = int(m.group(2))
        file3 = b.add_stream({} if subtype is None else {"Subtype": Name(subtype)}, program)
        descriptor = b.add({"Type": Name("FontDescriptor"), "FontName": Name(base_font), "Flags": 32,
                            "FontBBox": [-210, -299, 1032, 1075], "ItalicAngle": 0, "Ascent": 729, "Descent": -218,
                            "CapHeight": 729, "StemV": 85, "FontFile3": Ref(file3)})
        return {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name(base_font), "FirstChar": 0,
                "LastChar": 255, "Widths": [widths.get(c, 0) for c in range(256)], "FontDescriptor": Ref(descriptor)}
    return font_of


@case("c13-tounicode-lie-opentype-program-standard-names")
def _(ctx):
    # FontFile3 /OpenType: poppler reads no encoding from it and draws Standard's names: another title.
    otf = "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"  # fonts-urw-base35
    return _encoding_lie_case(ctx, "otf-standard", "NimbusSans-Regular embedded as an OpenType program with no "
                              "/Encoding, drawing another title by Standard's names, whose ToUnicode reads A's",
                              _coded_title(_embedded_program_font("OpenType", open(otf, "rb").read()), OTHER_TITLE, TITLE_A),
                              viewers=("poppler",))  # MuPDF's text reads what is drawn


@case("c13-tounicode-lie-unreadable-font-program")
def _(ctx):
    # A program no viewer can load: each draws its own Helvetica by Standard's names, another title.
    return _encoding_lie_case(ctx, "garbage-program", "Helvetica 'embedded' as a FontFile3 that is no font program, "
                              "drawing another title, whose ToUnicode reads A's",
                              _coded_title(_embedded_program_font("OpenType", b"garbage" * 100, "Helvetica"), OTHER_TITLE,
                                           TITLE_A), viewers=("poppler",))


@case("c13-tounicode-lie-symbol-font-alias")
def _(ctx):
    # /SymbolMT is Symbol to poppler and MuPDF: Greek letters, read as A's title.
    return _encoding_lie_case(ctx, "symbolmt", "a non-embedded /SymbolMT, drawn as Greek letters and read as A's title",
                              _coded_title(lambda b: {"Type": Name("Font"), "Subtype": Name("Type1"),
                                                      "BaseFont": Name("SymbolMT")}, TITLE_A, TITLE_A),
                              viewers=("poppler",))


@case("c13-tounicode-lie-font-the-viewer-picks")
def _(ctx):
    # /Dingbats is no standard font: poppler draws it with the dingbats font fontconfig picks.
    return _encoding_lie_case(ctx, "dingbats", "a non-embedded /Dingbats, drawn as dingbats by poppler and read as A's "
                              "title", _coded_title(lambda b: {"Type": Name("Font"), "Subtype": Name("Type1"),
                                                               "BaseFont": Name("Dingbats")}, TITLE_A, TITLE_A),
                              viewers=("poppler",))  # MuPDF draws a serif font there


@case("c13-no-tounicode-font-the-viewer-picks")
def _(ctx):
    # No ToUnicode: poppler's text reads A's title by the glyph names Standard gives the codes, while
    # fontconfig gives /Dingbats a dingbats font to draw them with.
    def font_of(b):
        return {"Type": Name("Font"), "Subtype": Name("Type1"), "BaseFont": Name("Dingbats")}

    def tweak(b, meta):
        lines = [l.encode("latin-1") for l in _wrap(TITLE_A, 40)[:2]]
        page1(b, meta)["Resources"]["Font"]["L"] = Ref(b.add(font_of(b)))
        block = b"BT /L 16 Tf 18 TL 72 706 Td " + b" T* ".join(b"<" + l.hex().encode() + b"> Tj" for l in lines) + b" ET\n"
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), block)
    return _encoding_lie_case(ctx, "dingbats-no-tounicode", "a non-embedded /Dingbats with no ToUnicode, drawn as "
                              "dingbats by poppler and read by its glyph names as A's title", tweak, viewers=("poppler",))


@case("c13-tounicode-lie-macexpert-encoding")
def _(ctx):
    # MacExpert's codes draw fractions and ligatures from the viewer's Helvetica, read as A's title.
    lines = [bytes([0x48, 0x20, 0x57, 0x58, 0x20, 0x59, 0x5A, 0x56, 0x20, 0x49, 0x2F, 0x56, 0x57, 0x20, 0x58, 0x59]),
             bytes([0x47, 0x2C, 0x20, 0x56, 0x57, 0x57, 0x20, 0x3A, 0x58, 0x2E, 0x20, 0x5A, 0x3B, 0x59, 0x20, 0x57, 0x2F])]
    return _encoding_lie_case(ctx, "macexpert", "a non-embedded Helvetica with /Encoding /MacExpertEncoding, drawn as "
                              "fractions and ligatures, whose ToUnicode reads A's title",
                              _coded_title(lambda b: dict(HELVETICA, Encoding=Name("MacExpertEncoding")), lines, TITLE_A),
                              viewers=("poppler",))


DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core


def _truetype_tables(data):
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode()] = data[offset:offset + length]
    return tables


def _truetype_glyphs(path):
    """{character: (glyph id, advance in 1/1000 em)} of a TrueType font, from its (3, 1) format 4 cmap."""
    t = _truetype_tables(open(path, "rb").read())
    units = struct.unpack(">H", t["head"][18:20])[0]
    metrics = struct.unpack(">H", t["hhea"][34:36])[0]
    advance = lambda g: struct.unpack(">H", t["hmtx"][4 * min(g, metrics - 1):4 * min(g, metrics - 1) + 2])[0] * 1000 // units
    cmap = t["cmap"]
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        if (platform, encoding) == (3, 1) and struct.unpack(">H", cmap[offset:offset + 2])[0] == 4:
            sub = cmap[offset:]
            n = struct.unpack(">H", sub[6:8])[0] // 2
            ends = struct.unpack(">%dH" % n, sub[14:14 + 2 * n])
            starts = struct.unpack(">%dH" % n, sub[16 + 2 * n:16 + 4 * n])
            deltas = struct.unpack(">%dh" % n, sub[16 + 4 * n:16 + 6 * n])
            ranges_at = 16 + 6 * n
            out = {}
            for k in range(n):
                range_offset = struct.unpack(">H", sub[ranges_at + 2 * k:ranges_at + 2 * k + 2])[0]
                for c in range(starts[k], min(ends[k], 0x2FF) + 1):
                    if range_offset == 0:
                        g = (c + deltas[k]) & 0xFFFF
                    else:
                        at = ranges_at + 2 * k + range_offset + 2 * (c - starts[k])
                        g = struct.unpack(">H", sub[at:at + 2])[0]
                        g = (g + deltas[k]) & 0xFFFF if g else 0
                    if g:
                        out[chr(c)] = (g, advance(g))
            return out
    raise ValueError(path + ": no (3, 1) format 4 cmap")


def _type0_title(drawn, read):
    """A tweak setting page 1's title as the first two lines of `drawn` in a Type0 font (Identity-H)
    embedding DejaVu Sans as a CIDFontType2: each character drawn is a CID of its own, which the
    font's CIDToGIDMap maps to the character's glyph; the ToUnicode reads the line's CIDs, one by
    one, as the characters of the line of `read` (the last one as the rest of it, those past its
    end as spaces), so that the text a viewer extracts lies where the glyphs are drawn."""
    def tweak(b, meta):
        glyphs = _truetype_glyphs(DEJAVU_SANS)
        lines, cid, to_gid, widths, mapping = [], 1, [0], [], {}
        for line, text in zip(_wrap(drawn, 40)[:2], _wrap(read, 40)[:2]):
            cids = []
            for k, ch in enumerate(line):
                gid, width = glyphs[ch]
                to_gid.append(gid)
                widths.append(width)
                last = k == len(line) - 1
                mapping[cid] = (text[k:] if last else text[k]) if k < len(text) else " "
                cids.append(cid)
                cid += 1
            lines.append(cids)
        program = open(DEJAVU_SANS, "rb").read()
        file2 = b.add_stream({"Length1": len(program)}, program)
        descriptor = b.add({"Type": Name("FontDescriptor"), "FontName": Name("DejaVuSans"), "Flags": 32,
                            "FontBBox": [-1021, -463, 1793, 1232], "ItalicAngle": 0, "Ascent": 928, "Descent": -236,
                            "CapHeight": 729, "StemV": 80, "FontFile2": Ref(file2)})
        cid_to_gid = b.add_stream({}, b"".join(struct.pack(">H", g) for g in to_gid))
        cid_font = b.add({"Type": Name("Font"), "Subtype": Name("CIDFontType2"), "BaseFont": Name("DejaVuSans"),
                          "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
                          "FontDescriptor": Ref(descriptor), "W": [1, widths], "CIDToGIDMap": Ref(cid_to_gid)})
        to_unicode = _to_unicode_cmap(b, mapping, source_bytes=2, codespace=b"<0000> <FFFF>")
        font = b.add({"Type": Name("Font"), "Subtype": Name("Type0"), "BaseFont": Name("DejaVuSans"),
                      "Encoding": Name("Identity-H"), "DescendantFonts": [Ref(cid_font)], "ToUnicode": Ref(to_unicode)})
        page1(b, meta)["Resources"]["Font"]["L"] = Ref(font)
        shown = lambda cids: b"<" + b"".join(b"%04X" % c for c in cids) + b"> Tj"
        block = b"BT /L 16 Tf 18 TL 72 706 Td " + b" T* ".join(shown(l) for l in lines) + b" ET\n"
        c = content1(b, meta)
        c.data = c.data.replace(_title_block(TITLE_A), block)
    return tweak


@case("c13-type0-lie-glyphs-draw-another-title")
def _(ctx):
    # A Type0 font selects glyphs by number: its CIDToGIDMap draws another title, its ToUnicode reads
    # A's. No glyph name binds a code to a letter; character recognition reads what is drawn.
    return _encoding_lie_case(ctx, "type0-lie", "a Type0 font (DejaVu Sans, Identity-H) whose CIDToGIDMap draws another "
                              "title and whose ToUnicode reads A's", _type0_title(OTHER_TITLE, TITLE_A),
                              viewers=("poppler",))  # MuPDF's text reads no letters there


@case("c13-type0-lie-glyphs-add-a-word")
def _(ctx):
    # The glyphs draw A's title with a word added ("... of Weight Not / Quantization ..."), three
    # letters of 61: within the letters recognition may misread, but a word the title does not have.
    return _encoding_lie_case(ctx, "type0-add-word", "a Type0 font (DejaVu Sans, Identity-H) whose CIDToGIDMap draws A's "
                              "title with a word added and whose ToUnicode reads A's",
                              _type0_title("On the Expressive Power of Weight Not Quantization in Large Language Models",
                                           TITLE_A), viewers=("poppler",))


@case("c13-type0-lie-glyphs-swap-a-word")
def _(ctx):
    # The glyphs draw A's title with one word another ("Small" for "Large"): five letters of 61.
    return _encoding_lie_case(ctx, "type0-swap-word", "a Type0 font (DejaVu Sans, Identity-H) whose CIDToGIDMap draws A's "
                              "title with one word another and whose ToUnicode reads A's",
                              _type0_title(TITLE_A.replace("Large", "Small"), TITLE_A), viewers=("poppler",))


@case("c9-honest-stamp-A-title-in-a-type0-font")
def _(ctx):
    # No false alarm: A's title in a Type0 font whose ToUnicode reads the letters its glyphs draw.
    base, _ = paper(TITLE_A, ctx.record_a, tweak=_type0_title(TITLE_A, TITLE_A), file_id="type0-honest")
    return Forgery(ctx.stamp(base, ctx.rec_a, fallback=()), "paper A whose title is set in a Type0 font (DejaVu Sans, "
                   "Identity-H) read as the letters it draws, stamped with A's record", show=[TITLE_A, SHORT_A],
                   urls=[URL_A])


@case("c9-honest-stamp-A-title-in-named-glyphs")
def _(ctx):
    # No false alarm: A's title set in glyphs named by /Differences, whose ToUnicode (bfrange arrays)
    # reads them as the letters they draw.
    base, _ = paper(TITLE_A, ctx.record_a, tweak=_named_glyphs_title(TITLE_A, TITLE_A, ranges=True),
                    file_id="named-glyphs-honest")
    return Forgery(ctx.stamp(base, ctx.rec_a, fallback=()), "paper A whose title is set in glyphs /Differences names, "
                   "read as those letters by its ToUnicode, stamped with A's record", show=[TITLE_A, SHORT_A],
                   urls=[URL_A])


OTHER_SITE = "https://pith-science.example/abs/other-paper"


def _automatic_action_case(ctx, tag, description, tweak, honest=False, pages=1):
    """Paper A with `tweak` adding actions, stamped with A's record (forced unless honest)."""
    notes = []
    base, _ = paper(TITLE_A, ctx.record_a, tweak=tweak, file_id="actions-" + tag, pages=pages)
    refused = ctx.stamp_refuses(base, ctx.rec_a, notes=notes)
    data = ctx.stamp(base, ctx.rec_a, notes=notes, fallback=None if honest else ("--force",))
    return Forgery(data, description, show=[TITLE_A, SHORT_A], notes=notes, must_refuse=not honest, refused=refused)


def _uri(url=OTHER_SITE):
    return {"S": Name("URI"), "URI": url}


def _js(code="app.launchURL('%s', false);" % OTHER_SITE):
    return {"S": Name("JavaScript"), "JS": code}


@case("c14-xfa-form")
def _(ctx):
    def tweak(b, meta):
        packet = b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">' \
                 b'<subform><draw><value><text>A Completely Different Paper</text></value></draw></subform></template></xdp:xdp>'
        b.objs[meta["catalog"]]["AcroForm"] = {"Fields": [], "XFA": Ref(b.add_stream({}, packet))}
        b.objs[meta["catalog"]]["NeedsRendering"] = True
    return _automatic_action_case(ctx, "xfa", "paper A with a dynamic XFA form (/NeedsRendering) that Acrobat draws "
                                  "instead of its pages, stamped with A's record (--force)", tweak)


@case("c14-openaction-javascript")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = Ref(b.add(_js()))
    return _automatic_action_case(ctx, "open-js", "paper A whose catalog /OpenAction is JavaScript sending the reader "
                                  "to another site, stamped with A's record (--force)", tweak)


@case("c14-openaction-uri")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = Ref(b.add(_uri()))
    return _automatic_action_case(ctx, "open-uri", "paper A whose catalog /OpenAction is a URI action to another "
                                  "site, stamped with A's record (--force)", tweak)


@case("c14-page1-aa-open-uri")
def _(ctx):
    def tweak(b, meta):
        page1(b, meta)["AA"] = {"O": _uri()}
    return _automatic_action_case(ctx, "page-aa", "paper A whose page 1 /AA /O (page open) is a URI action to another "
                                  "site, stamped with A's record (--force)", tweak)


@case("c14-names-javascript")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["Names"] = {"JavaScript": Ref(b.add({"Names": ["open", Ref(b.add(_js()))]}))}
    return _automatic_action_case(ctx, "names-js", "paper A with document JavaScript (/Names /JavaScript) sending the "
                                  "reader to another site, stamped with A's record (--force)", tweak)


@case("c14-openaction-goto-next-uri")
def _(ctx):
    def tweak(b, meta):
        hidden = b.add(_uri())
        b.objs[meta["catalog"]]["OpenAction"] = {"S": Name("GoTo"), "D": [Ref(meta["page_nums"][0]), Name("Fit")],
                                                 "Next": [{"S": Name("Named"), "N": Name("FirstPage")}, Ref(hidden)]}
    return _automatic_action_case(ctx, "next-uri", "paper A whose /OpenAction is a GoTo page 1, its /Next a Named "
                                  "FirstPage and a URI action to another site, stamped with A's record (--force)", tweak)


@case("c14-annotation-aa-page-visible-js")
def _(ctx):
    def tweak(b, meta):
        note = b.add({"Type": Name("Annot"), "Subtype": Name("Text"), "Rect": [20, 20, 30, 30], "F": 2,
                      "AA": {"PV": _js()}})
        page1(b, meta)["Annots"] = [Ref(note)]
    return _automatic_action_case(ctx, "annot-aa", "paper A with a hidden annotation on page 1 whose /AA /PV (page "
                                  "visible) is JavaScript sending the reader elsewhere, stamped with A's record (--force)",
                                  tweak)


@case("c14-page3-aa-open-javascript")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["page_nums"][2]]["AA"] = {"O": _js()}
    return _automatic_action_case(ctx, "page3-aa", "paper A whose page 3 /AA /O (page open) is JavaScript sending the "
                                  "reader elsewhere, stamped with A's record (--force)", tweak, pages=3)


@case("c14-page2-annotation-aa-page-open-js")
def _(ctx):
    def tweak(b, meta):
        note = b.add({"Type": Name("Annot"), "Subtype": Name("Text"), "Rect": [20, 20, 30, 30], "F": 2,
                      "AA": {"PO": _js()}})
        b.objs[meta["page_nums"][1]]["Annots"] = [Ref(note)]
    return _automatic_action_case(ctx, "page2-annot-aa", "paper A with a hidden annotation on page 2 whose /AA /PO "
                                  "(page open) is JavaScript, stamped with A's record (--force)", tweak, pages=2)


@case("c14-form-field-format-javascript")
def _(ctx):
    def tweak(b, meta):
        # A text field in page 1's bottom margin: its parent field's format action (/AA /F) sets
        # what Acrobat draws as the value; poppler draws the widget's empty appearance. (Over the
        # title, the field would be a cover, which fails the title check on its own.)
        parent = b.reserve()
        widget = b.add({"Type": Name("Annot"), "Subtype": Name("Widget"), "Rect": [72, 20, 540, 60], "F": 4,
                        "Parent": Ref(parent), "P": Ref(meta["page_nums"][0])})
        b.objs[parent] = {"FT": Name("Tx"), "T": "title", "V": "", "Kids": [Ref(widget)],
                          "AA": {"F": {"S": Name("JavaScript"), "JS": "event.value = 'A Completely Different Paper';"}}}
        page1(b, meta)["Annots"] = [Ref(widget)]
        b.objs[meta["catalog"]]["AcroForm"] = {"Fields": [Ref(parent)], "DA": "/Helv 0 Tf 0 g"}
    return _automatic_action_case(ctx, "field-format", "paper A with a form field whose format action (/AA /F, "
                                  "JavaScript) makes Acrobat draw text of its choosing, stamped with A's record (--force)",
                                  tweak)


@case("c14-openaction-goto-page2")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = {"S": Name("GoTo"), "D": [Ref(meta["page_nums"][1]), Name("Fit")]}
        b.objs[meta["catalog"]]["PageMode"] = Name("FullScreen")
    return _automatic_action_case(ctx, "open-page2", "paper A whose /OpenAction is a GoTo page 2 in full screen (the "
                                  "file opens on page 2), stamped with A's record (--force)", tweak, pages=2)


@case("c14-openaction-named-destination-page2")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["Dests"] = {"start": [Ref(meta["page_nums"][1]), Name("Fit")]}
        b.objs[meta["catalog"]]["OpenAction"] = Name("start")
    return _automatic_action_case(ctx, "open-named-page2", "paper A whose /OpenAction is the named destination "
                                  "/start, page 2 in the catalog's /Dests, stamped with A's record (--force)", tweak,
                                  pages=2)


@case("c14-page1-aa-open-named-lastpage")
def _(ctx):
    def tweak(b, meta):
        page1(b, meta)["AA"] = {"O": {"S": Name("Named"), "N": Name("LastPage")}}
    return _automatic_action_case(ctx, "page1-lastpage", "paper A whose page 1 /AA /O is a Named LastPage (page 1 "
                                  "moves the reader to the last page as it opens), stamped with A's record (--force)",
                                  tweak, pages=2)


@case("c9-honest-openaction-destination")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = [Ref(meta["page_nums"][0]), Name("Fit")]
    return _automatic_action_case(ctx, "open-dest", "paper A whose /OpenAction is [page 1 /Fit], as hyperref writes, "
                                  "stamped with A's record", tweak, honest=True)


@case("c9-honest-openaction-goto")
def _(ctx):
    def tweak(b, meta):
        b.objs[meta["catalog"]]["OpenAction"] = {"S": Name("GoTo"), "D": [Ref(meta["page_nums"][0]), Name("XYZ"), None,
                                                                          None, None]}
        page1(b, meta)["AA"] = {"O": {"S": Name("Named"), "N": Name("FirstPage")}}
    return _automatic_action_case(ctx, "open-goto", "paper A whose /OpenAction is a GoTo page 1 and whose page 1 /AA "
                                  "/O is a Named FirstPage, stamped with A's record", tweak, honest=True)


def generate(ctx, names=None):
    """{name: Forgery or GenError/Exception}."""
    out = {}
    for name, fn in BUILDERS.items():
        if names and name not in names:
            continue
        try:
            out[name] = fn(ctx)
        except Exception as e:  # a builder that fails is a failed case, not a crashed suite
            import traceback
            out[name] = GenError("%s: %s" % (type(e).__name__, e) + "\n" + traceback.format_exc(limit=3))
    return out
