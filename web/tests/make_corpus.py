#!/usr/bin/env python3
"""Writes the conformance corpus into DIR: every file with the `pith verify` arguments it is checked
with (manifest.json). One corpus for both verifiers (web/tests/conformance.mjs):

- forgery/: every case of tests/forgery (forgery_gen.py), crafted at run time from the repository's records;
- latex/: examples/paper compiled with the LaTeX package (pdflatex, lualatex), and a title with accents typed as TeX
  in pdfTeX's OT1 fonts, for a record signed by a registry key of the corpus's own;
- stamp/: stamped (QR and not, signed with a stamper key), sealed, and format-2 and 3 stamps from tests/data/stamp-format2 and 3;
- pdfa/: a generated paper made PDF/A-1b, 2b and 3b by Ghostscript (tests/stamp/pdfa_inputs.py), stamped (PDF/A-2b
  also stamped twice: the pith schema declared once);
- tagged/: the generated paper tagged by pikepdf (a flat /ParentTree, one with /Kids, one without
  /ParentTreeNextKey, one of a shape the stamp leaves alone), stamped, and one with its /Link element changed;
- resave/: stamped and LaTeX files rewritten by qpdf and mutool, and edited incrementally by qpdf;
- links/: a stamped file with one more link on page 1, to hosts that are the registry's, resemble it
  or do not (LINK_HOSTS);
- hostile/: tests/data/corpus/qpdf (damaged, encrypted, linearized, object streams ...) and crafted
  files: a Flate bomb, a huge page count, a reference loop, a truncated file, a non-PDF, a stamped
  paper given a form whose field tree unfolds to two million fields.

Run with /usr/bin/python3 (Debian's python3-pikepdf):  make_corpus.py PITH SOURCE_DIR DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zlib

PITH, SRC, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(SRC, "tests", "forgery"))
sys.dont_write_bytecode = True
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
entries = []


def add(group, name, data=None, path=None, args=()):
    os.makedirs(os.path.join(OUT, group), exist_ok=True)
    dest = os.path.join(OUT, group, name)
    if path:
        shutil.copy(path, dest)
    else:
        with open(dest, "wb") as f:
            f.write(data)
    entries.append({"file": group + "/" + name, "args": list(args)})


def run(*args, cwd=None):
    p = subprocess.run(args, capture_output=True, cwd=cwd, timeout=300)
    if p.returncode != 0:
        raise SystemExit("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[:300]))
    return p


def forgeries(work):
    import forgery_gen
    ctx = forgery_gen.Ctx(PITH, SRC, work)
    for name, f in sorted(forgery_gen.generate(ctx).items()):
        if isinstance(f, Exception):
            raise SystemExit("forgery case %s could not be generated: %s" % (name, f))
        args = []
        for a in f.verify_args:
            if os.path.isfile(a):
                os.makedirs(os.path.join(OUT, "keys"), exist_ok=True)
                shutil.copy(a, os.path.join(OUT, "keys", os.path.basename(a)))
                a = "keys/" + os.path.basename(a)
            args.append(a)
        add("forgery", name + ".pdf", data=f.data, args=args)


def papers(work):
    d = os.path.join(work, "latex")
    os.makedirs(d)
    shutil.copy(os.path.join(SRC, "examples", "paper", "paper.tex"), d)
    run(PITH, "latex", RECORD, "-o", d)
    out = {}
    for engine in ("pdflatex", "lualatex"):
        e = os.path.join(work, engine)
        shutil.copytree(d, e)
        for _ in range(2):
            run(engine, "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=e)
        add("latex", engine + ".pdf", path=os.path.join(e, "paper.pdf"))
        out[engine] = os.path.join(e, "paper.pdf")
    # The same paper without the package, for stamping.
    plain = os.path.join(work, "plain")
    os.makedirs(plain)
    tex = open(os.path.join(SRC, "examples", "paper", "paper.tex")).read()
    tex = "\n".join(l for l in tex.splitlines() if "pith" not in l.lower())
    open(os.path.join(plain, "paper.tex"), "w").write(tex)
    run("pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=plain)
    out["plain"] = os.path.join(plain, "paper.pdf")
    # The same paper with its title set white on a dark banner (no black title elsewhere): a
    # genuine page whose title's ink is light on dark.
    banner = os.path.join(work, "banner")
    os.makedirs(banner)
    title, author, date = (re.search(r"\\%s\{([^}]*)\}" % k, tex).group(1) for k in ("title", "author", "date"))
    head = ("\\noindent\\colorbox[rgb]{0.10,0.14,0.32}{\\parbox{\\dimexpr\\linewidth-2\\fboxsep\\relax}{\\centering"
            "\\vspace{1.2em}\\color{white}\\LARGE\\bfseries " + title + "\\par\\vspace{1.2em}}}\n"
            "\\begin{center}\\large " + author + "\\\\[0.5em] " + date + "\\end{center}")
    banner_tex = tex.replace("\\usepackage{amsmath,amssymb}", "\\usepackage{amsmath,amssymb}\n\\usepackage{xcolor}").replace("\\maketitle", head)
    if banner_tex.count("colorbox") != 1 or "xcolor" not in banner_tex:
        raise SystemExit("examples/paper/paper.tex: no \\maketitle or \\usepackage{amsmath,amssymb} to set the banner title with")
    open(os.path.join(banner, "paper.tex"), "w").write(banner_tex)
    run("pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=banner)
    out["banner"] = os.path.join(banner, "paper.pdf")
    accented_titles(work)
    math_titles(work)
    return out


def accented_titles(work):
    # A title with accents typed as TeX, drawn by pdfTeX in its OT1 fonts (an accent glyph over each
    # letter, a dotless i under \"i), with no ToUnicode and with the cmap package's, for a record
    # signed by a registry key of the corpus's own.
    d = os.path.join(work, "accents")
    os.makedirs(d)
    key = os.path.join(d, "registry.key")
    kr = run(PITH, "key", "generate", "--key-id", "test-registry", "-o", key).stdout.decode()
    os.makedirs(os.path.join(OUT, "keys"), exist_ok=True)
    ring = os.path.join(OUT, "keys", "registry.keyring")
    with open(ring, "w") as f:
        f.write(kr)
    rec, signed = os.path.join(d, "record.json"), os.path.join(d, "signed.json")
    run(PITH, "record", "new", "--title", "Na\u00efve C\u00f4te \u010cech Garc\u00eda and the F\u00eate of Schr\u00f6dinger",
        "--arxiv-id", "2605.00001", "--version", "1", "--submitted-at", "2026-05-09T11:19:51Z",
        "--license", "http://creativecommons.org/licenses/by/4.0/", "--primary-cat", "cs.CL", "--abstract", "An abstract.",
        "-o", rec)
    run(PITH, "record", "sign", rec, "--key", key, "-o", signed)
    run(PITH, "latex", signed, "--keyring", ring, "-o", d)
    number = json.load(open(signed))["pith_number"].split(":")[-1]
    for name, before in (("accented-title-ot1", ""), ("accented-title-ot1-cmap", "\\RequirePackage{cmap}\n")):
        with open(os.path.join(d, name + ".tex"), "w") as f:
            f.write(before + "\\documentclass{article}\n\\usepackage{pith}\n\\pithnumber{%s}\n"
                    "\\title{Na\\\"ive C\\^ote \\v{C}ech Garc\\'ia and the F\\^ete of Schr\\\"odinger}\\author{A. Author}\\date{}\n"
                    "\\begin{document}\\maketitle\nText of the paper.\n\\end{document}\n" % number)
        for _ in range(2):
            run("pdflatex", "-interaction=batchmode", "-no-shell-escape", name + ".tex", cwd=d)
        add("latex", name + ".pdf", path=os.path.join(d, name + ".pdf"), args=["--keyring", "keys/registry.keyring"])


def math_titles(work):
    # Titles with TeX math, signed by the registry key of accented_titles: hyperref writes the first
    # into the metadata without its Greek letters (and acmart without its operators too); the
    # second's sub- and superscripts are what character recognition reads worst; poppler reads the
    # third's scripts on lines of their own, between the title's words; the fourth is set below a
    # running head ("Model") that ends in its first letter.
    d = os.path.join(work, "accents")
    titles = ("$\\alpha$-Divergence and $\\mathcal{O}(n\\log n)$ Bounds for \\emph{Nice} $\\epsilon$-Nets",
              "Nematicity in FeSe$_{1-x}$S$_x$ and Ba(Fe$_{1-x}$Co$_x$)$_2$As$_2$",
              "$\\sum_{i=1}^n x_i^2 \\leq \\epsilon$ Bounds for Stochastic Gradient Descent",
              "Learning with $\\alpha$-Stable Noise")
    papers = (("math-title-hyperref", "article", "\\usepackage[pdfusetitle]{hyperref}\n", 0),
              ("math-title-acmart", "acmart", "", 0), ("math-title-subscripts", "article", "", 1),
              ("math-title-scripts-apart", "article", "\\usepackage{txfonts}\n", 2),
              ("math-title-running-head", "article", "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhf{}\\fancyhead[L]{Model}"
               "\\fancypagestyle{plain}{\\fancyhf{}\\fancyhead[L]{Model}}\n", 3))
    for name, cls, preamble, which in papers:
        title = titles[which]
        rec, signed = os.path.join(d, "math-record-%d.json" % which), os.path.join(d, "math-signed-%d.json" % which)
        run(PITH, "record", "new", "--title", title, "--arxiv-id", "2605.0000%d" % (which + 2), "--version", "1",
            "--submitted-at", "2026-05-09T11:19:51Z", "--license", "http://creativecommons.org/licenses/by/4.0/",
            "--primary-cat", "cs.LG", "--abstract", "An abstract.", "-o", rec)
        run(PITH, "record", "sign", rec, "--key", os.path.join(d, "registry.key"), "-o", signed)
        run(PITH, "latex", signed, "--keyring", os.path.join(OUT, "keys", "registry.keyring"), "-o", d)
        number = json.load(open(signed))["pith_number"].split(":")[-1]
        with open(os.path.join(d, name + ".tex"), "w") as f:
            f.write("\\documentclass{%s}\n%s\\usepackage{pith}\n\\pithnumber{%s}\n\\title{%s}\\author{A. Author}\n"
                    "\\begin{document}\\maketitle\nText of the paper.\n\\end{document}\n" % (cls, preamble, number, title))
        for _ in range(2):
            run("pdflatex", "-interaction=batchmode", "-no-shell-escape", name + ".tex", cwd=d)
        add("latex", name + ".pdf", path=os.path.join(d, name + ".pdf"), args=["--keyring", "keys/registry.keyring"])


def stamps(work, p):
    # Stamps of formats 2 and 3, kept in the repository: both verifiers validate every format.
    for fmt in (2, 3):
        fixtures = os.path.join(SRC, "tests", "data", "stamp-format%d" % fmt)
        for name in sorted(os.listdir(fixtures)):
            if name.endswith(".pdf"):
                add("stamp", "format%d-%s" % (fmt, name), path=os.path.join(fixtures, name))
    s = os.path.join(work, "stamp")
    os.makedirs(s)
    variants = {"qr": [], "no-qr": ["--no-qr"], "bottom-small": ["--no-qr", "--position", "bottom-left", "--size", "18"],
                "dated": ["--date", "2026-05-01"]}
    made = {}
    for name, extra in variants.items():
        o = os.path.join(s, name + ".pdf")
        run(PITH, "stamp", p["plain"], "--record", RECORD, "-o", o, *extra)
        add("stamp", name + ".pdf", path=o)
        made[name] = o
    o = os.path.join(s, "title-on-dark-banner.pdf")
    run(PITH, "stamp", p["banner"], "--record", RECORD, "-o", o)
    add("stamp", "title-on-dark-banner.pdf", path=o)
    key = os.path.join(s, "stamper.key")
    kr = run(PITH, "key", "generate", "--key-id", "test-stamper", "-o", key).stdout.decode()
    os.makedirs(os.path.join(OUT, "keys"), exist_ok=True)
    with open(os.path.join(OUT, "keys", "stamper.keyring"), "w") as f:
        f.write(kr.strip() + " stamper\n")
    o = os.path.join(s, "signed.pdf")
    run(PITH, "stamp", p["plain"], "--record", RECORD, "--key", key, "-o", o)
    add("stamp", "signed.pdf", path=o)
    add("stamp", "signed-trusted.pdf", path=o, args=["--keyring", "keys/stamper.keyring"])
    # A paper of about 1 MB, as papers with figures are: the example paper and a page holding an
    # incompressible image (seeded, so the file is the same on every run), stamped.
    import random
    rnd = random.Random(12)
    w, h = 640, 480
    pixels = bytes(rnd.getrandbits(8) for _ in range(w * h * 3))
    img = zlib.compress(pixels, 9)
    figure = os.path.join(s, "figure.pdf")
    content = b"q 500 0 0 375 56 300 cm /Im1 Do Q"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(img)) + img + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    pdf = b"%PDF-1.7\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(pdf)
    pdf += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
    pdf += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
    open(figure, "wb").write(pdf)
    joined = os.path.join(s, "typical-unstamped.pdf")
    run("qpdf", "--empty", "--deterministic-id", "--pages", p["plain"], figure, "--", joined)
    o = os.path.join(s, "typical-1mb.pdf")
    run(PITH, "stamp", joined, "--record", RECORD, "-o", o)
    add("stamp", "typical-1mb.pdf", path=o)
    o = os.path.join(s, "sealed.pdf")
    run(PITH, "stamp", p["pdflatex"], "--seal", "--record", RECORD, "-o", o)
    add("stamp", "sealed.pdf", path=o)
    made["sealed"] = o
    return made


def pdfa_stamps(work):
    sys.path.insert(0, os.path.join(SRC, "tests", "stamp"))
    sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
    from pdfa_inputs import make_pdfa
    from pdfgen import paper_pdf
    d = os.path.join(work, "pdfa")
    os.makedirs(d)
    # The generated one-page paper (tests/verify/pdfgen.py): Ghostscript converts it without a
    # warning (pdfTeX's Info strings are dropped from a PDF/A-1 conversion).
    title = "On the Expressive Power of Weight Quantization in Large Language Models"
    paper = os.path.join(d, "paper.pdf")
    with open(paper, "wb") as f:
        f.write(paper_pdf(title, pages=1))
    for part in (1, 2, 3):
        src = make_pdfa(paper, part, os.path.join(d, "a%d.pdf" % part), title)
        o = os.path.join(d, "pdfa-%db.pdf" % part)
        run(PITH, "stamp", src, "--record", RECORD, "-o", o, "--date", "2026-05-01")
        add("pdfa", "pdfa-%db.pdf" % part, path=o)
        if part == 2:
            again = os.path.join(d, "pdfa-2b-twice.pdf")
            run(PITH, "stamp", o, "--record", RECORD, "--force", "-o", again)
            add("pdfa", "pdfa-2b-twice.pdf", path=again)


def tagged_stamps(work):
    """The generated paper tagged by pikepdf (tests/stamp/tagged_inputs.py), stamped: the link joins
    the structure tree, but where the tree is of a shape the stamp leaves alone; and one whose
    /Link element was changed afterwards."""
    sys.path.insert(0, os.path.join(SRC, "tests", "stamp"))
    sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
    from tagged_inputs import tagged_input
    from pdfgen import paper_pdf
    d = os.path.join(work, "tagged")
    os.makedirs(d)
    paper = os.path.join(d, "paper.pdf")
    with open(paper, "wb") as f:
        f.write(paper_pdf("On the Expressive Power of Weight Quantization in Large Language Models", pages=1))
    for shape in ("flat", "kids", "nokey", "indirect-nums"):
        o = os.path.join(d, "tagged-%s.pdf" % shape)
        run(PITH, "stamp", tagged_input(paper, os.path.join(d, shape + ".pdf"), shape), "--record", RECORD, "-o", o, "--date", "2026-05-01")
        add("tagged", "tagged-%s.pdf" % shape, path=o)
    with open(os.path.join(d, "tagged-flat.pdf"), "rb") as f:
        data = f.read()
    at = data.rfind(b"/S/Link")
    add("tagged", "tagged-element-changed.pdf", data[:at] + b"/S/Note" + data[at + 7:])


def resaves(work, made, p):
    r = os.path.join(work, "resave")
    os.makedirs(r)
    for src, name in ((made["qr"], "stamped"), (made["sealed"], "sealed"), (p["pdflatex"], "latex")):
        for tool, cmd in (("qpdf", ["qpdf", src]), ("qpdf-objstm", ["qpdf", "--object-streams=generate", src]),
                          ("mutool", ["mutool", "clean", src]), ("qpdf-incremental", None)):
            o = os.path.join(r, "%s-%s.pdf" % (name, tool))
            if cmd is None:
                # An incremental edit: the file, then one appended revision changing Info.
                data = open(src, "rb").read()
                import re
                prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
                size = int(re.findall(rb"/Size\s+(\d+)", data)[-1])
                root = re.findall(rb"/Root\s+(\d+ \d+ R)", data)[-1]
                obj = b"\n%d 0 obj\n<< /Title (edited) >>\nendobj\n" % size
                x = len(data) + len(obj)
                tail = (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                        % (size, len(data) + 1, size + 1, root, size, prev, x))
                open(o, "wb").write(data + obj + tail)
            else:
                run(*cmd, o)
            add("resave", os.path.basename(o), path=o)


# Hosts a link on the badge page may name, and how pith classifies them (registry, lookalike: the
# link check fails; elsewhere: it passes): IDNA, case, percent-encoding, confusable skeletons
# (Cyrillic letters), edit distance, "pith" in the host.
LINK_HOSTS = {
    "uppercase-registry": "PITH.SCIENCE",
    "percent-encoded-registry": "%70ith.science",
    "trailing-dot-registry": "pith.science.",
    "idn-unrelated": "b\u00fccher.example",
    "idn-unrelated-cyrillic": "\u0430\u0440\u0440\u04cf\u0435.com",
    "idn-cyrillic-i": "p\u0456th.science",
    "idn-all-cyrillic": "\u0440\u0456th.\u0455\u0441\u0456\u0435n\u0441\u0435",
    "idn-skeleton-contains-pith": "docs-\u0440ith.example",
    "digit-one-for-i": "p1th.science",
    "near-miss": "pith.sclence",
    "pith-in-host": "pith.science.evil.example",
    "pith-inside-word": "rnpith.example",
    "unrelated": "example.org",
}


def links(made):
    """The stamped paper with one more link on page 1 (an appended revision: MODIFIED), to each host
    of LINK_HOSTS: the link check's status tells how each verifier classifies the host."""
    import pikepdf
    src = made["qr"]
    data = open(src, "rb").read()
    import re
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", data)[-1])
    root = re.findall(rb"/Root\s+(\d+ \d+ R)", data)[-1]
    info = re.findall(rb"/Info\s+(\d+ \d+ R)", data)
    trailer_info = b" /Info " + info[-1] if info else b""
    for name, host in LINK_HOSTS.items():
        uri = "https://%s/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5" % (host if host.isascii() else host.encode("idna").decode())
        with pikepdf.open(src) as pdf:
            page = pdf.pages[0].obj
            num = page.objgen[0]
            link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 40, 300, 60],
                                                        Border=[0, 0, 0], A=pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.URI,
                                                                                               URI=pikepdf.String(uri))))
            link_num = link.objgen[0]
            page.Annots = pikepdf.Array(list(page.get("/Annots", [])) + [link])
            page_obj = b"\n%d 0 obj\n%s\nendobj\n" % (num, page.unparse(resolved=True))
            link_obj = b"%d 0 obj\n%s\nendobj\n" % (link_num, link.unparse(resolved=True))
        at_page = len(data) + 1
        at_link = len(data) + len(page_obj)
        x = at_link + len(link_obj)
        entries_ = sorted([(num, at_page), (link_num, at_link)])
        xref = b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % e for e in entries_)
        tail = (xref + b"trailer\n<< /Size %d /Root %s%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (max(size, link_num + 1), root, trailer_info, prev, x))
        add("links", name + ".pdf", data=data + page_obj + link_obj + tail)


def form_bomb(made):
    """The stamped paper with an appended revision giving it a form whose field tree, 21 levels of
    [kid kid] sharing one object per level, unfolds to two million fields: not handed to a viewer."""
    import pikepdf
    import re
    src = made["qr"]
    data = open(src, "rb").read()
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    info = re.findall(rb"/Info\s+(\d+ \d+ R)", data)
    with pikepdf.open(src) as pdf:
        node = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("leaf"), FT=pikepdf.Name.Tx))
        nodes = [node]
        for level in range(21):
            node = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("l%d" % level), Kids=[node, node]))
            nodes.append(node)
        root = pdf.Root
        root.AcroForm = pikepdf.Dictionary(Fields=[node])
        objs = [(root.objgen[0], root.unparse(resolved=True))] + [(n.objgen[0], n.unparse(resolved=True)) for n in nodes]
    body, offsets = b"", []
    for num, text in objs:
        offsets.append((num, len(data) + len(body)))
        body += b"%d 0 obj\n%s\nendobj\n" % (num, text)
    xref = b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % e for e in sorted(offsets))
    size = max(n for n, _ in objs) + 1
    tail = (xref + b"trailer\n<< /Size %d /Root %d 0 R%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, objs[0][0], b" /Info " + info[-1] if info else b"", prev, len(data) + len(body)))
    add("hostile", "form-field-bomb.pdf", data=data + body + tail)


def hostile():
    q = os.path.join(SRC, "tests", "data", "corpus", "qpdf")
    for name in sorted(os.listdir(q)):
        if name.endswith(".pdf"):
            add("hostile", "qpdf-" + name, path=os.path.join(q, name))

    def pdf(objects, root=1):
        out = b"%PDF-1.7\n"
        offs = []
        for i, o in enumerate(objects):
            offs.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        x = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for o in offs:
            out += b"%010d 00000 n \n" % o
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, x)
        return out
    bomb = zlib.compress(b"\0" * (300 << 20), 9)
    xmp_bomb = b"<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    add("hostile", "flate-bomb.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>", xmp_bomb]))
    add("hostile", "huge-page-count.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
                                               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]))
    add("hostile", "reference-loop.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>", b"5 0 R", b"4 0 R"]))
    good = pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"<< /Type /Page /Parent 2 0 R >>"])
    add("hostile", "truncated.pdf", good[: len(good) // 2])
    add("hostile", "not-a-pdf.pdf", b"This is a text file, not a PDF.\n")


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    work = os.path.join(OUT, ".work")
    os.makedirs(work)
    os.makedirs(os.path.join(work, "forgery"))
    forgeries(os.path.join(work, "forgery"))
    p = papers(work)
    made = stamps(work, p)
    pdfa_stamps(work)
    tagged_stamps(work)
    resaves(work, made, p)
    links(made)
    form_bomb(made)
    hostile()
    shutil.rmtree(work)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"files": entries}, f, indent=1)
    print("%d files in %s" % (len(entries), OUT))


main()
