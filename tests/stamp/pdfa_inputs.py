"""PDF/A-1b, 2b and 3b versions of a PDF, written by Ghostscript at test time.

Ghostscript's pdfwrite with -dPDFA=N converts the input (fonts embedded, colours converted to RGB)
and writes the PDF/A identification and an output intent; the definition file follows the pattern
of Ghostscript's lib/PDFA_def.ps, with the sRGB profile Ghostscript ships
(/usr/share/color/icc/ghostscript/srgb.icc) and the document's title set in Info and XMP, so that
the title a verifier reads in the metadata is the paper's.
"""
import os
import subprocess

ICC = "/usr/share/color/icc/ghostscript/srgb.icc"


def _ps_string(text):
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdfa(src, part, out, title):
    """Writes `out`, the PDF/A-<part>b conversion of `src`; returns `out`."""
    definition = out + ".PDFA_def.ps"
    with open(definition, "w") as f:
        f.write("[ /Title %s /DOCINFO pdfmark\n" % _ps_string(title))
        f.write("/ICCProfile (%s) def\n" % ICC)
        f.write("[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark\n")
        f.write("[{icc_PDFA} << /N 3 >> /PUT pdfmark\n")
        f.write("[{icc_PDFA} ICCProfile (r) file /PUT pdfmark\n")
        f.write("[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark\n")
        f.write("[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA} "
                "/OutputConditionIdentifier (sRGB) >> /PUT pdfmark\n")
        f.write("[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark\n")
    # The definition file by its absolute path: a bare name would find Ghostscript's own first.
    p = subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "--permit-file-read=" + os.path.dirname(ICC) + "/",
                        "-dPDFA=%d" % part, "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB",
                        "-sOutputFile=" + out, os.path.abspath(definition), src], capture_output=True, timeout=300)
    os.unlink(definition)
    if p.returncode != 0 or p.stdout.strip() or p.stderr.strip():
        raise AssertionError("gs -dPDFA=%d failed or warned: %s" % (part, (p.stdout + p.stderr).decode(errors="replace")[:500]))
    return out
