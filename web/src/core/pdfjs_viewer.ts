// The Viewer of viewer_checks.ts on pdf.js: words with their boxes (PDF user space, and the page as
// displayed), text lines, and, where a canvas can be made, the ink under words.
import { ZBarConfigType, ZBarImage, ZBarScanner, ZBarSymbolType } from "@undecaf/zbar-wasm";
import type { QrCode, Viewer, Word } from "./viewer_checks";

// How a thread draws: a canvas factory as pdf.js takes it (OffscreenCanvas in the page's worker) and
// the document options drawing needs (the bundled standard fonts). Node has none: it reads text only.
export type Drawing = {
  canvasFactory: { create(w: number, h: number): { canvas: unknown; context: unknown }; destroy(e: unknown): void };
  documentOptions: Record<string, unknown>;
};

// Rendering resolution of the ink measurement, in pixels a point, and the largest region rendered:
// those of pith verify (docs/REPORT.md, "What a reader sees").
const INK_SCALE = 1.5;
const MAX_INK_PIXELS = 40_000_000;
// How far a pixel's luminance must be from its box's median to be ink: a quarter of the range.
const INK_CONTRAST = 64;

// The level at index n/2 of the n levels counted (the upper median, as pith verify takes it).
function medianLevel(counts: number[], n: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v];
    if (seen > Math.floor(n / 2)) return v;
  }
  return 255;
}

// pdf.js is handed in (the legacy build under Node, the browser build in the page's worker).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function openWithPdfjs(pdfjs: any, bytes: Uint8Array, drawing?: Drawing): Promise<Viewer> {
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0, maxImageSize: 1 << 24,
    ...(drawing ? { canvasFactory: drawing.canvasFactory, isOffscreenCanvasSupported: true, ...drawing.documentOptions } : {}) });
  const doc = await task.promise;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pages = new Map<number, Promise<any>>();
  const pageOf = (page: number) => {
    if (!pages.has(page)) pages.set(page, doc.getPage(page + 1));
    return pages.get(page)!;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const content = new Map<number, Promise<any>>();
  const text = (page: number) => {
    if (!content.has(page)) content.set(page, pageOf(page).then((p) => visibleText(pdfjs, doc, p)));
    return content.get(page)!;
  };
  // Words are made once a page: the checks measure ink per word object.
  const wordsOf = new Map<number, Promise<Word[]>>();
  const viewer: Viewer = {
    pageCount: doc.numPages,
    words(page: number): Promise<Word[]> {
      if (!wordsOf.has(page)) wordsOf.set(page, Promise.all([pageOf(page), text(page)]).then(([p, tc]) => wordsOfContent(p, tc)));
      return wordsOf.get(page)!;
    },
    async lines(page: number): Promise<string[]> {
      return linesOfContent(await text(page));
    },
    async close() {
      await task.destroy();
    },
  };
  if (drawing) {
    viewer.ink = (page, words) => inkUnder(drawing, pageOf(page), words);
    viewer.qrCodes = (page, x0, y0, x1, y1, pixelsPerPoint, leastPixelsPerPoint, hairlines) =>
      qrCodesIn(drawing, pageOf(page), x0, y0, x1, y1, pixelsPerPoint, leastPixelsPerPoint, hairlines);
    viewer.recognizedText = (page, left, top, right, bottom, textHeight, rotation, blank, keep) =>
      recognizedText(drawing, pageOf(page), left, top, right, bottom, textHeight, rotation, blank, keep);
  }
  return viewer;
}

// The words of a page's text content, each with its box: along the baseline its share of the
// item's advance, across it the font's ascent and descent, as poppler (pith verify's viewer)
// takes them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function wordsOfContent(page: any, tc: any): Word[] {
  const view = page.getViewport({ scale: 1 });
  const out: Word[] = [];
  for (const it of tc.items) {
    if (typeof it.str !== "string" || !it.str.trim()) continue;
    const [a, b, c, d, e, f] = it.transform as number[];
    // The font size as displayed: the length of the text space's vertical unit in device space
    // (font size, text matrix and CTM; horizontal scaling left out), poppler's transformed font size.
    const fontSize = Math.hypot(c, d);
    const size = fontSize || it.height || 1;
    const style = tc.styles?.[it.fontName];
    const ascent = style && Number.isFinite(style.ascent) && style.ascent > 0 ? style.ascent : 0.8;
    const descent = style && Number.isFinite(style.descent) && style.descent < 0 ? style.descent : -0.25;
    // The direction, as poppler tells it: from the text space to the displayed page (y down).
    const [va, vb, vc, vd] = view.transform as number[];
    const m0 = va * a + vc * b, m1 = vb * a + vd * b, m2 = va * c + vc * d, m3 = vb * c + vd * d;
    const rotation = Math.abs(m0 * m3) > Math.abs(m1 * m2) ? (m0 > 0 || m3 < 0 ? 0 : 2) : m2 > 0 ? 1 : 3;
    const total = it.width || 0;
    const chars = it.str.length || 1;
    // Along the baseline (the text space's x axis) and across it (its y axis), in user space: text
    // turned by its matrix (a badge drawn upright on a page turned by /Rotate) has turned boxes.
    const along = Math.hypot(a, b) || 1, across = Math.hypot(c, d) || 1;
    const ux = Math.hypot(a, b) ? a / along : 1, uy = Math.hypot(a, b) ? b / along : 0;
    const vx = Math.hypot(c, d) ? c / across : 0, vy = Math.hypot(c, d) ? d / across : 1;
    let advance = 0;
    for (const part of it.str.split(/(\s+)/)) {
      const w = (total * part.length) / chars;
      if (part.trim()) {
        const xs: number[] = [], ys: number[] = [];
        for (const t of [advance, advance + w])
          for (const h of [descent * size, ascent * size]) {
            xs.push(e + ux * t + vx * h);
            ys.push(f + uy * t + vy * h);
          }
        const x0 = Math.min(...xs), y0 = Math.min(...ys), x1 = Math.max(...xs), y1 = Math.max(...ys);
        const [l, t, r, bottom] = view.convertToViewportRectangle([x0, y0, x1, y1]) as number[];
        out.push({ text: part, x0, y0, x1, y1, left: Math.min(l, r), top: Math.min(t, bottom), right: Math.max(l, r), bottom: Math.max(t, bottom), size: fontSize, rotation });
      }
      advance += w;
    }
  }
  return out;
}

// The text content's lines, as pdf.js ends them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function linesOfContent(tc: any): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const it of tc.items) {
    if (typeof it.str !== "string") continue;
    cur += it.str;
    if (it.hasEOL) {
      lines.push(cur);
      cur = "";
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

// The page's text content without what optional content hides: a viewer (poppler, which pith
// verify reads) neither draws nor extracts text in a hidden group. pdf.js's text content marks
// where a `/OC ... BDC` section begins but not which group it names; its operator list names the
// groups, in the same order. When the two do not pair up one to one, nothing is taken out.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function visibleText(pdfjs: any, doc: any, page: any) {
  const tc = await page.getTextContent({ includeMarkedContent: true });
  const isOc = (it: { type?: string; tag?: string }) => it.type === "beginMarkedContentProps" && it.tag === "OC";
  const sections = tc.items.filter(isOc).length;
  if (!sections) return tc;
  const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  const groups: unknown[] = [];
  ops.fnArray.forEach((fn: number, i: number) => {
    if (fn === pdfjs.OPS.beginMarkedContentProps && ops.argsArray[i]?.[0] === "OC") groups.push(ops.argsArray[i][1]);
  });
  if (groups.length !== sections) return tc;
  const config = await doc.getOptionalContentConfig();
  const visible = groups.map((g) => {
    try {
      return config.isVisible(g) !== false;
    } catch {
      return true;
    }
  });
  const open: boolean[] = [];
  let next = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const items: any[] = [];
  for (const it of tc.items) {
    if (isOc(it)) open.push(visible[next++]);
    else if (it.type === "beginMarkedContent" || it.type === "beginMarkedContentProps") open.push(true);
    else if (it.type === "endMarkedContent") open.pop();
    else if (open.every((v) => v)) items.push(it);
  }
  return { ...tc, items };
}

// The region rendered for QR codes (cut to the page): pixelsPerPoint, fewer where the region would
// exceed QR_MAX_PIXELS, turned grey as pith verify turns it, and read by zbar (compiled to
// WebAssembly: the decoder pith verify links), so that both read the same codes (docs/FORMAT.md).
const QR_MAX_PIXELS = 24_000_000;

// The QR codes zbar reads in one grey image (as pith verify's qr_scan.cpp configures it).
async function zbarSymbols(grey: Uint8Array, w: number, h: number) {
  const scanner = await ZBarScanner.create();
  const image = await ZBarImage.createFromGrayBuffer(w, h, grey.buffer);
  try {
    // QR codes only, their data as encoded, light on dark too.
    scanner.setConfig(ZBarSymbolType.ZBAR_NONE, ZBarConfigType.ZBAR_CFG_ENABLE, 0);
    scanner.setConfig(ZBarSymbolType.ZBAR_QRCODE, ZBarConfigType.ZBAR_CFG_ENABLE, 1);
    scanner.setConfig(ZBarSymbolType.ZBAR_QRCODE, ZBarConfigType.ZBAR_CFG_BINARY, 1);
    scanner.setConfig(ZBarSymbolType.ZBAR_NONE, ZBarConfigType.ZBAR_CFG_TEST_INVERTED, 1);
    if (scanner.scan(image) <= 0) return [];
    return image.getSymbols().slice(0, 64).filter((sym) => sym.type === ZBarSymbolType.ZBAR_QRCODE && sym.points.length > 0);
  } finally {
    image.destroy();
    scanner.destroy();
  }
}

// Each pixel the darkest of itself and its neighbours right and below, as pith verify's
// qr_scan.cpp: a code drawn as one rule per row of modules (the LaTeX package's) leaves light
// hairlines between the rows where the canvas anti-aliases each rule's edges; no camera sees them,
// but they split zbar's modules.
function closeHairlines(input: Uint8Array, w: number, h: number): Uint8Array {
  const rows = new Uint8Array(input.length), out = new Uint8Array(input.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      rows[i] = x + 1 < w ? Math.min(input[i], input[i + 1]) : input[i];
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      out[i] = y + 1 < h ? Math.min(rows[i], rows[i + w]) : rows[i];
    }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
// A region of the page as displayed (points from its top left), cut to the page (at most 14400 pt
// a side), as pith verify's cutToPage; undefined when nothing of it is on the page.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function cutToPage(unit: any, left: number, top: number, right: number, bottom: number) {
  const width = Math.min(unit.width, 14400), height = Math.min(unit.height, 14400);
  const clamp = (v: number, most: number) => Math.min(Math.max(v, 0), most);
  const r = { left: clamp(left, width), top: clamp(top, height), right: clamp(right, width), bottom: clamp(bottom, height) };
  return r.right > r.left && r.bottom > r.top ? r : undefined;
}

// The pixels that cover a region at scale s, and the region's pixels (RGBA) turned grey with the
// weights pith verify uses.
const pixelsOf = (r: { left: number; top: number; right: number; bottom: number }, s: number) => {
  const x = Math.floor(r.left * s), y = Math.floor(r.top * s);
  return { x, y, w: Math.ceil(r.right * s) - x, h: Math.ceil(r.bottom * s) - y };
};
function greyOf(data: Uint8ClampedArray, w: number, h: number): Uint8Array {
  const grey = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) grey[i] = Math.trunc((114 * data[4 * i + 2] + 587 * data[4 * i + 1] + 299 * data[4 * i]) / 1000);
  return grey;
}

async function qrCodesIn(drawing: Drawing, pagePromise: Promise<any>, x0: number, y0: number, x1: number, y1: number, pixelsPerPoint: number, leastPixelsPerPoint: number, hairlines: boolean): Promise<QrCode[] | undefined> {
  const out: QrCode[] = [];
  const page = await pagePromise;
  const unit = page.getViewport({ scale: 1 });
  // The region as displayed (points from the top left).
  const [l, t, r, b] = unit.convertToViewportRectangle([x0, y0, x1, y1]) as number[];
  const region = cutToPage(unit, Math.min(l, r), Math.min(t, b), Math.max(l, r), Math.max(t, b));
  if (!region || !(pixelsPerPoint > 0)) return out;
  const s = Math.min(pixelsPerPoint, Math.sqrt(QR_MAX_PIXELS / ((region.right - region.left) * (region.bottom - region.top))));
  if (s < leastPixelsPerPoint) return undefined;
  const { x, y, w, h } = pixelsOf(region, s);
  if (w <= 0 || h <= 0) return out;
  const grey = greyOf(await renderedRegion(drawing, page, s, x, y, w, h), w, h);
  for (const image of hairlines ? [grey, closeHairlines(grey, w, h)] : [grey])
    for (const sym of await zbarSymbols(image, w, h)) {
      const xs = sym.points.map((p) => p.x), ys = sym.points.map((p) => p.y);
      // Back to the page as displayed (points), then to user space.
      const [ux0, uy0] = unit.convertToPdfPoint((x + Math.min(...xs)) / s, (y + Math.min(...ys)) / s) as number[];
      const [ux1, uy1] = unit.convertToPdfPoint((x + Math.max(...xs)) / s, (y + Math.max(...ys)) / s) as number[];
      let text = "";
      for (const b of new Uint8Array(sym.data.buffer, sym.data.byteOffset, sym.data.length)) text += String.fromCharCode(b);
      out.push({ text, x0: Math.min(ux0, ux1), y0: Math.min(uy0, uy1), x1: Math.max(ux0, ux1), y1: Math.max(uy0, uy1) });
    }
  return out;
}

// Character recognition, as pith verify's ViewerDocument::recognizedText: the largest region
// rendered for it, and the text height rendered 40 pixels high (1 to 8 pixels a point).
const RECOGNITION_MAX_PIXELS = 16_000_000;

// A grey image turned so that text running in direction `rotation` (Word's: 0 left to right, 1 top
// to bottom, 2 right to left upside down, 3 bottom to top) reads left to right, as pith verify's
// uprightImage: 1 a quarter turn counterclockwise, 3 clockwise, 2 a half turn.
function uprightImage(grey: Uint8Array, w: number, h: number, rotation: number): { grey: Uint8Array; width: number; height: number } {
  if (rotation !== 1 && rotation !== 2 && rotation !== 3) return { grey, width: w, height: h };
  const out = new Uint8Array(grey.length);
  if (rotation === 2) {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) out[(h - 1 - y) * w + (w - 1 - x)] = grey[y * w + x];
    return { grey: out, width: w, height: h };
  }
  // A quarter turn: the new image is h wide and w high; (x, y) goes to (y, w - 1 - x) for 1, to
  // (h - 1 - y, x) for 3.
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const nx = rotation === 1 ? y : h - 1 - y, ny = rotation === 1 ? w - 1 - x : x;
      out[ny * h + nx] = grey[y * w + x];
    }
  return { grey: out, width: h, height: w };
}

// The text character recognition reads in a region of the page as displayed (points from its top
// left: left, top, right, bottom) that holds text textHeight points high running in direction
// rotation (Word's): the region cut to the page, rendered on white at 40 pixels to textHeight (1 to
// 8 pixels a point, fewer where the region would exceed RECOGNITION_MAX_PIXELS), turned grey,
// turned upright and read by Tesseract (text_recognition.ts); `blank`, rectangles in PDF user space
// ([x0, y0, x1, y1]: a stamp's badge) painted white before; `keep`, boxes in the region's
// coordinates ([left, top, right, bottom]: the lines read) outside which it is painted white too
// (none: the whole region). "" for a region off the page;
// undefined where this thread cannot draw. Throws (text_recognition.ts's Error) when the engine
// cannot start. `page`: pdf.js's page (PDFPageProxy) or a promise of it, as inkUnder and qrCodesIn
// take it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function recognizedText(drawing: Drawing | undefined, page: any, left: number, top: number, right: number, bottom: number, textHeight: number, rotation: number, blank: number[][] = [], keep: number[][] = []): Promise<string | undefined> {
  if (!drawing) return undefined;
  const p = await page;
  const unit = p.getViewport({ scale: 1 });
  const region = cutToPage(unit, left, top, right, bottom);
  if (!region) return "";
  let s = textHeight > 0 ? Math.min(Math.max(40 / textHeight, 1), 8) : 1;
  s = Math.min(s, Math.sqrt(RECOGNITION_MAX_PIXELS / ((region.right - region.left) * (region.bottom - region.top))));
  const { x, y, w, h } = pixelsOf(region, s);
  if (w <= 0 || h <= 0) return "";
  const grey = greyOf(await renderedRegion(drawing, p, s, x, y, w, h), w, h);
  for (const [x0, y0, x1, y1] of blank) {
    const [l, t, r, b] = unit.convertToViewportRectangle([x0, y0, x1, y1]) as number[];
    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    const bx0 = clamp(Math.floor(Math.min(l, r) * s) - x, w), by0 = clamp(Math.floor(Math.min(t, b) * s) - y, h);
    const bx1 = clamp(Math.ceil(Math.max(l, r) * s) - x, w), by1 = clamp(Math.ceil(Math.max(t, b) * s) - y, h);
    for (let yy = by0; yy < by1; yy++) grey.fill(255, yy * w + bx0, yy * w + Math.max(bx0, bx1));
  }
  if (keep.length) {
    const kept = new Uint8Array(grey.length);
    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    for (const [l, t, r, b] of keep) {
      const kx0 = clamp(Math.floor(l * s) - x, w), ky0 = clamp(Math.floor(t * s) - y, h);
      const kx1 = clamp(Math.ceil(r * s) - x, w), ky1 = clamp(Math.ceil(b * s) - y, h);
      for (let yy = ky0; yy < ky1; yy++) kept.fill(1, yy * w + kx0, yy * w + Math.max(kx0, kx1));
    }
    for (let i = 0; i < grey.length; i++) if (!kept[i]) grey[i] = 255;
  }
  const upright = uprightImage(grey, w, h, rotation);
  // Loaded on first use (text_recognition.ts: its engine and data are bundled as 9 MB of bytes).
  const { recognizeText } = await import("./text_recognition");
  return recognizeText(upright.grey, upright.width, upright.height, Math.round(72 * s));
}

// For each word, the share of its box (0..1) whose pixels stand out from the box's median
// luminance by INK_CONTRAST or more, as pith verify measures it (docs/FORMAT.md, step 7): glyphs
// stand out from their own background, so text under a fill of any colour (a black bar too) has
// none, and white text on a dark banner has ink. One rendering of the region the words span,
// annotations included.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function inkUnder(drawing: Drawing, pagePromise: Promise<any>, words: Word[]): Promise<number[]> {
  const out = words.map(() => 0);
  if (!words.length) return out;
  const page = await pagePromise;
  const s = INK_SCALE;
  const l = Math.min(...words.map((w) => w.left)), t = Math.min(...words.map((w) => w.top));
  const r = Math.max(...words.map((w) => w.right)), b = Math.max(...words.map((w) => w.bottom));
  const x = Math.floor(l * s), y = Math.floor(t * s);
  const w = Math.ceil(r * s) - x + 1, h = Math.ceil(b * s) - y + 1;
  if (w <= 0 || h <= 0 || w * h > MAX_INK_PIXELS) return out;
  const data = await renderedRegion(drawing, page, s, x, y, w, h);
  words.forEach((word, i) => {
    const x0 = Math.max(0, Math.trunc(word.left * s) - x), x1 = Math.min(w, Math.trunc(word.right * s) - x);
    const y0 = Math.max(0, Math.trunc(word.top * s) - y), y1 = Math.min(h, Math.trunc(word.bottom * s) - y);
    // Luminance 0..255 of each pixel (RGBA), counted by level: the median is read off the counts.
    const counts = new Array<number>(256).fill(0);
    let all = 0;
    for (let yy = y0; yy < y1; yy++)
      for (let xx = x0; xx < x1; xx++) {
        const p = 4 * (yy * w + xx);
        counts[Math.trunc((114 * data[p + 2] + 587 * data[p + 1] + 299 * data[p]) / 1000)]++;
        all++;
      }
    if (!all) return;
    const background = medianLevel(counts, all);
    let standing = 0;
    counts.forEach((n, v) => {
      if (Math.abs(v - background) >= INK_CONTRAST) standing += n;
    });
    out[i] = standing / all;
  });
  return out;
}

// The pixels (RGBA) of a region of the page rendered at scale s, from (x, y) of that rendering,
// w by h: on white paper, annotations included, as pith verify's viewer renders a region.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function renderedRegion(drawing: Drawing, page: any, s: number, x: number, y: number, w: number, h: number): Promise<Uint8ClampedArray> {
  const viewport = page.getViewport({ scale: s, offsetX: -x, offsetY: -y });
  const made = drawing.canvasFactory.create(w, h) as { canvas: unknown; context: CanvasRenderingContext2D };
  try {
    const ctx = made.context;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, w, h);
    await page.render({ canvasContext: ctx, viewport, background: "#ffffff" }).promise;
    return ctx.getImageData(0, 0, w, h).data;
  } finally {
    drawing.canvasFactory.destroy(made);
  }
}
