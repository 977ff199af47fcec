"""A small Markdown to LaTeX converter for pith's own documentation pages (headings, paragraphs,
lists, fenced code, pipe tables, inline code, bold, italics, links): enough for docs/LATEX.md,
whose Markdown is the single source of the package documentation. No pandoc in the build."""
import re

SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def escape(text):
    return "".join(SPECIALS.get(c, c) for c in text)


def code_inline(text):
    return r"\texttt{" + escape(text).replace("-", "-{}").replace(" ", r"\ ") + "}"


def inline(text):
    out, pos = [], 0
    pattern = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)]+)\)|<(https?://[^>]+)>")
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(code_inline(m.group(1)))
        elif m.group(2) is not None:
            out.append(r"\textbf{" + inline(m.group(2)) + "}")
        elif m.group(3) is not None:
            out.append(r"\emph{" + inline(m.group(3)) + "}")
        elif m.group(4) is not None:
            out.append(inline(m.group(4)) + r"\footnote{\url{" + m.group(5).replace("#", r"\#").replace("%", r"\%") + "}}")
        else:
            out.append(r"\url{" + m.group(6) + "}")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def convert(markdown):
    lines = markdown.splitlines()
    out, i, in_list, para = [], 0, False, []

    def flush():
        nonlocal para
        if para:
            out.append(inline(" ".join(para)) + "\n")
            para = []

    def end_list():
        nonlocal in_list
        if in_list:
            out.append(r"\end{itemize}")
            in_list = False

    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            end_list()
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            out.append(r"\begin{Verbatim}[breaklines,fontsize=\small]" + "\n" + "\n".join(block) + "\n" + r"\end{Verbatim}")
        elif re.match(r"#{1,4} ", line):
            flush()
            end_list()
            level = len(line) - len(line.lstrip("#"))
            cmd = ["section*", "section", "subsection", "subsubsection"][level - 1]
            out.append("\\%s{%s}" % (cmd, inline(line[level + 1:].strip())))
        elif line.startswith("|") and i + 1 < len(lines) and re.match(r"\|[-| :]+\|", lines[i + 1]):
            flush()
            end_list()
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not re.match(r"\|[-| :]+\|$", lines[i].strip()):
                    rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            i -= 1
            n = len(rows[0])
            spec = "|" + "|".join([r"p{%.2f\linewidth}" % (0.9 / n)] * n) + "|"
            body = [r"\begin{longtable}{%s}\hline" % spec]
            for k, row in enumerate(rows):
                cells = [(r"\textbf{%s}" if k == 0 else "%s") % inline(c) for c in row + [""] * (n - len(row))]
                body.append(" & ".join(cells) + r" \\\hline")
            body.append(r"\end{longtable}")
            out.append("\n".join(body))
        elif re.match(r"\s*[-*] ", line):
            flush()
            if not in_list:
                out.append(r"\begin{itemize}")
                in_list = True
            item = [line.split(" ", 1)[1] if not line.startswith(" ") else line.strip()[2:]]
            while i + 1 < len(lines) and lines[i + 1].startswith("  ") and not re.match(r"\s*[-*] ", lines[i + 1]):
                i += 1
                item.append(lines[i].strip())
            out.append(r"\item " + inline(" ".join(item)))
        elif not line.strip():
            flush()
            end_list()
        else:
            end_list()
            para.append(line.strip())
        i += 1
    flush()
    end_list()
    return "\n".join(out) + "\n"
