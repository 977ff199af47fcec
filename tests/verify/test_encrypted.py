#!/usr/bin/env python3
"""Encrypted PDFs: verify and extract read them through libqpdf's security handlers, with the empty
user password by default and --password otherwise; stamp still refuses them. The reference is qpdf:
a stamped paper rewritten by qpdf without encryption and the same paper rewritten by qpdf with
encryption (AES-256 and RC4-128, with and without a user password) must give pith the same report
and the same extracted record, which needs every string and stream decrypted (the pith data lives
in the encrypted XMP stream and Info strings). A file whose password is not given names --password."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from results import summarise  # noqa: E402
from pdfgen import paper_pdf  # noqa: E402

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
CORPUS = os.path.join(DATA, "corpus", "qpdf")

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def run(*args):
    return subprocess.run(list(args), capture_output=True, timeout=120)


def report(path, *extra):
    p = run(PITH, "verify", "--json", *extra, path)
    try:
        r = json.loads(p.stdout)
    except ValueError:
        return p.returncode, None, p.stderr.decode()
    r.pop("subject", None)
    return p.returncode, r, p.stderr.decode()


def main():
    if not shutil.which("qpdf"):
        print("qpdf not installed")
        return 1
    title = json.load(open(SEED))["paper"]["title"]
    with tempfile.TemporaryDirectory() as tmp:
        paper = os.path.join(tmp, "paper.pdf")
        open(paper, "wb").write(paper_pdf(title, pages=3))
        stamped = os.path.join(tmp, "stamped.pdf")
        p = run(PITH, "stamp", paper, "--record", SEED, "-o", stamped)
        check("stamp the paper", p.returncode == 0, p.stderr.decode())

        # The reference: qpdf's rewrite without encryption (object streams kept as qpdf writes them).
        plain = os.path.join(tmp, "plain.pdf")
        run("qpdf", "--static-id", stamped, plain)
        plain_code, plain_report, err = report(plain)
        check("the unencrypted rewrite has a report with pith data", plain_report is not None and
              plain_report["verdict"] != "NO-PITH-DATA", f"{plain_code} {err} {plain_report}")
        plain_extract = run(PITH, "extract", plain)

        variants = {
            "aes256-empty": (["--encrypt", "", "owner", "256", "--"], []),
            "rc4-128-empty": (["--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=n", "--"], []),
            "aes128-empty-objstreams": (["--encrypt", "", "owner", "128", "--use-aes=y", "--", "--object-streams=generate"], []),
            "aes256-user": (["--encrypt", "user", "owner", "256", "--"], ["--password", "user"]),
            "aes256-owner": (["--encrypt", "user", "owner", "256", "--"], ["--password", "owner"]),
        }
        for name, (qpdf_args, pith_args) in variants.items():
            enc = os.path.join(tmp, name + ".pdf")
            q = run("qpdf", "--static-id", *qpdf_args, stamped, enc)
            check(f"{name}: qpdf encrypts", q.returncode in (0, 3) and os.path.exists(enc), q.stderr.decode())
            check(f"{name}: qpdf says it is encrypted", run("qpdf", "--is-encrypted", enc).returncode == 0)
            code, rep, err = report(enc, *pith_args)
            check(f"{name}: same exit code as the unencrypted rewrite", code == plain_code, f"{code} vs {plain_code}: {err}")
            check(f"{name}: same report as the unencrypted rewrite", rep == plain_report,
                  f"{json.dumps(rep)[:600]}\nvs\n{json.dumps(plain_report)[:600]}")
            ex = run(PITH, "extract", *pith_args, enc)
            check(f"{name}: extract gives the same record", ex.returncode == plain_extract.returncode and ex.stdout == plain_extract.stdout,
                  f"{ex.returncode} {ex.stderr.decode()}")

        # No password, or a wrong one: exit 3, one line naming --password.
        locked = os.path.join(tmp, "aes256-user.pdf")
        for args in ([], ["--password", "wrong"]):
            p = run(PITH, "verify", *args, locked)
            lines = p.stderr.decode().strip().splitlines()
            check(f"password needed {args}: exit 3", p.returncode == 3, str(p.returncode))
            check(f"password needed {args}: one line naming --password", len(lines) == 1 and "--password" in lines[0], str(lines))
        # A corpus file with a user password (qpdf's test suite: "user").
        p = run(PITH, "verify", os.path.join(CORPUS, "20-pages.pdf"))
        check("20-pages.pdf without password: exit 3 naming --password", p.returncode == 3 and "--password" in p.stderr.decode(),
              p.stderr.decode())
        p = run(PITH, "verify", "--password", "user", os.path.join(CORPUS, "20-pages.pdf"))
        check("20-pages.pdf with --password user: read (NO-PITH-DATA)", p.returncode == 4, p.stderr.decode())
        # Corpus files with an empty user password: read, as qpdf reads them.
        # metadata-crypt-filter.pdf: its XMP stream names the /Crypt filter (applied by the security handler).
        for f in ("V4-aes.pdf", "V4.pdf", "V4-clearmeta.pdf", "metadata-crypt-filter.pdf"):
            p = run(PITH, "verify", "-q", os.path.join(CORPUS, f))
            check(f"{f} (empty user password): read (NO-PITH-DATA)", p.returncode == 4, p.stderr.decode())

        # stamp refuses encrypted input, whatever the password: exit 3, no output.
        out = os.path.join(tmp, "restamped.pdf")
        p = run(PITH, "stamp", os.path.join(tmp, "aes256-empty.pdf"), "--record", SEED, "-o", out)
        check("stamp refuses an encrypted file", p.returncode == 3 and not os.path.exists(out) and "encrypted" in p.stderr.decode(),
              f"{p.returncode} {p.stderr.decode()}")

    return summarise(results)


if __name__ == "__main__":
    sys.exit(main())
