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
