#!/usr/bin/env python3
"""Crafted hostile PDFs: pith verify (and pith stamp, for the limits cases) must answer each with a
clear one-line error (exit 3) or a correct verdict (whose report says the phrase expected), within 10 s and 1 GiB of peak memory (measured
with /usr/bin/time), never a crash and never "out of memory" (a limit must stop the work first).
The Flate bombs are also tried encrypted (qpdf), read through libqpdf's decryption."""
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from pdfgen import append_many_updates, build_pdf, minimal_page_objects, stream  # noqa: E402
import hostile_limits  # noqa: E402

PITH = os.environ["PITH"]
RECORD = os.path.join(os.path.dirname(__file__), "..", "stamp", "data", "record.json")
LIMIT_SECONDS = 10
LIMIT_KB = 1 << 20  # 1 GiB
# A safety net only: the address space is capped far above the limit, so that a runaway allocation
# shows as a measured peak over 1 GiB (or a kill), not as a tidy "out of memory" error.
ADDRESS_SPACE = 6 << 30

# What each case of hostile_limits.py must end in: verify's exit code and a phrase of its error.
EXPECTED = {
    "png-predictor-huge-row": (4, None),
    "xref-stream-chain-huge-predictor": (4, None),
    "trailer-100k-keys": (4, None),
    "one-stream-named-64-times": (4, None),
    "record-attachment-named-64-times": (1, None),
    # Damage viewers repair: read as libqpdf rebuilds it (no table allocated for it), reported damaged.
    "xref-subsection-overflow": (4, "xref subsection 18446744073709551609 7 beyond the object number limit"),
    "xref-index-overflow": (3, "/Index [9223372036854775807 1] beyond the object number limit"),
    "flate-bomb-page-content": (4, None),
    "flate-bomb-object-stream": (3, "decoded stream larger than the limit"),
    # Encrypted (encrypted_cases): read through the security handler, under the same limits.
    "encrypted-flate-bomb-page-content": (4, None),
}


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_pith(args, tmp):
    """(CompletedProcess, seconds, peak resident KB) of one pith run under /usr/bin/time."""
    stats = os.path.join(tmp, "time.txt")
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-o", stats, "-f", "%M", PITH] + args, capture_output=True, text=True,
                       timeout=LIMIT_SECONDS * 3, preexec_fn=limited)
    elapsed = time.monotonic() - start
    with open(stats) as f:
        peak = int(f.read().split()[-1])
    return p, elapsed, peak


def run_verify(path, tmp):
    return run_pith(["verify", path], tmp)


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


def encrypted_cases(plain_cases, tmp):
    """The Flate bombs again, encrypted by qpdf (AES-256, empty user password) with their stream data
    kept as it is: pith then decrypts through libqpdf and must still hold its limits."""
    out = {}
    for name in ("flate-bomb-xmp", "flate-bomb-page-content"):
        src = os.path.join(tmp, name + ".src.pdf")
        dst = os.path.join(tmp, name + ".enc.pdf")
        with open(src, "wb") as f:
            f.write(plain_cases[name])
        subprocess.run(["qpdf", "--stream-data=preserve", "--decode-level=none", "--encrypt", "", "owner", "256", "--",
                        src, dst], capture_output=True, timeout=120)
        with open(dst, "rb") as f:
            out["encrypted-" + name] = f.read()
        os.unlink(src)
        os.unlink(dst)
    return out


def judge_run(name, what, p, elapsed, peak, expected_exit=None, phrase=None):
    """None when the run is within bounds and ends as it must, else what is wrong."""
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    problems = []
    if elapsed >= LIMIT_SECONDS:
        problems.append(f"{elapsed:.1f}s")
    if peak >= LIMIT_KB:
        problems.append(f"peak {peak // 1024} MiB")
    if "out of memory" in p.stderr:
        problems.append("out of memory")
    if p.returncode == 3 and not (len(lines) == 1 and lines[0].startswith("pith: ")):
        problems.append("exit 3 without one 'pith:' line")
    if expected_exit is not None and p.returncode != expected_exit:
        problems.append(f"exit {p.returncode}, expected {expected_exit}")
    if phrase and phrase not in (p.stderr if p.returncode == 3 else p.stdout):
        problems.append(f"error does not say {phrase!r}")
    if p.returncode not in (0, 1, 3, 4, 6):
        problems.append(f"exit {p.returncode}")
    print(f"{'FAIL' if problems else 'ok  '} {what} {name}: exit {p.returncode} in {elapsed:.2f}s, peak {peak // 1024} MiB: "
          f"{(lines or [''])[0][:150]}" + (f" [{'; '.join(problems)}]" if problems else ""))
    return problems or None


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = dict(cases())
        all_cases.update(hostile_limits.cases())
        all_cases.update(encrypted_cases(all_cases, tmp))
        for name, data in all_cases.items():
            path = os.path.join(tmp, name + ".pdf")
            with open(path, "wb") as f:
                f.write(data)
            p, elapsed, peak = run_verify(path, tmp)
            expected_exit, phrase = EXPECTED.get(name, (None, None))
            problems = judge_run(name, "verify", p, elapsed, peak, expected_exit, phrase)
            if p.returncode not in (3, 4) and expected_exit is None:
                problems = (problems or []) + [f"exit {p.returncode}, expected 3 or 4"]
            if name.startswith(("entity", "external")) and "root:" in p.stdout + p.stderr:
                problems = (problems or []) + ["/etc/passwd was read"]  # never
            if problems:
                failures.append("verify " + name)
            if name in EXPECTED:
                # pith stamp reads the same bytes (and then verifies what it would write).
                out = os.path.join(tmp, name + ".stamped.pdf")
                p, elapsed, peak = run_pith(["stamp", path, "--record", RECORD, "--force", "-o", out], tmp)
                problems = judge_run(name, "stamp ", p, elapsed, peak)
                if p.returncode == 0:
                    q, _, _ = run_verify(out, tmp)
                    if q.returncode == 3:
                        problems = (problems or []) + ["stamp wrote a file verify cannot read: " + q.stderr.strip()]
                elif os.path.exists(out):
                    problems = (problems or []) + ["a refused stamp left an output"]
                if problems:
                    failures.append("stamp " + name)
                if os.path.exists(out):
                    os.unlink(out)
            os.unlink(path)
    print(f"{len(failures)} failed" + (": " + ", ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
