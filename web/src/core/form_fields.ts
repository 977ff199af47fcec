// How many fields a form's field tree has when unfolded as viewers walk it (a shared /Kids entry is
// visited once for each path to it): a small graph can stand for billions of fields and stall a
// viewer, so pith verify does not hand such a file to its viewer library, nor does the page.
import type { PdfDocument } from "./document";
import type { PdfValue } from "./pdf_objects";

const MAX_DEPTH = 64;

// Counted with memoisation, up to `cap`; a loop counts as too many.
export function unfoldedFields(doc: PdfDocument, cap: number): number {
  const form = doc.root?.entries.get("AcroForm");
  if (form === undefined) return 0;
  const fields = doc.dict(form)?.entries.get("Fields");
  if (fields === undefined) return 0;
  const memo = new Map<number, number>();
  const count = (node: PdfValue, depth: number): number => {
    if (depth > MAX_DEPTH) return cap;
    const ref = node && typeof node === "object" && node.kind === "ref" ? node : undefined;
    if (ref) {
      const known = memo.get(ref.num);
      if (known !== undefined) return known;
      memo.set(ref.num, cap);
    }
    let n = 1;
    const kids = doc.dict(node)?.entries.get("Kids");
    const list = kids === undefined ? undefined : doc.resolve(kids);
    if (list && typeof list === "object" && list.kind === "array")
      for (const kid of list.items) {
        n += count(kid, depth + 1);
        if (n >= cap) break;
      }
    n = Math.min(n, cap);
    if (ref) memo.set(ref.num, n);
    return n;
  };
  const list = doc.resolve(fields);
  let total = 0;
  if (list && typeof list === "object" && list.kind === "array")
    for (const f of list.items) {
      total += count(f, 0);
      if (total >= cap) return cap;
    }
  return total;
}
