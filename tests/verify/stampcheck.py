"""What `pith verify --json` must say about a PDF that `pith stamp --force` stamped although its page 1
does not show the record's title (any PDF of a corpus): shared by the stamp and verify tests.

The stamp itself must be beyond reproach: the stamped prefix is the input (pith.binding.match), the
update holds exactly what pith stamp writes (pith.stamp.update), nothing follows it
(pith.revisions.none), the record checks pass, and the badge is shown and linked where a viewer can
show it. Only what the page shows about the title may keep the verdict from VERIFIED: FAILED when
page 1 shows other text (pith.title.shown fail), UNVERIFIABLE when it has no text to read. No false
alarm on odd but valid files is allowed. One exception, counted independently with qpdf: a page
whose content leaves marked-content sections open (BDC/BMC without EMC) draws the badge inside them,
where optional content could hide it, and pith.badge.shown must fail and say so.
"""
import json as _json
import re as _re
import subprocess as _subprocess

# Checks that must pass on every forced stamp.
MUST_PASS = ("pith.data.found", "pith.record.valid", "pith.data.consistent", "pith.recordHash.match",
             "pith.number.match", "pith.receipt.signature", "pith.binding.match", "pith.stamp.update",
             "pith.revisions.none")
# Checks of what a viewer shows: any status, the title ones because the page is not the paper's.
VIEWER_TITLE = ("pith.title.shown", "pith.title.metadata")
VIEWER_BADGE = ("pith.badge.shown", "pith.link.match")
# The reasons for which pith.badge.shown may honestly say "unverifiable" (docs/REPORT.md).
CANNOT_TELL = ("cannot be read to its end", "field tree unfolds")
EXIT_FOR = {"VERIFIED": 0, "FAILED": 1, "MODIFIED": 1, "NO-PITH-DATA": 4, "UNVERIFIABLE": 6}


def _operators(content):
    """The operators of a content stream, skipping strings, comments and inline image data."""
    i, n = 0, len(content)
    delimiters = b"()<>[]{}/%"
    while i < n:
        c = content[i:i + 1]
        if c in b" \t\r\n\f\x00":
            i += 1
        elif c == b"%":
            while i < n and content[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, i = 1, i + 1
            while i < n and depth:
                ch = content[i:i + 1]
                if ch == b"\\":
                    i += 1
                elif ch == b"(":
                    depth += 1
                elif ch == b")":
                    depth -= 1
                i += 1
        elif content[i:i + 2] == b"<<" or content[i:i + 2] == b">>":
            i += 2
        elif c == b"<":
            end = content.find(b">", i)
            i = n if end < 0 else end + 1
        elif c in b"[]{}":
            i += 1
        elif c == b"/":
            i += 1
            while i < n and content[i:i + 1] not in b" \t\r\n\f\x00" and content[i:i + 1] not in delimiters:
                i += 1
        else:
            start = i
            while i < n and content[i:i + 1] not in b" \t\r\n\f\x00" and content[i:i + 1] not in delimiters:
                i += 1
            token = content[start:i]
            if token == b"ID":  # inline image data, up to white space + EI + white space
                m = _re.compile(rb"\sEI(?=[\s]|$)").search(content, i + 1)
                i = n if not m else m.end()
            elif token and not _re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", token) and token not in (b"true", b"false", b"null"):
                yield token


def open_marked_content(pdf_path, page=1):
    """How many marked-content sections (BDC/BMC) page `page`'s content leaves open at its end, read
    with qpdf (which decodes every standard filter) and a tokenizer of this file's own; None when
    qpdf cannot read the page's content."""
    pages = _subprocess.run(["qpdf", "--json=2", "--json-key=pages", pdf_path], capture_output=True, timeout=60)
    try:
        contents = _json.loads(pages.stdout)["pages"][page - 1]["contents"]
    except (ValueError, KeyError, IndexError):
        return None
    data = b""
    for ref in contents:
        num = ref.split()[0]
        part = _subprocess.run(["qpdf", "--show-object=" + num, "--filtered-stream-data", pdf_path],
                               capture_output=True, timeout=60)
        if part.returncode not in (0, 3):
            return None
        data += part.stdout + b"\n"
    depth = 0
    for op in _operators(data):
        if op in (b"BDC", b"BMC"):
            depth += 1
        elif op == b"EMC" and depth:
            depth -= 1
    return depth


def status_of(report, check_id):
    for check in report.get("checks", []):
        if check.get("id") == check_id:
            return check.get("status")
    return None


def doubts_actions(report):
    """pith verify's report has the automatic-actions check (present only when it doubts)."""
    return isinstance(report, dict) and any(c.get("id") == "pith.actions.automatic" for c in report.get("checks", []))


def pdfinfo_finds_javascript(path):
    """poppler's own reading (pdfinfo -js) finds JavaScript in the file; a file whose form tree
    stalls pdfinfo counts as none."""
    try:
        return bool(_subprocess.run(["pdfinfo", "-js", path], capture_output=True, timeout=20).stdout.strip())
    except _subprocess.TimeoutExpired:
        return False


def qpdf_finds_page_tree_loop(path):
    """qpdf --check reports a loop in the page tree (viewers then cannot be shown to reach every page)."""
    try:
        p = _subprocess.run(["qpdf", "--check", path], capture_output=True, timeout=60)
    except _subprocess.TimeoutExpired:
        return False
    return b"Loop detected in /Pages structure" in p.stdout + p.stderr


def forced_stamp_problems(report, exit_code, badge_must_show=True, open_marked=0, runs_javascript=False,
                          page_tree_loop=False):
    """The problems with pith verify's report on a forced stamp (an empty list when there are none).
    badge_must_show: the page is large enough and sound enough (qpdf --check, and poppler reads it)
    for a viewer to show the badge, so pith.badge.shown and pith.link.match must pass.
    open_marked: marked-content sections the stamped page leaves open (open_marked_content on the
    input): the badge is then drawn inside them, and pith.badge.shown must fail and say so.
    runs_javascript: poppler (pdfinfo -js) finds JavaScript in the file, so pith.actions.automatic
    may doubt it, naming a JavaScript action.
    page_tree_loop: qpdf --check finds a loop in the page tree, so pith.actions.automatic may doubt
    that every page's actions were read, saying the page tree cannot be walked."""
    if not isinstance(report, dict) or "checks" not in report:
        return ["no report: %r" % (report,)]
    problems = []
    statuses = {c.get("id"): c.get("status") for c in report["checks"]}
    for check_id in MUST_PASS:
        if statuses.get(check_id) != "pass":
            reason = next((c.get("reason") for c in report["checks"] if c.get("id") == check_id), "")
            problems.append("%s is %r, expected pass (%s)" % (check_id, statuses.get(check_id), reason))
    if statuses.get("pith.stamp.update") == "pass" and statuses.get("pith.stamp.signer") != "n/a":
        problems.append("pith.stamp.signer is %r on an unsigned stamp" % statuses.get("pith.stamp.signer"))
    badge = next((c for c in report["checks"] if c.get("id") == "pith.badge.shown"), {})
    if open_marked:
        if badge.get("status") != "fail" or "marked-content" not in badge.get("reason", ""):
            problems.append("the page leaves %d marked-content section(s) open (qpdf), but pith.badge.shown is %r: %s"
                            % (open_marked, badge.get("status"), badge.get("reason")))
    elif badge.get("status") == "unverifiable" and any(why in badge.get("reason", "") for why in CANNOT_TELL):
        pass  # a documented "cannot tell": content pith cannot decode, or a form that would stall a viewer
    elif badge_must_show:
        for check_id in VIEWER_BADGE:
            if statuses.get(check_id) != "pass":
                problems.append("%s is %r where a viewer shows the page" % (check_id, statuses.get(check_id)))
    allowed = set(MUST_PASS) | {"pith.stamp.signer"} | set(VIEWER_TITLE) | set(VIEWER_BADGE)
    actions = next((c for c in report["checks"] if c.get("id") == "pith.actions.automatic"), None)
    if actions is not None:
        if runs_javascript and actions.get("status") == "unverifiable" and "JavaScript" in actions.get("reason", ""):
            allowed.add("pith.actions.automatic")
        elif page_tree_loop and actions.get("status") == "unverifiable" and "page tree loop" in actions.get("reason", ""):
            allowed.add("pith.actions.automatic")
        else:
            problems.append("pith.actions.automatic is %r (%s), and pdfinfo -js finds %s JavaScript"
                            % (actions.get("status"), actions.get("reason"), "" if runs_javascript else "no"))
    for check_id, status in statuses.items():
        if check_id not in allowed and status not in ("pass", "n/a"):
            problems.append("unexpected %s=%s" % (check_id, status))
    if "pith.title.shown" not in statuses:
        problems.append("no pith.title.shown check")
    # The verdict follows from the checks, and the exit code from the verdict.
    values = set(statuses.values())
    want = "FAILED" if "fail" in values else "UNVERIFIABLE" if "unverifiable" in values else "VERIFIED"
    if report.get("verdict") != want:
        problems.append("verdict %r, the checks say %s" % (report.get("verdict"), want))
    if EXIT_FOR.get(report.get("verdict")) != exit_code:
        problems.append("exit %d for verdict %r" % (exit_code, report.get("verdict")))
    if not report.get("proves") or not report.get("does_not_prove"):
        problems.append("the report does not say what it proves and does not prove")
    parameters = report.get("facts", {}).get("stamp_parameters", {})
    if parameters.get("forced") is not True:
        problems.append("the stamp does not record that it was forced: stamp_parameters %r" % (parameters,))
    return problems
