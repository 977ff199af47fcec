#!/usr/bin/env python3
"""The forgery suite: crafted PDFs, organised by the cause that must make `pith verify` refuse
them, each checked twice:

1. viewers: poppler (pdftotext, pdfinfo, pdfdetach, pdftoppm) and MuPDF (mutool draw) must show
   what the forger intends (paper B's title, FORGED TEXT, the edited badge, the lookalike link, a
   badge covered or hidden: compared pixel by pixel, a swapped QR code: decoded with zbarimg when
   installed), so every forgery is proven to work where readers look; an attack aimed at MuPDF
   alone is checked in MuPDF alone (its text, rendering, links, and that it repairs the file);
2. pith verify --json (with the case's extra arguments, e.g. a keyring trusting the stamper): exit
   code, verdict (one of the case's acceptable verdicts), and at least one of the case's acceptable
   check ids with status fail (or unverifiable); honest files: VERIFIED, no check failing; where a
   case says so, `pith stamp` must also have refused the original without --force.

Every file is generated here, at test time (forgery_gen.py, pdfcraft.py), from the repository's
records; nothing depends on ../shared. Run with /usr/bin/python3 (Debian's python3-pikepdf).

  PITH=build/tool/cli/pith PITH_SOURCE_DIR=. /usr/bin/python3 tests/forgery/test_forgery_suite.py [NAME...]
  PITH_FORGERY_KEEP=DIR  also writes every generated file (and, for shadow attacks, the file as
                         stamped, NAME.before.pdf) and manifest.json into DIR.
Exit 0 when every case is as expected, 1 otherwise, 77 (skip) without pikepdf or the tools.
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

SKIP = 77
if importlib.util.find_spec("pikepdf") is None:
    print("skipped: pikepdf is not importable from %s (use /usr/bin/python3)" % sys.executable)
    sys.exit(SKIP)

import forgery_gen  # noqa: E402

EXIT = {"VERIFIED": 0, "FAILED": 1, "MODIFIED": 1, "UNVERIFIABLE": 6, "NO-PITH-DATA": 4}

TITLE = ["pith.title.shown"]
UNSIGNED = ["pith.receipt.signature"]
LATER = ["pith.revisions.none"]
STAMP = ["pith.stamp.update"]
ACTIONS = ["pith.actions.automatic"]
CHAINED = STAMP + ["pith.revisions.none"]  # a 2nd xref section without its own %%EOF: still the stamp's update
BINDING = ["pith.binding.match"]
# The stamp's XMP packet departs from the form a stamp writes: the update check names it, or, when
# Exempi itself refuses the packet, the comparison of the copies of the pith data does.
XMP_FORM = STAMP + ["pith.data.consistent"]

# name, cause, attack class, expected verdict (or a tuple of acceptable verdicts), acceptable failing
# check ids (fail, or unverifiable). The exit code follows from the verdict (EXIT). Verdicts are
# fixed; check ids may be renamed. Cases named cN-fK-... are the security review's attacks F1-F7.
CASES = [
    # 1. wrong record: B carries A's genuine, signed record
    ("c1-B-stamped-with-A-default", 1, "wrong record", "FAILED", TITLE),
    ("c1-B-stamped-with-A-force", 1, "wrong record", "FAILED", TITLE),
    ("c1-B-stamped-with-A-force-keep-title", 1, "wrong record", "FAILED", TITLE + ["pith.title.metadata"]),
    ("c1-B-no-title-stamped-with-A", 1, "wrong record", "FAILED", TITLE),
    ("c1-B-filename-title-stamped-with-A", 1, "wrong record", "FAILED", TITLE),
    ("c1-latex-B-with-A-record", 1, "wrong record", "FAILED", TITLE + ["pith.title.metadata"]),
    ("c1-f5-A-invisible-B-title-stamped-with-B", 1, "wrong record (invisible title)", "FAILED",
     TITLE + ["pith.title.metadata"]),
    ("c1-B-title-A-title-in-small-print", 1, "wrong record (title in small print)", "FAILED", TITLE),
    ("c1-B-title-A-title-in-small-print-invisible-padding", 1, "wrong record (title in small print, invisible words)",
     "FAILED", TITLE),
    ("c1-A-title-under-black-bar", 1, "wrong record (title under a dark fill)", "FAILED", TITLE),
    ("c1-B-title-in-clip-mode-text-above-A-title", 1, "wrong record (a larger title in clipping text mode)", "FAILED",
     TITLE),
    ("c1-A-title-erased-inside-a-clip-of-squares", 1, "wrong record (title erased inside a clip of text)", "FAILED",
     TITLE),
    # 2. unsigned: not signed by a trusted key
    ("c2-stamp-receipt-deleted", 2, "unsigned record", "UNVERIFIABLE", UNSIGNED),
    ("c2-stamp-record-new", 2, "unsigned record", "UNVERIFIABLE", UNSIGNED),
    ("c2-stamp-self-signed", 2, "untrusted signer", "UNVERIFIABLE", UNSIGNED),
    ("c2-latex-no-receipt", 2, "unsigned record", "UNVERIFIABLE", UNSIGNED),
    # 3. incremental saving after the stamp, well-formed or not
    ("c3-isa-clean", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-no-eof", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-comment-before-eof", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-single-percent-eof", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-startxref-leading-zeros", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-crlf-ending", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-trailing-garbage", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-xref-stream", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-xref-stream-no-type", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-isa-broken-startxref", 3, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c3-f2-trailing-spaces", 3, "bytes after %%EOF", "MODIFIED", LATER),
    # 4. changes merged into the stamp revision itself
    ("c4-merged-page-content", 4, "Signature Wrapping", "FAILED", STAMP),
    ("c4-chained-page-content", 4, "Signature Wrapping", "FAILED", CHAINED),
    ("c4-badge-text-in-place", 4, "Signature Wrapping", "FAILED", STAMP + ["pith.badge.shown"]),
    ("c4-badge-text-merged", 4, "Signature Wrapping", "FAILED", CHAINED + ["pith.badge.shown"]),
    ("c4-link-lookalike-host", 4, "Signature Wrapping", "FAILED", STAMP + ["pith.link.match"]),
    ("c4-link-uppercase-host-other-record", 4, "Signature Wrapping", "FAILED", CHAINED + ["pith.link.match"]),
    ("c4-link-idn-lookalike", 4, "Signature Wrapping", "FAILED", STAMP + ["pith.link.match"]),
    ("c4-qr-swapped", 4, "Signature Wrapping", "FAILED", CHAINED),
    ("c4-info-title-differs", 4, "Signature Wrapping", "FAILED", STAMP + ["pith.title.metadata"]),
    ("c4-second-xmp-packet", 4, "Signature Wrapping", "FAILED",
     CHAINED + ["pith.data.consistent", "pith.title.metadata"]),
    ("c4-attachment-wrapper-B", 4, "Signature Wrapping", "FAILED", STAMP + ["pith.data.consistent"]),
    ("c4-f1-hidden-page-in-attachment-signed", 4, "hidden objects (MuPDF)", ("FAILED", "MODIFIED"), CHAINED),
    ("c4-f1-hidden-page-in-attachment-unsigned", 4, "hidden objects (MuPDF)", ("FAILED", "MODIFIED"), CHAINED),
    ("c4-f3-hidden-page-in-seal-xmp", 4, "hidden objects (MuPDF)", ("FAILED", "MODIFIED"), CHAINED),
    # 4, the stamp's XMP packet: content that is not a property (comments, PIs, text, a 2nd packet, ...)
    ("c4-xmp-comment-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-comment-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-pi-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-pi-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-doctype-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-doctype-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-second-xpacket-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-second-xpacket-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-bytes-after-end-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-bytes-after-end-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-element-outside-rdf-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-element-outside-rdf-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-unused-namespace-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-unused-namespace-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-in-xmpmeta-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-in-xmpmeta-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-in-padding-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-text-in-padding-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-cdata-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-cdata-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-empty-array-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-empty-array-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-xmptk-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-xmptk-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-rdf-about-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-rdf-about-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-rdf-id-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-rdf-id-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-duplicate-property-self-stamped", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-duplicate-property-trusted-stamper", 4, "content beside the properties", "FAILED", XMP_FORM),
    ("c4-xmp-stream-extra-key", 4, "Signature Wrapping", "FAILED", STAMP),
    ("c4-xmp-stream-compressed", 4, "Signature Wrapping", "FAILED", STAMP),
    ("c4-xmp-prefix-change-restored", 4, "Signature Wrapping", "FAILED", STAMP),
    ("c4-latex-qr-of-another-record", 4, "the badge's QR code goes to another record (LaTeX)", "FAILED",
     ["pith.link.match"]),
    ("c4-latex-qr-of-another-record-large-modules", 4, "the badge's QR code goes to another record (LaTeX, 4 pt "
     "modules)", "FAILED", ["pith.link.match"]),
    ("c4-latex-qr-of-another-record-inverted", 4, "the badge's QR code goes to another record (LaTeX, inverted)",
     "FAILED", ["pith.link.match"]),
    # 5. binding stripped or re-pointed
    ("c5-qpdf-rewrite-binding-kept", 5, "full rewrite", "MODIFIED", BINDING),
    ("c5-pikepdf-rewrite-binding-kept", 5, "full rewrite", "MODIFIED", BINDING),
    ("c5-pikepdf-binding-deleted", 5, "full rewrite, binding stripped", "FAILED", BINDING),
    ("c5-qpdf-objstm-binding-deleted", 5, "full rewrite, binding stripped", "FAILED", BINDING),
    ("c5-pikepdf-forged-content-binding-deleted", 5, "full rewrite, binding stripped", "FAILED", BINDING),
    ("c5-binding-repointed-past-later-xref", 5, "binding re-pointed", "FAILED", BINDING + STAMP),
    ("c5-stampedLength-full-file", 5, "binding re-pointed", "FAILED", BINDING),
    ("c5-usf-binding-empty-prefix", 5, "Universal Signature Forgery", "FAILED", BINDING),
    ("c5-usf-binding-empty-values", 5, "Universal Signature Forgery", "FAILED", BINDING),
    # 6. an attachment and nothing else: a claim of stamping without a binding
    ("c6-unrelated-pdf-attachment-only", 6, "attachment only", "FAILED", BINDING),
    ("c6-paper-A-attachment-only", 6, "attachment only", "FAILED", BINDING),
    ("c6-unrelated-incremental-attachment", 6, "attachment only", "FAILED", BINDING),
    # 7. revisions after, or rewrites of, a LaTeX compile
    ("c7-latex-page-content", 7, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c7-latex-remove-then-restore-xmp", 7, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c7-latex-pith-data-readded", 7, "Incremental Saving Attack", "MODIFIED", LATER),
    ("c7-f4-latex-page1-clipped-away", 7, "rewrite, page hidden", "FAILED", TITLE + ["pith.badge.shown"]),
    ("c7-f4-latex-page1-invisible-text", 7, "rewrite, page hidden", "FAILED", TITLE + ["pith.badge.shown"]),
    ("c7-f4-latex-page1-covered-white", 7, "rewrite, page hidden", "FAILED", TITLE + ["pith.badge.shown"]),
    ("c7-f7-latex-link-rect-five-numbers", 7, "rewrite, link (MuPDF)", "FAILED", ["pith.link.match"]),
    # 8. shadow attacks: prepared in the original, triggered by a tiny later update (MODIFIED),
    #    or exploiting the original alone (FAILED)
    ("c8-shadow-hide-overlay", 8, "shadow hide", "MODIFIED", LATER),
    ("c8-shadow-hide-optional-content", 8, "shadow hide", "MODIFIED", LATER),
    ("c8-shadow-hide-annotation-flag", 8, "shadow hide", "MODIFIED", LATER),
    ("c8-shadow-replace-font", 8, "shadow replace", "MODIFIED", LATER),
    ("c8-shadow-replace-xobject", 8, "shadow replace", "MODIFIED", LATER),
    ("c8-shadow-replace-annotation-appearance", 8, "shadow replace", "MODIFIED", LATER),
    ("c8-shadow-replace-page-contents", 8, "shadow replace", "MODIFIED", LATER),
    ("c8-shadow-hide-and-replace-catalog", 8, "shadow hide-and-replace", "MODIFIED", LATER),
    ("c8-shadow-hide-and-replace-kids", 8, "shadow hide-and-replace", "MODIFIED", LATER),
    ("c8-pre-stamp-annotation-over-badge", 8, "shadow (pre-stamp overlay)", "FAILED", ["pith.link.match"]),
    ("c8-pre-stamp-link-over-badge", 8, "shadow (pre-stamp overlay)", "FAILED", ["pith.link.match"]),
    ("c8-pre-stamp-popup-over-badge", 8, "shadow (pre-stamp overlay, poppler)", "FAILED", ["pith.link.match"]),
    ("c8-hidden-oc-badge", 8, "shadow hide (optional content)", "FAILED", ["pith.badge.shown"]),
    ("c8-f6-oc-badge-hidden-by-usage", 8, "optional content /AS (MuPDF)", "FAILED", ["pith.badge.shown"]),
    ("c8-f6b-oc-fake-badge-by-usage", 8, "optional content /AS (MuPDF)", "FAILED", ["pith.badge.shown"]),
    # 10. the title drawn, then covered by a paint that leaves ink of its own
    ("c10-title-under-noise-image", 10, "title covered (image)", "FAILED", TITLE),
    ("c10-title-under-inline-noise", 10, "title covered (inline image)", "FAILED", TITLE),
    ("c10-title-under-filled-paths", 10, "title covered (filled path)", "FAILED", TITLE),
    ("c10-title-under-shading", 10, "title covered (shading)", "FAILED", TITLE),
    ("c10-title-under-form-B-title", 10, "title covered (form XObject)", "FAILED", TITLE),
    ("c10-title-under-annotation-B-title", 10, "title covered (annotation)", "FAILED", TITLE),
    ("c10-title-under-fill-with-blend-array", 10, "title covered (fill, blend mode array)", "FAILED", TITLE),
    ("c10-oc-intent-design", 10, "optional content /Intent (MuPDF)", "UNVERIFIABLE", TITLE),
    # 11. bytes that viewers read differently: what one viewer shows is not what another does
    ("c11-mupdf-content-length-short", 11, "viewers differ (stream /Length, MuPDF)", "UNVERIFIABLE", TITLE),
    ("c11-mupdf-objstm-duplicate-number", 11, "viewers differ (object stream, MuPDF)", "UNVERIFIABLE", TITLE),
    ("c11-pdfjs-xref-object-0-in-use", 11, "viewers differ (xref object 0, pdf.js)", "UNVERIFIABLE", TITLE),
    ("c11-mupdf-oc-auto-state-title", 11, "viewers differ (optional content /AS, MuPDF)", "UNVERIFIABLE", TITLE),
    ("c11-hybrid-free-in-table-used-in-xrefstm", 11, "viewers differ (hybrid xref, MuPDF/pdf.js)", "UNVERIFIABLE", TITLE),
    ("c11-mupdf-page-typed-pages-leaf", 11, "viewers differ (page tree kind, MuPDF)", "UNVERIFIABLE", TITLE),
    ("c11-poppler-xref-entry-points-elsewhere", 11, "viewers differ (xref rebuilt, poppler)", "UNVERIFIABLE", TITLE),
    ("c11-mupdf-objstm-duplicate-annotation", 11, "viewers differ (object stream, annotation, MuPDF)", "UNVERIFIABLE", TITLE),
    ("c11-poppler-linearized-L-claims-stamped-file", 11, "viewers differ (linearization, poppler/pdf.js)", "FAILED",
     STAMP),
    # 12. the record's title on page 1, but not where a title is: quoted, a running head, a footnote,
    #     part of another paper's title (docs/FORMAT.md, "Title placement")
    ("c12-A-title-cited-in-body", 12, "wrong record (title quoted in the text)", "FAILED", TITLE),
    ("c12-rebuttal-title-contains-A", 12, "wrong record (title inside another title)", "FAILED", TITLE),
    ("c12-rebuttal-prefix-line-above-A", 12, "wrong record (title inside another title)", "FAILED", TITLE),
    ("c12-rebuttal-prefix-line-above-A-turned-page", 12, "wrong record (title inside another title)", "FAILED", TITLE),
    ("c12-A-title-as-running-head", 12, "wrong record (title as a running head)", "FAILED", TITLE),
    ("c12-A-title-up-the-margin", 12, "wrong record (title up the margin, across the page's text)", "FAILED", TITLE),
    ("c12-A-title-in-footnote", 12, "wrong record (title in a footnote)", "FAILED", TITLE),
    # 13. text whose shape is not bound to its letters: a viewer's text is no evidence of what it draws
    ("c13-type3-title-drawn-as-other-shapes", 13, "title in a Type3 font (glyph names, any shape)", "UNVERIFIABLE",
     TITLE),
    ("c13-type3-space-glyph-covers-title", 13, "a Type3 glyph painting over the title", "FAILED", TITLE),
    ("c13-type3-title-font-from-graphics-state", 13, "title in a Type3 font set by gs (glyph names, any shape)",
     "UNVERIFIABLE", TITLE),
    ("c13-clip-of-squares-read-as-A-title-shows-B-picture", 13,
     "title read from a text clip through which a picture shows", "UNVERIFIABLE", TITLE),
    ("c13-clip-of-squares-read-as-A-title-shows-B-picture-in-form", 13,
     "title read from a text clip through which a form's picture shows", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-reads-A-title-glyph-names-draw-B", 13, "title read through a ToUnicode that names other letters",
     "UNVERIFIABLE", TITLE),
    ("c13-tounicode-ranges-read-A-title-glyph-names-draw-B", 13,
     "title read through a ToUnicode (bfrange arrays) that names other letters", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-two-byte-sources-read-A-title-glyph-names-draw-B", 13,
     "title read through a ToUnicode (two-byte sources) that names other letters", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-in-font-set-by-graphics-state", 13,
     "title read through a ToUnicode that names other letters, font set by gs", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-cyrillic-greek-lookalike-glyph-names", 13,
     "title read through a ToUnicode that names other letters than the Cyrillic and Greek glyphs drawn", "UNVERIFIABLE",
     TITLE),
    ("c13-tounicode-lie-unknown-base-encoding-name", 13, "title read through a ToUnicode, drawn by an encoding poppler "
     "does not know by name", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-symbol-font-given-standard-encoding", 13, "title read through a ToUnicode, drawn as Symbol's "
     "Greek letters", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-symbol-font-named-with-a-space", 13, "title read through a ToUnicode, drawn as Symbol's Greek "
     "letters (Sym bol)", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-type1-program-own-encoding", 13, "title read through a ToUnicode, drawn by the embedded program's "
     "own encoding", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-opentype-program-standard-names", 13, "title read through a ToUnicode, drawn by an OpenType "
     "program's Standard names", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-unreadable-font-program", 13, "title read through a ToUnicode, drawn from the viewer's Helvetica "
     "in place of a broken program", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-symbol-font-alias", 13, "title read through a ToUnicode, drawn as Symbol's Greek letters "
     "(SymbolMT)", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-font-the-viewer-picks", 13, "title read through a ToUnicode, drawn with a font the viewer picks",
     "UNVERIFIABLE", TITLE),
    ("c13-no-tounicode-font-the-viewer-picks", 13, "title read by glyph names, drawn with a symbol font the viewer "
     "picks", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-lie-macexpert-encoding", 13, "title read through a ToUnicode, drawn by MacExpertEncoding",
     "UNVERIFIABLE", TITLE),
    ("c13-type0-lie-glyphs-draw-another-title", 13, "title read through a Type0 font's ToUnicode, drawn by its "
     "CIDToGIDMap as another title (character recognition)", "UNVERIFIABLE", TITLE),
    ("c13-type0-lie-glyphs-add-a-word", 13, "title read through a Type0 font's ToUnicode, drawn with a word added "
     "(character recognition, word by word)", "UNVERIFIABLE", TITLE),
    ("c13-type0-lie-glyphs-swap-a-word", 13, "title read through a Type0 font's ToUnicode, drawn with one word another "
     "(character recognition, word by word)", "UNVERIFIABLE", TITLE),
    ("c13-tounicode-reads-A-title-from-glyphs-of-no-standard-name", 13,
     "title read through a ToUnicode from glyphs a viewer's own font does not have (nothing painted)", "UNVERIFIABLE", TITLE),
    # 14. actions a viewer runs without a click: it may send the reader elsewhere after pith read the pages
    ("c14-xfa-form", 14, "a form viewers draw instead of the pages (XFA)", "UNVERIFIABLE", ACTIONS),
    ("c14-openaction-javascript", 14, "automatic action (OpenAction JavaScript)", "UNVERIFIABLE", ACTIONS),
    ("c14-openaction-uri", 14, "automatic action (OpenAction URI)", "UNVERIFIABLE", ACTIONS),
    ("c14-page1-aa-open-uri", 14, "automatic action (page /AA)", "UNVERIFIABLE", ACTIONS),
    ("c14-names-javascript", 14, "automatic action (document JavaScript)", "UNVERIFIABLE", ACTIONS),
    ("c14-openaction-goto-next-uri", 14, "automatic action (URI behind GoTo /Next)", "UNVERIFIABLE", ACTIONS),
    ("c14-annotation-aa-page-visible-js", 14, "automatic action (annotation /AA)", "UNVERIFIABLE", ACTIONS),
    ("c14-page3-aa-open-javascript", 14, "automatic action (page /AA on a page after the first)", "UNVERIFIABLE", ACTIONS),
    ("c14-page2-annotation-aa-page-open-js", 14, "automatic action (annotation /AA on a page after the first)",
     "UNVERIFIABLE", ACTIONS),
    ("c14-form-field-format-javascript", 14, "automatic action (form field format action)", "UNVERIFIABLE", ACTIONS),
    ("c4-duplicate-key-page-contents-merged", 4, "a key given twice in the stamp update", "FAILED", STAMP),
    ("c4-xmp-foreign-title-renamed-dc", 4, "an XMP title only pdf.js reads (prefix dc, another namespace)", "FAILED",
     ["pith.title.metadata"]),
    ("c11-ocmd-policy-and-visibility-expression", 11, "viewers differ (optional content membership /P, /VE)",
     "UNVERIFIABLE", TITLE),
    ("c11-form-marked-content-scope", 11, "viewers differ (marked content across forms)", "UNVERIFIABLE", TITLE),
    ("c14-openaction-goto-page2", 14, "automatic action (the file opens on page 2)", "UNVERIFIABLE", ACTIONS),
    ("c14-openaction-named-destination-page2", 14, "automatic action (named destination on page 2)", "UNVERIFIABLE",
     ACTIONS),
    ("c14-page1-aa-open-named-lastpage", 14, "automatic action (page 1 moves to the last page)", "UNVERIFIABLE",
     ACTIONS),
    ("c11-operands-too-many-tm", 11, "viewers differ (an operator with too many operands)", "UNVERIFIABLE", TITLE),
    ("c11-operands-too-few-td", 11, "viewers differ (an operator with too few operands)", "UNVERIFIABLE", TITLE),
    ("c11-number-with-exponent", 11, "viewers differ (a number with an exponent)", "UNVERIFIABLE", TITLE),
    ("c11-link-appearance-number-with-exponent", 11, "viewers differ (a number with an exponent in an appearance)",
     "FAILED", TITLE),
    ("c11-unknown-operators-mupdf-gives-up", 11, "viewers differ (unknown operators)", "UNVERIFIABLE", TITLE),
    ("c11-cropbox-five-numbers", 11, "viewers differ (a page box of five numbers)", "UNVERIFIABLE", TITLE),
    ("c11-actualtext-title", 11, "text extraction reads /ActualText, the glyphs show another title", "FAILED", TITLE),
    ("c11-comment-across-content-streams", 11, "viewers differ (a comment at the end of a content stream)",
     "UNVERIFIABLE", TITLE),
    ("c11-annotation-optional-content-ghostscript", 11, "viewers differ (an annotation's optional content)",
     "UNVERIFIABLE", TITLE),
    ("c11-text-field-value-pdfjs", 11, "viewers differ (a text field's value)", "UNVERIFIABLE", TITLE),
    ("c11-choice-field-options-pdfjs", 11, "viewers differ (a list box's options)", "UNVERIFIABLE", TITLE),
    ("c10-title-under-form-named-with-escape", 10, "a cover drawn through a #-escaped name", "FAILED", TITLE),
    ("c14-openaction-fitr-corner-of-page1", 14, "automatic action (zoom onto a corner of page 1)", "UNVERIFIABLE",
     ACTIONS),
    ("c14-portfolio-collection", 14, "a portfolio (Acrobat shows the embedded files)", "UNVERIFIABLE", ACTIONS),
    # 9. honest files: no false alarm
    ("c9-honest-stamp-A", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-B", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-A-title-in-named-glyphs", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-A-title-in-a-type0-font", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-latex-A", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-latex-A-qr", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-many-content-streams", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-A-page2-of-3", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-A-no-qr", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-latex-without-pith", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-border-link-and-blend-name", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-unusual-xmp", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-exiftool-xmp", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-stamp-hyperxmp", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-title-three-lines-footnote-marks", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-title-small-caps-running-head", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-title-turned-page", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-openaction-destination", 9, "none (honest)", "VERIFIED", []),
    ("c9-honest-openaction-goto", 9, "none (honest)", "VERIFIED", []),
]


def norm(text):
    """Text as a reader sees it: NFKC (ligatures), whitespace runs folded to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u00ad", "")).strip()


def letters(text):
    """Text's letters and digits, case folded, accents and everything else dropped: what a title
    matcher compares."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


def run(args, timeout=60):
    p = subprocess.run(args, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


VIEWERS = {"poppler": ("pdftotext", "pdftoppm"), "mupdf": ("mutool", "mutool")}  # text tool, renderer


def page_texts(path, page, viewers=tuple(VIEWERS)):
    out = {}
    if "poppler" in viewers:
        out["pdftotext"] = norm(run(["pdftotext", "-f", str(page), "-l", str(page), path, "-"])[1])
    if "mupdf" in viewers:
        out["mutool"] = norm(run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", path, str(page)])[1])
    return out


MUPDF_LINKS_JS = ("var links = new PDFDocument(scriptArgs[0]).loadPage(0).getLinks();\n"
                  "for (var i = 0; i < links.length; i++) print(links[i].uri);\n")


def mupdf_urls(path, tmp):
    """The URIs of the links MuPDF makes on page 1."""
    script = os.path.join(tmp, "links.js")
    with open(script, "w") as fh:
        fh.write(MUPDF_LINKS_JS)
    _, out, _ = run(["mutool", "run", script, path])
    return [line.strip() for line in out.splitlines() if line.strip()]


def page_urls(path, page=1):
    _, out, _ = run(["pdfinfo", "-url", path])
    urls = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and parts[0] == str(page):
            urls.append(parts[-1])
    return urls


def render(path, tool, dpi, out_base):
    """Page 1 as an 8-bit grey PGM by poppler or MuPDF: (width, height, pixels)."""
    if tool == "pdftoppm":
        run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile", path, out_base])
    else:
        run(["mutool", "draw", "-q", "-r", str(dpi), "-c", "gray", "-o", out_base + ".pgm", path, "1"])
    with open(out_base + ".pgm", "rb") as fh:
        data = fh.read()
    m = re.match(rb"P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h]


def crop(img, rect, page_w=612.0, page_h=792.0):
    w, h, px = img
    sx, sy = w / page_w, h / page_h
    x0, x1 = int(rect[0] * sx), int(rect[2] * sx)
    y0, y1 = int((page_h - rect[3]) * sy), int((page_h - rect[1]) * sy)
    return b"".join(px[y * w + x0:y * w + x1] for y in range(y0, y1))


def qr_codes(path, tool, out_base):
    """What zbarimg decodes from page 1 rendered by poppler or MuPDF at 200 dpi."""
    render(path, tool, 200, out_base)
    _, out, _ = run(["zbarimg", "-q", "--raw", out_base + ".pgm"])
    return [line.strip() for line in out.splitlines() if line.strip()]


def viewer_problems(f, path, tmp):
    """What the viewers fail to show of the forger's intent (empty: the forgery works)."""
    problems = []
    renderers = [VIEWERS[v][1] for v in f.viewers]

    def check_page(p, show, hide):
        for tool, text in page_texts(path, p, f.viewers).items():
            for s in show:
                if norm(s) not in text:
                    problems.append("%s page %d does not show %r" % (tool, p, s))
            for s in hide:
                if norm(s) in text:
                    problems.append("%s page %d shows %r" % (tool, p, s))
    check_page(1, f.show, f.hide)
    for tool, text in page_texts(path, 1, f.viewers).items():
        for s in f.show_letters:
            if letters(s) not in letters(text):
                problems.append("%s page 1 does not show the letters of %r" % (tool, s))
    for p, show in f.pages.items():
        check_page(p, show, [])
    if (f.urls or f.no_urls) and "poppler" in f.viewers:
        urls = page_urls(path)
        for u in f.urls:
            if u not in urls:
                problems.append("pdfinfo -url: page 1 has no link to %s (%s)" % (u, urls))
        for u in f.no_urls:
            if u in urls:
                problems.append("pdfinfo -url: page 1 links to %s" % u)
    if f.mupdf_urls:
        urls = mupdf_urls(path, tmp)
        for u in f.mupdf_urls:
            if u not in urls:
                problems.append("mutool run (MuPDF links): page 1 has no link to %s (%s)" % (u, urls))
    if f.mupdf_repairs:
        _, _, err = run(["mutool", "draw", "-F", "txt", "-o", os.devnull, path, "1"])
        if "repair" not in err:
            problems.append("mutool does not repair the file (%s)" % " ".join(err.split())[:200])
    if f.info_title is not None:
        _, out, _ = run(["pdfinfo", path])
        m = re.search(r"^Title:\s*(.*)$", out, re.M)
        if not m or m.group(1).strip() != f.info_title:
            problems.append("pdfinfo Title is %r, not %r" % (m.group(1) if m else None, f.info_title))
    if f.meta_contains:
        _, out, _ = run(["pdfinfo", "-meta", path])
        for s in f.meta_contains:
            if s not in out:
                problems.append("pdfinfo -meta does not show %r" % s)
    if f.attachment_contains:
        out = os.path.join(tmp, "detached.json")
        code, _, err = run(["pdfdetach", "-savefile", "pith-record.json", "-o", out, path])
        body = open(out, encoding="utf-8", errors="replace").read() if code == 0 and os.path.exists(out) else ""
        for s in f.attachment_contains:
            if s not in body:
                problems.append("pdfdetach: pith-record.json does not contain %r %s" % (s, err.strip()))
    for label, other, rect, how in f.pixels:
        other_path = os.path.join(tmp, "other.pdf")
        with open(other_path, "wb") as fh:
            fh.write(other)
        for tool in renderers:
            a = crop(render(path, tool, 72, os.path.join(tmp, "px-a-" + tool)), rect)
            b = crop(render(other_path, tool, 72, os.path.join(tmp, "px-b-" + tool)), rect)
            same = a == b if how != "alike" else len(a) == len(b) and all(abs(x - y) <= 4 for x, y in zip(a, b))
            if same != (how in ("same", "alike")):
                problems.append("%s rendering: %s: pixels in %s %s" % (
                    tool, label, rect, "differ" if how != "differ" else "are the same"))
    if f.qr_urls and shutil.which("zbarimg"):
        for tool in renderers:
            codes = qr_codes(path, tool, os.path.join(tmp, "qr-" + tool))
            if sorted(codes) != sorted(f.qr_urls):
                problems.append("%s rendering: the QR codes decode to %s, not %s" % (tool, codes, f.qr_urls))
    if f.before is not None and (f.before_hide or f.before_show):
        before = os.path.join(tmp, "before.pdf")
        with open(before, "wb") as fh:
            fh.write(f.before)
        for tool, text in page_texts(before, 1, f.viewers).items():
            for s in f.before_hide:
                if norm(s) in text:
                    problems.append("before the update, %s already shows %r (not hidden)" % (tool, s))
            for s in f.before_show:
                if norm(s) not in text:
                    problems.append("before the update, %s does not show %r" % (tool, s))
    return problems


def verify(pith, path, args=()):
    for attempt in range(30):
        try:
            p = subprocess.run([pith, "verify", "--json", *args, path], capture_output=True, timeout=60)
            break
        except subprocess.TimeoutExpired:
            return None, None, "timeout"
        except OSError:  # missing or being relinked by a concurrent build: wait and retry
            time.sleep(2)
    else:
        return None, None, "could not run " + pith
    report = None
    try:
        report = json.loads(p.stdout.decode("utf-8", "replace").strip().splitlines()[0]) if p.stdout.strip() else None
    except (ValueError, IndexError):
        pass
    return p.returncode, report, p.stderr.decode("utf-8", "replace").strip()


def statuses(report):
    return {c.get("id"): c.get("status") for c in (report or {}).get("checks", [])}


def verdicts(expected):
    """The acceptable verdicts of a table row: one, or a tuple of them."""
    return expected if isinstance(expected, tuple) else (expected,)


def judge(expected, acceptable, code, report):
    """Problems with pith verify's answer (empty: as expected)."""
    problems = []
    expected = verdicts(expected)
    exits = sorted({EXIT[v] for v in expected})
    if code not in exits:
        problems.append("exit %s, expected %s" % (code, " or ".join(map(str, exits))))
    verdict = (report or {}).get("verdict")
    if verdict not in expected:
        problems.append("verdict %s, expected %s" % (verdict, " or ".join(expected)))
    st = statuses(report)
    if expected == ("VERIFIED",):
        bad = sorted(k for k, v in st.items() if v in ("fail", "unverifiable"))
        if bad:
            problems.append("checks not passing: " + ", ".join(bad))
    else:
        hit = [c for c in acceptable if st.get(c) in ("fail", "unverifiable")]
        if not hit:
            problems.append("none of %s fails (%s)" % (", ".join(acceptable), ", ".join(
                "%s=%s" % (c, st.get(c, "absent")) for c in acceptable)))
    return problems


def detail_problems(wanted, acceptable, report):
    """The failing check among `acceptable` must say, in its reason, what the case names (the forged object)."""
    details = [c.get("reason", "") for c in (report or {}).get("checks", [])
               if c.get("id") in acceptable and c.get("status") in ("fail", "unverifiable")]
    missing = [w for w in wanted if not any(w in d for d in details)]
    return ["the failing check's reason does not say %r (%s)" % (w, " | ".join(details)[:300]) for w in missing]


def wait_for(path, seconds=120):
    """The binary may be missing for a moment while another build relinks it."""
    deadline = time.time() + seconds
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if time.time() > deadline:
            return False
        time.sleep(2)
    return True


def main():
    pith = os.environ.get("PITH")
    src = os.environ.get("PITH_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
    if not pith:
        build = os.environ.get("PITH_BUILD_DIR", os.path.join(src, "build"))
        pith = os.path.join(build, "tool", "cli", "pith")
    for tool in ("pdftotext", "pdfinfo", "pdfdetach", "mutool", "qpdf", "pdflatex"):
        if not shutil.which(tool):
            print("skipped: %s is not installed" % tool)
            return SKIP
    if not wait_for(pith):
        print("FAIL %s: no pith binary" % pith)
        print("0 passed, 1 failed")
        return 1
    names = [c[0] for c in CASES]
    assert len(set(names)) == len(names), "duplicate case names"
    only = set(sys.argv[1:])
    if only - set(names):
        print("unknown case(s): " + ", ".join(sorted(only - set(names))))
        return 2
    table = [c for c in CASES if not only or c[0] in only]
    keep = os.environ.get("PITH_FORGERY_KEEP")
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="pith-forgery-") as tmp:
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        ctx = forgery_gen.Ctx(pith, src, work)
        generated = forgery_gen.generate(ctx, {c[0] for c in table})
        files = os.path.join(tmp, "files")
        os.makedirs(files)

        def one(entry):
            name, cause, attack, verdict, acceptable = entry
            row = {"name": name, "cause": cause, "attack": attack, "expected_verdict": "|".join(verdicts(verdict)),
                   "expected_exit": EXIT[verdicts(verdict)[0]], "checks": acceptable, "file": name + ".pdf"}
            f = generated.get(name)
            if f is None or isinstance(f, Exception):
                row["problems"] = {"generation": [str(f) if f else "no builder for this case"]}
                return row, None
            path = os.path.join(files, name + ".pdf")
            with open(path, "wb") as fh:
                fh.write(f.data)
            case_tmp = os.path.join(tmp, "case-" + name)
            os.makedirs(case_tmp)
            code, report, err = verify(pith, path, f.verify_args)
            row.update(description=f.description, notes=f.notes, verify_args=list(f.verify_args), viewer={
                "viewers": list(f.viewers), "mupdf_urls": f.mupdf_urls, "mupdf_repairs": f.mupdf_repairs,
                "show": f.show, "hide": f.hide, "pages": {str(k): v for k, v in f.pages.items()}, "urls": f.urls,
                "no_urls": f.no_urls, "info_title": f.info_title, "meta_contains": f.meta_contains,
                "attachment_contains": f.attachment_contains, "before_hide": f.before_hide,
                "before_show": f.before_show, "qr_urls": f.qr_urls,
                "pixels": [{"label": p[0], "rect": p[2], "compared": p[3]} for p in f.pixels]})
            row["got"] = {"exit": code, "verdict": (report or {}).get("verdict"),
                          "failing": {k: v for k, v in statuses(report).items() if v in ("fail", "unverifiable")},
                          "stderr": err[:300]}
            qcode, qout, qerr = run(["qpdf", "--check", path])
            row["qpdf_check"] = "ok" if qcode == 0 else "exit %d: %s" % (qcode, " ".join(
                line for line in (qout + qerr).splitlines() if "WARNING" in line or "error" in line.lower())[:300])
            row["problems"] = {"viewers": viewer_problems(f, path, case_tmp),
                               "verify": judge(verdict, acceptable, code, report) +
                               detail_problems(f.detail_contains, acceptable, report),
                               "stamp": ["pith stamp accepted the original without --force (it must refuse it)"]
                               if f.must_refuse and not f.refused else []}
            return row, f

        with ThreadPoolExecutor(max_workers=max(2, min(8, os.cpu_count() or 2))) as pool:
            rows = list(pool.map(one, table))

        extra = sorted(set(generated) - {c[0] for c in CASES})
        passed = failed = 0
        for row, _f in rows:
            problems = [p for group in row["problems"].values() for p in group]
            ok = not problems
            passed += ok
            failed += not ok
            got = row.get("got", {})
            refusals = [n for n in row.get("notes", []) if " refused " in n or " did not refuse " in n]
            print("%s %-42s cause %d %-30s expect %s/%d, got %s/%s%s" % (
                "ok  " if ok else "FAIL", row["name"], row["cause"], "(" + row["attack"] + ")", row["expected_verdict"],
                row["expected_exit"], got.get("verdict"), got.get("exit"),
                "".join("\n       note: " + n for n in refusals) +
                ("" if ok else "\n       " + "\n       ".join(problems))))
        for name in extra:
            failed += 1
            print("FAIL %s: generated but not in the table" % name)

        if keep:
            os.makedirs(keep, exist_ok=True)
            for row, f in rows:
                if f is not None:
                    with open(os.path.join(keep, row["file"]), "wb") as fh:
                        fh.write(f.data)
                    if f.before is not None:
                        row["before_file"] = row["name"] + ".before.pdf"
                        with open(os.path.join(keep, row["before_file"]), "wb") as fh:
                            fh.write(f.before)
                    for i, arg in enumerate(row.get("verify_args", [])):  # the keyring, kept beside
                        if os.path.isfile(arg):
                            shutil.copy(arg, os.path.join(keep, os.path.basename(arg)))
                            row["verify_args"][i] = os.path.basename(arg)
            manifest = [r for r, _ in rows]
            with open(os.path.join(keep, "manifest.json"), "w") as fh:
                json.dump({"schema": "pith.forgery-suite/1", "exit_codes": EXIT, "cases": manifest}, fh, indent=1)
            print("kept %d files and manifest.json in %s" % (sum(1 for _, f in rows if f), keep))
    print("(%.1f s)" % (time.time() - started))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
