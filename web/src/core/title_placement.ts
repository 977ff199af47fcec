// Where the record's title stands on page 1 (docs/FORMAT.md, "Title placement"), as pith verify
// judges it (tool/lib/verify/title_placement.cpp): its words must be set as a title, not quoted in
// an abstract, a footnote, a running head or a longer title. Titles are typeset on lines of their
// own, in the largest type of the first page or near it, apart from the text above them by a gap
// or a change of size.
import { FOREIGN_PER_FORMULA, foreignCharacters, matchKey, texMathSplit, titleSpans } from "./text";
import type { Word } from "./viewer_checks";

// The median of sizes (the upper one of an even count, as pith verify takes it); 0 for none.
export function medianSize(sizes: number[]): number {
  if (!sizes.length) return 0;
  return [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)];
}

// A run of the page's words whose match keys together hold the title's key; before / after: key
// characters of its first word ahead of the title's, of its last word past it.
// mathKey: the key of the title's math, whose sub- and superscripts a viewer may read as words of
// their own beside the title's (text.ts, titleSpans).
export type TitleOccurrence = { words: Word[]; before: number; after: number; mathKey: string };

// Each occurrence in the page's order (the first few: a running head may repeat the title above
// the title itself).
const TITLE_OCCURRENCES = 4;
// A title whose key is shorter than this ("LoRA", "Why ReLU?") is found only as whole words: a key
// that short is part of many words.
const SHORT_TITLE = 8;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function titleOccurrences(words: Word[], title: string): TitleOccurrence[] {
  let all = "";
  const startOf: number[] = [];
  for (const w of words) {
    startOf.push(utf8Length(all));
    all += matchKey(w.text);
  }
  const bytes = new TextEncoder().encode(all);
  const shortTitle = utf8Length(matchKey(title, true)) < SHORT_TITLE;
  const mathKey = texMathSplit(title).filter(([, isMath]) => isMath).map(([part]) => matchKey(part, true)).join("");
  const mathBytes = new TextEncoder().encode(mathKey);
  const out: TitleOccurrence[] = [];
  // Spans of a short title that are not whole words are passed over, so look at a few more.
  for (const span of titleSpans(bytes, title, shortTitle ? 64 : TITLE_OCCURRENCES)) {
    const o: TitleOccurrence = { words: [], before: 0, after: 0, mathKey };
    words.forEach((w, i) => {
      const end = i + 1 < words.length ? startOf[i + 1] : bytes.length;
      if (end > span.begin && startOf[i] < span.end && end > startOf[i]) {
        if (!o.words.length) o.before = span.begin - startOf[i];
        o.words.push(w);
        o.after = end - span.end;
      }
    });
    // Math at the title's start or end, read elsewhere, may fill the rest of its word: its
    // letters, and no more than FOREIGN_PER_FORMULA others.
    if (o.before > 0 && o.before <= span.leading && foreignCharacters(bytes.subarray(span.begin - o.before, span.begin), mathBytes) <= FOREIGN_PER_FORMULA) o.before = 0;
    if (o.after > 0 && o.after <= span.trailing + MARK_CHARACTERS && foreignCharacters(bytes.subarray(span.end, span.end + o.after), mathBytes) <= FOREIGN_PER_FORMULA) o.after = 0;
    if (shortTitle && (o.before > 0 || o.after > MARK_CHARACTERS)) continue;
    out.push(o);
    if (out.length === TITLE_OCCURRENCES) break;
  }
  return out;
}

// A word whose letters all come from the title's math (a sub- or superscript a viewer reads apart).
function ofMath(w: Word, mathBytes: Uint8Array): boolean {
  const key = new TextEncoder().encode(matchKey(w.text));
  return key.length > 0 && mathBytes.length > 0 && foreignCharacters(key, mathBytes) === 0;
}

// Footnote and affiliation marks may follow a title, or a word of it: at most this many key
// characters after the title's in its last word, or a word beside it of one letter or digit at most
// (∗ † ‡, an ornament drawn with a letter of a symbol font), or as few as this, set smaller than the
// title (a superscript 1, a, 1,2).
const MARK_CHARACTERS = 3;
const MARK_TO_TITLE = 0.85;
// A word is beside the title's line when it overlaps the line's height by half the lower of the two
// and is nearer to it across than twice the title's size.
const SAME_LINE_OVERLAP = 0.5;
const BESIDE_GAP = 2.0;
// Text of the same size (within this share) just above the title (its box nearer than this share of
// the size) makes the title the end of a longer paragraph or title. Below it, a line of the same
// size may follow at the same leading (a subtitle, a URL, the authors in amsart).
const SAME_STYLE = 0.1;
const BLOCK_GAP = 0.6;
// A title is the largest type of page 1, or near it: a running head or a footnote is far smaller.
const TITLE_TO_LARGEST = 0.8;

type Line = { left: number; top: number; right: number; bottom: number; sizes: number[] };
const height = (top: number, bottom: number) => Math.max(bottom - top, 0);
function onLine(w: Line, l: Line): boolean {
  const need = SAME_LINE_OVERLAP * Math.min(height(w.top, w.bottom), height(l.top, l.bottom));
  return Math.min(w.bottom, l.bottom) - Math.max(w.top, l.top) > Math.max(need, 0);
}

// A word's box in the frame of text of `rotation` (Word.rotation): x along its reading direction,
// y from one line to the next, so that a page turned by /Rotate, or text set up its margin, is read
// as its reader reads it.
function framed(w: Word, rotation: number): Line {
  const sizes = [w.size];
  if (rotation === 1) return { left: w.top, top: -w.right, right: w.bottom, bottom: -w.left, sizes };
  if (rotation === 2) return { left: -w.right, top: -w.bottom, right: -w.left, bottom: -w.top, sizes };
  if (rotation === 3) return { left: -w.bottom, top: w.left, right: -w.top, bottom: w.right, sizes };
  return { left: w.left, top: w.top, right: w.right, bottom: w.bottom, sizes };
}

// Whether another word of two key characters or more stands beside the word on its line: a phrase,
// not a lone word (a watermark's APPROVED, a masthead, a drop capital).
function inPhrase(w: Word, painted: Word[]): boolean {
  const box = framed(w, w.rotation);
  return painted.some((o) => {
    if (o === w || o.rotation !== w.rotation || utf8Length(matchKey(o.text)) < 2) return false;
    const other = framed(o, w.rotation);
    return onLine(other, box) && Math.max(other.left - box.right, box.left - other.right) < BESIDE_GAP * w.size;
  });
}

// A size to 0.1 pt as pith verify prints it (printf's %.1f rounds the exact binary value, and an
// exact tie, a size of n/4 with n odd, to the even digit, where toFixed rounds a tie up).
export function points(size: number): string {
  const tie = Number.isInteger(size * 4) && Math.abs(size * 4) % 2 === 1;
  if (!tie) return `${size.toFixed(1)} pt`;
  const below = Math.floor(size * 10);
  return `${((below % 2 === 0 ? below : below + 1) / 10).toFixed(1)} pt`;
}

// size: that of its largest line (a line's size: the median of its words'); largest: the largest
// type of page 1 a reader can take for a title (docs/FORMAT.md), at least `size`; notAsTitle: why a
// reader does not take it for the title, when not.
export type Placement = { size: number; largest: number; notAsTitle?: string };

// `painted`: the page's words a viewer paints; `ignored`: words that are not the paper's (the
// badge's label), neither neighbours nor the largest text.
const DIRECTION_NAMES = ["left to right", "top to bottom", "right to left, upside down", "bottom to top"];

// The direction most of the page's text reads in (by the bytes of its words' keys, the occurrence
// and the ignored words left out); undefined when the page has no other text.
function readingDirection(painted: Word[], own: Set<Word>, ignored: Set<Word>): number | undefined {
  const bytes = [0, 0, 0, 0];
  for (const w of painted) if (!own.has(w) && !ignored.has(w) && w.rotation >= 0 && w.rotation < 4) bytes[w.rotation] += utf8Length(matchKey(w.text));
  const most = bytes.indexOf(Math.max(...bytes));
  return bytes[most] === 0 ? undefined : most;
}

export function titlePlacement(o: TitleOccurrence, painted: Word[], ignored: Set<Word>): Placement {
  const keyLength = (w: Word) => utf8Length(matchKey(w.text));
  const rotation = o.words[0].rotation;
  const own = new Set(o.words);
  // The occurrence's lines, as a reader sees them, each with its own size (a title may be set on
  // one line and its subtitle smaller on the next).
  const lines: Line[] = [];
  for (const w of o.words) {
    const box = framed(w, rotation);
    const l = lines.find((x) => onLine(box, x));
    if (!l) lines.push(box);
    else {
      l.left = Math.min(l.left, box.left), l.right = Math.max(l.right, box.right);
      l.top = Math.min(l.top, box.top), l.bottom = Math.max(l.bottom, box.bottom);
      l.sizes.push(w.size);
    }
  }
  let size = 0, first = lines[0];
  for (const l of lines) {
    size = Math.max(size, medianSize(l.sizes));
    if (l.top < first.top) first = l;
  }
  // The largest type that a reader can take for a title: phrases set in the title's direction.
  const larger = painted.filter((w) => w.rotation === rotation && !own.has(w) && !ignored.has(w) && keyLength(w) >= 2 && w.size > size).sort((a, b) => b.size - a.size);
  const largest = larger.find((w) => inPhrase(w, painted))?.size ?? size;
  const p = (notAsTitle?: string): Placement => (notAsTitle === undefined ? { size, largest } : { size, largest, notAsTitle });
  const quoted = (w: Word) => `"${w.text}"`;
  if (o.before > 0) return p(`it begins inside the word ${quoted(o.words[0])}`);
  if (o.after > MARK_CHARACTERS) return p(`it ends inside the word ${quoted(o.words[o.words.length - 1])}`);
  // Set across the page's text (up a margin, as arXiv sets its identifier): a reader takes text of
  // the page's own direction for the title.
  const reading = readingDirection(painted, own, ignored);
  if (reading !== undefined && reading !== rotation)
    return p(`it runs ${DIRECTION_NAMES[rotation] ?? DIRECTION_NAMES[0]}, where most of page 1's text runs ${DIRECTION_NAMES[reading]}: a reader takes text of the page's direction for the title`);
  // The text beside its lines: named by the nearest word before the title on its line, else the
  // nearest after it (what is nearest is what a reader reads with it).
  let beside: Word | undefined, besideBefore = false, besideGap = 0;
  for (const w of painted) {
    if (own.has(w) || ignored.has(w) || w.rotation !== rotation || ofMath(w, new TextEncoder().encode(o.mathKey))) continue;
    const n = keyLength(w);
    const box = framed(w, rotation);
    for (const l of lines) {
      const s = medianSize(l.sizes);
      const mark = n <= 1 || (n <= MARK_CHARACTERS && w.size <= MARK_TO_TITLE * s);
      const before = box.right <= l.left + 0.5 * s;
      const gap = Math.max(box.left - l.right, l.left - box.right);
      if (mark || !onLine(box, l) || gap >= BESIDE_GAP * s) continue;
      if (!beside || (before && !besideBefore) || (before === besideBefore && gap < besideGap)) (beside = w), (besideBefore = before), (besideGap = gap);
    }
  }
  if (beside) return p(`it shares a line with other text (${quoted(beside)}), as a quotation does`);
  // Text just above it in the same size, overlapping it across: the occurrence is the end of a
  // longer paragraph or title. Named by the leftmost word of the nearest such line.
  const s = medianSize(first.sizes);
  let above: Word | undefined, aboveBox: Line | undefined;
  for (const w of painted) {
    if (own.has(w) || ignored.has(w) || w.rotation !== rotation || keyLength(w) === 0) continue;
    const box = framed(w, rotation);
    if (Math.abs(w.size - s) > SAME_STYLE * s || box.right <= first.left || box.left >= first.right) continue;
    if ((box.top + box.bottom) / 2 >= first.top || first.top - box.bottom >= BLOCK_GAP * s) continue;
    if (!aboveBox || box.bottom > aboveBox.bottom + 0.5 * s || (Math.abs(box.bottom - aboveBox.bottom) <= 0.5 * s && box.left < aboveBox.left)) (above = w), (aboveBox = box);
  }
  if (above) return p(`it continues the text of the same size just above it (${quoted(above)}): it is the end of a longer paragraph or title, not a title of its own`);
  if (size < TITLE_TO_LARGEST * largest)
    return p(`its largest line is set in ${points(size)} where page 1's largest text is ${points(largest)}: a reader takes the larger text for the title`);
  return p();
}
