// The badge form XObject of a stamp, written from docs/FORMAT.md ("The badge form"), to compare
// with the one in the file. The QR code is a standard QR code of the record page; since encoders
// may segment the text and pick the mask differently, every such symbol is tried.
// @ts-ignore: qrcode ships no types for its core module
import * as QR from "qrcode/lib/core/qrcode.js";

// Reals as pith writes them: %.4f (ties to even, as C's printf rounds the exact binary value),
// trailing zeros and a trailing point removed, "-0" as "0".
export function formatReal(v: number): string {
  if (!Number.isFinite(v)) v = 0;
  let s = v.toFixed(4);
  const scaled = v * 10000;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    // An exact tie: toFixed rounds away from zero, printf to even.
    const down = Math.trunc(scaled);
    const even = down % 2 === 0 ? down : down + Math.sign(scaled);
    s = (even / 10000).toFixed(4);
  }
  s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" || s === "" ? "0" : s;
}

// Helvetica advance widths per 1000 em (Adobe's AFM) for what a label holds: pith: and base32.
export function helveticaAdvance(c: string): number {
  const upper = [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];
  if (c >= "A" && c <= "Z") return upper[c.charCodeAt(0) - 65];
  if (c >= "0" && c <= "9") return 556;
  return c === "i" ? 222 : c === "t" || c === ":" || c === " " ? 278 : 556;
}

export type Matrix = { size: number; dark: (x: number, y: number) => boolean };

export function badgeContent(label: string, qr: Matrix | undefined, height: number): { content: string; width: number } {
  const fontSize = height * (qr ? 0.36 : 0.5);
  const pad = height * 0.2;
  let textWidth = 0;
  for (const c of label) textWidth += (helveticaAdvance(c) * fontSize) / 1000;
  const qrSide = qr ? height : 0;
  const width = qrSide + pad + textWidth + pad;
  const n = formatReal;
  let c = "1 g 0.6 G 0.5 w\n";
  c += `0.25 0.25 ${n(width - 0.5)} ${n(height - 0.5)} re B\n`;
  if (qr) {
    const quiet = 4;
    const module = height / (qr.size + 2 * quiet);
    c += "0 g\n";
    for (let y = 0; y < qr.size; y++)
      for (let x = 0; x < qr.size; ) {
        if (!qr.dark(x, y)) {
          x++;
          continue;
        }
        let run = 1;
        while (x + run < qr.size && qr.dark(x + run, y)) run++;
        c += `${n((x + quiet) * module)} ${n(height - (y + quiet + 1) * module)} ${n(run * module)} ${n(module)} re\n`;
        x += run;
      }
    c += "f\n";
  }
  const baseline = (height - fontSize * 0.716) / 2;
  c += `0.1 g BT /PithHelv ${n(fontSize)} Tf ${n(qrSide + pad)} ${n(baseline)} Td (${label.replace(/[()\\]/g, "\\$&")}) Tj ET\n`;
  return { content: c, width };
}

// The QR code symbols (level M, smallest version) a standard encoder writes for `text`: byte then
// alphanumeric for an upper-case tail, or byte mode throughout, each with every mask.
// Generated one at a time: the first that matches ends the search.
export function* qrCandidates(text: string): Generator<Matrix> {
  const tail = /[0-9A-Z $%*+\-./:]+$/.exec(text)?.[0] ?? "";
  // First the split libqrencode makes for a record page (byte mode, then the upper-case suffix in
  // alphanumeric mode), then byte mode throughout, then the encoder's own choice.
  const segmentations: unknown[] = [];
  if (tail && tail.length < text.length) segmentations.push([{ data: text.slice(0, text.length - tail.length), mode: "byte" }, { data: tail, mode: "alphanumeric" }]);
  segmentations.push([{ data: text, mode: "byte" }], text);
  for (const segs of segmentations)
    for (let mask = 0; mask < 8; mask++) {
      const m = QR.create(segs, { errorCorrectionLevel: "M", maskPattern: mask }).modules;
      yield { size: m.size, dark: (x: number, y: number) => !!m.get(y, x) };
    }
}

// Format 3 (docs/FORMAT.md "The badge form", format 3): the one badge — mark, "Pith Number" in
// Nimbus Sans, the short number in Nimbus Sans Bold, the optional QR code — laid out with the
// same arithmetic, in the same order, as pith's badge layout, so that every coordinate is the same
// double before it is written.
export const REGULAR_CHARS = " NPbehimrtu";
export const BOLD_CHARS = "234567:ABCDEFGHIJKLMNOPQRSTUVWXYZhipt";

export function nimbusAdvance(bold: boolean, c: string): number {
  if (!(bold ? BOLD_CHARS : REGULAR_CHARS).includes(c)) return 0;
  if (bold) {
    const upper = [722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];
    if (c >= "A" && c <= "Z") return upper[c.charCodeAt(0) - 65];
    if (c >= "0" && c <= "9") return 556;
    return c === "i" ? 278 : c === "t" || c === ":" ? 333 : 611;
  }
  const widths: { [k: string]: number } = { " ": 278, N: 722, P: 667, i: 222, t: 278, m: 833, r: 333 };
  return widths[c] ?? 556;
}

const MARK = ["####.", "#...#", "####.", "#....", "#...."];
const LABEL_PER_MODULE = 4;
const QUIET = 4;
const FRAME = 0.5;

type Box = { x: number; y: number; w: number; h: number };

export function badgeContent3(label: string, qr: Matrix | undefined, height: number): { content: string; width: number } {
  const modules = qr ? qr.size + 2 * QUIET : 0;
  const s = modules > 0 ? (height - 2 * FRAME) / (0.4 + Math.max(1.0, modules / LABEL_PER_MODULE)) : (height - 2 * FRAME) / 1.4;
  const qrModule = qr ? s / LABEL_PER_MODULE : 0;
  const qrSide = modules * qrModule;
  const content = Math.max(s, qrSide);
  const top = FRAME + 0.2 * s;
  const lineTop = top + (content - s) / 2;
  const baseline = lineTop + 0.9 * s;
  let x = FRAME + 0.3 * s;
  const cell = s / 5;
  const mark: Box[] = [];
  for (let r = 0; r < MARK.length; r++)
    for (let c = 0; c < MARK[r].length; ) {
      if (MARK[r][c] !== "#") {
        c++;
        continue;
      }
      let n = 1;
      while (c + n < MARK[r].length && MARK[r][c + n] === "#") n++;
      mark.push({ x: x + c * cell, y: lineTop + r * cell, w: n * cell, h: cell });
      c += n;
    }
  x += s + 0.35 * s;
  const widthOf = (text: string, bold: boolean) => {
    let w = 0;
    for (const ch of text) w += (nimbusAdvance(bold, ch) * s) / 1000.0;
    return w;
  };
  const wordX = x;
  x += widthOf("Pith Number", false) + 0.5 * s;
  const numberX = x;
  x += widthOf(label, true);
  const runs: Box[] = [];
  if (qr) {
    x += 0.5 * s;
    const qrTop = top + (content - qrSide) / 2 + QUIET * qrModule;
    const qrLeft = x + QUIET * qrModule;
    for (let y = 0; y < qr.size; y++)
      for (let mx = 0; mx < qr.size; ) {
        if (!qr.dark(mx, y)) {
          mx++;
          continue;
        }
        let n = 1;
        while (mx + n < qr.size && qr.dark(mx + n, y)) n++;
        runs.push({ x: qrLeft + mx * qrModule, y: qrTop + y * qrModule, w: n * qrModule, h: qrModule });
        mx += n;
      }
    x += qrSide;
  }
  const width = x + 0.3 * s + FRAME;
  const H = height;
  const frame: Box[] = [{ x: 0, y: 0, w: width, h: FRAME }, { x: 0, y: H - FRAME, w: width, h: FRAME }, { x: 0, y: FRAME, w: FRAME, h: H - 2 * FRAME },
    { x: width - FRAME, y: FRAME, w: FRAME, h: H - 2 * FRAME }];
  const n = formatReal;
  const colour = (r: number, g: number, b: number) => `${n(r / 255.0)} ${n(g / 255.0)} ${n(b / 255.0)} rg\n`;
  const rects = (bs: Box[]) => bs.map((r) => `${n(r.x)} ${n(H - r.y - r.h)} ${n(r.w)} ${n(r.h)} re\n`).join("") + "f\n";
  const text = (font: string, t: string, tx: number) =>
    `BT /${font} ${n(s)} Tf ${n(tx)} ${n(H - baseline)} Td (${t.replace(/[()\\]/g, "\\$&")}) Tj ET\n`;
  let c = "/Artifact BMC\n";
  c += colour(255, 255, 255) + rects([{ x: 0, y: 0, w: width, h: H }]);
  c += colour(0, 92, 110) + rects(frame) + rects(mark);
  c += colour(0, 92, 110) + text("PithSans", "Pith Number", wordX);
  c += colour(20, 40, 48) + text("PithSansBold", label, numberX);
  if (runs.length) c += colour(0, 0, 0) + rects(runs);
  return { content: c + "EMC\n", width };
}
