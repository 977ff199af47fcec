// Actions a viewer runs without a click (docs/FORMAT.md, "Actions that run without a click"): the
// catalog's /OpenAction and /AA, document JavaScript (/Names /JavaScript), the /AA of every form
// field, of every page and of every page's annotations, and what /Next chains to them. A destination, a GoTo
// and the Named page moves are navigation; any other action can send the reader elsewhere or
// change what is shown after the pages are read. The mirror of tool/lib/verify/automatic_actions.cpp.
import type { PdfDocument } from "./document";
import { nameTree } from "./embedded";
import { decodeTextString, nameOf, PdfError, type PdfRef, type PdfValue } from "./pdf_objects";
import type { Ctx } from "./verify";

export const AUTOMATIC_ACTIONS = "pith.actions.automatic";
const MAX_ACTIONS = 4096; // actions followed in all (a /Next graph may be cyclic or wide)
const MAX_FIELD_NODES = 100000; // form field tree nodes visited (the tree may be cyclic or wide)
// A finding that starts so says only that not everything was read (not that an action was found).
const TOO_MANY = "the document has more than ";

const objectText = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "ref" ? ` (object ${v.num})` : "");

// A destination is explicit (an array whose first item is a page object, or a page index as pdf.js
// also reads it) or named (a name looked up in the catalog's /Dests, a string in the /Names /Dests
// tree; either may hold the array or a dictionary with /D). True if it shows page 1: the only place
// an action that runs without a click may move the reader to, since page 1 is what the checks read.
class Destinations {
  private first?: { ref?: PdfRef };
  constructor(private readonly doc: PdfDocument) {}

  toFirstPage(dest: PdfValue | undefined, depth = 0): boolean {
    if (depth > 4) return false;
    const d = this.doc.resolve(dest);
    if (!d || typeof d !== "object") return false;
    if (d.kind === "dict") return d.entries.has("D") && this.toFirstPage(d.entries.get("D"), depth + 1);
    if (d.kind === "name" || d.kind === "string") {
      const target = this.named(d);
      return target !== undefined && this.toFirstPage(target, depth + 1);
    }
    if (d.kind !== "array" || !d.items.length) return false;
    const page = d.items[0];
    // Page 1 as a whole: not a rectangle of it (/FitR) nor a zoom above 100% (/XYZ), which show a
    // corner of the page that may hold anything.
    const view = nameOf(this.doc.resolve(d.items[1]));
    if (view === "FitR") return false;
    if (view === "XYZ" && d.items.length > 4) {
      const zoom = this.doc.resolve(d.items[4]);
      if (zoom && typeof zoom === "object" && zoom.kind === "number" && zoom.value > 1) return false;
    }
    if (page && typeof page === "object" && page.kind === "ref") {
      this.first ??= { ref: this.doc.pages(1)[0]?.ref };
      return this.first.ref !== undefined && this.first.ref.num === page.num;
    }
    return !!page && typeof page === "object" && page.kind === "number" && page.value === 0;
  }

  private named(name: PdfValue): PdfValue | undefined {
    const catalog = this.doc.root;
    if (!catalog || !name || typeof name !== "object") return undefined;
    if (name.kind === "name") return this.doc.dict(catalog.entries.get("Dests"))?.entries.get(name.name);
    if (name.kind !== "string") return undefined;
    const tree = this.doc.dict(catalog.entries.get("Names"))?.entries.get("Dests");
    if (tree === undefined) return undefined;
    const key = decodeTextString(name.bytes);
    return nameTree(this.doc, tree).find(([k]) => k === key)?.[1];
  }
}

class ActionWalk {
  found?: string;
  private refs = new Set<number>();
  private seen = 0;
  private readonly destinations: Destinations;
  constructor(private readonly doc: PdfDocument) {
    this.destinations = new Destinations(doc);
  }

  visit(value: PdfValue | undefined, where: string) {
    const todo: [PdfValue | undefined, string][] = [[value, where]];
    while (todo.length && !this.found) {
      if (this.seen >= MAX_ACTIONS) {
        this.found = `${TOO_MANY}${MAX_ACTIONS} additional actions`;
        return;
      }
      const [item, at] = todo.pop()!;
      this.seen++;
      if (item && typeof item === "object" && item.kind === "ref") {
        if (this.refs.has(item.num)) continue;
        this.refs.add(item.num);
      }
      const action = this.doc.resolve(item);
      const here = at + objectText(item);
      if (!action || typeof action !== "object" || action.kind !== "dict") {
        // a destination (array, name or string)
        if (!this.destinations.toFirstPage(action)) {
          this.found = `${here} is a destination that does not show page 1 (the reader is moved to another page, or to a part of page 1 zoomed in)`;
          return;
        }
        continue;
      }
      const s = nameOf(action.entries.get("S"));
      if (s === "GoTo") {
        if (!action.entries.has("D") || !this.destinations.toFirstPage(action.entries.get("D"))) {
          this.found = `${here} is a /GoTo to a destination that does not show page 1 (the reader is moved to another page, or to a part of page 1 zoomed in)`;
          return;
        }
      } else if (s === "Named") {
        const n = nameOf(action.entries.get("N"));
        if (n !== "FirstPage") {
          this.found = `${here} is a /Named ${n !== undefined ? "/" + n : "(unnamed)"} action (only /FirstPage keeps the reader on page 1)`;
          return;
        }
      } else {
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

function firstAutomaticAction(doc: PdfDocument): string | undefined {
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
  // A portfolio: Acrobat presents the embedded files (/Collection /D names the one it opens on),
  // not the pages every check here reads.
  const collection = catalog.entries.get("Collection");
  if (collection !== undefined && doc.resolve(collection) !== null && doc.resolve(collection) !== undefined)
    return `the catalog's /Collection${objectText(collection)} makes the file a portfolio (Acrobat shows its embedded files, not its pages)`;
  // An XFA form: Acrobat (and pdf.js where XFA is on, as in Firefox) draw the form's own content
  // instead of the pages' that every check here reads.
  const xfa = doc.dict(catalog.entries.get("AcroForm"))?.entries.get("XFA");
  if (xfa !== undefined && doc.resolve(xfa) !== null && doc.resolve(xfa) !== undefined)
    return `the catalog's /AcroForm /XFA${objectText(xfa)} is an XFA form (Acrobat and pdf.js may draw it in place of the pages)`;
  // Every form field's additional actions: a format action (/AA /F) runs whenever a viewer draws the
  // field's value and may show any text in its place; calculate and validate actions run when
  // another field changes. The field tree is walked, bounded, cycles skipped.
  const fields = doc.dict(catalog.entries.get("AcroForm"))?.entries.get("Fields");
  if (fields !== undefined) {
    const todo: [PdfValue | undefined, string][] = [[fields, "the catalog's /AcroForm /Fields"]];
    const seen = new Set<number>();
    let visited = 0;
    while (todo.length && !walk.found && visited < MAX_FIELD_NODES) {
      const [node, where] = todo.pop()!;
      visited++;
      if (node && typeof node === "object" && node.kind === "ref") {
        if (seen.has(node.num)) continue;
        seen.add(node.num);
      }
      const o = doc.resolve(node);
      if (o && typeof o === "object" && o.kind === "array") {
        o.items.forEach((kid, i) => todo.push([kid, `${where} item ${i + 1}`]));
        continue;
      }
      if (!o || typeof o !== "object" || o.kind !== "dict") continue;
      walk.visitAdditional(o.entries.get("AA"), `the form field at ${where}${objectText(node)}'s`);
      if (o.entries.has("Kids")) todo.push([o.entries.get("Kids"), `${where} /Kids`]);
    }
    if (!walk.found && todo.length) walk.found = `${TOO_MANY}${MAX_FIELD_NODES} form field tree nodes`;
    if (walk.found) return walk.found;
  }
  // Every page's, and every annotation's on every page: a page's open and close actions (/AA /O,
  // /C) run when a reader turns to it, an annotation's page-open and page-visible ones (/PO, /PV)
  // when its page is shown, and any of them may change what page 1 shows.
  const pages = doc.pages(Infinity);
  for (let index = 0; index < pages.length; index++) {
    const page = pages[index];
    const where = `page ${index + 1}${page.ref ? ` (object ${page.ref.num})` : ""}`;
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
    found = firstAutomaticAction(c.doc);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    c.add(AUTOMATIC_ACTIONS, "Automatic actions", "unverifiable", `the document's actions cannot be read (${e.message}): whether a viewer runs one without a click is not known`);
    return;
  }
  if (found?.startsWith(TOO_MANY))
    c.add(AUTOMATIC_ACTIONS, "Automatic actions", "unverifiable", `${found}, more than are read: whether a viewer runs one without a click is not known`);
  else if (found)
    c.add(AUTOMATIC_ACTIONS, "Automatic actions", "unverifiable", `${found}, which a viewer runs without a click: what a reader is shown or sent to is not what the checks read`);
}
