"""Shared parts of the pith build hooks: finding the pith binary, running it, writing files atomically.

The contracts (arguments, outputs, exit codes) are in docs/HOOKS.md.
"""
import os
import shutil
import subprocess
import sys
import tempfile

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_BAD_INPUT, EXIT_NO_PITH_DATA, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5


class HookError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def find_pith(explicit=None):
    """--pith, then $PITH, then a pith beside this hook (an installed package), then $PATH."""
    for candidate in (explicit, os.environ.get("PITH")):
        if candidate:
            return candidate
    beside = os.path.join(os.path.dirname(os.path.realpath(sys.argv[0])), "pith")
    if os.access(beside, os.X_OK) and not os.path.isdir(beside):
        return beside
    found = shutil.which("pith")
    if not found:
        raise HookError(EXIT_USAGE, "pith not found: install it, put it on PATH, or pass --pith / set PITH")
    return found


def run_pith(pith, *args):
    try:
        return subprocess.run([pith, *args], capture_output=True, text=True)
    except OSError as e:
        raise HookError(EXIT_USAGE, "cannot run %s: %s" % (pith, e))


def write_atomically(path, data):
    """Temporary file beside the target, then rename: readers see the old file or the new one."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".pith-hook-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise HookError(EXIT_OUTPUT, "%s: cannot write: %s" % (path, e))


def main_guarded(name, body):
    try:
        sys.exit(body())
    except HookError as e:
        print("%s: %s" % (name, str(e).replace("\n", " ")), file=sys.stderr)
        sys.exit(e.code)
