#!/usr/bin/env python3
"""pith fetch and pith verify --online against local registries on 127.0.0.1 (registry_server.py)."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "verify"))
from registry_server import suffix_of  # noqa: E402
from pdfgen import paper_pdf  # noqa: E402

RECORDS = [os.path.join(SRC, "examples", "records", n) for n in ("seed-XWMJ4DGY.json", "seed-UU3ZMT4K.json")]
with open(RECORDS[0], "rb") as _f:
    RECORD_BYTES = _f.read()
SUFFIX = suffix_of(json.loads(RECORD_BYTES))


class Registry:
    """One server process per mode, started and stopped by its own pid."""

    def __init__(self, mode):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "registry_server.py"), "--mode", mode, *RECORDS],
                                     stdout=subprocess.PIPE, text=True)
        self.url = "http://127.0.0.1:%s" % self.proc.stdout.readline().strip()

    def close(self):
        self.proc.kill()
        self.proc.wait()


def run(*args):
    start = time.monotonic()
    p = subprocess.run([PITH, *args], capture_output=True, text=True, timeout=60)
    p.elapsed = time.monotonic() - start
    return p


def page_pdf():
    """A one-page paper showing the first record's title (tests/verify/pdfgen.py), for pith stamp: a
    page without the title would be refused (it would not verify)."""
    return paper_pdf(json.loads(RECORD_BYTES)["paper"]["title"])


class RegistryTest(unittest.TestCase):
    servers = {}

    @classmethod
    def setUpClass(cls):
        for mode in ("good", "forged", "truncated", "swapped", "hang", "huge", "error"):
            cls.servers[mode] = Registry(mode)

    @classmethod
    def tearDownClass(cls):
        for s in cls.servers.values():
            s.close()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pith-registry-")
        self.cache = os.path.join(self.dir, "cache")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def fetch(self, mode, *extra, number=None):
        return run("fetch", number or "pith:2026:" + SUFFIX, "--base-url", self.servers[mode].url + "/",
                   "--cache-dir", self.cache, "--timeout", "1", *extra)

    def cached(self):
        return os.path.join(self.cache, SUFFIX + ".json")

    def test_fetch_verifies_saves_and_caches(self):
        out = os.path.join(self.dir, "rec.json")
        p = self.fetch("good", "-o", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("pith:2026:" + SUFFIX + " VERIFIED", p.stdout)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), RECORD_BYTES)
        with open(self.cached(), "rb") as f:
            self.assertEqual(f.read(), RECORD_BYTES)
        # The record saved is a record pith accepts.
        self.assertEqual(run("record", "verify", out).returncode, 0)
        # Offline, a short number resolves from the cache, and the cached copy is verified again.
        p = run("fetch", "pith:" + SUFFIX[:8], "--cache-dir", self.cache, "-o", "-")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.encode(), RECORD_BYTES)
        with open(self.cached(), "r+b") as f:
            data = f.read().replace(b'"license":"', b'"license":"x')
            f.seek(0)
            f.write(data)
        p = run("fetch", SUFFIX, "--cache-dir", self.cache, "--offline")
        self.assertEqual(p.returncode, 1, p.stderr)

    def test_short_number_without_cache_is_a_usage_error(self):
        p = run("fetch", "pith:" + SUFFIX[:8], "--cache-dir", self.cache)
        self.assertEqual(p.returncode, 2)
        self.assertIn("26-character", p.stderr)

    def assertRefused(self, mode, code, words):
        out = os.path.join(self.dir, "rec.json")
        p = self.fetch(mode, "-o", out)
        self.assertEqual(p.returncode, code, p.stderr)
        self.assertIn(words, p.stderr)
        self.assertFalse(os.path.exists(out), "nothing saved")
        self.assertFalse(os.path.exists(self.cached()), "nothing cached")
        return p

    def test_forged_record_is_refused(self):
        self.assertRefused("forged", 1, "does not verify")

    def test_another_record_under_the_name_is_refused(self):
        self.assertRefused("swapped", 1, "not the requested")

    def test_truncated_record_is_refused(self):
        p = self.assertRefused("truncated", 3, "not a valid record")
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)

    def test_silent_server_times_out(self):
        p = self.assertRefused("hang", 3, "within 1000 ms")
        self.assertLess(p.elapsed, 5)

    def test_oversized_answer_is_refused(self):
        self.assertRefused("huge", 3, "exceeds")

    def test_http_errors(self):
        self.assertRefused("error", 3, "HTTP 500")
        other = "A" * 26
        p = self.fetch("good", number=other)
        self.assertEqual(p.returncode, 3)
        self.assertIn("HTTP 404", p.stderr)

    def test_unreachable_registry(self):
        # A port nobody listens on: the server of mode "good" was given a port; use another closed one.
        p = run("fetch", SUFFIX, "--base-url", "http://127.0.0.1:9", "--cache-dir", self.cache, "--timeout", "2")
        self.assertEqual(p.returncode, 3)
        self.assertFalse(os.path.exists(self.cached()))

    def test_verify_online(self):
        src = os.path.join(self.dir, "page.pdf")
        with open(src, "wb") as f:
            f.write(page_pdf())
        stamped = os.path.join(self.dir, "stamped.pdf")
        p = run("stamp", src, "--record", RECORDS[0], "-o", stamped)
        self.assertEqual(p.returncode, 0, p.stderr)

        def verify(mode):
            p = run("verify", "--json", "--online", "--base-url", self.servers[mode].url, "--timeout", "1", stamped)
            rep = json.loads(p.stdout)
            check = [c for c in rep["checks"] if c["id"] == "pith.registry.match"]
            self.assertEqual(len(check), 1, rep)
            return p.returncode, rep["verdict"], check[0]["status"], p

        code, verdict, status, _ = verify("good")
        self.assertEqual((code, verdict, status), (0, "VERIFIED", "pass"))
        for mode in ("forged", "swapped", "truncated"):
            code, verdict, status, _ = verify(mode)
            self.assertEqual((code, verdict, status), (1, "FAILED", "fail"), mode)
        # A registry that does not answer: nothing failed, but the record cannot be compared (exit 6).
        code, verdict, status, p = verify("hang")
        self.assertEqual((code, verdict, status), (6, "UNVERIFIABLE", "unverifiable"))
        self.assertLess(p.elapsed, 5)
        # Offline verify has no registry check at all.
        p = run("verify", "--json", stamped)
        self.assertEqual(p.returncode, 0)
        self.assertNotIn("pith.registry.match", p.stdout)
        # A PDF without Pith data: the registry is not asked, the check is n/a.
        p = run("verify", "--json", "--online", "--base-url", self.servers["hang"].url, "--timeout", "1", src)
        self.assertEqual(p.returncode, 4)
        self.assertIn('"status":"n/a"', p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
