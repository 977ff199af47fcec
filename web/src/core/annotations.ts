// A page's annotations as the file states them (read by the page's own parser, not pdf.js, which
// normalises what it reads): subtype, /Rect when it is four numbers, the URI of a /URI action.
import { PdfDocument } from "./document";
import { decodeTextString, latin1, nameOf, numberOf, PdfError, PdfValue } from "./pdf_objects";

// closedPopup: a popup that viewers leave closed and that has no appearance of its own draws
// nothing until a reader opens it; any other annotation is drawn where its /Rect says.
// appearance: an /AP entry, the annotation draws its own appearance; normalAppearance: its /AP /N
// when that is one form (not a state dictionary).
export type Annotation = { ref?: string; subtype: string; rect?: [number, number, number, number]; uri?: string; action?: string; closedPopup?: boolean; appearance?: boolean; normalAppearance?: PdfValue };

export function pageAnnotations(doc: PdfDocument, pageIndex: number): Annotation[] {
  const page = doc.pages(pageIndex + 1)[pageIndex];
  if (!page) throw new PdfError(`no page ${pageIndex + 1}`);
  const list = doc.resolve(page.dict.entries.get("Annots"));
  if (!list || typeof list !== "object" || list.kind !== "array") return [];
  const out: Annotation[] = [];
  for (const item of list.items.slice(0, 10000)) {
    const d = doc.dict(item);
    if (!d) continue;
    const a: Annotation = { subtype: nameOf(d.entries.get("Subtype")) ?? "" };
    if (item && typeof item === "object" && item.kind === "ref") a.ref = String(item.num);
    const r = doc.resolve(d.entries.get("Rect"));
    if (r && typeof r === "object" && r.kind === "array" && r.items.length === 4) {
      const v = r.items.map((x) => numberOf(doc.resolve(x)));
      if (v.every((x) => x !== undefined)) {
        const [x0, y0, x1, y1] = v as number[];
        a.rect = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
      }
    }
    const action = doc.dict(d.entries.get("A"));
    if (action) {
      a.action = nameOf(action.entries.get("S"));
      const uri = doc.resolve(action.entries.get("URI"));
      if (uri && typeof uri === "object" && uri.kind === "string") a.uri = latin1(uri.bytes);
      void decodeTextString;
    }
    a.appearance = d.entries.has("AP");
    if (a.appearance) {
      const n = doc.dict(d.entries.get("AP"))?.entries.get("N");
      const form = doc.resolve(n);
      if (n !== undefined && form && typeof form === "object" && form.kind === "stream") a.normalAppearance = n;
    }
    if (a.subtype === "Popup") {
      const open = doc.resolve(d.entries.get("Open"));
      a.closedPopup = open !== true && !d.entries.has("AP");
    }
    out.push(a);
  }
  return out;
}
