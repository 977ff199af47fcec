"""Finding a submission's main .tex file and adding the two pith lines to it.

Main file: a .tex file with \\documentclass and \\begin{document} that no other file of the tree
reads (\\input, \\include, \\subfile, \\import, \\subimport, \\includestandalone), that is not a
subfiles child and not an ancillary file (anc/, which arXiv publishes but never compiles). When the
tree leaves several, arXiv's 00README (.json, .yaml or the classic "file toplevelfile" lines)
decides, if it names one; otherwise the caller must say (--main).
"""
import json
import os
import re

COMMENT = re.compile(r"(?<!\\)%.*")
REFERENCE = re.compile(r"\\(?:input|include|subfile|includestandalone)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
INPUT_BARE = re.compile(r"\\input\s+([^\s{}\\%]+)")
IMPORT = re.compile(r"\\(?:sub)?(?:import|inputfrom|includefrom)\*?\s*\{([^}]*)\}\s*\{([^}]*)\}")
DOCCLASS = re.compile(r"\\documentclass\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}", re.S)
BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
PDFOUTPUT = re.compile(r"\\pdfoutput\s*=\s*1")


def mask_comments(text):
    """The text with every comment blanked out, same length, so offsets stay valid."""
    return COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def read_text(path):
    with open(path, "rb") as f:
        # surrogateescape keeps any byte that is not UTF-8 exactly as it was when written back
        return f.read().decode("utf-8", "surrogateescape")


def tex_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        out += [os.path.relpath(os.path.join(d, f), root) for f in sorted(files) if f.endswith(".tex") and not f.startswith(".")]
    return out


def _resolve(root, from_file, name):
    name = name.strip()
    if not name:
        return []
    names = [name] if name.endswith(".tex") else [name + ".tex", name]
    bases = [root, os.path.join(root, os.path.dirname(from_file))]
    return [os.path.normpath(os.path.relpath(os.path.join(b, n), root)) for b in bases for n in names]


def references(root, rel, masked):
    out = set()
    for m in REFERENCE.finditer(masked):
        for part in m.group(1).split(","):
            out.update(_resolve(root, rel, part))
    for m in INPUT_BARE.finditer(masked):
        out.update(_resolve(root, rel, m.group(1)))
    for m in IMPORT.finditer(masked):
        out.update(_resolve(root, rel, os.path.join(m.group(1), m.group(2))))
    return out


def yaml_sources(text):
    """The entries of a 00README.yaml `sources:` list as dicts of their scalar members, in any
    order (`- usage: toplevel` before or after `filename:`). Only the block style arXiv documents
    is read; anything else yields no entries."""
    entries, current = [], None
    for line in text.splitlines():
        item = re.match(r"^\s*-\s+(.*)$", line)
        if item:
            current = {}
            entries.append(current)
            line = item.group(1)
        elif current is None or not line.startswith((" ", "\t")):
            current = None
            continue
        pair = re.match(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$", line)
        if pair and current is not None:
            current[pair.group(1)] = pair.group(2).strip("'\"")
    return entries


def readme_toplevel(root):
    """(file, README name) for the top-level file named by arXiv's 00README, or (None, None)."""
    for name in ("00README.json", "00README.yaml", "00README.yml", "00README.XXX", "00README"):
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            continue
        text = read_text(path)
        if name.endswith(".json"):
            try:
                sources = json.loads(text).get("sources", [])
            except (ValueError, AttributeError):
                return None, None
        elif name.endswith((".yaml", ".yml")):
            sources = yaml_sources(text)
        else:
            sources = [{"filename": parts[0], "usage": "toplevel"} for parts in map(str.split, text.splitlines())
                       if len(parts) == 2 and parts[1] == "toplevelfile"]
        for entry in sources:
            if isinstance(entry, dict) and entry.get("usage") == "toplevel" and isinstance(entry.get("filename"), str):
                return entry["filename"], name
    return None, None


def is_ancillary(rel):
    return os.path.normpath(rel).split(os.sep)[0] == "anc"


def find_main(root):
    """Returns (main file relative to root, why it was chosen) or (None, why none could be)."""
    files = tex_files(root)
    referenced, candidates = set(), []
    for rel in files:
        masked = mask_comments(read_text(os.path.join(root, rel)))
        referenced |= references(root, rel, masked)
        if is_ancillary(rel):
            continue  # anc/ is published as is, never compiled
        m = DOCCLASS.search(masked)
        if not m or not BEGIN_DOCUMENT.search(masked):
            continue
        if m.group(2).strip() == "subfiles":
            continue  # a child compiled on its own only for drafting
        candidates.append(rel)
    mains = [c for c in candidates if os.path.normpath(c) not in referenced]
    if len(mains) == 1:
        others = len(candidates) - 1
        return mains[0], ("the only .tex file with \\documentclass and \\begin{document} that no other file reads" +
                          (" (%d more are read by it or another file)" % others if others else ""))
    named, readme = readme_toplevel(root)
    if named and os.path.normpath(named) in [os.path.normpath(c) for c in candidates]:
        return os.path.normpath(named), "named as toplevel by %s" % readme
    if not mains:
        return None, "no .tex file with \\documentclass and \\begin{document} that no other file reads"
    return None, "several possible main files (%s); name one with --main or in 00README.json" % ", ".join(mains)


def _argument_end(masked, brace_open):
    depth = 0
    for i in range(brace_open, len(masked)):
        if masked[i] == "{":
            depth += 1
        elif masked[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def same_number(written, number):
    """Whether \\pithnumber's argument names `number` (pith:YYYY:SUFFIX) in any form pith.sty
    accepts: pith:YYYY:SUFFIX, SUFFIX, or a prefix of 8, 12 or 16 characters, with or without
    pith:, in any case."""
    w = written.strip().upper()
    if w.startswith("PITH:"):
        w = w[5:]
    year, suffix = number.upper()[5:].split(":")
    if ":" in w:
        y, _, w = w.partition(":")
        if y != year:
            return False
    return len(w) in (8, 12, 16, 26) and suffix.startswith(w)


def add_pith_lines(text, number):
    """Returns (new text, list of changes) with \\usepackage{pith} and \\pithnumber{number} in the
    preamble. Idempotent: a second call changes nothing. Raises ValueError when the file has no
    preamble to edit."""
    masked = mask_comments(text)
    cls = DOCCLASS.search(masked)
    begin = BEGIN_DOCUMENT.search(masked)
    if not cls or not begin or begin.start() < cls.end():
        raise ValueError("no \\documentclass ... \\begin{document} preamble")
    preamble = masked[:begin.start()]
    changes = []
    pith_use = None
    for m in re.finditer(r"\\usepackage\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}", preamble):
        if "pith" in [p.strip() for p in m.group(1).split(",")]:
            pith_use = m
            break
    # Lines written in the file's own line ending, so that a CRLF file stays CRLF.
    eol = "\r\n" if "\r\n" in text else "\n"
    if pith_use is None:
        # After the \\documentclass line, or after a \\pdfoutput=1 that follows it: arXiv looks for
        # \\pdfoutput=1 in the first five lines, so it must not be pushed down.
        after = cls.end()
        pdfoutput = PDFOUTPUT.search(preamble)
        if pdfoutput and pdfoutput.end() > after:
            after = pdfoutput.end()
        line_end = text.find("\n", after)
        at = len(text) if line_end < 0 else line_end + 1
        insert = ("\\usepackage{pith}" + eol) if line_end >= 0 else (eol + "\\usepackage{pith}" + eol)
        text = text[:at] + insert + text[at:]
        changes.append("added \\usepackage{pith}")
        after_use = at + len(insert)
    else:
        line_end = text.find("\n", pith_use.end())
        after_use = len(text) if line_end < 0 else line_end + 1
    masked = mask_comments(text)
    begin = BEGIN_DOCUMENT.search(masked)
    existing = list(re.finditer(r"\\pithnumber\s*\{([^}]*)\}", masked[:begin.start()]))
    if not existing:
        text = text[:after_use] + "\\pithnumber{%s}" % number + eol + text[after_use:]
        changes.append("added \\pithnumber{%s}" % number)
    else:
        for m in reversed(existing):
            if not same_number(m.group(1), number):
                text = text[:m.start(1)] + number + text[m.end(1):]
                changes.append("replaced \\pithnumber{%s} by \\pithnumber{%s}" % (m.group(1).strip(), number))
    return text, changes
