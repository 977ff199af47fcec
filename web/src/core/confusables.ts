// Confusable skeletons (UTS #39), as pith verify's link check computes them with ICU: the table is
// ICU's own, written at build time by web/tools/confusables_table.cpp from the ICU pith links, and
// bundled (CONFUSABLES): for each character left after NFD whose skeleton differs, that skeleton.
declare const CONFUSABLES: { [ch: string]: string };

// skeleton(X) = NFD(each character of NFD(X) replaced by its prototype).
export function skeleton(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFD")) out += CONFUSABLES[ch] ?? ch;
  return out.normalize("NFD");
}
