"""Shared parts of the pith build hooks: finding the pith binary, running it, writing files atomically.

The contracts (arguments, outputs, exit codes) are in docs/HOOKS.md.
"""
import os
import shutil
import subprocess
import sys
import tempfile

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_BAD_INPUT, EXIT_NO_PITH_DATA, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5

# JSON lines as pith prints them (docs/JSON.md): keys sorted, compact, UTF-8.
JSON_LINE = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}


class HookError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def find_pith(explicit=None):
    """--pith, then $PITH, then a pith beside this hook (an installed package), then $PATH; checked
    to be pith (its --version), so that a wrong path is a usage error, not a failed verification."""
    found = explicit or os.environ.get("PITH")
    if not found:
        beside = os.path.join(os.path.dirname(os.path.realpath(sys.argv[0])), "pith")
        found = beside if os.access(beside, os.X_OK) and not os.path.isdir(beside) else shutil.which("pith")
    if not found:
        raise HookError(EXIT_USAGE, "pith not found: install it, put it on PATH, or pass --pith / set PITH")
    version = run_pith(found, "--version")
    if version.returncode != 0 or not version.stdout.startswith("pith "):
        raise HookError(EXIT_USAGE, "%s is not pith: '%s --version' exited %d and printed %r" % (
            found, found, version.returncode, (version.stdout + version.stderr).strip()[:80]))
    return found


def run_pith(pith, *args):
    try:
        return subprocess.run([pith, *args], capture_output=True, text=True)
    except OSError as e:
        raise HookError(EXIT_USAGE, "cannot run %s: %s" % (pith, e))


def write_atomically(path, data):
    """Temporary file beside the target, then rename: readers see the old file or the new one. An
    existing file keeps its mode; a new one gets the mode the umask gives (as open() would), not
    mkstemp's 0600."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".pith-hook-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            shutil.copymode(path, tmp)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise HookError(EXIT_OUTPUT, "%s: cannot write: %s" % (path, e))


def main_guarded(name, body, on_error=None):
    """Runs body; a HookError becomes one line "NAME: message" on stderr and its exit code, and
    on_error(code, message) may print what --json wants on stdout."""
    try:
        sys.exit(body())
    except HookError as e:
        message = str(e).replace("\n", " ")
        print("%s: %s" % (name, message), file=sys.stderr)
        if on_error:
            on_error(e.code, message)
        sys.exit(e.code)
