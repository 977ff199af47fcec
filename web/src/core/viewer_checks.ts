// What a reader sees, through pdf.js: the badge page shows pith:SHORT8, page 1 shows the record's
// title, links on the badge page go where the badge says. pdf.js gives the words and their boxes;
// where the thread can draw (the page's worker), the words' regions are rendered and the ink in
// their boxes tells whether a viewer paints them (text covered, clipped, drawn white or in render
// mode 3 is not shown), with pith verify's rules. Where it cannot (Node), a check that finds its
// words says that painting was not measured instead of passing.
import { pageAnnotations } from "./annotations";
import { unfoldedFields } from "./form_fields";
import type { PdfDocument } from "./document";
import { member } from "./json";
import { coveredShare, paintedByAppearance, paintedOverText } from "./paint_over_text";
import { PdfError } from "./pdf_objects";
import { printable } from "./glyph_reading";
import { recognitionMatch, recognitionReads } from "./recognized_title";
import { titleCanonSha256 } from "./record";
import { NOT_PERFORMED } from "./report";
import { classifyLink, foldWhitespace, isFileName, linkTargetName, matchKey, namesTexTitle, texMainTitle } from "./text";
import { medianSize, points, titleOccurrences, titlePlacement, type Placement } from "./title_placement";
import type { Ctx } from "./verify";

const LINK_APPEARANCES_READ = 64; // a page's Link appearances read for what they paint (pdf/content/paint_over_text.hpp)

// x0..y1: PDF user space of the page; left..bottom: the page as displayed (turned by /Rotate),
// points from its top left; size: the font size as displayed (text matrix and CTM applied), in points;
// rotation: its direction on the page as displayed, poppler's: 0 left to right, 1 top to bottom,
// 2 right to left (upside down), 3 bottom to top.
export type Word = { text: string; x0: number; y0: number; x1: number; y1: number; left: number; top: number; right: number; bottom: number; size: number; rotation: number };
export interface Viewer {
  pageCount: number;
  words(page: number): Promise<Word[]>; // 0-based page
  lines(page: number): Promise<string[]>;
  // For each word (from words(page)), the share of its box (0..1) whose rendered pixels stand out
  // from the box's median luminance (docs/FORMAT.md, step 7). Absent where the thread cannot render.
  ink?(page: number, words: Word[]): Promise<number[]>;
  // The QR codes read in a region of the page (user space), as pith verify reads them
  // (docs/FORMAT.md): each with its box in user space. Absent where the thread cannot render.
  // hairlines: also read with the canvas's hairlines between rules closed. undefined: the region is
  // too large to render at leastPixelsPerPoint.
  qrCodes?(page: number, x0: number, y0: number, x1: number, y1: number, pixelsPerPoint: number, leastPixelsPerPoint: number, hairlines: boolean): Promise<QrCode[] | undefined>;
  // The text character recognition reads in a region of the page as displayed (points from its top
  // left) holding text textHeight points high in direction rotation, as pith verify reads it
  // (docs/FORMAT.md, "Title read from its pixels"). Absent where the thread cannot render; throws
  // when the engine cannot start.
  recognizedText?(page: number, left: number, top: number, right: number, bottom: number, textHeight: number, rotation: number, blank: number[][], keep: number[][]): Promise<string | undefined>;
  close(): Promise<void>;
}
export type QrCode = { text: string; x0: number; y0: number; x1: number; y1: number };

// Where QR codes are read, as pith verify reads them: the whole badge page at QR_PAGE_SCALE, and
// at QR_NEAR_SCALE round the badge's label, as far as the package sets its code (74 pt by default)
// beside it, or for a stamp its badge's rectangle and a quarter of its height round it.
const QR_PAGE_SCALE = 1.5;
const QR_NEAR_SCALE = 3;
const QR_REACH = 90;
const QR_STAMP_MARGIN = 0.25;

const squeezed = (s: string) => s.replace(/[ \n\r\t\f]/g, "");

type Label = { box: Box; words: Word[] };

// The word (or two adjacent words) that read pith:SHORT8 on the page.
function findLabel(words: Word[], label: string): Label | undefined {
  for (const w of words) if (squeezed(w.text).includes(label)) return { box: w, words: [w] };
  for (let i = 0; i + 1 < words.length; i++) {
    const one = squeezed(words[i].text);
    if (one && label.includes(one) && (one + squeezed(words[i + 1].text)).includes(label)) {
      const a = words[i], b = words[i + 1];
      return { box: { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) }, words: [a, b] };
    }
  }
  return undefined;
}

// The badge's words: its label (findLabel) and the caption "Pith Number" just before it, which are
// not the paper's text (a badge set on the title's line is no other text beside the title). As pith
// verify's viewer_checks.cpp.
function badgeWords(words: Word[], label: string): Set<Word> {
  const found = findLabel(words, label);
  if (!found) return new Set();
  const out = new Set(found.words);
  const at = words.indexOf(found.words[0]);
  if (at >= 2 && words[at - 2].text === "Pith" && words[at - 1].text === "Number") out.add(words[at - 2]).add(words[at - 1]);
  return out;
}

// A title is set at least as large as the body text (the median font size of the page's painted words):
// the record's title in small print under a large other one is not what a reader takes for the
// paper's title.
const TITLE_TO_BODY = 0.8;

// The ink under words, measured once per word (one rendering of the region a request spans), and
// how much of each word's box is covered by what is painted after its text (docs/FORMAT.md, step
// 7): ink proves that something is drawn there, not that it is the word.
class Ink {
  private measured = new Map<Word, number>();
  private covered = new Map<Word, number>();
  private type3Font = new Map<Word, string>();
  private revealed = new Set<Word>();
  private misread = new Map<Word, string>();
  private fontRead = new Set<Word>();
  private noteGlyphs(words: Word[], painted: { type3: (string | undefined)[]; revealed: boolean[]; misread: (string | undefined)[] }) {
    words.forEach((w, i) => {
      this.fontRead.add(w);
      if (painted.type3[i] !== undefined) this.type3Font.set(w, painted.type3[i]!);
      if (painted.revealed[i]) this.revealed.add(w);
      if (painted.misread[i] !== undefined) this.misread.set(w, painted.misread[i]!);
    });
  }
  // Why what a page paints over its text could not be read, by page.
  coverDoubt = new Map<number, string>();
  constructor(private v: Viewer, private doc: PdfDocument) {}
  get available() {
    return !!this.v.ink;
  }
  // Why the page could not be rendered, when it could not.
  failure?: string;
  async measure(page: number, words: Word[]) {
    const missing = words.filter((w) => !this.measured.has(w));
    if (!missing.length || !this.v.ink) return;
    try {
      const values = await this.v.ink(page, missing);
      missing.forEach((w, i) => this.measured.set(w, values[i]));
    } catch (e) {
      this.failure = (e as Error).message || String(e);
    }
    this.measureCover(page, missing);
  }
  // Why viewers may draw the page differently, or what it paints cannot be read: known before any
  // word is looked at, since it holds whatever a viewer shows.
  private pageDoubts = new Map<number, string | undefined>();
  pageDoubt(page: number): string | undefined {
    if (!this.pageDoubts.has(page)) {
      let doubt: string | undefined;
      try {
        const painted = paintedOverText(this.doc, page, []);
        if (painted.ambiguities.length) doubt = `viewers may draw page ${page + 1} differently: ${painted.ambiguities[0]}`;
      } catch (e) {
        if (!(e instanceof PdfError)) throw e;
        doubt = `what page ${page + 1} paints over its text cannot be read (${e.message})`;
      }
      this.pageDoubts.set(page, doubt);
    }
    return this.pageDoubts.get(page);
  }
  // Why the words' text is no evidence of the letters a viewer draws there, as the page's content
  // reads (docs/FORMAT.md, "Glyphs bound to letters"): the first word drawn in a Type3 font (pdf.js's
  // words do not say which font drew them), else the first set in a font whose ToUnicode reads a code
  // it shows as other letters than its glyph, or in a text clip through which later paint shows.
  // Words not read for their cover yet are read for this (without a renderer too).
  // `misreadOnly`, for words that may not be painted: only the ToUnicode rule.
  glyphDoubt(page: number, words: Word[], what: string, misreadOnly = false): string | undefined {
    const unread = words.filter((w) => !this.fontRead.has(w));
    if (unread.length) {
      try {
        this.noteGlyphs(unread, paintedOverText(this.doc, page, unread.map((w) => ({ x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 }))));
      } catch (e) {
        if (!(e instanceof PdfError)) throw e; // unreadable content: the page's cover doubt says so
      }
    }
    const font = misreadOnly ? undefined : words.map((w) => this.type3Font.get(w)).find((f) => f !== undefined);
    if (font !== undefined)
      return `${what} on page ${page + 1} is drawn in the Type3 font ${font}, whose glyph procedures may draw any shape: its letters come only from glyph names or ToUnicode, so the text a viewer extracts is no evidence of what it shows`;
    for (const w of words) {
      const why = this.misread.get(w);
      if (why !== undefined)
        return `${what} on page ${page + 1} is set in a font whose ToUnicode reads its glyphs as other letters than they draw (${why}): the text a viewer extracts is not what it shows`;
      if (!misreadOnly && this.revealed.has(w))
        return `${what} on page ${page + 1} is text in a clipping render mode (Tr 4 to 7) through whose glyphs later paint shows: what a viewer shows there is that paint (an image or any shape), not the letters the text reads`;
    }
    return undefined;
  }
  // What the content paints after a word's text (an image, a fill, a shading, a form) and the
  // annotations drawn over it (any but a link or a closed popup without an appearance; a link's
  // appearance where it paints) cover it.
  private measureCover(page: number, words: Word[]) {
    const boxes = words.map((w) => ({ x0: w.x0, y0: w.y0, x1: w.x1, y1: w.y1 }));
    let regions, annots;
    try {
      const painted = paintedOverText(this.doc, page, boxes);
      if (painted.ambiguities.length) {
        this.coverDoubt.set(page, `viewers may draw page ${page + 1} differently: ${painted.ambiguities[0]}`);
        return;
      }
      regions = painted.regions;
      this.noteGlyphs(words, painted);
      annots = pageAnnotations(this.doc, page);
    } catch (e) {
      if (!(e instanceof PdfError)) throw e;
      this.coverDoubt.set(page, `what page ${page + 1} paints over its text cannot be read (${e.message})`);
      return;
    }
    let appearancesRead = 0; // each is read in full: past LINK_APPEARANCES_READ, a Link's /Rect counts
    for (const a of annots) {
      if (!a.rect || a.closedPopup || (a.subtype === "Link" && !a.appearance)) continue;
      const rect = { x0: a.rect[0], y0: a.rect[1], x1: a.rect[2], y1: a.rect[3] };
      // A Link's appearance without text of its own covers what it paints (a frame round the
      // title covers none of it); any other annotation, or one that shows text, its /Rect.
      if (a.subtype === "Link" && a.normalAppearance !== undefined && ++appearancesRead <= LINK_APPEARANCES_READ) {
        try {
          const painted = paintedByAppearance(this.doc, a.normalAppearance, rect, boxes);
          // One that viewers read differently paints what it may: its whole /Rect.
          if (!painted.showsText && painted.doubt === undefined) {
            words.forEach((_, i) => regions[i].push(...painted.regions[i]));
            continue;
          }
        } catch (e) {
          if (!(e instanceof PdfError)) throw e; // unreadable: its whole /Rect counts
        }
      }
      words.forEach((_, i) => regions[i].push(rect));
    }
    words.forEach((w, i) => this.covered.set(w, coveredShare(boxes[i], regions[i])));
  }
  // Share of the words a viewer paints (a word is painted when at least 3% of its box stands out);
  // NaN when the page could not be rendered.
  // `covers` false: what is painted after the words is known not to cover them (a stamp's badge,
  // drawn by the last content stream of its page, which the stamp update proved to be pith's).
  async paintedShare(page: number, words: Word[], covers = true): Promise<number> {
    if (!words.length) return 0;
    await this.measure(page, words);
    if (words.some((w) => !this.measured.has(w)) && this.failure !== undefined) return NaN;
    return words.filter((w) => this.painted(w, covers)).length / words.length;
  }
  // The words of the page a viewer paints.
  async paintedWords(page: number, words: Word[]): Promise<Word[]> {
    await this.measure(page, words);
    return words.filter((w) => this.painted(w, true));
  }
  private painted(w: Word, covers: boolean): boolean {
    return (this.measured.get(w) ?? 0) >= INKED && (!covers || (this.covered.get(w) ?? 0) < COVERED);
  }
}
// A word is painted when its box has ink and less than half of it is covered.
const INKED = 0.03;
const COVERED = 0.5;

type Box = { x0: number; y0: number; x1: number; y1: number };
const overlaps = (r: number[], b: Box) => r[0] < b.x1 && b.x0 < r[2] && r[1] < b.y1 && b.y0 < r[3];
const containsCentre = (r: number[], b: Box) => {
  const x = (b.x0 + b.x1) / 2, y = (b.y0 + b.y1) / 2;
  return r[0] - 1 <= x && x <= r[2] + 1 && r[1] - 1 <= y && y <= r[3] + 1;
};

// The QR codes by the badge, as pith verify's checkBadgeQrCodes: a reader of a printed or
// displayed copy scans them as links. undefined: they cannot be read in this thread.
// A QR code's text as a phone's reader opens it (as pith's qrTextAsUrl): a URL without "//" after
// its scheme, or without a scheme, is opened as https://.
function qrTextAsUrl(text: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):[/\\]*/.exec(text);
  if (m && text.indexOf(".") > m[1].length) return `${m[1]}://${text.slice(m[0].length)}`;
  return `https://${text}`;
}

// The stamp's badge on `page`: its link's rectangle as the stamp parameters record it (Ctx.claimedBadge).
const stampedBadge = (c: Ctx, page: number) => (c.claimedBadge && c.claimedBadgePage === page ? c.claimedBadge : undefined);

async function badgeQrProblems(c: Ctx, v: Viewer, page: number, label: Label, recordLinks: number[][], problems: string[], doubt: { why?: string }): Promise<boolean | undefined> {
  if (!v.qrCodes) return undefined;
  const recordUrl = c.facts!.number!.url;
  let near = [label.box.x0 - QR_REACH, label.box.y0 - QR_REACH, label.box.x1 + QR_REACH, label.box.y1 + QR_REACH];
  if (c.stamp && c.stamp.kind === "badge" && c.badgePage === page) {
    const m = QR_STAMP_MARGIN * Number(c.stamp.height), r = c.stamp.rect.map(Number);
    near = [r[0] - m, r[1] - m, r[2] + m, r[3] + m];
  }
  let recordQr = false;
  // The whole page is read with hairlines closed too: the canvas anti-aliases the edges of a code
  // drawn as rules (poppler, rendering without vector anti-aliasing, leaves no hairlines there).
  const whole = await v.qrCodes(page, -1e6, -1e6, 1e6, 1e6, QR_PAGE_SCALE, QR_PAGE_SCALE, true);
  if (whole === undefined) doubt.why = `page ${page + 1} is too large to be read for QR codes at ${String(QR_PAGE_SCALE).slice(0, 3)} pixels a point`;
  const codes = [...(whole ?? []), ...((await v.qrCodes(page, near[0], near[1], near[2], near[3], QR_NEAR_SCALE, 0, true)) ?? [])];
  const reported = new Set<string>(); // a code read by both readings is reported once
  for (const q of codes) {
    const target = classifyLink(qrTextAsUrl(q.text), recordUrl);
    const inBadgeLink = recordLinks.some((link) => containsCentre(link, q));
    // A code holds any bytes: shown as printable ASCII, at most 200 of them (as pith's).
    const shown = q.text.slice(0, 200).replace(/[^\x20-\x7e]/g, "?") + (q.text.length > 200 ? "..." : "");
    let problem = "";
    if (target === "record page") recordQr = true;
    else if (target === "registry" || target === "lookalike") problem = `a QR code on page ${page + 1} goes to ${shown} (${linkTargetName(target)}), not to ${recordUrl}`;
    else if (inBadgeLink) problem = `the badge's QR code on page ${page + 1} goes to ${shown}, not to ${recordUrl}`;
    if (problem && !reported.has(problem)) {
      reported.add(problem);
      problems.push(problem);
    }
  }
  return recordQr;
}

async function checkLinks(c: Ctx, v: Viewer, page: number, label: Label) {
  const badge = label.box;
  const recordUrl = c.facts!.number!.url;
  const where = `page ${page + 1}`;
  const problems: string[] = [];
  let covered = false, anyRecord = false;
  const recordLinks: number[][] = []; // links to the record page that cover the badge
  let annots;
  try {
    annots = pageAnnotations(c.doc, page);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    c.add("pith.link.match", "Badge link", "fail", `${where}: its annotations cannot be read: ${e.message}`);
    return;
  }
  for (const a of annots) {
    const name = a.ref ? `annotation ${a.ref}` : "an annotation";
    if (!a.rect) {
      problems.push(`${name} on ${where} has no well-formed /Rect of four numbers`);
      continue;
    }
    const over = overlaps(a.rect, badge);
    if (a.subtype === "Link" && a.uri !== undefined) {
      const t = classifyLink(a.uri, recordUrl);
      if (t === "record page") {
        anyRecord = true;
        if (containsCentre(a.rect, badge)) {
          covered = true;
          recordLinks.push(a.rect);
        }
      } else if (t === "registry" || t === "lookalike") problems.push(`a link on ${where} goes to ${a.uri} (${linkTargetName(t)}), not to ${recordUrl}`);
      else if (over) problems.push(`a link over the badge goes to ${a.uri}, not to ${recordUrl}`);
    } else if (over && a.subtype === "Link") problems.push(`${name}, a link over the badge, does not open the record page${a.action ? ` (action /${a.action})` : ""}`);
    else if (over && !a.closedPopup) problems.push(`${name} (/${a.subtype || "?"}) covers the badge`);
  }
  const id = "pith.link.match", title = "Badge link";
  const qrDoubt: { why?: string } = {};
  const recordQr = await badgeQrProblems(c, v, page, label, recordLinks, problems, qrDoubt);
  if (problems.length) c.add(id, title, "fail", problems.join("; "));
  else if (qrDoubt.why !== undefined) c.add(id, title, "unverifiable", qrDoubt.why);
  else if (recordQr === undefined) c.add(id, title, "unverifiable", `${NOT_PERFORMED}the QR codes by the badge on ${where} cannot be read here (the page is not rendered)`);
  else if (covered) c.add(id, title, "pass", `the link over the badge goes to ${recordUrl}${recordQr ? ", and so does its QR code" : ""}`);
  else if (c.route === "stamp") c.add(id, title, "fail", `no link to ${recordUrl} covers the badge (a stamp always adds one)`);
  else if (!anyRecord) c.add(id, title, "n/a", `the badge is not linked: ${where} has no link to the record page (compiled without hyperref, or in its draft mode)`);
  else c.add(id, title, "fail", `the link to the record page on ${where} does not cover the badge`);
}

const UNPAINTED = "whether a viewer paints them (not covered, clipped, drawn white or in render mode 3) cannot be measured here";

async function checkBadge(c: Ctx, v: Viewer, ink: Ink, label: string) {
  const pages = c.badgePage !== undefined ? [c.badgePage] : [...Array(Math.min(v.pageCount, 8)).keys()];
  for (const page of pages) {
    if (page >= v.pageCount) break;
    const found = findLabel(await v.words(page), label);
    if (!found) continue;
    c.factsOut.badge_page = page + 1;
    const id = "pith.badge.shown", t = "Badge shown";
    if (c.badgeHidden) c.add(id, t, "fail", c.badgeHidden);
    else if (c.badgeDoubt) c.add(id, t, "unverifiable", c.badgeDoubt);
    else if (!ink.available) c.add(id, t, "unverifiable", `${NOT_PERFORMED}page ${page + 1} holds the text ${label}, but ${UNPAINTED}`);
    else {
      const stampedBadge = c.stamp !== undefined && c.badgePage === page;
      const painted = await ink.paintedShare(page, found.words, !stampedBadge);
      const unbound = stampedBadge ? undefined : ink.glyphDoubt(page, found.words, `the badge text ${label}`);
      if (!stampedBadge && ink.coverDoubt.has(page)) c.add(id, t, "unverifiable", ink.coverDoubt.get(page)!);
      else if (unbound !== undefined && painted >= 1) c.add(id, t, "unverifiable", unbound);
      else if (Number.isNaN(painted)) c.add(id, t, "unverifiable", `page ${page + 1} holds the text ${label}, but the page cannot be rendered to see whether a viewer paints it: ${ink.failure}`);
      else if (painted < 1) c.add(id, t, "fail", `page ${page + 1} holds the text ${label} but a viewer does not paint it: the badge is covered, clipped or invisible`);
      else c.add(id, t, "pass", `page ${page + 1} shows ${label}`);
    }
    await checkLinks(c, v, page, found);
    return;
  }
  const where = c.badgePage !== undefined ? `page ${c.badgePage + 1} (where the stamp put it)` : `any of the first ${pages.length} pages`;
  c.add("pith.badge.shown", "Badge shown", "fail", `a viewer does not show ${label} on ${where}: the badge is missing, hidden or covered`);
  c.add("pith.link.match", "Badge link", "n/a", "no badge to check the link of");
}

function titleHash(c: Ctx): string {
  return member((c.xmpRecord ?? c.attached)!.canonical, "metadata.title_canon_sha256") as string;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

// Whether the title's words, as a viewer draws them, are read by character recognition as the
// record's title, as pith verify's recognitionDoubt (verify/glyph_binding.cpp): the title's lines
// across the whole page, padded by half of their height across them, the page's other text
// (`others`) blanked, rendered and read by Tesseract. undefined when it reads the title or
// recognition in English cannot tell; else the doubt.
// badge: a stamp's badge on that page (its link's rectangle, PDF user space), blanked before the region
// is read, with a point round it for its frame's stroke.
const BADGE_BLANK_MARGIN = 1;
// Along a line, what is read reaches across the whole page; across the lines, half the height.
// Other text is blanked, a tenth of its size round its box, but for text far larger than the title.
// As pith verify's glyph_binding.cpp.
const ACROSS_THE_PAGE = 1e5;
const OTHER_TEXT_MARGIN = 0.1;
const OTHER_TEXT_LARGEST = 1.5;
// A badge's words are blanked with their frame and icon: 1.5 times their size beside, 0.6 above and below.
const BADGE_WORDS_BESIDE = 1.5;
const BADGE_WORDS_ABOVE = 0.6;

// The boxes of the lines `words` run in ([left, top, right, bottom], as displayed), each padded as
// above. A word starts a new line where its extent across the text does not overlap the line's.
function lineBoxes(words: Word[], across: boolean, height: number): number[][] {
  const lines: number[][] = [];
  for (const w of words) {
    const from = across ? w.top : w.left, to = across ? w.bottom : w.right;
    const line = lines[lines.length - 1];
    if (line) {
      const lineFrom = across ? line[1] : line[0], lineTo = across ? line[3] : line[2];
      if (Math.min(to, lineTo) - Math.max(from, lineFrom) > 0.5 * Math.min(to - from, lineTo - lineFrom)) {
        lines[lines.length - 1] = [Math.min(line[0], w.left), Math.min(line[1], w.top), Math.max(line[2], w.right), Math.max(line[3], w.bottom)];
        continue;
      }
    }
    lines.push([w.left, w.top, w.right, w.bottom]);
  }
  const along = ACROSS_THE_PAGE, crossing = height / 2;
  return lines.map(([l, t, r, b]) => across ? [l - along, t - crossing, r + along, b + crossing] : [l - crossing, t - along, r + crossing, b + along]);
}
async function recognitionDoubt(v: Viewer, page: number, words: Word[], texTitle: string, badge: number[] | undefined, others: Word[], badgeWords: Set<Word>): Promise<string | undefined> {
  if (!words.length) return undefined;
  const where = `the title on page ${page + 1}`;
  if (!v.recognizedText) return `${NOT_PERFORMED}${where} cannot be read by character recognition in this thread`;
  const rotation = words[0].rotation;
  const across = rotation === 0 || rotation === 2;
  let { left, top, right, bottom } = words[0];
  let height = 0;
  for (const w of words) {
    left = Math.min(left, w.left), top = Math.min(top, w.top), right = Math.max(right, w.right), bottom = Math.max(bottom, w.bottom);
    height = Math.max(height, across ? w.bottom - w.top : w.right - w.left);
  }
  const pad = height / 2, along = across ? ACROSS_THE_PAGE : pad, crossing = across ? pad : ACROSS_THE_PAGE;
  const largest = Math.max(...words.map((w) => w.size));
  let read: string | undefined;
  try {
    const m = BADGE_BLANK_MARGIN, blank = badge ? [[badge[0] - m, badge[1] - m, badge[2] + m, badge[3] + m]] : [];
    for (const w of others) {
      if (w.size > OTHER_TEXT_LARGEST * largest) continue;
      const beside = (badgeWords.has(w) ? BADGE_WORDS_BESIDE : OTHER_TEXT_MARGIN) * w.size;
      const above = (badgeWords.has(w) ? BADGE_WORDS_ABOVE : OTHER_TEXT_MARGIN) * w.size;
      blank.push([w.x0 - beside, w.y0 - above, w.x1 + beside, w.y1 + above]);
    }
    read = await v.recognizedText(page, left - along, top - crossing, right + along, bottom + crossing, height, rotation, blank, lineBoxes(words, across, height));
  } catch (e) {
    return `${where} cannot be read by character recognition (${e instanceof Error ? e.message : String(e)})`;
  }
  if (read === undefined) return `${NOT_PERFORMED}${where} cannot be read by character recognition in this thread`;
  const m = recognitionMatch(read, texTitle);
  if (!m || recognitionReads(m)) return undefined;
  const seen = read.replace(/[\n\r\t\f]/g, " ").replace(/ +/g, " ").trim();
  return `${where} does not read as the record's title by character recognition of what a viewer draws there: its glyphs may draw other letters than its text reads (${m.wordDiffers ?? `${m.errors} letters differ, ${m.allowed} allowed`}; Tesseract reads "${printable(seen, false, 160)}")`;
}

async function checkTitleShown(c: Ctx, v: Viewer, ink: Ink) {
  const id = "pith.title.shown", t = "Title shown";
  const pageWords = await v.words(0);
  const words = pageWords.map((w) => w.text).join(" ");
  const noText = utf8Length(matchKey(words)) < 16;
  const doubt = ink.pageDoubt(0);
  if (doubt !== undefined && !noText) {
    c.add(id, t, "unverifiable", doubt);
    return;
  }
  if (c.title !== undefined) {
    const occurrences = titleOccurrences(pageWords, c.title);
    if (occurrences.length) {
      if (!ink.available) c.add(id, t, "unverifiable", `${NOT_PERFORMED}page 1 holds the words of the record's title "${c.title}", but ${UNPAINTED}`);
      else {
        // The body text is what a viewer paints: invisible tiny words must not lower its size.
        const shown = await ink.paintedWords(0, pageWords);
        const body = medianSize(shown.map((w) => w.size));
        const badge = badgeWords(pageWords, c.facts!.number!.short);
        let painted = false, unmeasured = false, largest = 0;
        let asTitle: Placement | undefined, notAsTitle: Placement | undefined;
        let titleWords: Word[] = []; // of the occurrence set as the title
        // The title's painted words, for the glyph rule; and all of them: text read as other letters
        // than its glyphs draw is no evidence, painted or not (a viewer that places those glyphs
        // elsewhere paints none).
        const drawn: Word[] = [], read: Word[] = [];
        for (const o of occurrences) {
          read.push(...o.words);
          const share = await ink.paintedShare(0, o.words);
          if (Number.isNaN(share)) unmeasured = true;
          if (!(share >= 0.8)) continue;
          painted = true;
          drawn.push(...o.words);
          const size = medianSize(o.words.map((w) => w.size));
          largest = Math.max(largest, size);
          if (size < TITLE_TO_BODY * body) continue;
          const placed = titlePlacement(o, shown, badge);
          if (placed.notAsTitle === undefined) {
            if (!asTitle) titleWords = o.words;
            asTitle ??= placed;
          } else notAsTitle ??= placed;
        }
        const unbound = painted ? ink.glyphDoubt(0, drawn, "the title") : ink.glyphDoubt(0, read, "the title", true);
        if (ink.coverDoubt.has(0)) c.add(id, t, "unverifiable", ink.coverDoubt.get(0)!);
        else if (unbound !== undefined) c.add(id, t, "unverifiable", unbound);
        else if (unmeasured && !painted) c.add(id, t, "unverifiable", `page 1 holds the words of the record's title "${c.title}", but the page cannot be rendered to see whether a viewer paints them: ${ink.failure}`);
        else if (asTitle) {
          const titleSet = new Set(titleWords);
          const misdrawn = await recognitionDoubt(v, 0, titleWords, c.title, stampedBadge(c, 0), pageWords.filter((w) => !titleSet.has(w)), badge);
          if (misdrawn !== undefined) c.add(id, t, "unverifiable", misdrawn);
          else c.add(id, t, "pass", `page 1 shows the record's title "${c.title}" as its title`);
        }
        else if (notAsTitle) c.add(id, t, "fail", `page 1 shows the record's title "${c.title}" but not set as a title (title placement rule): ${notAsTitle.notAsTitle}`);
        else if (painted)
          c.add(id, t, "fail", `page 1 shows the record's title "${c.title}" only in small print (${points(largest)}, where the page's body text is ${points(body)}): what a reader takes for the title is other text`);
        else c.add(id, t, "fail", `page 1 holds the text of the record's title "${c.title}" but a viewer does not paint it: it is hidden, clipped, covered or invisible`);
      }
    } else if (noText) c.add(id, t, "unverifiable", `page 1 has no text a viewer can extract (a scan?): it cannot be shown to carry the title "${c.title}"`);
    else {
      // Another viewer may read the title there.
      const unbound = ink.glyphDoubt(0, pageWords, "text", true);
      if (unbound !== undefined) c.add(id, t, "unverifiable", `page 1's text does not read as the record's title "${c.title}", but ${unbound}`);
      else c.add(id, t, "fail", `page 1 does not show the record's title "${c.title}": the record is another paper's`);
    }
    return;
  }
  const lines = (await v.lines(0)).map(foldWhitespace).filter((l) => l).slice(0, 80);
  const hash = titleHash(c);
  for (let i = 0; i < lines.length; i++) {
    let cand = "";
    for (let n = 0; n < 4 && i + n < lines.length; n++) {
      cand += (n ? " " : "") + lines[i + n];
      if (titleCanonSha256(cand) === hash) {
        const unbound = ink.glyphDoubt(0, pageWords, "text", true);
        if (unbound !== undefined) c.add(id, t, "unverifiable", `page 1 shows "${cand}", which hashes to the record's title_canon_sha256, but ${unbound}`);
        else c.add(id, t, "pass", `page 1 shows "${cand}", which hashes to the record's title_canon_sha256`);
        return;
      }
    }
  }
  c.add(id, t, "unverifiable", "the record carries only its title's hash, and no line of page 1 hashes to it: page 1 cannot be shown to be this paper's");
}

// XMP dc:title and Info /Title, where they state a title, must be the record's: as TeX typesets it,
// or as hyperref writes it into the metadata, without the math symbols a PDF string cannot hold.
function checkTitleMetadata(c: Ctx) {
  const id = "pith.title.metadata", t = "Title in metadata";
  if (c.data.xmpDcMisbound !== undefined) {
    c.add(id, t, "fail", `the XMP has the prefix ${c.data.xmpDcMisbound}: pdf.js reads elements by their prefix, so its dc:title is not the one other readers read`);
    return;
  }
  const stated: [string, string][] = [];
  for (const [where, value] of [["XMP dc:title", c.data.xmpTitle], ["Info /Title", c.data.infoTitle]] as const)
    if (value !== undefined && foldWhitespace(value) && !isFileName(value)) stated.push([where, value]);
  if (!stated.length) {
    c.add(id, t, "n/a", "the PDF's metadata states no title");
    return;
  }
  const mainTitle = c.title !== undefined ? texMainTitle(c.title) : undefined;
  let main = false, dashed = false; // named by its main title only; followed by " - " and a subtitle
  // beamer writes "\inserttitle\ - \insertsubtitle" as the PDF's title.
  const beforeSubtitle = (value: string, title: string) => {
    for (let at = value.indexOf(" - "); at >= 0; at = value.indexOf(" - ", at + 1))
      if (matchKey(value.slice(at + 3)) && namesTexTitle(value.slice(0, at), title)) return true;
    return false;
  };
  const wrong = stated.filter(([, value]) => {
    if (c.title !== undefined ? namesTexTitle(value, c.title) : titleCanonSha256(foldWhitespace(value)) === titleHash(c)) return false;
    if (mainTitle !== undefined && namesTexTitle(value, mainTitle)) return !(main = true);
    if (c.title !== undefined && beforeSubtitle(value, c.title)) return !(dashed = true);
    return true;
  });
  if (!wrong.length)
    c.add(id, t, "pass", main ? `the metadata names the record's title by its main title "${mainTitle}", without what follows its colon (a class's \\subtitle is left out of the metadata)`
      : dashed ? `the metadata names the record's title, followed by " - " and a subtitle (as beamer writes it)` : "the metadata names the record's title");
  else c.add(id, t, "fail", wrong.map(([w, v]) => `${w} "${foldWhitespace(v)}" is not the record's title`).join("; "));
}

const MAX_FIELDS = 100000;

export async function checkViewer(c: Ctx, open?: (bytes: Uint8Array) => Promise<Viewer>) {
  c.required.add("pith.badge.shown");
  c.required.add("pith.title.shown");
  if (!c.facts) {
    c.add("pith.badge.shown", "Badge shown", "n/a", "no valid record");
    c.add("pith.title.shown", "Title shown", "n/a", "no valid record");
    return;
  }
  let fields = 0;
  try {
    fields = unfoldedFields(c.doc, MAX_FIELDS);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e; // an unreadable form is the viewer's to skip, as viewers do
  }
  if (fields >= MAX_FIELDS) {
    const reason = `the form's field tree unfolds to more than ${MAX_FIELDS} fields (shared /Kids): it would stall a viewer, so what a viewer shows is not read`;
    c.add("pith.badge.shown", "Badge shown", "unverifiable", reason);
    c.add("pith.title.shown", "Title shown", "unverifiable", reason);
    return;
  }
  let v: Viewer | undefined, why = "";
  try {
    if (open) v = await open(c.doc.bytes);
    else why = "no viewer library";
  } catch (e) {
    why = (e as Error).message;
  }
  if (!v || v.pageCount < 1) {
    const reason = "what a viewer shows cannot be read: " + (v ? "no pages" : why);
    c.add("pith.badge.shown", "Badge shown", "unverifiable", reason);
    c.add("pith.title.shown", "Title shown", "unverifiable", reason);
    return;
  }
  try {
    const ink = new Ink(v, c.doc);
    const label = c.facts.number!.short;
    // Page 1 is rendered once for both checks: the title's words and, when it is there, the badge's.
    if (ink.available && c.title !== undefined && (c.badgePage === undefined || c.badgePage === 0)) {
      const words = await v.words(0);
      await ink.measure(0, [...titleOccurrences(words, c.title).flatMap((o) => o.words), ...(findLabel(words, label)?.words ?? [])]);
    }
    await checkBadge(c, v, ink, label);
    await checkTitleShown(c, v, ink);
    checkTitleMetadata(c);
  } finally {
    await v.close();
  }
}
