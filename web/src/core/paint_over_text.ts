// What a page's content paints on top of text, as pith verify reads it (tool/lib/pdf/content/
// paint_over_text.cpp; docs/FORMAT.md, step 7). Ink in a word's box proves that something is drawn
// there, not that it is the word: an image, a filled path, a shading or a form painted over the word
// after its glyphs leaves ink too. For each box (a word the viewer found, PDF user space), the
// regions painted after the first text-showing operator that may have drawn into the box; what is
// painted before (a background behind a title) is not collected. Bounds, always on the side of
// "may": a text operator reaches along its baseline as far as every glyph's largest advance,
// spacing and kerning allow (a Type3 font, or a font whose widths cannot be bounded, everywhere);
// a region is the bounding box of a filled subpath, of a stroked segment widened by the line width
// (and miter), of an image's unit square, of a shading's clip. Forms are read where they are drawn.
import type { PdfDocument } from "./document";
import { drawnWithAPickedSymbolFont, misreadGlyphs, oneByteToUnicode, printable, SimpleFont, simpleFontGlyphNames } from "./glyph_reading";
import { OperatorSyntax } from "./operator_syntax";
import { matchKey } from "./text";
import { isDelim, isWhite, nameOf, numberOf, PdfDict, PdfError, PdfStream, PdfValue } from "./pdf_objects";

export type Rect = { x0: number; y0: number; x1: number; y1: number };

const FAR = 1e30;
const TOUCH = 0.01;
const MAX_FORM_DEPTH = 12;
const MAX_CONTENT_BYTES = 64 * 1024 * 1024;
const MAX_FORMS = 100_000;
const MAX_REGIONS_PER_BOX = 256;
const MAX_BOX_TESTS = 200_000_000; // word boxes compared with what is painted (spend())
const SUBSTITUTE_ADVANCE = 1.2;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
// m applied first, then n.
const times = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const stretch = (m: Matrix) => Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2] + m[3] * m[3]);

class Bounds {
  x0 = FAR; y0 = FAR; x1 = -FAR; y1 = -FAR;
  add(x: number, y: number) {
    this.x0 = Math.min(this.x0, x);
    this.y0 = Math.min(this.y0, y);
    this.x1 = Math.max(this.x1, x);
    this.y1 = Math.max(this.y1, y);
  }
  get empty() {
    return this.x0 > this.x1 || this.y0 > this.y1;
  }
  rect(): Rect {
    return { x0: this.x0, y0: this.y0, x1: this.x1, y1: this.y1 };
  }
}
function mapped(m: Matrix, x0: number, y0: number, x1: number, y1: number): Rect {
  const b = new Bounds();
  for (const [x, y] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]) b.add(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
  return b.rect();
}
const widened = (r: Rect, by: number): Rect => ({ x0: r.x0 - by, y0: r.y0 - by, x1: r.x1 + by, y1: r.y1 + by });
const meet = (a: Rect, b: Rect): Rect => ({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });
const isEmpty = (r: Rect) => r.x0 > r.x1 || r.y0 > r.y1;
const touches = (a: Rect, b: Rect) => a.x0 <= b.x1 + TOUCH && b.x0 <= a.x1 + TOUCH && a.y0 <= b.y1 + TOUCH && b.y0 <= a.y1 + TOUCH;
const overlapsArea = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

// A name token as viewers read it: #xx is the byte xx (ISO 32000-1 7.3.5), so /X#30 names X0.
const decodedName = (raw: string) => raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

// Whether the last line of a content stream holds a comment (a % outside strings), as pith's endsInComment.
function endsInComment(data: Uint8Array): boolean {
  let start = data.length;
  while (start > 0 && data[start - 1] !== 0x0a && data[start - 1] !== 0x0d) start--;
  for (let i = start; i < data.length; i++) {
    if (data[i] === 0x25) return true;
    if (data[i] === 0x28) {
      let depth = 0;
      for (; i < data.length; i++) {
        if (data[i] === 0x5c) i++;
        else if (data[i] === 0x28) depth++;
        else if (data[i] === 0x29 && --depth === 0) break;
      }
    } else if (data[i] === 0x3c && i + 1 < data.length && data[i + 1] !== 0x3c) {
      while (i < data.length && data[i] !== 0x3e) i++;
    }
  }
  return false;
}

// The word boxes by the cells of a grid over them, as pith's BoxGrid (paint_over_text.cpp): a fill
// or a text run is compared only with the boxes of the cells it meets, each once, in the boxes' order.
class BoxGrid {
  private area: Rect = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private side = 1;
  private cells: number[][] = [];
  private visited: number[];
  private round = 0;

  constructor(boxes: Rect[]) {
    this.visited = boxes.map(() => 0);
    if (!boxes.length) return;
    let a = { ...boxes[0] };
    for (const b of boxes) a = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
    this.area = { x0: a.x0 - TOUCH, y0: a.y0 - TOUCH, x1: a.x1 + TOUCH, y1: a.y1 + TOUCH };
    this.side = Math.min(Math.max(Math.trunc(Math.sqrt(boxes.length / 4)), 1), 64);
    for (let k = 0; k < this.side * this.side; k++) this.cells.push([]);
    boxes.forEach((b, i) => this.forCells({ x0: b.x0 - TOUCH, y0: b.y0 - TOUCH, x1: b.x1 + TOUCH, y1: b.y1 + TOUCH }, (cell) => cell.push(i)));
  }

  // visit(i) for every box that may touch `r` (a superset); returns how many were visited.
  near(r: Rect, visit: (i: number) => void): number {
    const a = this.area;
    if (!this.cells.length || r.x1 < a.x0 || r.x0 > a.x1 || r.y1 < a.y0 || r.y0 > a.y1) return 0;
    this.round++;
    const found: number[] = [];
    this.forCells(r, (cell) => {
      for (const i of cell)
        if (this.visited[i] !== this.round) {
          this.visited[i] = this.round;
          found.push(i);
        }
    });
    found.sort((x, y) => x - y);
    for (const i of found) visit(i);
    return found.length;
  }

  private forCells(r: Rect, f: (cell: number[]) => void) {
    const w = (this.area.x1 - this.area.x0) / this.side, h = (this.area.y1 - this.area.y0) / this.side;
    // An edge that is not a number reaches the grid's end on its side.
    const cell = (v: number, origin: number, size: number, low: boolean) => {
      const k = size > 0 ? Math.floor((v - origin) / size) : 0;
      if (Number.isNaN(k)) return low ? 0 : this.side - 1;
      return Math.min(Math.max(k, 0), this.side - 1);
    };
    const cx0 = cell(r.x0, this.area.x0, w, true), cx1 = cell(r.x1, this.area.x0, w, false);
    const cy0 = cell(r.y0, this.area.y0, h, true), cy1 = cell(r.y1, this.area.y0, h, false);
    for (let y = cy0; y <= cy1; y++) for (let x = cx0; x <= cx1; x++) f(this.cells[y * this.side + x]);
  }
}
const EVERYWHERE: Rect = { x0: -FAR, y0: -FAR, x1: FAR, y1: FAR };

// type3/paints: a Type3 font's glyphs are content streams that may paint anything: the union of what
// its glyph procedures paint, in text space for a font size of 1 (undefined: they paint nothing).
// misread: for a simple font whose /ToUnicode reads glyphs its encoding names as other letters
// (glyph_reading.ts), those codes, ascending: "the font Helvetica (object 12): code <01> draws ...".
type FontReach = { advance: number; unbounded: boolean; vertical: boolean; type3?: boolean; paints?: Rect; misread?: Map<number, string> };
// No bound (no font, widths unknown): the operator may draw anywhere along its baseline (and, not
// known to write across, down as well).
const UNBOUNDED: FontReach = { advance: 0, unbounded: true, vertical: true };

// actualText: a dictionary that may hold /ActualText (the key, or a name escape that could spell it).
// codes: the bytes strings show, as a 256-bit set.
type Operand = { kind: "number" | "string" | "name" | "array" | "other"; number: number; name: string; bytes: number; spaces: number; kerning: number; actualText?: boolean; codes?: Uint32Array };
const operand = (kind: Operand["kind"]): Operand => ({ kind, number: 0, name: "", bytes: 0, spaces: 0, kerning: 0 });

type State = {
  ctm: Matrix; clip: Rect; lineWidth: number; miterLimit: number; lineJoin: number; font: FontReach;
  fontSize: number; charSpacing: number; wordSpacing: number; scale: number; leading: number; rise: number;
  type3?: string; // the current font, when it is a Type3 font ("T3 (object 8)")
  render?: number; // Tr
  // The boxes whose text, shown in a clipping mode (Tr 4 to 7), makes the clip (sorted): what is
  // painted inside that clip paints those words' own glyphs (a fill after black text drawn with
  // 7 Tr shows the text), so it does not cover them.
  textClip?: readonly number[];
};

// How a region is painted: by paint (filled, stroked, an image, a shading, a form), by a Type3
// glyph procedure (out3), or as the reach of text in an /ActualText span.
type Paint = "ink" | "type3" | "actualText";

const sortedHas = (a: readonly number[], v: number) => {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo < a.length && a[lo] === v;
};

const regular = (c: number) => !isWhite(c) && !isDelim(c);
const looksNumeric = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e;
const ascii = (s: Uint8Array, a: number, b: number) => String.fromCharCode(...s.subarray(a, Math.min(b, a + 64)));

class Interpreter {
  private seen: boolean[];
  private plainText: boolean[]; // boxes that text not in a clipping mode may have drawn into
  private out: Rect[][];
  out3: Rect[][];
  private fonts = new Map<number, FontReach>();
  private line: Matrix = IDENTITY;
  private xlo = 0; private xhi = 0; private ylo = 0; private yhi = 0;
  private total = 0; private forms = 0;

  private touched = new Set<number>();

  // An object resolved, its number kept: the objects read are those whose repairs matter.
  private res(v: PdfValue | undefined): PdfValue {
    if (v && typeof v === "object" && v.kind === "ref" && this.touched.size < 1_000_000) this.touched.add(v.num);
    return this.doc.resolve(v);
  }
  private dictOf(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.res(v);
    if (r && typeof r === "object") {
      if (r.kind === "dict") return r;
      if (r.kind === "stream") return r.dict;
    }
    return undefined;
  }

  // The first thing in the content read that viewers read differently (an operator's operands, a
  // number, marked content across forms, inline image data, a comment at a stream's end).
  contentDoubt(): string | undefined {
    return this.syntax.doubt ?? this.readerDoubt ?? this.formMarkedContent;
  }

  // What the reader repaired that viewers repair differently, in the objects read here or in the
  // file's cross-reference sections.
  ambiguities(): string[] {
    const out = this.doc.warnings.filter((w) => w.object === undefined || this.touched.has(w.object)).map((w) => w.message);
    out.push(...this.doc.ambiguousEntries(1));
    // Which page this is: viewers that classify the page tree's kids differently number pages differently.
    const tree = this.doc.pageTreeAmbiguity(this.pageIndex);
    if (tree !== undefined) out.push(tree);
    if (this.boxDoubt !== undefined) out.push(this.boxDoubt);
    if (this.formMarkedContent !== undefined) out.push(this.formMarkedContent);
    if (this.syntax.doubt !== undefined) out.push(this.syntax.doubt);
    if (this.readerDoubt !== undefined) out.push(this.readerDoubt);
    // Optional content whose state the default configuration leaves to auto-states (/AS, by
    // /Usage): MuPDF applies them, poppler and pdf.js do not, so they show different groups.
    if (this.optionalContent) {
      const d = this.dictOf(this.dictOf(this.doc.root?.entries.get("OCProperties"))?.entries.get("D"));
      const as = this.res(d?.entries.get("AS"));
      if (as && typeof as === "object" && as.kind === "array" && as.items.length)
        out.push("the page draws optional content, and the document's default configuration sets groups by usage (/AS), which MuPDF applies and poppler and pdf.js do not");
      const props = this.dictOf(this.doc.root?.entries.get("OCProperties"));
      for (const group of this.groups) {
        const why = this.groupDrawnDifferently(group, props);
        if (why !== undefined) out.push(why);
      }
    }
    return out;
  }
  private optionalContent = false; // the page draws content marked /OC (or an XObject with /OC)
  private groups: (PdfValue | undefined)[] = []; // the /OC and /Properties entries it draws, as written

  // An optional content group (or membership dictionary) that the page draws, as its /OC or
  // /Properties entry names it: kept to ask whether viewers agree on its state.
  private usesGroup(entry: PdfValue | undefined): void {
    this.optionalContent = true;
    if (this.groups.length < 10_000) this.groups.push(entry);
  }

  // Why viewers may show or hide what a group marks differently, if they may: one that is no
  // indirect object, or that /OCProperties /OCGs does not list, has no state of its own (poppler
  // shows it, MuPDF and pdf.js decide otherwise); one whose /Intent leaves out View is ignored
  // by MuPDF and still applied by poppler (Design: poppler shows it when ON, MuPDF hides it).
  private groupDrawnDifferently(entry: PdfValue | undefined, props: PdfDict | undefined): string | undefined {
    const d = this.dictOf(entry);
    if (d && nameOf(d.entries.get("Type")) === "OCMD") {
      // Only the default policy over listed groups is read alike: poppler and MuPDF evaluate a
      // visibility expression (/VE), the policies /AnyOff, /AllOff and /AllOn, and null or missing
      // members differently, so the same groups show different content.
      const name = "an optional content membership dictionary" + (entry && typeof entry === "object" && entry.kind === "ref" ? ` (object ${entry.num})` : "");
      if (d.entries.has("VE")) return `the page draws optional content under ${name} with a visibility expression (/VE), which viewers evaluate differently`;
      if (d.entries.has("P") && nameOf(this.res(d.entries.get("P"))) !== "AnyOn")
        return `the page draws optional content under ${name} whose policy /P is not /AnyOn: viewers evaluate it differently`;
      const members = this.res(d.entries.get("OCGs"));
      const list = members && typeof members === "object" && members.kind === "array" ? members.items : [d.entries.get("OCGs")];
      for (const g of list) {
        const member = this.res(g);
        if (member === undefined || member === null)
          return `the page draws optional content under ${name} with a missing or null member: viewers evaluate it differently`;
        const why = this.groupDrawnDifferently(g, props);
        if (why !== undefined) return why;
      }
      return undefined;
    }
    if (!entry || typeof entry !== "object" || entry.kind !== "ref")
      return "the page draws optional content whose group is no indirect object, so it has no state viewers agree on";
    const num = entry.num, gen = entry.gen;
    const name = `optional content group ${num}`;
    const ocgs = this.res(props?.entries.get("OCGs"));
    const listed = !!ocgs && typeof ocgs === "object" && ocgs.kind === "array" &&
      ocgs.items.some((o) => !!o && typeof o === "object" && o.kind === "ref" && o.num === num && o.gen === gen);
    if (!listed) return `the page draws ${name}, which /OCProperties /OCGs does not list: viewers disagree on whether it is shown`;
    if (d && d.entries.has("Intent")) {
      const intent = this.res(d.entries.get("Intent"));
      const intents = intent && typeof intent === "object" && intent.kind === "array" ? intent.items : [intent];
      const view = intents.some((i) => {
        const n = nameOf(this.res(i));
        return n === "View" || n === "All";
      });
      if (!view) return `the page draws ${name}, whose /Intent leaves out View: MuPDF ignores the group, poppler applies its state`;
    }
    return undefined;
  }

  // A widget of a text or choice field (/FT, inherited through /Parent) with something to show: a
  // value or default value (/V, /DV) or, for a choice field, options (/Opt), each inherited too,
  // that is a non-empty string, name or list (as pith's). pdf.js shows it in an input or list box.
  private fieldShowsItsValue(widget: PdfValue | undefined): boolean {
    const keys = ["FT", "V", "DV", "Opt"];
    const found = new Map<string, PdfValue>();
    let node = this.dictOf(widget);
    for (let depth = 0; depth < 32 && node; depth++) {
      for (const k of keys) if (!found.has(k) && node.entries.has(k)) found.set(k, this.res(node.entries.get(k)));
      if (!node.entries.has("Parent")) break;
      node = this.dictOf(node.entries.get("Parent"));
    }
    const t = nameOf(found.get("FT"));
    if (t !== "Tx" && t !== "Ch") return false;
    const shows = (v: PdfValue | undefined) =>
      v !== undefined && v !== null && typeof v === "object" &&
      ((v.kind === "string" && v.bytes.length > 0) || (v.kind === "name" && v.name.length > 0) || (v.kind === "array" && v.items.length > 0));
    return shows(found.get("V")) || shows(found.get("DV")) || (t === "Ch" && shows(found.get("Opt")));
  }

  // The page's annotations and their appearances are drawn over its content and read by the viewer
  // checks (covers, the badge's link): a repair viewers make differently in one of them counts too.
  private touchAnnotations(pageDict: PdfDict): void {
    const list = this.res(pageDict.entries.get("Annots"));
    if (!list || typeof list !== "object" || list.kind !== "array") return;
    for (const a of list.items.slice(0, 10_000)) {
      // Ghostscript draws an annotation whatever its optional content; poppler and MuPDF hide it when OFF.
      if (this.dictOf(a)?.entries.has("OC") && this.readerDoubt === undefined)
        this.readerDoubt = "an annotation of the page has optional content (/OC): Ghostscript draws it whatever its state, poppler and MuPDF hide it when OFF";
      if (this.readerDoubt === undefined && this.fieldShowsItsValue(a))
        this.readerDoubt = "a text or choice field of the page has a value (/V): pdf.js, with forms on as in Firefox, shows the value in place of the field's appearance, which poppler and MuPDF draw";
      const ap = this.dictOf(this.dictOf(a)?.entries.get("AP"));
      if (!ap) continue;
      for (const kind of ap.entries.values()) {
        const states = this.res(kind);
        if (states && typeof states === "object" && states.kind === "dict") for (const st of states.entries.values()) this.res(st);
      }
    }
  }

  private grid: BoxGrid;
  constructor(private doc: PdfDocument, private boxes: Rect[]) {
    this.grid = new BoxGrid(boxes);
    this.seen = boxes.map(() => false);
    this.plainText = boxes.map(() => false);
    this.out = boxes.map(() => []);
    this.out3 = boxes.map(() => []);
  }

  private pageIndex = 0;
  // An annotation's appearance, drawn after the page's content (every box's text is drawn by
  // then): its form's /BBox, transformed by its /Matrix, mapped onto /Rect (ISO 32000-2 12.5.5).
  runAppearance(appearance: PdfValue | undefined, rect: Rect): Rect[][] {
    this.seen = this.boxes.map(() => true);
    this.plainText = this.boxes.map(() => true); // the page's words, drawn before
    const form = this.res(appearance);
    if (!form || typeof form !== "object" || form.kind !== "stream") return this.out;
    let m: Matrix = IDENTITY;
    const matrix = this.res(form.dict.entries.get("Matrix"));
    if (matrix && typeof matrix === "object" && matrix.kind === "array" && matrix.items.length === 6)
      m = matrix.items.map((x, i) => numberOf(this.res(x)) ?? (i === 0 || i === 3 ? 1 : 0)) as Matrix;
    const bbox = this.numbers(form.dict.entries.get("BBox"), 4);
    const s: State = { ctm: IDENTITY, clip: rect, lineWidth: 1, miterLimit: 10, lineJoin: 0, font: UNBOUNDED, fontSize: 0, charSpacing: 0, wordSpacing: 0, scale: 1, leading: 0, rise: 0 };
    if (bbox) {
      const t = mapped(m, Math.min(bbox[0], bbox[2]), Math.min(bbox[1], bbox[3]), Math.max(bbox[0], bbox[2]), Math.max(bbox[1], bbox[3]));
      const w = t.x1 - t.x0, h = t.y1 - t.y0;
      if (w > 0 && h > 0) {
        const sx = (rect.x1 - rect.x0) / w, sy = (rect.y1 - rect.y0) / h;
        s.ctm = [sx, 0, 0, sy, rect.x0 - t.x0 * sx, rect.y0 - t.y0 * sy];
      }
    }
    this.drawForm(form, { kind: "dict", entries: new Map() }, s, 0);
    return this.out;
  }
  showsText = false; // a text-showing operator was run
  // For each box, the first Type3 font whose text may have been drawn into it: a Type3 glyph
  // procedure may draw any shape (docs/FORMAT.md, "Glyphs bound to letters").
  type3: (string | undefined)[] = [];
  // For each box, whether paint inside a clip made of text in a clipping mode (Tr 4 to 7) reached
  // it where only that text may have drawn: the paint shows through the glyphs' shapes, so it is no
  // cover of them, but what shows is the paint (an image, any shape), not the letters the text reads.
  revealed: boolean[] = [];
  // For each box, why the text that may have drawn into it is read as other letters than its glyphs
  // draw, if it may be (FontReach.misread).
  misread: (string | undefined)[] = [];

  runPage(pageIndex: number): Rect[][] {
    this.pageIndex = pageIndex;
    const page = this.doc.pages(pageIndex + 1)[pageIndex];
    if (!page) throw new PdfError(`no page ${pageIndex + 1}`);
    if (page.ref) this.touched.add(page.ref.num);
    // The way to the page counts too: a catalog or page-tree node read differently (a key given
    // twice) leads viewers to other pages.
    const root = this.doc.trailer.entries.get("Root");
    if (root && typeof root === "object" && root.kind === "ref") this.touched.add(root.num);
    let parent = page.dict.entries.get("Parent");
    for (let up = 0; parent && typeof parent === "object" && parent.kind === "ref" && up < 64 && !this.touched.has(parent.num); up++) {
      this.touched.add(parent.num);
      parent = this.doc.dict(parent)?.entries.get("Parent");
    }
    // Where the page is cut and how it is turned (as PageInfo::boxDoubt in pith): a /MediaBox or
    // /CropBox that is not four numbers (poppler and pdf.js ignore it, MuPDF takes its first four),
    // a /Rotate that is not a multiple of 90.
    for (const key of ["MediaBox", "CropBox"]) {
      const entry = this.doc.inherited(page.dict, key);
      if (entry === undefined || this.boxDoubt !== undefined) continue;
      const box = this.res(entry);
      const four = box && typeof box === "object" && box.kind === "array" && box.items.length === 4 &&
        box.items.every((v) => { const n = numberOf(this.res(v)); return n !== undefined && Number.isFinite(n); });
      if (!four) this.boxDoubt = `page ${pageIndex + 1}'s /${key} is not an array of four numbers: viewers read it differently (poppler and pdf.js ignore it, MuPDF takes its first four numbers)`;
    }
    const rotate = numberOf(this.res(this.doc.inherited(page.dict, "Rotate")));
    if (rotate !== undefined && Number.isFinite(rotate) && Math.abs(rotate) < 1e9 && rotate % 90 !== 0 && this.boxDoubt === undefined)
      this.boxDoubt = `page ${pageIndex + 1}'s /Rotate ${rotate} is not a multiple of 90: viewers turn the page differently`;
    const ownResources = page.dict.entries.get("Resources");
    if (ownResources && typeof ownResources === "object" && ownResources.kind === "ref") this.touched.add(ownResources.num);
    const chunks: Uint8Array[] = [];
    const contents = page.dict.entries.get("Contents");
    if (contents !== undefined) {
      const resolved = this.res(contents);
      const parts: PdfValue[] = resolved && typeof resolved === "object" && resolved.kind === "array" ? resolved.items : [contents];
      for (let index = 0; index < parts.length; index++) {
        const stream = this.res(parts[index]);
        if (!stream || typeof stream !== "object" || stream.kind !== "stream") continue;
        const data = this.doc.streamData(stream);
        this.count(data.length + 1);
        // A stream whose last line holds a comment: poppler, MuPDF and pdf.js go on with the comment
        // into the next stream, Ghostscript ends it there (this reading too).
        if (index !== parts.length - 1 && this.readerDoubt === undefined && endsInComment(data))
          this.readerDoubt = "a content stream of the page ends in a comment: viewers differ on whether it goes on into the next stream";
        chunks.push(data, Uint8Array.of(10)); // content streams are joined at token boundaries
      }
    }
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const resources = this.dictOf(this.doc.inherited(page.dict, "Resources")) ?? { kind: "dict", entries: new Map() };
    const s: State = { ctm: IDENTITY, clip: EVERYWHERE, lineWidth: 1, miterLimit: 10, lineJoin: 0, font: UNBOUNDED, fontSize: 0, charSpacing: 0, wordSpacing: 0, scale: 1, leading: 0, rise: 0 };
    this.pageResources = resources;
    this.run(all, resources, s, 0);
    this.touchAnnotations(page.dict);
    return this.out;
  }

  private count(bytes: number) {
    this.total += bytes;
    if (this.total > MAX_CONTENT_BYTES) throw new PdfError("the page's content, its forms drawn where they are used, exceeds 64 MiB");
  }

  // Each fill and each text run is compared with the word boxes near it (BoxGrid): a page of many
  // fills over many words would take minutes. Past the budget (MAX_BOX_TESTS, as pith's), what
  // covers the words is not told.
  private work = 0;
  private spend(tests: number) {
    this.work += tests + 1;
    if (this.work > MAX_BOX_TESTS) throw new PdfError("the page paints too much over too many words to tell what covers them");
  }

  // type3: painted by a Type3 glyph procedure (kept apart in out3, see paintedOverText).
  private paint(region: Rect, s: State, how: Paint = "ink") {
    const out = how === "type3" ? this.out3 : this.out;
    const ownGlyphs = how === "ink" ? s.textClip : undefined;
    const r = meet(region, s.clip);
    if (isEmpty(r)) return;
    if (this.extent) {
      this.extent.add(r.x0, r.y0);
      this.extent.add(r.x1, r.y1);
    }
    this.spend(this.grid.near(r, (i) => {
      const box = this.boxes[i];
      if (!this.seen[i] || !overlapsArea(r, box)) return;
      // Only a word that is the clip's text alone: paint in a clip of squares over a word drawn as
      // ordinary text covers it.
      if (ownGlyphs && !this.plainText[i] && sortedHas(ownGlyphs, i)) {
        this.revealed[i] = true;
        return;
      }
      if (out[i].length < MAX_REGIONS_PER_BOX) out[i].push(meet(r, box));
      else if (out[i].length === MAX_REGIONS_PER_BOX) out[i].push(box); // too many to tell apart: covered
    }));
  }

  private show(s: State, bytes: number, spaces: number, kerning: number, codes: Uint32Array | undefined) {
    // The first code shown that the font's ToUnicode reads as other letters than its glyph.
    let misread: string | undefined;
    if (s.font.misread && codes)
      for (const [code, why] of s.font.misread)
        if (codes[code >> 5] & (1 << (code & 31))) {
          misread = why;
          break;
        }
    this.showsText = true;
    const size = Math.abs(s.fontSize), scale = Math.abs(s.scale);
    const reach = s.font.unbounded ? FAR : (bytes * (s.font.advance * size + Math.abs(s.charSpacing)) + spaces * Math.abs(s.wordSpacing) + (Math.abs(kerning) / 1000) * size) * scale;
    const band = 0.5 * size;
    let x0 = this.xlo - reach, x1 = this.xhi + reach, y0 = this.ylo + s.rise - band, y1 = this.yhi + s.rise + band;
    if (s.font.vertical) {
      x0 -= band;
      x1 += band;
      y0 -= reach;
      y1 += reach;
    }
    const r = mapped(times(this.line, s.ctm), x0, y0, x1, y1);
    // Text inside a glyph procedure paints too (a block glyph of another font is a cover).
    if (this.extent) {
      const c = meet(r, s.clip);
      if (!isEmpty(c)) {
        this.extent.add(c.x0, c.y0);
        this.extent.add(c.x1, c.y1);
      }
    }
    // A Type3 glyph paints what its procedure paints, over the text drawn before it.
    if (s.font.type3 && s.font.paints) {
      // A negative size or scale turns the glyphs round their origin: the region reaches as far on either side.
      const g = s.font.paints;
      const gx = Math.max(Math.abs(g.x0), Math.abs(g.x1)) * size * scale, gy = Math.max(Math.abs(g.y0), Math.abs(g.y1)) * size;
      this.paint(mapped(times(this.line, s.ctm), this.xlo - reach - gx, s.rise - gy, this.xhi + reach + gx, s.rise + gy), s, "type3");
    }
    const clips = s.render !== undefined && s.render >= 4 && s.render <= 7;
    this.spend(this.grid.near(r, (i) => {
      if (!touches(r, this.boxes[i])) return;
      this.seen[i] = true;
      if (s.type3 !== undefined) this.type3[i] ??= s.type3;
      if (misread !== undefined) this.misread[i] ??= misread;
      if (clips) this.textClipPending.push(i);
      else this.plainText[i] = true;
    }));
    if (this.textClipPending.length > 2 * this.boxes.length + 1024) // each box once is enough
      this.textClipPending = [...new Set(this.textClipPending)];
    // Inside an /ActualText span the words a viewer's text layer reads are the span's, not what the
    // glyphs draw: the words there are not shown as read, as if covered.
    if (this.actualTextOpen > 0) this.paint(r, s, "actualText");
    this.xlo = Math.max(-FAR, this.xlo - reach);
    this.xhi = Math.min(FAR, this.xhi + reach);
    if (s.font.vertical) {
      this.ylo = Math.max(-FAR, this.ylo - reach);
      this.yhi = Math.min(FAR, this.yhi + reach);
    }
  }

  private newLine(tx: number, ty: number) {
    this.line = times([1, 0, 0, 1, tx, ty], this.line);
    this.xlo = this.xhi = this.ylo = this.yhi = 0;
  }

  // What the glyph procedures of a Type3 font paint, in text space for a font size of 1, as pith's
  // type3Paints: each procedure run as a form, through /FontMatrix. A Type3 font used inside a glyph
  // procedure counts as painting everywhere.
  private extent?: Bounds; // set while a Type3 font's glyph procedures are read: all they paint
  private pageResources: PdfDict = { kind: "dict", entries: new Map() }; // for Type3 fonts without resources of their own
  private type3Paints(font: PdfDict): Rect | undefined {
    if (this.extent) return { ...EVERYWHERE };
    const fm = this.res(font.entries.get("FontMatrix"));
    let m: Matrix = [0.001, 0, 0, 0.001, 0, 0];
    if (fm && typeof fm === "object" && fm.kind === "array" && fm.items.length === 6)
      m = fm.items.map((v) => { const n = numberOf(this.res(v)); return n !== undefined && Number.isFinite(n) ? n : 0; }) as Matrix;
    const procs = this.dictOf(font.entries.get("CharProcs"));
    if (!procs) return undefined;
    // A Type3 font without /Resources takes the page's (ISO 32000-1 9.6.5).
    const resources = this.dictOf(font.entries.get("Resources")) ?? this.pageResources;
    const glyphs = new Interpreter(this.doc, []);
    glyphs.extent = new Bounds();
    glyphs.total = this.total; // the page's content budget, glyph procedures included
    for (const v of procs.entries.values()) {
      const proc = this.res(v);
      if (!proc || typeof proc !== "object" || proc.kind !== "stream") continue;
      const data = this.doc.streamData(proc);
      glyphs.count(data.length);
      const st: State = { ctm: m, clip: EVERYWHERE, lineWidth: 1, miterLimit: 10, lineJoin: 0, font: UNBOUNDED, fontSize: 0, charSpacing: 0, wordSpacing: 0, scale: 1, leading: 0, rise: 0 };
      glyphs.run(data, resources, st, 1);
    }
    this.total = glyphs.total;
    for (const n of glyphs.touched) this.touched.add(n);
    // What viewers read differently inside a glyph procedure is read differently on the page.
    for (const doubt of [glyphs.syntax.doubt, glyphs.readerDoubt])
      if (doubt !== undefined && this.readerDoubt === undefined) this.readerDoubt = `a Type3 glyph procedure: ${doubt}`;
    return glyphs.extent.empty ? undefined : glyphs.extent.rect();
  }

  private fontReach(ref: PdfValue | undefined): FontReach {
    const num = ref && typeof ref === "object" && ref.kind === "ref" ? ref.num : undefined;
    if (num !== undefined && this.fonts.has(num)) return this.fonts.get(num)!;
    let f = UNBOUNDED;
    const font = this.dictOf(ref);
    if (font) {
      const subtype = nameOf(font.entries.get("Subtype")) ?? "";
      let widest = 0;
      const widen = (v: PdfValue | undefined) => {
        const n = numberOf(this.res(v));
        if (n !== undefined) widest = Math.max(widest, Math.abs(n));
      };
      if (subtype === "Type0") {
        const encoding = nameOf(this.res(font.entries.get("Encoding")));
        const horizontal = encoding !== undefined && encoding.endsWith("-H");
        const descendants = this.res(font.entries.get("DescendantFonts"));
        if (descendants && typeof descendants === "object" && descendants.kind === "array" && descendants.items.length) {
          const cid = this.dictOf(descendants.items[0]);
          widest = 1000; // /DW's default
          if (cid?.entries.has("DW")) {
            widest = 0;
            widen(cid.entries.get("DW"));
          }
          const w = this.res(cid?.entries.get("W"));
          if (w && typeof w === "object" && w.kind === "array") {
            // c [w1 w2 ...] or c_first c_last w
            const items = w.items;
            for (let i = 0; i + 1 < items.length; ) {
              const next = this.res(items[i + 1]);
              if (next && typeof next === "object" && next.kind === "array") {
                for (const v of next.items) widen(v);
                i += 2;
              } else {
                if (i + 2 < items.length) widen(items[i + 2]);
                i += 3;
              }
            }
          }
          f = { advance: Math.max(SUBSTITUTE_ADVANCE, widest / 1000), unbounded: false, vertical: !horizontal };
        } else f = { advance: 0, unbounded: true, vertical: !horizontal };
      } else if (subtype === "Type3") {
        // Glyph space is mapped to text space by /FontMatrix; advances are /Widths in glyph space.
        const widths = this.res(font.entries.get("Widths"));
        const fm = this.numbers(font.entries.get("FontMatrix"), 6);
        if (widths && typeof widths === "object" && widths.kind === "array" && fm) {
          for (const v of widths.items) widen(v);
          f = { advance: widest * stretch([fm[0], fm[1], fm[2], fm[3], 0, 0]), unbounded: false, vertical: false };
        }
        f = { ...f, type3: true, paints: this.type3Paints(font) };
      } else {
        const widths = this.res(font.entries.get("Widths"));
        const descriptor = this.dictOf(font.entries.get("FontDescriptor"));
        if (descriptor?.entries.has("MissingWidth")) widen(descriptor.entries.get("MissingWidth"));
        const embedded = this.embedsProgram(descriptor);
        if (widths && typeof widths === "object" && widths.kind === "array") {
          for (const v of widths.items) widen(v);
          f = { advance: Math.max(SUBSTITUTE_ADVANCE, widest / 1000), unbounded: false, vertical: false };
        } else if (!embedded) {
          // Without /Widths viewers take a standard font's metrics (the font's own or a substitute's).
          f = { advance: Math.max(SUBSTITUTE_ADVANCE, widest / 1000), unbounded: false, vertical: false };
        } else f = { advance: 0, unbounded: true, vertical: false };
      }
    }
    if (font && !f.type3) {
      const misread = this.misreadCodes(font, num);
      if (misread) f = { ...f, misread };
    }
    if (num !== undefined && this.fonts.size < 10000) this.fonts.set(num, f);
    return f;
  }

  // Whether a font descriptor carries a font program a viewer can draw from: an entry that names no
  // stream leaves the viewer to draw from a font of its own, by glyph name.
  private embedsProgram(descriptor: PdfDict | undefined): boolean {
    if (!descriptor) return false;
    return ["FontFile", "FontFile2", "FontFile3"].some((key) => {
      const file = this.res(descriptor.entries.get(key));
      return !!file && typeof file === "object" && file.kind === "stream";
    });
  }

  // glyph_reading.ts, for a simple font with /ToUnicode whose glyphs are drawn by name (of an embedded
  // TrueType program, only the names /Differences gives). A font of no or an unknown /Subtype is
  // simple too: poppler reads it as Type1.
  private misreadCodes(font: PdfDict, num: number | undefined): Map<number, string> | undefined {
    const subtype = nameOf(this.res(font.entries.get("Subtype"))) ?? "";
    if (subtype === "Type0" || subtype === "Type3") return undefined;
    const toUnicode = this.res(font.entries.get("ToUnicode"));
    const descriptor = this.dictOf(font.entries.get("FontDescriptor"));
    const embedded = this.embedsProgram(descriptor);
    const fontName = nameOf(this.res(font.entries.get("BaseFont"))) ?? "";
    let name = "the font " + (fontName ? printable(fontName, true, 64) : "without a name");
    if (num !== undefined) name += ` (object ${num})`;
    if (!toUnicode || typeof toUnicode !== "object" || toUnicode.kind !== "stream") {
      // Its text is read from its glyph names.
      const flags = this.res(descriptor?.entries.get("Flags"));
      const symbolic = !!flags && typeof flags === "object" && flags.kind === "number" && flags.integer && (flags.value & 4) !== 0;
      if (embedded || !drawnWithAPickedSymbolFont(fontName, symbolic)) return undefined;
      const all = new Map<number, string>();
      for (let code = 0; code < 256; code++) all.set(code, `${name}: its codes are read by their glyph names, but the viewer may draw it with a symbol font of its own`);
      return all;
    }
    const facts: SimpleFont = { subtype, baseFont: fontName, encoding: "", baseEncoding: "", differences: new Map(), program: "none" };
    const encoding = this.res(font.entries.get("Encoding"));
    if (encoding && typeof encoding === "object" && encoding.kind === "name") facts.encoding = encoding.name;
    else if (encoding && typeof encoding === "object" && encoding.kind === "dict") {
      facts.baseEncoding = nameOf(this.res(encoding.entries.get("BaseEncoding"))) ?? "";
      const d = this.res(encoding.entries.get("Differences"));
      if (d && typeof d === "object" && d.kind === "array") {
        let code = 0; // names before the first code start at 0, as viewers read them
        for (const item of d.items) {
          const v = this.res(item);
          if (v && typeof v === "object" && v.kind === "number" && v.integer) code = v.value;
          else if (v && typeof v === "object" && v.kind === "name") {
            if (code >= 0 && code < 256) facts.differences.set(code, v.name);
            code++;
          }
        }
      }
    }
    if (embedded) {
      const isStream = (v: PdfValue | undefined): v is PdfStream => !!v && typeof v === "object" && v.kind === "stream";
      const type1 = this.res(descriptor?.entries.get("FontFile"));
      const file2 = this.res(descriptor?.entries.get("FontFile2"));
      const file3 = this.res(descriptor?.entries.get("FontFile3"));
      const cff = isStream(file3) && nameOf(this.res(file3.dict.entries.get("Subtype"))) === "Type1C";
      // An embedded TrueType program may select glyphs by code, whatever a base encoding says; a name
      // /Differences gives selects the glyph of that name's letter (poppler and pdf.js look it up by its
      // Unicode value).
      facts.program =
        subtype === "TrueType" || (!isStream(type1) && !isStream(file3) && isStream(file2)) ? "truetype" : isStream(type1) ? "type1" : cff ? "cff" : "other";
      if (facts.program === "type1" && !facts.encoding && !facts.baseEncoding) facts.type1 = this.doc.streamData(type1 as PdfStream);
    }
    const glyphs = simpleFontGlyphNames(facts);
    const { read, doubt, apart } = oneByteToUnicode(this.doc.streamData(toUnicode));
    let misread = misreadGlyphs(glyphs, read, embedded);
    // what these codes, or any code, read as depends on the viewer
    for (const [code, why] of apart) misread.set(code, `its ToUnicode CMap has ${why}`);
    if (doubt) for (let code = 0; code < 256; code++) misread.set(code, `its ToUnicode CMap has ${doubt}`);
    misread = new Map([...misread].sort((x, y) => x[0] - y[0])); // by code, as pith verify lists them
    if (!misread.size) return undefined;
    for (const [code, why] of misread) misread.set(code, `${name}: ${why}`);
    return misread;
  }

  private lookup(resources: PdfDict, category: string, name: string): PdfValue | undefined {
    return this.dictOf(resources.entries.get(category))?.entries.get(name);
  }

  private numbers(v: PdfValue | undefined, n: number): number[] | undefined {
    const a = this.res(v);
    if (!a || typeof a !== "object" || a.kind !== "array" || a.items.length !== n) return undefined;
    const out = a.items.map((x) => numberOf(this.res(x)));
    return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
  }

  private drawXObject(name: string, resources: PdfDict, s: State, depth: number) {
    const entry = this.lookup(resources, "XObject", name);
    if (entry === undefined) return;
    const xobject = this.res(entry);
    if (!xobject || typeof xobject !== "object" || xobject.kind !== "stream") return;
    const subtype = nameOf(xobject.dict.entries.get("Subtype"));
    if (xobject.dict.entries.has("OC")) this.usesGroup(xobject.dict.entries.get("OC"));
    if (subtype === "Image") {
      // Alternate images: Ghostscript (and Acrobat when printing) may draw one, others the image.
      if (xobject.dict.entries.has("Alternates") && this.readerDoubt === undefined)
        this.readerDoubt = "an image the page draws has /Alternates, which Ghostscript draws in its place";
      this.paint(mapped(s.ctm, 0, 0, 1, 1), s);
      return;
    }
    if (subtype !== "Form") return;
    this.drawForm(xobject, resources, s, depth);
  }

  private drawForm(xobject: PdfStream, resources: PdfDict, s: State, depth: number) {
    if (depth >= MAX_FORM_DEPTH) throw new PdfError(`forms are nested more than ${MAX_FORM_DEPTH} deep on the page`);
    if (++this.forms > MAX_FORMS) throw new PdfError(`the page draws more than ${MAX_FORMS} forms`);
    const inner: State = { ...s };
    const matrix = this.res(xobject.dict.entries.get("Matrix"));
    if (matrix && typeof matrix === "object" && matrix.kind === "array" && matrix.items.length === 6) {
      const m = matrix.items.map((x, i) => numberOf(this.res(x)) ?? (i === 0 || i === 3 ? 1 : 0));
      inner.ctm = times(m as Matrix, s.ctm);
    }
    const bbox = this.numbers(xobject.dict.entries.get("BBox"), 4);
    if (bbox)
      inner.clip = meet(inner.clip, mapped(inner.ctm, Math.min(bbox[0], bbox[2]), Math.min(bbox[1], bbox[3]), Math.max(bbox[0], bbox[2]), Math.max(bbox[1], bbox[3])));
    const own = this.res(xobject.dict.entries.get("Resources"));
    const formResources = own && typeof own === "object" && own.kind === "dict" ? own : resources;
    const content = this.doc.streamData(xobject);
    this.count(content.length);
    // The text state inside a form starts from the caller's, as does the graphics state.
    const line = this.line, xlo = this.xlo, xhi = this.xhi, ylo = this.ylo, yhi = this.yhi;
    this.run(content, formResources, inner, depth + 1);
    this.line = line;
    this.xlo = xlo;
    this.xhi = xhi;
    this.ylo = ylo;
    this.yhi = yhi;
  }

  private applyGraphicsState(name: string, resources: PdfDict, s: State) {
    const gs = this.dictOf(this.lookup(resources, "ExtGState", name));
    if (!gs) return;
    const num = (key: string) => numberOf(this.res(gs.entries.get(key)));
    s.lineWidth = num("LW") ?? s.lineWidth;
    s.miterLimit = num("ML") ?? s.miterLimit;
    const join = num("LJ");
    if (join !== undefined) s.lineJoin = Math.trunc(join);
    if (gs.entries.has("Font")) {
      s.font = UNBOUNDED; // a font set from a graphics state: not bounded here
      // [font size]: a Type3 font set this way draws text as one set by Tf does.
      const pair = this.res(gs.entries.get("Font"));
      const font = pair && typeof pair === "object" && pair.kind === "array" ? pair.items[0] : undefined;
      s.type3 = undefined;
      // Its glyphs are read as a font set by Tf is read.
      if (font !== undefined) {
        const misread = this.fontReach(font).misread;
        if (misread) s.font = { ...UNBOUNDED, misread };
      }
      if (nameOf(this.dictOf(font)?.entries.get("Subtype")) === "Type3") {
        const ref = font && typeof font === "object" && font.kind === "ref" ? font.num : undefined;
        s.type3 = ref !== undefined ? `${name} (object ${ref})` : name; // poppler names such a font by the graphics state
      }
    }
  }

  private strokeReach(s: State): number {
    const half = (Math.max(Math.abs(s.lineWidth), 0.5) / 2) * stretch(s.ctm);
    return s.lineJoin === 0 ? half * Math.min(Math.max(s.miterLimit, 1), 10) : half * 1.5;
  }

  private run(s: Uint8Array, resources: PdfDict, st: State, depth: number) {
    let marked = 0, closedOuter = false; // marked-content sections this stream opens and leaves, or closes of its caller's
    const saved: State[] = [];
    let ops: Operand[] = [];
    let overflowed = false; // more operands than any operator takes were dropped
    const spans: boolean[] = []; // marked-content sections this stream opened, true for an /ActualText span
    const subpaths: Bounds[] = [];
    const segments: Rect[] = [];
    let all = new Bounds();
    let cx = 0, cy = 0, sx = 0, sy = 0;
    let clipPending = false;
    const num = (back: number) => {
      if (ops.length < back) return 0;
      const o = ops[ops.length - back];
      return o.kind === "number" ? o.number : 0;
    };
    const point = (x: number, y: number): [number, number] => [st.ctm[0] * x + st.ctm[2] * y + st.ctm[4], st.ctm[1] * x + st.ctm[3] * y + st.ctm[5]];
    const segment = (pts: [number, number][]) => {
      const b = new Bounds();
      for (const [x, y] of pts) b.add(x, y);
      segments.push(b.rect());
      for (const [x, y] of pts) {
        all.add(x, y);
        if (subpaths.length) subpaths[subpaths.length - 1].add(x, y);
      }
    };
    const endPath = (fill: boolean, stroke: boolean) => {
      if (fill) for (const b of subpaths) if (!b.empty) this.paint(b.rect(), st);
      if (stroke) {
        const by = this.strokeReach(st);
        for (const r of segments) this.paint(widened(r, by), st);
      }
      if (clipPending) st.clip = all.empty ? { x0: 0, y0: 0, x1: -1, y1: -1 } : meet(st.clip, all.rect());
      clipPending = false;
      subpaths.length = 0;
      segments.length = 0;
      all = new Bounds();
    };
    const closeSubpath = () => {
      if (subpaths.length) segment([[cx, cy], [sx, sy]]);
    };
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (isWhite(c)) i++;
      else if (c === 0x25) {
        while (i < s.length && s[i] !== 10 && s[i] !== 13) i++;
      } else if (c === 0x28 || (c === 0x3c && s[i + 1] !== 0x3c)) {
        const o = operand("string");
        i = countString(s, i, o);
        ops.push(o);
      } else if (c === 0x5b) {
        // A TJ array: strings and kerning numbers (anything else in it is skipped).
        const o = operand("array");
        i++;
        let nest = 0;
        while (i < s.length) {
          const d = s[i];
          if (isWhite(d)) i++;
          else if (d === 0x5d) {
            i++;
            if (nest-- === 0) break;
          } else if (d === 0x5b) {
            nest++;
            i++;
          } else if (d === 0x28 || (d === 0x3c && s[i + 1] !== 0x3c)) i = countString(s, i, o);
          else if (d === 0x25) {
            while (i < s.length && s[i] !== 10 && s[i] !== 13) i++;
          } else if (regular(d)) {
            const start = i;
            while (i < s.length && regular(s[i])) i++;
            if (looksNumeric(s[start])) o.kerning += Math.abs(this.syntax.number(ascii(s, start, i), i - start));
          } else i++;
        }
        ops.push(o);
      } else if (c === 0x3c) {
        // A dictionary operand (marked-content properties): skipped whole.
        let nest = 0;
        const start = i;
        while (i < s.length) {
          if (s[i] === 0x28) i = countString(s, i, operand("other"));
          else if (s[i] === 0x3c && s[i + 1] === 0x3c) {
            nest++;
            i += 2;
          } else if (s[i] === 0x3e && s[i + 1] === 0x3e) {
            i += 2;
            if (--nest === 0) break;
          } else i++;
        }
        const o = operand("other");
        const dict = String.fromCharCode(...s.subarray(start, Math.min(i, start + 65536)));
        o.actualText = dict.includes("/ActualText") || dict.includes("#") || i - start > 65536;
        ops.push(o);
      } else if (c === 0x2f) {
        const start = ++i;
        while (i < s.length && regular(s[i])) i++;
        const o = operand("name");
        o.name = decodedName(String.fromCharCode(...s.subarray(start, Math.min(i, start + 256))));
        ops.push(o);
      } else if (!regular(c)) i++;
      else {
        const start = i;
        while (i < s.length && regular(s[i])) i++;
        const first = s[start];
        if (looksNumeric(first)) {
          const o = operand("number");
          o.number = this.syntax.number(ascii(s, start, i), i - start);
          if (ops.length > 64) {
            ops = ops.slice(-8); // no operator takes more
            overflowed = true;
          }
          ops.push(o);
          continue;
        }
        const word = ascii(s, start, i);
        if (word === "true" || word === "false" || word === "null") {
          ops.push(operand("other"));
          continue;
        }
        this.syntax.check(word, overflowed ? ops.length + 64 : ops.length);
        overflowed = false;
        switch (word) {
          case "q":
            if (saved.length < 4096) saved.push({ ...st });
            break;
          case "Q":
            if (saved.length) st = saved.pop()!;
            break;
          case "cm":
            st.ctm = times([num(6), num(5), num(4), num(3), num(2), num(1)], st.ctm);
            break;
          case "w":
            st.lineWidth = num(1);
            break;
          case "M":
            st.miterLimit = num(1);
            break;
          case "j":
            st.lineJoin = Math.trunc(num(1));
            break;
          case "gs":
            if (ops.length && ops[ops.length - 1].kind === "name") this.applyGraphicsState(ops[ops.length - 1].name, resources, st);
            break;
          case "m": {
            [cx, cy] = point(num(2), num(1));
            sx = cx;
            sy = cy;
            const b = new Bounds();
            b.add(cx, cy);
            subpaths.push(b);
            all.add(cx, cy);
            break;
          }
          case "l": {
            const [x, y] = point(num(2), num(1));
            if (!subpaths.length) subpaths.push(new Bounds());
            segment([[cx, cy], [x, y]]);
            cx = x;
            cy = y;
            break;
          }
          case "c":
          case "v":
          case "y": {
            let p1: [number, number], p2: [number, number];
            if (word === "c") {
              p1 = point(num(6), num(5));
              p2 = point(num(4), num(3));
            } else {
              p1 = point(num(4), num(3));
              p2 = p1;
            }
            const p3 = point(num(2), num(1));
            if (!subpaths.length) subpaths.push(new Bounds());
            segment([[cx, cy], p1, p2, p3]);
            [cx, cy] = p3;
            break;
          }
          case "re": {
            const x = num(4), y = num(3), w = num(2), h = num(1);
            const p = [point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h)];
            const b = new Bounds();
            b.add(p[0][0], p[0][1]);
            subpaths.push(b);
            all.add(p[0][0], p[0][1]);
            for (let k = 0; k < 4; k++) segment([p[k], p[(k + 1) % 4]]);
            [cx, cy] = p[0];
            [sx, sy] = p[0];
            break;
          }
          case "h":
            closeSubpath();
            cx = sx;
            cy = sy;
            break;
          case "W":
          case "W*":
            clipPending = true;
            break;
          case "n":
            endPath(false, false);
            break;
          case "f":
          case "F":
          case "f*":
            endPath(true, false);
            break;
          case "S":
            endPath(false, true);
            break;
          case "s":
            closeSubpath();
            endPath(false, true);
            break;
          case "B":
          case "B*":
            endPath(true, true);
            break;
          case "b":
          case "b*":
            closeSubpath();
            endPath(true, true);
            break;
          case "sh":
            this.paint(EVERYWHERE, st);
            break;
          case "Do":
            if (ops.length && ops[ops.length - 1].kind === "name") this.drawXObject(ops[ops.length - 1].name, resources, st, depth);
            break;
          case "BI": {
            // Inline image: its dictionary, then data from ID to EI preceded by white space.
            const atWord = (a: number, b: number) => i + 2 < s.length && isWhite(s[i]) && s[i + 1] === a && s[i + 2] === b && (i + 3 >= s.length || !regular(s[i + 3]));
            for (; i + 2 < s.length; i++) if (atWord(0x49, 0x44)) break;
            const data = i + 4;
            for (i += 3; i + 2 < s.length; i++) if (atWord(0x45, 0x49)) break;
            // An "EI" and white space in the data (poppler reads the data by its length and then looks
            // for "EI" without white space before it): viewers may end the image there.
            for (let k = data; k + 2 <= i && k + 2 < s.length; k++)
              if (s[k] === 0x45 && s[k + 1] === 0x49 && isWhite(s[k + 2]) && this.readerDoubt === undefined)
                this.readerDoubt = 'an inline image\'s data holds "EI" where viewers may end the image: they then draw different content after it';
            i += 3;
            this.paint(mapped(st.ctm, 0, 0, 1, 1), st);
            break;
          }
          case "BMC":
            marked++;
            spans.push(false);
            break;
          case "EMC":
            if (marked === 0) closedOuter = true;
            else marked--;
            if (spans.length && spans.pop()) this.actualTextOpen--;
            break;
          case "BDC": {
            marked++;
            // /ActualText: text extraction reads the span as that text, whatever its glyphs draw.
            const props = ops[ops.length - 1];
            let actual = !!props?.actualText;
            if (props?.kind === "name") actual = !!this.dictOf(this.lookup(resources, "Properties", props.name))?.entries.has("ActualText");
            spans.push(actual);
            if (actual) this.actualTextOpen++;
            if (ops.length >= 2 && ops[ops.length - 2].kind === "name" && ops[ops.length - 2].name === "OC") {
              // The group is named in /Properties; an inline dictionary names none (its state cannot be told alike).
              const last = ops[ops.length - 1];
              this.usesGroup(last.kind === "name" ? this.lookup(resources, "Properties", last.name) : undefined);
            }
            break;
          }
          case "BT":
            this.line = IDENTITY;
            this.xlo = this.xhi = this.ylo = this.yhi = 0;
            this.textClipPending = [];
            break;
          case "ET":
            // The clip of text shown in a clipping mode is applied at ET (ISO 32000-1 9.3.6).
            if (this.textClipPending.length) {
              const clip = new Set([...this.textClipPending, ...(st.textClip ?? [])]);
              st.textClip = [...clip].sort((a, b) => a - b);
              this.textClipPending = [];
            }
            break;
          case "Tr":
            st.render = Math.trunc(num(1));
            break;
          case "Tf":
            st.fontSize = num(1);
            st.font = UNBOUNDED;
            st.type3 = undefined;
            if (ops.length >= 2 && ops[ops.length - 2].kind === "name") {
              const name = ops[ops.length - 2].name;
              const f = this.lookup(resources, "Font", name);
              if (f !== undefined) {
                st.font = this.fontReach(f);
                if (nameOf(this.dictOf(f)?.entries.get("Subtype")) === "Type3") {
                  const num = f && typeof f === "object" && f.kind === "ref" ? f.num : undefined;
                  st.type3 = num !== undefined ? `${name} (object ${num})` : name;
                }
              }
            }
            break;
          case "Tc":
            st.charSpacing = num(1);
            break;
          case "Tw":
            st.wordSpacing = num(1);
            break;
          case "Tz":
            st.scale = num(1) / 100;
            break;
          case "TL":
            st.leading = num(1);
            break;
          case "Ts":
            st.rise = num(1);
            break;
          case "Td":
            this.newLine(num(2), num(1));
            break;
          case "TD":
            st.leading = -num(1);
            this.newLine(num(2), num(1));
            break;
          case "Tm":
            this.line = [num(6), num(5), num(4), num(3), num(2), num(1)];
            this.xlo = this.xhi = this.ylo = this.yhi = 0;
            break;
          case "T*":
            this.newLine(0, -st.leading);
            break;
          case "Tj":
          case "'":
          case '"':
          case "TJ":
            if (word === '"') {
              st.wordSpacing = num(3);
              st.charSpacing = num(2);
            }
            if (word === "'" || word === '"') this.newLine(0, -st.leading);
            if (ops.length) {
              const o = ops[ops.length - 1];
              this.show(st, o.bytes, o.spaces, o.kerning, o.codes);
            }
            break;
        }
        ops = [];
      }
      if (ops.length > 64) {
        ops = ops.slice(-8);
        overflowed = true;
      }
    }
    // A form whose content leaves a marked-content section open, or closes one it did not open:
    // poppler ends such sections at the form's end and keeps a form's EMC from closing the caller's,
    // MuPDF and Ghostscript keep one stack across forms, so optional content opened in one form and
    // closed in another shows in one viewer and not in another.
    for (const actual of spans) if (actual) this.actualTextOpen--; // spans end with their stream
    if (depth > 0 && this.formMarkedContent === undefined && (marked !== 0 || closedOuter))
      this.formMarkedContent = `the page draws a form whose content ${closedOuter ? "closes a marked-content section it did not open" : `leaves ${marked} marked-content section(s) open`}: viewers scope marked content (and optional content) across forms differently`;
  }
  private formMarkedContent?: string;
  private actualTextOpen = 0; // /ActualText marked-content spans open where text is shown
  private textClipPending: number[] = []; // boxes text in a clipping mode reached since BT (State.textClip)
  private boxDoubt?: string;
  private syntax = new OperatorSyntax(); // operators viewers read differently (operator_syntax.ts)
  // The first of the page's other constructs viewers read differently: an annotation's /OC, an
  // image's /Alternates, an inline image whose data holds EI, a stream ending in a comment.
  private readerDoubt?: string;
}

const mark = (o: Operand, code: number) => {
  o.codes ??= new Uint32Array(8);
  o.codes[code >> 5] |= 1 << (code & 31);
};
const ESCAPED: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 }; // \n \r \t \b \f

// A string operand at s[i] ('(' or '<'): its byte count, spaces and the codes it shows (as one-byte
// codes: Interpreter.misread) added to o; returns the index past it.
function countString(s: Uint8Array, i: number, o: Operand): number {
  if (s[i] === 0x28) {
    let nest = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === 0x5c) {
        i++;
        if (i < s.length && s[i] >= 0x30 && s[i] <= 0x37) {
          let v = s[i] - 0x30;
          for (let k = 0; k < 2 && i + 1 < s.length && s[i + 1] >= 0x30 && s[i + 1] <= 0x37; k++) v = v * 8 + (s[++i] - 0x30);
          mark(o, v & 0xff);
          o.bytes++;
          continue;
        }
        if (i < s.length && s[i] !== 10 && s[i] !== 13) {
          // an escaped end of line shows nothing
          mark(o, ESCAPED[s[i]] ?? s[i]);
          o.bytes++;
        }
        continue;
      }
      if (c === 0x28 && nest++ === 0) continue;
      if (c === 0x29 && --nest === 0) break;
      o.bytes++;
      mark(o, c === 13 ? 10 : c);
      if (c === 0x20) o.spaces++;
    }
    return i + 1;
  }
  let digits = 0, nibble = -1;
  for (i++; i < s.length && s[i] !== 0x3e; i++) {
    if (isWhite(s[i])) continue;
    digits++;
    const h = s[i];
    const v = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x61 + 10 : h >= 0x41 && h <= 0x46 ? h - 0x41 + 10 : 0;
    if (nibble < 0) nibble = v;
    else {
      mark(o, nibble * 16 + v);
      nibble = -1;
    }
  }
  if (nibble >= 0) mark(o, nibble * 16);
  const bytes = Math.floor((digits + 1) / 2);
  o.bytes += bytes;
  o.spaces += bytes; // which bytes are 0x20 is not worked out: every one may be
  return i + 1;
}

// regions: for each box, the regions (PDF user space, cut to the box) painted after text may have
// drawn into it; ambiguities: what the reader repaired that viewers repair differently, in the
// objects read for this (the page, its content, resources, fonts, graphics states, forms, images)
// or in the cross-reference sections. Throws PdfError when the content cannot be read to its end
// or exceeds the limits.
// type3: for each box, the Type3 font its text may be drawn in ("T3 (object 8)"), if any;
// revealed: for each box, whether paint shows through the glyphs of a text clip there (Interpreter.revealed);
// misread: for each box, why its text may be read as other letters than it draws (Interpreter.misread).
export function paintedOverText(doc: PdfDocument, pageIndex: number, boxes: Rect[]): { regions: Rect[][]; ambiguities: string[]; type3: (string | undefined)[]; revealed: boolean[]; misread: (string | undefined)[] } {
  const interpreter = new Interpreter(doc, boxes);
  const regions = interpreter.runPage(pageIndex);
  const type3 = boxes.map((_, i) => interpreter.type3[i]);
  // A Type3 glyph paints over the text drawn before it, but not over text that may be drawn in a
  // Type3 font: those are the glyphs' own (the Type3 rule judges them, "Glyphs bound to letters").
  regions.forEach((r, i) => { if (type3[i] === undefined) r.push(...interpreter.out3[i]); });
  return { regions, ambiguities: interpreter.ambiguities(), type3, revealed: boxes.map((_, i) => interpreter.revealed[i] === true), misread: boxes.map((_, i) => interpreter.misread[i]) };
}

// What an annotation's normal appearance (a form XObject) paints into the boxes when drawn at the
// annotation's /Rect, every box's text drawn before it. showsText: it shows text of its own, which
// lies under /Rect only in the viewers that draw the appearance (MuPDF draws no Link's).
// Throws PdfError as paintedOverText does.
// doubt: its content is read differently by viewers (as far as the page's ambiguities concern
// content): what it paints is then not known.
export function paintedByAppearance(doc: PdfDocument, appearance: PdfValue | undefined, rect: Rect, boxes: Rect[]): { regions: Rect[][]; showsText: boolean; doubt?: string } {
  const interpreter = new Interpreter(doc, boxes);
  const regions = interpreter.runAppearance(appearance, rect);
  // The page's words are not drawn by an appearance's glyphs: what they paint covers them too.
  regions.forEach((r, i) => r.push(...interpreter.out3[i]));
  return { regions, showsText: interpreter.showsText, doubt: interpreter.contentDoubt() };
}

// The share (0..1) of the box's area that the union of the regions covers.
export function coveredShare(box: Rect, regions: Rect[]): number {
  const area = (box.x1 - box.x0) * (box.y1 - box.y0);
  if (area <= 0) return regions.length ? 1 : 0;
  const cut: Rect[] = [];
  const xs: number[] = [];
  for (const r of regions) {
    const c = meet(r, box);
    if (c.x0 >= c.x1 || c.y0 >= c.y1) continue;
    cut.push(c);
    xs.push(c.x0, c.x1);
  }
  const edges = [...new Set(xs)].sort((a, b) => a - b);
  let covered = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const mid = (edges[k] + edges[k + 1]) / 2;
    const spans = cut.filter((c) => c.x0 <= mid && mid < c.x1).map((c) => [c.y0, c.y1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let length = 0, top = -FAR;
    for (const [y0, y1] of spans) {
      if (y1 <= top) continue;
      length += y1 - Math.max(y0, top);
      top = y1;
    }
    covered += length * (edges[k + 1] - edges[k]);
  }
  return Math.min(1, covered / area);
}
