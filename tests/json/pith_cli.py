"""Where pith is, and how the JSON tests call it."""
import os
import subprocess
import sys

from reference import has_duplicate_keys, python_canonical  # noqa: F401 (re-exported)

PITH = os.environ.get("PITH")
if not PITH:
    sys.exit("PITH is not set: run these tests through CTest")


def run_pith(args, data=None, timeout=60):
    return subprocess.run([PITH] + args, input=data, capture_output=True, timeout=timeout)
