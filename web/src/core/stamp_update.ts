// The stamp update read strictly (docs/FORMAT.md "The stamp update, object by object") and the
// parts of it the page validates on its own.
import { parseIndirectAt, parseXrefSection, PdfDocument } from "./document";
import { inflateBounded } from "./filters";
import { isWhite, latin1, nameOf, numberOf, PdfDict, PdfError, PdfValue } from "./pdf_objects";
import { Json, JsonNumber, parseJson } from "./json";
import { badgeContent, qrCandidates } from "./badge_form";

export type UpdateObject = { num: number; gen: number; value: PdfValue; offset: number };
export type UpdateSection = { start: number; end: number; objects: UpdateObject[]; trailer: PdfDict; xrefKind: "table" | "stream" };

const FORBIDDEN_IN_STREAMS = [/\d+\s+\d+\s+obj/, /endobj/, /endstream/, /startxref/, /%%EOF/];

export function readUpdateSection(bytes: Uint8Array, start: number): UpdateSection {
  let p = start;
  if (bytes[p] === 13 && bytes[p + 1] === 10) p += 2;
  else if (bytes[p] === 10 || bytes[p] === 13) p += 1;
  const objects: UpdateObject[] = [];
  const skip = (commentOk = false) => {
    while (p < bytes.length && isWhite(bytes[p])) p++;
    if (bytes[p] === 37 && !commentOk) throw new PdfError(`a comment at offset ${p} in the stamp update`);
  };
  const resolve = (v: PdfValue | undefined) => v ?? null;
  let xrefAt = -1, xrefKind: "table" | "stream" = "table", trailer: PdfDict | undefined;
  for (;;) {
    skip();
    if (p >= bytes.length) throw new PdfError("the stamp update ends before its xref");
    if (latin1(bytes, p, p + 4) === "xref") {
      const s = parseXrefSection(bytes, p, resolve, true);
      xrefAt = p;
      trailer = s.trailer;
      checkXref(s.entries, objects);
      p = s.end;
      break;
    }
    const o = parseIndirectAt(bytes, p, undefined, resolve, true);
    if (o.value && typeof o.value === "object" && o.value.kind === "stream") {
      const data = bytes.subarray(o.value.dataStart, o.value.dataEnd);
      const text = latin1(data);
      for (const re of FORBIDDEN_IN_STREAMS)
        if (re.test(text)) throw new PdfError(`object ${o.num}'s stream data holds PDF syntax (${re.source})`);
      if (nameOf(o.value.dict.entries.get("Filter")) === "FlateDecode") inflateBounded(data);
      if (nameOf(o.value.dict.entries.get("Type")) === "XRef") {
        const s = parseXrefSection(bytes, p, resolve, true);
        xrefAt = p;
        xrefKind = "stream";
        trailer = s.trailer;
        checkXref(s.entries, objects, o.num);
        p = o.end;
        break;
      }
    }
    if (objects.some((x) => x.num === o.num)) throw new PdfError(`object ${o.num} twice in the stamp update`);
    objects.push({ num: o.num, gen: o.gen, value: o.value, offset: o.start });
    p = o.end;
  }
  skip();
  if (latin1(bytes, p, p + 9) !== "startxref") throw new PdfError(`no startxref after the stamp update's xref (offset ${p})`);
  p += 9;
  skip();
  const m = /^\d+/.exec(latin1(bytes, p, p + 24));
  if (!m || Number(m[0]) !== xrefAt) throw new PdfError(`startxref does not point at the stamp update's xref (offset ${xrefAt})`);
  p += m[0].length;
  skip(true);
  if (latin1(bytes, p, p + 5) !== "%%EOF") throw new PdfError("no %%EOF after the stamp update's startxref");
  p += 5;
  if (bytes[p] === 13 && bytes[p + 1] === 10) p += 2;
  else if (bytes[p] === 10 || bytes[p] === 13) p += 1;
  return { start, end: p, objects, trailer: trailer!, xrefKind };

  function checkXref(entries: Map<number, { type: number; offset?: number }>, objs: UpdateObject[], self?: number) {
    for (const [num, e] of entries) {
      if (e.type !== 1) throw new PdfError(`the stamp update's xref has a free or compressed entry for object ${num}`);
      if (num === self) continue;
      const o = objs.find((x) => x.num === num);
      if (!o) throw new PdfError(`the stamp update's xref lists object ${num}, which is not in the update`);
      if (o.offset !== e.offset) throw new PdfError(`the xref places object ${num} at ${e.offset}, but it is at ${o.offset}`);
    }
    for (const o of objs) if (!entries.has(o.num)) throw new PdfError(`object ${o.num} of the stamp update is not in its xref`);
  }
}

export type StampParameters = { format: number; kind: "badge" | "seal"; page: number; height: string; qr: boolean; matrix: string[]; rect: string[]; date: string | null; forced: boolean };

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d{0,3}[1-9])?$/;

export function parseStampParameters(text: string): StampParameters {
  const v = parseJson(text) as { [k: string]: Json };
  const bad = (what: string): never => {
    throw new PdfError(`pith:stampParameters: ${what}`);
  };
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof JsonNumber) bad("not an object");
  const keys = ["date", "forced", "format", "height", "kind", "matrix", "page", "qr", "rect"];
  if (Object.keys(v).sort().join() !== keys.join()) bad(`members are not exactly ${keys.join(", ")}`);
  const num = (x: Json) => (x instanceof JsonNumber && x.integer ? Number(x.text) : bad("an integer member is not an integer"));
  const decimals = (x: Json, n: number) =>
    Array.isArray(x) && x.length === n && x.every((s) => typeof s === "string" && DECIMAL.test(s)) ? (x as string[]) : bad(`not ${n} decimal strings`);
  if (num(v.format) !== 2) bad(`format ${v.format} is not 2`);
  if (v.kind !== "badge" && v.kind !== "seal") bad("kind is neither badge nor seal");
  if (typeof v.height !== "string" || !DECIMAL.test(v.height)) bad("height is not a decimal string");
  if (typeof v.qr !== "boolean" || typeof v.forced !== "boolean") bad("qr or forced is not a boolean");
  if (v.date !== null && !(typeof v.date === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v.date))) bad("date is not YYYY-MM-DDTHH:MM:SSZ or null");
  const p: StampParameters = {
    format: 2, kind: v.kind as "badge" | "seal", page: num(v.page), height: v.height as string, qr: v.qr as boolean,
    matrix: decimals(v.matrix, 6), rect: decimals(v.rect, 4), date: v.date as string | null, forced: v.forced as boolean,
  };
  if (p.page < 1) bad("page is not 1 or more");
  if (p.kind === "seal" && (p.page !== 1 || p.height !== "0" || p.qr || p.matrix.some((x) => x !== "0") || p.rect.some((x) => x !== "0")))
    bad("a seal's page, height, qr, matrix and rect are not 1, \"0\", false and zeros");
  return p;
}

const refTo = (v: PdfValue | undefined, num: number) => !!v && typeof v === "object" && v.kind === "ref" && v.num === num;
const refNum = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "ref" ? v.num : undefined);

// What the page validates of the update without writing it again. Returns the first difference,
// or undefined when every validated part is as FORMAT.md specifies.
export function validateUpdate(bytes: Uint8Array, section: UpdateSection, prefix: PdfDocument, params: StampParameters, recordUrl: string, number: string): string | undefined {
  let size = numberOf(prefix.trailer.entries.get("Size")) ?? 0;
  for (const k of prefix.xref.keys()) if (k + 1 > size) size = k + 1;
  const byNum = new Map(section.objects.map((o) => [o.num, o]));
  for (const o of section.objects) if (o.gen !== 0) return `object ${o.num} has generation ${o.gen}, not 0`;
  const t = section.trailer.entries;
  const rootNum = refNum(prefix.trailer.entries.get("Root"));
  if (!refTo(t.get("Root"), rootNum ?? -1)) return "the trailer's /Root is not the original catalog";
  const prevs = prefix.revisions;
  if (numberOf(t.get("Prev")) !== prevs[prevs.length - 1].startxref) return "the trailer's /Prev is not the original's last startxref";
  const catalog = byNum.get(rootNum!);
  if (!catalog) return "the update does not rewrite the catalog";
  const metaNum = refNum((catalog.value as PdfDict).entries?.get("Metadata"));
  if (metaNum === undefined || !byNum.has(metaNum)) return "the catalog's /Metadata is not in the update";
  const infoNum = refNum(t.get("Info"));
  if (infoNum === undefined || !byNum.has(infoNum)) return "the trailer's /Info is not in the update";
  // New objects are numbered from the original's /Size up, in the order they are written: the
  // badge's four (form, "q", the drawing, the link), a new XMP stream and a new Info dictionary
  // where the original has none, then the attachment's three (docs/FORMAT.md).
  const origMetaRef = prefix.root?.entries.get("Metadata");
  const origMetaStream = prefix.resolve(origMetaRef);
  const origMeta = origMetaStream && typeof origMetaStream === "object" && origMetaStream.kind === "stream" ? refNum(origMetaRef) : undefined;
  const origInfo = prefix.dict(prefix.trailer.entries.get("Info")) ? refNum(prefix.trailer.entries.get("Info")) : undefined;
  let next = size + (params.kind === "badge" ? 4 : 0);
  const wantMeta = origMeta ?? next++;
  const wantInfo = origInfo ?? next++;
  if (metaNum !== wantMeta) return `the XMP is object ${metaNum}, not ${wantMeta}`;
  if (infoNum !== wantInfo) return `Info is object ${infoNum}, not ${wantInfo}`;
  const expected = new Set([rootNum!, metaNum, infoNum]);
  if (params.kind === "badge") for (let k = 0; k < 3; k++) expected.add(next + k);
  if (params.kind === "badge") {
    const pages = prefix.pages(params.page);
    const page = pages[params.page - 1];
    if (!page || !page.ref) return `the original has no page ${params.page}`;
    for (let k = 0; k <= 3; k++) expected.add(size + k);
    expected.add(page.ref.num);
    const pageObj = byNum.get(page.ref.num)?.value as PdfDict | undefined;
    if (!pageObj || pageObj.kind !== "dict") return `the update does not rewrite page ${params.page} (object ${page.ref.num})`;
    const q = byNum.get(size + 1)?.value, draw = byNum.get(size + 2)?.value;
    if (!q || typeof q !== "object" || q.kind !== "stream" || latin1(streamBytes(bytes, q)).trim() !== "q")
      return `object ${size + 1} is not the content stream "q"`;
    if (!draw || typeof draw !== "object" || draw.kind !== "stream") return `object ${size + 2} is not a content stream`;
    const text = latin1(streamBytes(bytes, draw)).trim().split(/\s+/).join(" ");
    const m = /^Q q (\S+ \S+ \S+ \S+ \S+ \S+) cm \/(PithBadge\d*) Do Q$/.exec(text);
    if (!m || m[1] !== params.matrix.join(" ")) return `object ${size + 2} is not "Q q ${params.matrix.join(" ")} cm /PithBadge Do Q"`;
    const contents = pageObj.entries.get("Contents");
    if (!contents || typeof contents !== "object" || contents.kind !== "array" || !refTo(contents.items[0], size + 1) || !refTo(contents.items[contents.items.length - 1], size + 2))
      return `page ${params.page}'s /Contents is not [${size + 1} 0 R, the original content, ${size + 2} 0 R]`;
    const annots = pageObj.entries.get("Annots");
    if (!annots || typeof annots !== "object" || annots.kind !== "array" || !refTo(annots.items[annots.items.length - 1], size + 3))
      return `page ${params.page}'s /Annots does not end with the link ${size + 3} 0 R`;
    const link = byNum.get(size + 3)?.value as PdfDict | undefined;
    if (!link || link.kind !== "dict" || nameOf(link.entries.get("Subtype")) !== "Link") return `object ${size + 3} is not a /Link annotation`;
    const rect = link.entries.get("Rect");
    if (!rect || typeof rect !== "object" || rect.kind !== "array" || rect.items.map((x) => numberOf(x)).join() !== params.rect.map(Number).join())
      return `the link's /Rect is not the parameters' [${params.rect.join(" ")}]`;
    const a = link.entries.get("A");
    const uri = a && typeof a === "object" && a.kind === "dict" ? a.entries.get("URI") : undefined;
    if (!uri || typeof uri !== "object" || uri.kind !== "string" || latin1(uri.bytes) !== recordUrl) return `the link's /URI is not ${recordUrl}`;
    const contentsText = link.entries.get("Contents");
    if (!contentsText || typeof contentsText !== "object" || contentsText.kind !== "string" || latin1(contentsText.bytes) !== `Pith Number ${number}`)
      return `the link's /Contents is not "Pith Number ${number}"`;
    if (!refTo(link.entries.get("P"), page.ref.num)) return "the link's /P is not its page";
    const form = byNum.get(size)?.value;
    if (!form || typeof form !== "object" || form.kind !== "stream") return `object ${size} is not the badge form XObject`;
    const why = compareBadgeForm(form, streamBytes(bytes, form), number, params, recordUrl);
    if (why) return `object ${size} (the badge form): ${why}`;
  }
  for (const o of section.objects)
    if (!expected.has(o.num) && !(section.xrefKind === "stream" && o === section.objects[section.objects.length - 1]))
      return `object ${o.num} is not one the stamp writes`;
  for (const n of expected) if (!byNum.has(n)) return `object ${n} is missing from the update`;
  return undefined;
}

function streamBytes(bytes: Uint8Array, s: { dataStart: number; dataEnd: number; dict: PdfDict }): Uint8Array {
  const data = bytes.subarray(s.dataStart, s.dataEnd);
  return nameOf(s.dict.entries.get("Filter")) === "FlateDecode" ? inflateBounded(data).out : data;
}

// The badge form: its dictionary key by key, its decoded content byte for byte.
function compareBadgeForm(form: { dict: PdfDict }, data: Uint8Array, number: string, params: StampParameters, recordUrl: string): string | undefined {
  const height = Number(params.height);
  const label = "pith:" + number.split(":")[2].slice(0, 8);
  const e = form.dict.entries;
  const keys = [...e.keys()].filter((k) => k !== "Length" && k !== "Filter").sort().join(" ");
  if (keys !== "BBox Resources Subtype Type") return `its keys are ${keys}, not BBox Resources Subtype Type`;
  if (nameOf(e.get("Type")) !== "XObject" || nameOf(e.get("Subtype")) !== "Form") return "it is not /Type /XObject /Subtype /Form";
  const f = e.get("Filter");
  if (f !== undefined && nameOf(f) !== "FlateDecode") return "its /Filter is not /FlateDecode";
  const res = e.get("Resources");
  const want = "<</Font<</PithHelv<</BaseFont/Helvetica/Encoding/WinAnsiEncoding/Subtype/Type1/Type/Font>>>>/ProcSet[/PDF /Text]>>";
  if (canonicalPdf(res) !== want) return `its /Resources are ${canonicalPdf(res)}, not ${want}`;
  const text = latin1(data);
  const drawn = params.qr ? qrCandidates(recordUrl) : [undefined];
  let width = 0;
  for (const qr of drawn) {
    const b = badgeContent(label, qr, height);
    width = b.width;
    if (b.content === text) {
      const bbox = e.get("BBox");
      const v = bbox && typeof bbox === "object" && bbox.kind === "array" ? bbox.items.map((x) => numberOf(x)) : [];
      const w = [0, 0, Number(formatRealOf(b.width)), height];
      if (v.length !== 4 || v.some((x, i) => x === undefined || Math.abs(x - w[i]) > 1e-9 && Math.abs(x - b.width) > 5e-5))
        return `its /BBox is not [0 0 ${formatRealOf(b.width)} ${params.height}]`;
      return undefined;
    }
  }
  return `its drawing is not the badge of ${label}${params.qr ? " with a QR code of " + recordUrl : ""} at height ${params.height} (width ${formatRealOf(width)})`;
}

import { formatReal as formatRealOf } from "./badge_form";

// A PDF value written with its dictionary keys sorted, for comparing direct values.
function canonicalPdf(v: PdfValue | undefined): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "boolean") return String(v);
  switch (v.kind) {
    case "number": return String(v.value);
    case "name": return "/" + v.name;
    case "string": return "(" + latin1(v.bytes) + ")";
    case "ref": return `${v.num} ${v.gen} R`;
    case "array": return "[" + v.items.map(canonicalPdf).join(" ") + "]";
    case "dict": return "<<" + [...v.entries.keys()].sort().map((k) => "/" + k + canonicalPdf(v.entries.get(k))).join("") + ">>";
    case "stream": return "stream";
  }
}
