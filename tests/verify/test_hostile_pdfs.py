#!/usr/bin/env python3
"""Crafted hostile PDFs: pith verify must answer each with a clear one-line error (exit 3) or a
correct verdict, within 10 s and 1 GiB, never a crash."""
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from pdfgen import append_many_updates, build_pdf, minimal_page_objects, stream  # noqa: E402

PITH = os.environ["PITH"]
LIMIT_SECONDS = 10
LIMIT_BYTES = 1 << 30


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def run_verify(path):
    start = time.monotonic()
    p = subprocess.run([PITH, "verify", path], capture_output=True, text=True, timeout=LIMIT_SECONDS + 5,
                       preexec_fn=limited)
    return p, time.monotonic() - start


def xmp_packet(body):
    return (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>' + body + b'<?xpacket end="w"?>')


def cases():
    c = {}
    pdf = minimal_page_objects(b" /Metadata 5 0 R")
    # 1. Flate bomb: 1 GB of zeros compressed into the XMP stream.
    bomb = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    data = b"".join(bomb.compress(chunk) for _ in range(1024)) + bomb.flush()
    objs = dict(pdf)
    objs[5] = b"<</Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"
    c["flate-bomb-xmp"] = build_pdf(objs)
    # 2. Billion laughs in the XMP packet.
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (b"a" * (i + 2), (b"&" + b"a" * (i + 1) + b";") * 10) for i in range(9)) + b"]>"
    objs = dict(pdf)
    objs[5] = stream(b"/Type /Metadata /Subtype /XML", laughs + xmp_packet(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pith="https://pith.science/ns/pith/1.0/" pith:number="&aaaaaaaaaa;"/>'
        b'</rdf:RDF></x:xmpmeta>'))
    c["entity-bomb-xmp"] = build_pdf(objs)
    # 3. External entity (must never be fetched or read).
    objs = dict(pdf)
    objs[5] = stream(b"/Type /Metadata /Subtype /XML",
                     b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + xmp_packet(
                         b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                         b'<rdf:Description rdf:about="" xmlns:pith="https://pith.science/ns/pith/1.0/" pith:number="&e;"/>'
                         b'</rdf:RDF></x:xmpmeta>'))
    c["external-entity-xmp"] = build_pdf(objs)
    # 4. Deeply nested arrays in the catalog.
    objs = dict(minimal_page_objects())
    objs[1] = b"<</Type /Catalog /Pages 2 0 R /X " + b"[" * 100000 + b"]" * 100000 + b">>"
    c["deep-nesting"] = build_pdf(objs)
    # 5. Page tree loop: the Pages node is its own kid.
    objs = dict(minimal_page_objects())
    objs[2] = b"<</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>>"
    c["page-tree-loop"] = build_pdf(objs)
    # 6. Cyclic /Length: a stream whose length is a reference to itself.
    objs = dict(minimal_page_objects(b" /Metadata 5 0 R"))
    objs[5] = b"<</Type /Metadata /Subtype /XML /Length 5 0 R>>\nstream\nabc\nendstream"
    c["cyclic-length"] = build_pdf(objs)
    # 7. /Size claims eight million objects.
    c["huge-size"] = build_pdf(minimal_page_objects()).replace(b"/Size 5", b"/Size 8388000")
    # 8. A reference chain 1 -> 6 -> 7 -> ... -> 6 (cycle of indirect objects).
    objs = dict(minimal_page_objects(b" /Metadata 6 0 R"))
    objs[6] = b"7 0 R"
    objs[7] = b"6 0 R"
    c["reference-cycle"] = build_pdf(objs)
    # 9. Name tree loop for EmbeddedFiles.
    objs = dict(minimal_page_objects(b" /Names <</EmbeddedFiles 6 0 R>>"))
    objs[6] = b"<</Kids [6 0 R]>>"
    c["name-tree-loop"] = build_pdf(objs)
    # 10. Stream /Length far beyond the file.
    objs = dict(minimal_page_objects(b" /Metadata 5 0 R"))
    objs[5] = b"<</Type /Metadata /Subtype /XML /Length 999999999999>>\nstream\nabc\nendstream"
    c["length-beyond-file"] = build_pdf(objs)
    # 11. A Prev chain that loops to itself.
    base = build_pdf(minimal_page_objects())
    xref = base.rindex(b"xref\n")
    c["prev-loop"] = base.replace(b"trailer\n<<", b"trailer\n<</Prev %d " % xref)
    # 12. Nine thousand revisions (the reader allows ten thousand): linear, not quadratic, work.
    c["9000-revisions"] = append_many_updates(build_pdf(minimal_page_objects()), 9000, num=5, size=6, root=1)
    # 13. Empty file and header only.
    c["empty"] = b""
    c["header-only"] = b"%PDF-1.7\n"
    return c


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases().items():
            path = os.path.join(tmp, name + ".pdf")
            with open(path, "wb") as f:
                f.write(data)
            p, elapsed = run_verify(path)
            lines = [l for l in p.stderr.splitlines() if l.strip()]
            ok = p.returncode in (3, 4) and elapsed < LIMIT_SECONDS
            if p.returncode == 3:
                ok = ok and len(lines) == 1 and lines[0].startswith("pith: ")
            if name.startswith(("entity", "external")):
                ok = ok and "root:" not in p.stdout + p.stderr  # /etc/passwd never read
            print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {p.returncode} in {elapsed:.2f}s: {(lines or [''])[0][:150]}")
            if not ok:
                failures.append(name)
    print(f"{len(cases()) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
