// The stamp's link in a tagged PDF's structure tree (docs/FORMAT.md "Tagged PDF"), as
// tool/lib/pdf/stamp/structure.cpp writes it: which objects of the original the stamp rewrites,
// and what they and the new /Link element must be.
import { PdfDocument } from "./document";
import { PdfDict, PdfError, PdfValue } from "./pdf_objects";

export type StructurePlan = { treeRoot: number; parent: number; key: number; treePath: number[] };

const isInt = (v: PdfValue | undefined): v is { kind: "number"; value: number; integer: true } =>
  !!v && typeof v === "object" && v.kind === "number" && v.integer;

// The indirect dictionary `v` refers to, with its number: the stamp rewrites only whole objects.
function indirectDict(doc: PdfDocument, v: PdfValue | undefined): { num: number; dict: PdfDict } | undefined {
  if (!v || typeof v !== "object" || v.kind !== "ref") return undefined;
  const d = doc.object(v.num);
  return d && typeof d === "object" && d.kind === "dict" ? { num: v.num, dict: d } : undefined;
}

// `other`: the objects the stamp rewrites for other reasons (page, catalog, Info, XMP).
// Returns the plan, or a reason the stamp leaves the tree alone (undefined: not tagged).
export function planStructure(doc: PdfDocument, other: Set<number>): StructurePlan | string | undefined {
  try {
    return findPlan(doc, other);
  } catch (e) {
    if (e instanceof PdfError) return "the structure tree cannot be read";
    throw e;
  }
}

function findPlan(doc: PdfDocument, other: Set<number>): StructurePlan | string | undefined {
  const catalog = doc.root;
  if (!catalog) return undefined;
  const markInfo = doc.resolve(catalog.entries.get("MarkInfo"));
  if (!markInfo || typeof markInfo !== "object" || markInfo.kind !== "dict" || doc.resolve(markInfo.entries.get("Marked")) !== true || !catalog.entries.has("StructTreeRoot")) return undefined;
  const root = indirectDict(doc, catalog.entries.get("StructTreeRoot"));
  if (!root) return "the /StructTreeRoot is not an indirect dictionary";
  // The document-level element: the root's only kid, or its first /Document kid.
  const rootKids = root.dict.entries.get("K");
  let parent: { num: number; dict: PdfDict } | undefined;
  if (rootKids && typeof rootKids === "object" && rootKids.kind === "ref") parent = indirectDict(doc, rootKids);
  else if (rootKids && typeof rootKids === "object" && rootKids.kind === "array") {
    for (const kid of rootKids.items) {
      const d = indirectDict(doc, kid);
      const s = d ? doc.resolve(d.dict.entries.get("S")) : null;
      if (d && (rootKids.items.length === 1 || (!!s && typeof s === "object" && s.kind === "name" && s.name === "Document"))) {
        parent = d;
        break;
      }
    }
  }
  if (!parent) return "no single or /Document kid of the structure root is an indirect element";
  const k = parent.dict.entries.get("K");
  if (k && typeof k === "object" && k.kind === "ref") {
    const r = doc.resolve(k);
    if (r && typeof r === "object" && r.kind === "array") return "the document element's /K is an indirect array";
  }
  // The parent tree along its last kids to the leaf holding the largest key.
  const treePath: number[] = [];
  let node = indirectDict(doc, root.dict.entries.get("ParentTree"));
  let largest: number | undefined;
  const seen = new Set<number>();
  for (let depth = 0; ; depth++) {
    if (!node) return "the /ParentTree is not made of indirect dictionaries";
    if (depth > 32 || seen.has(node.num)) return "the /ParentTree is deeper than 32 levels or cyclic";
    seen.add(node.num);
    treePath.push(node.num);
    const l = node.dict.entries.get("Limits");
    if (depth > 0 || l !== undefined) {
      if (depth === 0 || !l || typeof l !== "object" || l.kind !== "array" || l.items.length !== 2 || !isInt(l.items[0]) || !isInt(l.items[1]))
        return "a /ParentTree node's /Limits is not two integers";
    }
    const kids = node.dict.entries.get("Kids");
    if (kids !== undefined) {
      if (node.dict.entries.has("Nums") || !kids || typeof kids !== "object" || kids.kind !== "array" || kids.items.length === 0)
        return "a /ParentTree node's /Kids is not a direct, non-empty array";
      node = indirectDict(doc, kids.items[kids.items.length - 1]);
      continue;
    }
    const nums = node.dict.entries.get("Nums");
    if (!nums || typeof nums !== "object" || nums.kind !== "array" || nums.items.length % 2) return "a /ParentTree leaf's /Nums is not a direct array";
    let last: number | undefined;
    for (let i = 0; i < nums.items.length; i += 2) {
      const key = nums.items[i];
      if (!isInt(key) || (last !== undefined && key.value <= last)) return "a /ParentTree leaf's keys are not ascending integers";
      last = key.value;
    }
    largest = last;
    break;
  }
  let key = largest === undefined ? 0 : largest + 1;
  const next = root.dict.entries.get("ParentTreeNextKey");
  if (next !== undefined) {
    const v = doc.resolve(next);
    if (!isInt(v) || v.value < key || v.value > 2 ** 31 - 2) return "the /ParentTreeNextKey is not an integer past the /ParentTree's keys";
    key = v.value;
  }
  const mine = new Set([root.num, parent.num, ...treePath]);
  if (mine.size !== treePath.length + 2) return "the structure root, document element and parent tree share objects";
  for (const n of mine) if (other.has(n)) return `the structure tree shares object ${n} with the page, catalog or metadata`;
  return { treeRoot: root.num, parent: parent.num, key, treePath };
}

// The objects the plan rewrites and the new element, as the stamp writes them, by number.
export function structureObjects(doc: PdfDocument, plan: StructurePlan, elemNum: number, linkNum: number, pageNum: number, alt: PdfValue): Map<number, PdfValue> {
  const ref = (num: number): PdfValue => ({ kind: "ref", num, gen: 0 });
  const int = (value: number): PdfValue => ({ kind: "number", value, integer: true });
  const copy = (num: number) => new Map((doc.object(num) as PdfDict).entries);
  const out = new Map<number, PdfValue>();
  out.set(elemNum, { kind: "dict", entries: new Map<string, PdfValue>([["Type", { kind: "name", name: "StructElem" }], ["S", { kind: "name", name: "Link" }],
    ["P", ref(plan.parent)], ["Alt", alt],
    ["K", { kind: "array", items: [{ kind: "dict", entries: new Map<string, PdfValue>([["Type", { kind: "name", name: "OBJR" }], ["Obj", ref(linkNum)], ["Pg", ref(pageNum)]]) }] }]]) });
  const parent = copy(plan.parent);
  const k = parent.get("K");
  const kids = k === undefined ? [] : k && typeof k === "object" && k.kind === "array" ? [...k.items] : [k];
  parent.set("K", { kind: "array", items: [...kids, ref(elemNum)] });
  out.set(plan.parent, { kind: "dict", entries: parent });
  plan.treePath.forEach((num, i) => {
    const node = copy(num);
    if (i === plan.treePath.length - 1) {
      const nums = node.get("Nums") as { kind: "array"; items: PdfValue[] };
      node.set("Nums", { kind: "array", items: [...nums.items, int(plan.key), ref(elemNum)] });
    }
    const l = node.get("Limits");
    if (l && typeof l === "object" && l.kind === "array") node.set("Limits", { kind: "array", items: [l.items[0], int(plan.key)] });
    out.set(num, { kind: "dict", entries: node });
  });
  const root = copy(plan.treeRoot);
  root.set("ParentTreeNextKey", int(plan.key + 1));
  out.set(plan.treeRoot, { kind: "dict", entries: root });
  return out;
}
