// The Viewer of viewer_checks.ts on pdf.js: words with their boxes (PDF user space) and text lines.
import type { Viewer, Word } from "./viewer_checks";

// pdf.js is handed in (the legacy build under Node, the browser build in the page's worker).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function openWithPdfjs(pdfjs: any, bytes: Uint8Array): Promise<Viewer> {
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0, maxImageSize: 1 << 24 });
  const doc = await task.promise;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const content = new Map<number, Promise<any>>();
  const text = (page: number) => {
    if (!content.has(page)) content.set(page, doc.getPage(page + 1).then((p: any) => p.getTextContent()));
    return content.get(page)!;
  };
  return {
    pageCount: doc.numPages,
    async words(page: number): Promise<Word[]> {
      const tc = await text(page);
      const out: Word[] = [];
      for (const it of tc.items) {
        if (typeof it.str !== "string" || !it.str.trim()) continue;
        const [a, b, , d, e, f] = it.transform as number[];
        const size = Math.hypot(b, d) || Math.abs(d) || it.height || 1;
        const total = it.width || 0;
        const parts = it.str.split(/(\s+)/);
        let x = e, chars = it.str.length || 1;
        for (const part of parts) {
          const w = (total * part.length) / chars;
          if (part.trim()) out.push({ text: part, x0: x, y0: f - 0.25 * size, x1: x + w, y1: f + 0.8 * size });
          x += w * (a >= 0 ? 1 : -1);
        }
      }
      return out;
    },
    async lines(page: number): Promise<string[]> {
      const tc = await text(page);
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
    },
    async close() {
      await task.destroy();
    },
  };
}
