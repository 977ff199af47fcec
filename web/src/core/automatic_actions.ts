// Actions a viewer runs without a click (docs/FORMAT.md, "Actions that run without a click"): the
// catalog's /OpenAction and /AA, document JavaScript (/Names /JavaScript), the /AA of page 1, of
// the badge page and of their annotations, and what /Next chains to them. A destination, a GoTo
// and the Named page moves are navigation; any other action can send the reader elsewhere or
// change what is shown after the pages are read. The mirror of tool/lib/verify/automatic_actions.cpp.
import type { PdfDocument } from "./document";
import { nameOf, PdfError, type PdfValue } from "./pdf_objects";
import type { Ctx } from "./verify";

export const AUTOMATIC_ACTIONS = "pith.actions.automatic";
const MAX_ACTIONS = 256; // actions followed in all (a /Next graph may be cyclic or wide)

const objectText = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "ref" ? ` (object ${v.num})` : "");
const NAVIGATION_NAMED = new Set(["NextPage", "PrevPage", "FirstPage", "LastPage"]);

class ActionWalk {
  found?: string;
  private refs = new Set<number>();
  private seen = 0;
  constructor(private readonly doc: PdfDocument) {}

  visit(value: PdfValue | undefined, where: string) {
    const todo: [PdfValue | undefined, string][] = [[value, where]];
    while (todo.length && !this.found && this.seen < MAX_ACTIONS) {
      const [item, at] = todo.pop()!;
      this.seen++;
      if (item && typeof item === "object" && item.kind === "ref") {
        if (this.refs.has(item.num)) continue;
        this.refs.add(item.num);
      }
      const action = this.doc.resolve(item);
      if (!action || typeof action !== "object" || action.kind !== "dict") continue; // a destination
      const here = at + objectText(item);
      const s = nameOf(action.entries.get("S"));
      const navigation = s === "GoTo" || (s === "Named" && NAVIGATION_NAMED.has(nameOf(action.entries.get("N")) ?? ""));
      if (!navigation) {
        this.found = `${here} is ${s !== undefined ? "a /" + s : "an untyped"} action`;
        return;
      }
      const next = action.entries.get("Next");
      if (next === undefined) continue;
      const n = this.doc.resolve(next);
      if (n && typeof n === "object" && n.kind === "array") for (const each of n.items) todo.push([each, "the /Next of " + here]);
      else todo.push([next, "the /Next of " + here]);
    }
  }

  visitAdditional(aa: PdfValue | undefined, where: string) {
    const d = this.doc.dict(aa);
    if (!d) return;
    for (const [key, value] of d.entries) {
      if (this.found) return;
      this.visit(value, `${where} /AA /${key}`);
    }
  }
}

function firstAutomaticAction(doc: PdfDocument, badgePage: number | undefined): string | undefined {
  const walk = new ActionWalk(doc);
  const catalog = doc.root;
  if (!catalog) return undefined;
  if (catalog.entries.has("OpenAction")) walk.visit(catalog.entries.get("OpenAction"), "the catalog's /OpenAction");
  if (!walk.found) walk.visitAdditional(catalog.entries.get("AA"), "the catalog's");
  if (walk.found) return walk.found;
  const js = doc.dict(catalog.entries.get("Names"))?.entries.get("JavaScript");
  const tree = doc.dict(js);
  if (tree && (tree.entries.has("Names") || tree.entries.has("Kids")))
    return `the catalog's /Names /JavaScript${objectText(js)} is document JavaScript, run when the file opens`;
  // An XFA form: Acrobat (and pdf.js where XFA is on, as in Firefox) draw the form's own content
  // instead of the pages' that every check here reads.
  const xfa = doc.dict(catalog.entries.get("AcroForm"))?.entries.get("XFA");
  if (xfa !== undefined && doc.resolve(xfa) !== null && doc.resolve(xfa) !== undefined)
    return `the catalog's /AcroForm /XFA${objectText(xfa)} is an XFA form (Acrobat and pdf.js may draw it in place of the pages)`;
  const indices = [...new Set([0, ...(badgePage !== undefined ? [badgePage] : [])])].sort((a, b) => a - b);
  const pages = doc.pages(indices[indices.length - 1] + 1);
  for (const index of indices) {
    const page = pages[index];
    if (!page) continue;
    const where = `page ${index + 1}`;
    walk.visitAdditional(page.dict.entries.get("AA"), `${where}'s`);
    if (walk.found) return walk.found;
    const list = doc.resolve(page.dict.entries.get("Annots"));
    if (!list || typeof list !== "object" || list.kind !== "array") continue;
    let i = 0;
    for (const a of list.items) {
      i++;
      const annot = doc.dict(a);
      if (!annot) continue;
      walk.visitAdditional(annot.entries.get("AA"), `${where}'s annotation ${i}${objectText(a)}'s`);
      if (walk.found) return walk.found;
    }
  }
  return undefined;
}

// Adds AUTOMATIC_ACTIONS, unverifiable naming the first action that is not navigation, when there is one.
export function checkAutomaticActions(c: Ctx) {
  let found: string | undefined;
  try {
    found = firstAutomaticAction(c.doc, c.badgePage);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    c.add(AUTOMATIC_ACTIONS, "Automatic actions", "unverifiable", `the document's actions cannot be read (${e.message}): whether a viewer runs one without a click is not known`);
    return;
  }
  if (found)
    c.add(AUTOMATIC_ACTIONS, "Automatic actions", "unverifiable", `${found}, which a viewer runs without a click: what a reader is shown or sent to is not what the checks read`);
}
