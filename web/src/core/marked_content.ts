// How deep a page's content leaves marked content open (BMC/BDC not closed by EMC): the badge a
// stamp appends is drawn inside what is left open, where an optional content group (/OC ... BDC)
// can hide it in viewers that honour it (docs/FORMAT.md, "What a reader sees").
import type { PdfDocument } from "./document";
import { MAX_DECODED } from "./filters";
import { isDelim, isWhite, PdfError, PdfValue } from "./pdf_objects";

const E = 69, I = 73;

// The depth at the end of the content, never below 0 (a stray EMC closes nothing). Strings, names,
// comments and inline image data are skipped; only operators count.
export function openMarkedContent(s: Uint8Array): number {
  const regular = (c: number) => !isWhite(c) && !isDelim(c);
  let depth = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (isWhite(c)) i++;
    else if (c === 0x25 /* % */) {
      while (i < s.length && s[i] !== 10 && s[i] !== 13) i++;
    } else if (c === 0x28 /* ( */) {
      let nest = 0;
      for (; i < s.length; i++) {
        if (s[i] === 0x5c) i++;
        else if (s[i] === 0x28) nest++;
        else if (s[i] === 0x29 && --nest === 0) break;
      }
      i++;
    } else if (c === 0x3c && i + 1 < s.length && s[i + 1] !== 0x3c) {
      while (i < s.length && s[i] !== 0x3e) i++;
      i++;
    } else if (c === 0x2f /* / */) {
      i++;
      while (i < s.length && regular(s[i])) i++;
    } else if (!regular(c)) i++;
    else {
      const start = i;
      while (i < s.length && regular(s[i])) i++;
      const word = String.fromCharCode(...s.subarray(start, Math.min(i, start + 4)));
      const len = i - start;
      if (len === 3 && (word === "BMC" || word === "BDC")) depth++;
      else if (len === 3 && word === "EMC" && depth > 0) depth--;
      else if (len === 2 && word === "ID") {
        // Inline image data runs to EI preceded by white space.
        for (i++; i + 2 < s.length; i++) if (isWhite(s[i]) && s[i + 1] === E && s[i + 2] === I && (i + 3 >= s.length || !regular(s[i + 3]))) break;
        i += 3;
      }
    }
  }
  return depth;
}

// The same for a page's content streams, read in order (joined at token boundaries). Throws
// PdfError when they cannot be decoded.
export function pageOpenMarkedContent(doc: PdfDocument, pageIndex: number): number {
  const page = doc.pages(pageIndex + 1)[pageIndex];
  if (!page) throw new PdfError(`the document has no page ${pageIndex + 1}`);
  const contents = page.dict.entries.get("Contents");
  if (contents === undefined) return 0;
  const resolved = doc.resolve(contents);
  const parts: PdfValue[] = resolved && typeof resolved === "object" && resolved.kind === "array" ? resolved.items : [contents];
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (const part of parts) {
    const stream = doc.resolve(part);
    if (!stream || typeof stream !== "object" || stream.kind !== "stream") continue;
    const data = doc.streamData(stream);
    size += data.length + 1;
    if (size > MAX_DECODED) throw new PdfError("page content larger than the limit");
    chunks.push(data, Uint8Array.of(10));
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    all.set(ch, at);
    at += ch.length;
  }
  return openMarkedContent(all);
}
