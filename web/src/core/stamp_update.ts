// The stamp update read strictly (docs/FORMAT.md "The stamp update, object by object") and the
// parts of it the page validates on its own.
import { parseIndirectAt, parseXrefSection, PdfDocument } from "./document";
import { inflateBounded } from "./filters";
import { isWhite, latin1, nameOf, numberOf, PdfDict, PdfError, PdfValue } from "./pdf_objects";
import { Json, JsonNumber, parseJson } from "./json";
import { badgeContent, badgeContent3, BOLD_CHARS, Matrix, nimbusAdvance, qrCandidates, REGULAR_CHARS } from "./badge_form";
import { nameTree } from "./embedded";
import { planStructure, structureObjects } from "./structure";

export type UpdateObject = { num: number; gen: number; value: PdfValue; offset: number };
export type UpdateSection = { start: number; end: number; objects: UpdateObject[]; trailer: PdfDict; xrefKind: "table" | "stream"; xrefNum?: number };

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
  let xrefAt = -1, xrefKind: "table" | "stream" = "table", trailer: PdfDict | undefined, xrefNum: number | undefined;
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
        xrefNum = o.num;
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
  return { start, end: p, objects, trailer: trailer!, xrefKind, xrefNum };

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

export type StampParameters = { format: number; kind: "badge" | "seal"; page: number; height: string; qr: boolean; matrix: string[]; rect: string[]; date: string | null; forced: boolean; placement?: string; pdfa?: string; tagged?: true };

// How the badge's place was chosen, when the stamp records it (docs/FORMAT.md, "Stamp parameters").
const PLACEMENT = /^(given|(auto|auto-forced):(top-right|top-left|bottom-right|bottom-left|right-margin|left-margin|left-margin-vertical))$/;

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d{0,3}[1-9])?$/;

export function parseStampParameters(text: string): StampParameters {
  const v = parseJson(text) as { [k: string]: Json };
  const bad = (what: string): never => {
    throw new PdfError(`pith:stampParameters: ${what}`);
  };
  if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof JsonNumber) bad("not an object");
  const keys = ["date", "forced", "format", "height", "kind", "matrix", "page", "qr", "rect"];
  const present = Object.keys(v).filter((k) => k !== "placement" && k !== "pdfa" && k !== "tagged");
  if (present.sort().join() !== keys.join()) bad(`members are not exactly ${keys.join(", ")} (and placement, pdfa, tagged)`);
  if ("tagged" in v && !(v.tagged === true && v.kind === "badge")) bad("tagged is recorded only as true, and only by a badge stamp");
  if ("pdfa" in v && !(typeof v.pdfa === "string" && isPdfaLabel(v.pdfa)))
    bad("pdfa is not a PDF/A conformance a stamp records (1A, 1B, 2A, 2B, 2U, 3A, 3B, 3U, 4, 4E, 4F)");
  if ("placement" in v && !(typeof v.placement === "string" && PLACEMENT.test(v.placement) && v.kind === "badge"))
    bad("placement is not one a badge stamp records (auto:<candidate>, auto-forced:<candidate>, given)");
  const num = (x: Json) => (x instanceof JsonNumber && x.integer ? Number(x.text) : bad("an integer member is not an integer"));
  const decimals = (x: Json, n: number) =>
    Array.isArray(x) && x.length === n && x.every((s) => typeof s === "string" && DECIMAL.test(s)) ? (x as string[]) : bad(`not ${n} decimal strings`);
  if (![2, 3, 4].includes(num(v.format))) bad(`format ${v.format} is not 2, 3 or 4`);
  if (v.kind !== "badge" && v.kind !== "seal") bad("kind is neither badge nor seal");
  if (typeof v.height !== "string" || !DECIMAL.test(v.height)) bad("height is not a decimal string");
  if (typeof v.qr !== "boolean" || typeof v.forced !== "boolean") bad("qr or forced is not a boolean");
  if (v.date !== null && !(typeof v.date === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v.date))) bad("date is not YYYY-MM-DDTHH:MM:SSZ or null");
  const p: StampParameters = {
    format: num(v.format), kind: v.kind as "badge" | "seal", page: num(v.page), height: v.height as string, qr: v.qr as boolean,
    matrix: decimals(v.matrix, 6), rect: decimals(v.rect, 4), date: v.date as string | null, forced: v.forced as boolean,
  };
  if ("placement" in v) p.placement = v.placement as string;
  if ("pdfa" in v) p.pdfa = v.pdfa as string;
  if ("tagged" in v) p.tagged = true;
  if (p.page < 1) bad("page is not 1 or more");
  if (p.kind === "seal" && (p.page !== 1 || p.height !== "0" || p.qr || p.matrix.some((x) => x !== "0") || p.rect.some((x) => x !== "0")))
    bad("a seal's page, height, qr, matrix and rect are not 1, \"0\", false and zeros");
  return p;
}

const refTo = (v: PdfValue | undefined, num: number) => !!v && typeof v === "object" && v.kind === "ref" && v.num === num;
const refNum = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "ref" ? v.num : undefined);

// What the page validates of the update without writing it again. Returns the first difference,
// or undefined when every validated part is as FORMAT.md specifies.
export type StampFacts = { recordUrl: string; number: string; recordSha: string; recordJson: Uint8Array; prefixSha: string; paramsText: string;
  // The pith: properties the stamp writes (FORMAT.md "XMP"), and the packet it merged them into.
  pithProperties: Map<string, string>; originalPacket?: string };

export function validateUpdate(bytes: Uint8Array, section: UpdateSection, prefix: PdfDocument, params: StampParameters, facts: StampFacts): string | undefined {
  const { recordUrl, number } = facts;
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
  // Format 3 writes the badge's two fonts (three objects each) before those four.
  const fonts = params.kind === "badge" && params.format >= 3 ? 6 : 0;
  const formNum = size + fonts;
  let next = size + (params.kind === "badge" ? 4 + fonts : 0);
  const wantMeta = origMeta ?? next++;
  const wantInfo = origInfo ?? next++;
  if (metaNum !== wantMeta) return `the XMP is object ${metaNum}, not ${wantMeta}`;
  if (infoNum !== wantInfo) return `Info is object ${infoNum}, not ${wantInfo}`;
  const expected = new Set([rootNum!, metaNum, infoNum]);
  // The attachment's three, but in a PDF/A document whose part allows no attachment.
  const attached = params.kind === "badge" && pdfaAllowsRecordAttachment(params.pdfa);
  if (attached) for (let k = 0; k < 3; k++) expected.add(next + k);
  // Tagged: the /Link structure element, numbered last, and the tree objects it changes.
  let structure: Map<number, PdfValue> | undefined;
  if (params.kind === "badge") {
    // The link's alt text: format 2 the full number, format 3 what the badge shows.
    const alt = params.format >= 3 ? "Pith Number pith:" + number.split(":")[2].slice(0, 8) : "Pith Number " + number;
    const pages = prefix.pages(params.page);
    const page = pages[params.page - 1];
    if (!page || !page.ref) return `the original has no page ${params.page}`;
    for (let k = 0; k < fonts + 4; k++) expected.add(size + k);
    expected.add(page.ref.num);
    const pageObj = byNum.get(page.ref.num)?.value as PdfDict | undefined;
    if (!pageObj || pageObj.kind !== "dict") return `the update does not rewrite page ${params.page} (object ${page.ref.num})`;
    const q = byNum.get(formNum + 1)?.value, draw = byNum.get(formNum + 2)?.value;
    if (!q || typeof q !== "object" || q.kind !== "stream" || latin1(streamBytes(bytes, q)).trim() !== "q")
      return `object ${formNum + 1} is not the content stream "q"`;
    if (!draw || typeof draw !== "object" || draw.kind !== "stream") return `object ${formNum + 2} is not a content stream`;
    const text = latin1(streamBytes(bytes, draw)).trim().split(/\s+/).join(" ");
    const m = /^Q q (\S+ \S+ \S+ \S+ \S+ \S+) cm \/(PithBadge\d*) Do Q$/.exec(text);
    if (!m || m[1] !== params.matrix.join(" ")) return `object ${formNum + 2} is not "Q q ${params.matrix.join(" ")} cm /PithBadge Do Q"`;
    const contents = pageObj.entries.get("Contents");
    if (!contents || typeof contents !== "object" || contents.kind !== "array" || !refTo(contents.items[0], formNum + 1) || !refTo(contents.items[contents.items.length - 1], formNum + 2))
      return `page ${params.page}'s /Contents is not [${formNum + 1} 0 R, the original content, ${formNum + 2} 0 R]`;
    const annots = pageObj.entries.get("Annots");
    if (!annots || typeof annots !== "object" || annots.kind !== "array" || !refTo(annots.items[annots.items.length - 1], formNum + 3))
      return `page ${params.page}'s /Annots does not end with the link ${formNum + 3} 0 R`;
    const link = byNum.get(formNum + 3)?.value as PdfDict | undefined;
    if (!link || link.kind !== "dict" || nameOf(link.entries.get("Subtype")) !== "Link") return `object ${formNum + 3} is not a /Link annotation`;
    const num = (value: number): PdfValue => ({ kind: "number", value, integer: Number.isInteger(value) });
    let structParent: number | undefined;
    if (params.tagged) {
      const other = new Set([page.ref.num, rootNum!]);
      const trailerInfo = refNum(prefix.trailer.entries.get("Info"));
      if (trailerInfo !== undefined) other.add(trailerInfo);
      const metaRef = refNum(prefix.root?.entries.get("Metadata"));
      if (metaRef !== undefined) other.add(metaRef);
      const plan = planStructure(prefix, other);
      if (plan === undefined || typeof plan === "string")
        return `the stamp records its link in the structure tree, but ${plan === undefined ? "the PDF is not tagged" : plan}`;
      structParent = plan.key;
      structure = structureObjects(prefix, plan, next + (attached ? 3 : 0), formNum + 3, page.ref.num, pdfText(alt));
      for (const n of structure.keys()) expected.add(n);
    }
    const wantLink: PdfValue = { kind: "dict", entries: new Map<string, PdfValue>([
      ["Type", { kind: "name", name: "Annot" }], ["Subtype", { kind: "name", name: "Link" }],
      ["Rect", { kind: "array", items: params.rect.map((x) => num(Number(x))) }], ["Border", { kind: "array", items: [num(0), num(0), num(0)] }],
      ["F", num(4)], ["P", page.ref], ["Contents", pdfText(alt)], ...(structParent === undefined ? [] : [["StructParent", num(structParent)] as [string, PdfValue]]),
      ["A", { kind: "dict", entries: new Map<string, PdfValue>([["Type", { kind: "name", name: "Action" }], ["S", { kind: "name", name: "URI" }], ["URI", pdfText(recordUrl)]]) }],
    ]) };
    if (canonicalPdf(link) !== canonicalPdf(wantLink)) return `the link annotation is ${canonicalPdf(link).slice(0, 200)}, not ${canonicalPdf(wantLink).slice(0, 200)}`;
    const rect = link.entries.get("Rect");
    if (!rect || typeof rect !== "object" || rect.kind !== "array" || rect.items.map((x) => numberOf(x)).join() !== params.rect.map(Number).join())
      return `the link's /Rect is not the parameters' [${params.rect.join(" ")}]`;
    const a = link.entries.get("A");
    const uri = a && typeof a === "object" && a.kind === "dict" ? a.entries.get("URI") : undefined;
    if (!uri || typeof uri !== "object" || uri.kind !== "string" || latin1(uri.bytes) !== recordUrl) return `the link's /URI is not ${recordUrl}`;
    const contentsText = link.entries.get("Contents");
    if (!contentsText || typeof contentsText !== "object" || contentsText.kind !== "string" || latin1(contentsText.bytes) !== alt)
      return `the link's /Contents is not "${alt}"`;
    if (!refTo(link.entries.get("P"), page.ref.num)) return "the link's /P is not its page";
    if (fonts) {
      const why = compareBadgeFonts(bytes, byNum, size);
      if (why) return why;
    }
    const form = byNum.get(formNum)?.value;
    if (!form || typeof form !== "object" || form.kind !== "stream") return `object ${formNum} is not the badge form XObject`;
    const why = compareBadgeForm(form, streamBytes(bytes, form), number, params, recordUrl, size);
    if (why) return `object ${formNum} (the badge form): ${why}`;
  }
  const dicts = compareDictionaries(prefix, byNum, params, { rootNum: rootNum!, metaNum, infoNum, size: formNum, attachmentStart: next }, facts);
  if (dicts) return dicts;
  if (attached) {
    const att = compareAttachment(bytes, prefix, byNum, params, facts, next);
    if (att) return att;
  }
  let nextFree = size;
  for (const k of [...expected, section.xrefNum ?? 0]) nextFree = Math.max(nextFree, k + 1);
  const tr = compareTrailer(section, prefix, facts, size, nextFree);
  if (tr) return tr;
  if (structure)
    for (const [n, want] of structure) {
      const got = byNum.get(n)?.value;
      if (canonicalPdf(got) !== canonicalPdf(want)) return `object ${n} of the structure tree is ${canonicalPdf(got).slice(0, 200)}, not ${canonicalPdf(want).slice(0, 200)}`;
    }
  const meta = byNum.get(metaNum)!.value as { dataStart: number; dataEnd: number; dict: PdfDict };
  const packet = streamBytes(bytes, meta);
  // The strict form first: a property set cannot show what a parser drops (comments, text
  // between elements, a second packet, ...), so nothing but properties may be there.
  const form = stampPacketProblem(packet);
  if (form) return `object ${metaNum} (the XMP packet): not in the form a stamp writes: ${form}`;
  const xmp = compareXmp(new TextDecoder("utf-8").decode(packet), params, facts);
  if (xmp) return xmp;
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
function compareBadgeForm(form: { dict: PdfDict }, data: Uint8Array, number: string, params: StampParameters, recordUrl: string, size: number): string | undefined {
  const height = Number(params.height);
  const label = "pith:" + number.split(":")[2].slice(0, 8);
  const e = form.dict.entries;
  const keys = [...e.keys()].filter((k) => k !== "Length" && k !== "Filter").sort().join(" ");
  if (keys !== "BBox Resources Subtype Type") return `its keys are ${keys}, not BBox Resources Subtype Type`;
  if (nameOf(e.get("Type")) !== "XObject" || nameOf(e.get("Subtype")) !== "Form") return "it is not /Type /XObject /Subtype /Form";
  const f = e.get("Filter");
  if (f !== undefined && nameOf(f) !== "FlateDecode") return "its /Filter is not /FlateDecode";
  const res = e.get("Resources");
  const want = params.format >= 3
    ? `<</Font<</PithSans${size + 2} 0 R/PithSansBold${size + 5} 0 R>>/ProcSet[/PDF /Text]>>`
    : "<</Font<</PithHelv<</BaseFont/Helvetica/Encoding/WinAnsiEncoding/Subtype/Type1/Type/Font>>>>/ProcSet[/PDF /Text]>>";
  if (canonicalPdf(res) !== want) return `its /Resources are ${canonicalPdf(res)}, not ${want}`;
  const text = latin1(data);
  const drawn: Iterable<Matrix | undefined> = params.qr ? qrCandidates(recordUrl) : [undefined];
  let width = 0;
  for (const qr of drawn) {
    const b = params.format >= 3 ? badgeContent3(label, qr, height) : badgeContent(label, qr, height);
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

// Format 3's fonts (docs/FORMAT.md "The badge font"): for each weight a CFF program whose decoded
// bytes have the pinned SHA-256, its descriptor and a simple font dictionary, key by key.
const FONT_PINS = {
  regular: "c21b48c2a41266be5024de31c0697e44c0dcba94efb0970c5b167d8714649304",
  bold: "051d591d27628edfb4a1fe441cae9a97d57f7ed9acfbfddb815e75dc551ed1cf",
};

function compareBadgeFonts(bytes: Uint8Array, byNum: Map<number, UpdateObject>, size: number): string | undefined {
  const glyph = (c: string) => (c === " " ? "space" : c === ":" ? "colon" : c >= "0" && c <= "9" ? ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Number(c)] : c);
  for (const bold of [false, true]) {
    const at = size + (bold ? 3 : 0);
    const chars = bold ? BOLD_CHARS : REGULAR_CHARS;
    const name = bold ? "PITHBD+NimbusSans-Bold" : "PITHRG+NimbusSans-Regular";
    const program = byNum.get(at)?.value;
    if (!program || typeof program !== "object" || program.kind !== "stream") return `object ${at} is not the badge font program`;
    const pkeys = [...program.dict.entries.keys()].filter((k) => k !== "Length").sort().join(" ");
    if (pkeys !== "Filter Subtype" || nameOf(program.dict.entries.get("Subtype")) !== "Type1C" || nameOf(program.dict.entries.get("Filter")) !== "FlateDecode")
      return `object ${at} is not << /Subtype /Type1C /Filter /FlateDecode >>`;
    const digest = hex(sha256(streamBytes(bytes, program)));
    if (digest !== (bold ? FONT_PINS.bold : FONT_PINS.regular)) return `object ${at} (the ${bold ? "bold" : "regular"} badge font) has SHA-256 ${digest}, not the pinned one`;
    const codes = [...chars].map((c) => c.charCodeAt(0));
    const first = Math.min(...codes), last = Math.max(...codes);
    const widths: string[] = [];
    for (let c = first; c <= last; c++) widths.push(String(nimbusAdvance(bold, String.fromCharCode(c))));
    const bbox = bold ? "[-188 -307 1069 1070]" : "[-210 -299 1032 1075]";
    const wantDescriptor = `<</Ascent729/CapHeight718/CharSet(${[...chars].map((c) => "/" + glyph(c)).join("")})/Descent-271/Flags32/FontBBox${bbox}/FontFile3${at} 0 R/FontName/${name}/ItalicAngle0/StemV${bold ? 140 : 88}/Type/FontDescriptor>>`;
    const wantFont = `<</BaseFont/${name}/Encoding/WinAnsiEncoding/FirstChar${first}/FontDescriptor${at + 1} 0 R/LastChar${last}/Subtype/Type1/Type/Font/Widths[${widths.join(" ")}]>>`;
    const got = [canonicalPdf(byNum.get(at + 1)?.value), canonicalPdf(byNum.get(at + 2)?.value)];
    if (got[0] !== wantDescriptor) return `object ${at + 1} is ${got[0].slice(0, 200)}, not the font descriptor ${wantDescriptor.slice(0, 200)}`;
    if (got[1] !== wantFont) return `object ${at + 2} is ${got[1].slice(0, 200)}, not the font ${wantFont.slice(0, 200)}`;
  }
  return undefined;
}

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

const pdfString = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "string" ? latin1(v.bytes) : undefined);

// The page, Info and catalog dictionaries: the original's, changed only where docs/FORMAT.md says.
function compareDictionaries(prefix: PdfDocument, byNum: Map<number, UpdateObject>, params: StampParameters,
  n: { rootNum: number; metaNum: number; infoNum: number; size: number; attachmentStart: number }, f: StampFacts): string | undefined {
  const asDict = (v: PdfValue | undefined) => (v && typeof v === "object" && v.kind === "dict" ? v : undefined);
  const ref = (num: number): PdfValue => ({ kind: "ref", num, gen: 0 });
  const same = (what: string, got: PdfDict | undefined, want: Map<string, PdfValue>, skip: Set<string>) => {
    if (!got) return `${what} is not a dictionary`;
    const keys = (m: Map<string, PdfValue>) => [...m.keys()].filter((k) => !skip.has(k)).sort().join(" ");
    if (keys(got.entries) !== keys(want)) return `${what} has the keys ${keys(got.entries)}, not ${keys(want)}`;
    for (const [k, v] of want) if (!skip.has(k) && canonicalPdf(got.entries.get(k)) !== canonicalPdf(v)) return `${what}'s /${k} is ${canonicalPdf(got.entries.get(k)).slice(0, 120)}, not ${canonicalPdf(v).slice(0, 120)}`;
    return undefined;
  };
  const resolvedDict = (v: PdfValue | undefined) => new Map(prefix.dict(v)?.entries ?? []);
  const resolvedArray = (v: PdfValue | undefined): PdfValue[] => {
    const r = prefix.resolve(v);
    return r && typeof r === "object" && r.kind === "array" ? [...r.items] : [];
  };
  // Info: the original's entries, the /Pith keys of the record, /ModDate with a date.
  const info = asDict(byNum.get(n.infoNum)?.value);
  const wantInfo = resolvedDict(prefix.trailer.entries.get("Info"));
  const written = ["PithNumber", "PithCanonicalSHA256", "PithRecordURL", "PithReceiptKeyID", "PithReceiptSignature", ...(params.date ? ["ModDate"] : [])];
  for (const k of written) wantInfo.delete(k);
  const infoWhy = same("Info", info, wantInfo, new Set(written));
  if (infoWhy) return infoWhy;
  const pith = f.pithProperties;
  const wantPith: [string, string | undefined][] = [["PithNumber", pith.get("number")], ["PithCanonicalSHA256", pith.get("canonicalSha256")],
    ["PithRecordURL", pith.get("recordUrl")], ["PithReceiptKeyID", pith.get("receiptKeyId")], ["PithReceiptSignature", pith.get("receiptSignature")],
    ["ModDate", params.date ? pdfDate(params.date) : pdfString(wantInfo.get("ModDate"))]];
  for (const [k, v] of wantPith)
    if (pdfString(info!.entries.get(k)) !== v) return `Info's /${k} is ${pdfString(info!.entries.get(k)) ?? "missing"}, not ${v ?? "absent"}`;
  // The XMP stream's dictionary.
  const meta = byNum.get(n.metaNum)?.value;
  if (!meta || typeof meta !== "object" || meta.kind !== "stream") return `the XMP (object ${n.metaNum}) is not a stream`;
  // Written uncompressed (docs/FORMAT.md "XMP"): /Type, /Subtype and /Length, no /Filter or any other key.
  const metaKeys = [...meta.dict.entries.keys()].filter((k) => k !== "Length").sort().join(" ");
  if (metaKeys !== "Subtype Type" || nameOf(meta.dict.entries.get("Type")) !== "Metadata" || nameOf(meta.dict.entries.get("Subtype")) !== "XML")
    return `the XMP stream's dictionary (object ${n.metaNum}) is not /Type /Metadata /Subtype /XML /Length`;
  // The catalog: the original's, with /Metadata, and for a badge /Names and /AF.
  const catalog = asDict(byNum.get(n.rootNum)?.value);
  const wantCatalog = new Map(prefix.root?.entries ?? []);
  wantCatalog.set("Metadata", ref(n.metaNum));
  const badge = params.kind === "badge";
  if (badge && pdfaAllowsRecordAttachment(params.pdfa)) {
    const spec = n.attachmentStart + 1, tree = n.attachmentStart + 2;
    const names = resolvedDict(wantCatalog.get("Names"));
    const oldSpecs = new Set<number>();
    for (const [name, value] of nameTree(prefix, names.get("EmbeddedFiles")))
      if (name === "pith-record.json" && value && typeof value === "object" && value.kind === "ref") oldSpecs.add(value.num);
    names.set("EmbeddedFiles", ref(tree));
    wantCatalog.set("Names", { kind: "dict", entries: names });
    const af = resolvedArray(wantCatalog.get("AF")).filter((o) => !(o && typeof o === "object" && o.kind === "ref" && oldSpecs.has(o.num)));
    af.push(ref(spec));
    wantCatalog.set("AF", { kind: "array", items: af });
  }
  const catWhy = same("the catalog", catalog, wantCatalog, new Set());
  if (catWhy) return catWhy;
  if (!badge) return undefined;
  // The page: the original's, with /Contents wrapped, its resources made its own with the badge
  // form added to /XObject, and the link appended to /Annots.
  const page = prefix.pages(params.page)[params.page - 1];
  const got = asDict(byNum.get(page.ref!.num)?.value);
  const want = new Map(page.dict.entries);
  const contents: PdfValue[] = [ref(n.size + 1)];
  const c = page.dict.entries.get("Contents");
  const rc = prefix.resolve(c);
  if (rc && typeof rc === "object" && rc.kind === "array") {
    for (const part of rc.items) {
      const r = prefix.resolve(part);
      if (part && typeof part === "object" && part.kind === "ref" && r && typeof r === "object" && r.kind === "stream") contents.push(part);
    }
  } else if (c && typeof c === "object" && c.kind === "ref" && rc && typeof rc === "object" && rc.kind === "stream") contents.push(c);
  contents.push(ref(n.size + 2));
  want.set("Contents", { kind: "array", items: contents });
  const resources = resolvedDict(prefix.inherited(page.dict, "Resources"));
  const xobjects = resolvedDict(resources.get("XObject"));
  let formName = "PithBadge";
  for (let k = 1; xobjects.has(formName); k++) formName = "PithBadge" + k;
  xobjects.set(formName, ref(n.size));
  resources.set("XObject", { kind: "dict", entries: xobjects });
  want.set("Resources", { kind: "dict", entries: resources });
  const annots = resolvedArray(page.dict.entries.get("Annots"));
  annots.push(ref(n.size + 3));
  want.set("Annots", { kind: "array", items: annots });
  return same(`page ${params.page}`, got, want, new Set());
}

const pdfText = (s: string): PdfValue => ({ kind: "string", bytes: new TextEncoder().encode(s), hex: false });
const refTo0 = (num: number): PdfValue => ({ kind: "ref", num, gen: 0 });

// The attachment's three objects: the embedded file (the record's canonical JSON), its file
// specification and the EmbeddedFiles name tree holding every original entry and the record.
function compareAttachment(bytes: Uint8Array, prefix: PdfDocument, byNum: Map<number, UpdateObject>, params: StampParameters, f: StampFacts, first: number): string | undefined {
  const file = byNum.get(first)?.value;
  if (!file || typeof file !== "object" || file.kind !== "stream") return `object ${first} is not the attachment's embedded file`;
  const e = file.dict.entries;
  const keys = [...e.keys()].filter((k) => k !== "Length").sort().join(" ");
  if (keys !== "Filter Params Subtype Type") return `the embedded file's keys are ${keys}, not Filter Params Subtype Type`;
  if (nameOf(e.get("Type")) !== "EmbeddedFile" || nameOf(e.get("Subtype")) !== "application/json" || nameOf(e.get("Filter")) !== "FlateDecode")
    return "the embedded file is not /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode";
  const data = streamBytes(bytes, file);
  if (data.length !== f.recordJson.length || data.some((b, i) => b !== f.recordJson[i])) return "the embedded file is not the record's canonical JSON";
  const params_ = e.get("Params");
  const want = new Map<string, PdfValue>([["Size", { kind: "number", value: data.length, integer: true }], ["CheckSum", { kind: "string", bytes: md5(data), hex: true }]]);
  const got = params_ && typeof params_ === "object" && params_.kind === "dict" ? params_.entries : new Map();
  const pk = [...got.keys()].filter((k) => k !== "ModDate").sort().join(" ");
  if (pk !== "CheckSum Size" || canonicalPdf(got.get("Size")) !== canonicalPdf(want.get("Size")) || canonicalPdf(got.get("CheckSum")) !== canonicalPdf(want.get("CheckSum")))
    return "the embedded file's /Params are not its /Size and MD5 /CheckSum";
  if (pdfString(got.get("ModDate")) !== (params.date ? pdfDate(params.date) : undefined)) return "the embedded file's /Params /ModDate does not follow the stamp's date";
  const spec = byNum.get(first + 1)?.value;
  const wantSpec = new Map<string, PdfValue>([["Type", { kind: "name", name: "Filespec" }], ["F", pdfText("pith-record.json")], ["UF", pdfText("pith-record.json")],
    ["EF", { kind: "dict", entries: new Map([["F", refTo0(first)], ["UF", refTo0(first)]]) }], ["AFRelationship", { kind: "name", name: params.pdfa === undefined ? "Supplement" : "Data" }],
    ["Desc", pdfText("Pith Number record " + f.number)]]);
  if (!spec || typeof spec !== "object" || spec.kind !== "dict" || canonicalPdf(spec) !== canonicalPdf({ kind: "dict", entries: wantSpec }))
    return `object ${first + 1} is not the record's file specification`;
  const entries: [string, PdfValue][] = [];
  const names = prefix.dict(prefix.root?.entries.get("Names"));
  for (const [name, value] of nameTreeRaw(prefix, names?.entries.get("EmbeddedFiles"))) if (latin1(name) !== "pith-record.json") entries.push([latin1(name), value]);
  entries.push(["pith-record.json", refTo0(first + 1)]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const wantTree = { kind: "dict" as const, entries: new Map<string, PdfValue>([["Names", { kind: "array", items: entries.flatMap(([k, v]) => [pdfText(k), v]) }]]) };
  const tree = byNum.get(first + 2)?.value;
  if (!tree || canonicalPdf(tree) !== canonicalPdf(wantTree)) return `object ${first + 2} is not the EmbeddedFiles name tree of the original's entries and the record`;
  return undefined;
}

// Name-tree leaves with their keys as bytes (as written), bounded.
function nameTreeRaw(doc: PdfDocument, node: PdfValue | undefined, out: [Uint8Array, PdfValue][] = [], depth = 0): [Uint8Array, PdfValue][] {
  const d = doc.dict(node);
  if (!d || depth > 32 || out.length > 10000) return out;
  const names = doc.resolve(d.entries.get("Names"));
  if (names && typeof names === "object" && names.kind === "array")
    for (let i = 0; i + 1 < names.items.length; i += 2) {
      const k = doc.resolve(names.items[i]);
      if (k && typeof k === "object" && k.kind === "string") out.push([k.bytes, names.items[i + 1]]);
    }
  const kids = doc.resolve(d.entries.get("Kids"));
  if (kids && typeof kids === "object" && kids.kind === "array") for (const k of kids.items) nameTreeRaw(doc, k, out, depth + 1);
  return out;
}

// The trailer (or the xref stream's dictionary, but for /Length and /W): /Size, /Root, /Info,
// /Prev, and /ID: the original's first id (or the first 16 bytes of SHA-256("pith-id0" +
// stampedSha256)) and the first 16 bytes of SHA-256("pith-id1" + stampedSha256 + canonical_sha256
// + the parameters' canonical JSON).
function compareTrailer(section: UpdateSection, prefix: PdfDocument, f: StampFacts, originalSize: number, nextFree: number): string | undefined {
  const t = section.trailer.entries;
  const enc = (s: string) => new TextEncoder().encode(s);
  const oldId = prefix.resolve(prefix.trailer.entries.get("ID"));
  const first = oldId && typeof oldId === "object" && oldId.kind === "array" ? prefix.resolve(oldId.items[0]) : undefined;
  const id0 = first && typeof first === "object" && first.kind === "string" ? first.bytes : sha256(enc("pith-id0" + f.prefixSha)).subarray(0, 16);
  const id1 = sha256(enc("pith-id1" + f.prefixSha + f.recordSha + f.paramsText)).subarray(0, 16);
  const want = new Map<string, PdfValue>([["Size", { kind: "number", value: Math.max(originalSize, nextFree), integer: true }],
    ["ID", { kind: "array", items: [{ kind: "string", bytes: id0, hex: true }, { kind: "string", bytes: id1, hex: true }] }]]);
  const skip = new Set(["Root", "Info", "Prev", "Length", "W", "Index", "Type", "Filter"]);
  const keys = [...t.keys()].filter((k) => !skip.has(k)).sort().join(" ");
  if (keys !== "ID Size") return `the trailer has the keys ${[...t.keys()].sort().join(" ")}`;
  for (const [k, v] of want) if (canonicalPdf(t.get(k)) !== canonicalPdf(v)) return `the trailer's /${k} is ${canonicalPdf(t.get(k))}, not ${canonicalPdf(v)}`;
  if (section.xrefKind === "stream") {
    if (nameOf(t.get("Type")) !== "XRef") return "the xref stream is not /Type /XRef";
    const nums = [...section.objects.map((o) => o.num), section.xrefNum!].sort((a, b) => a - b);
    const index: number[] = [];
    for (const n of nums) {
      if (index.length && index[index.length - 2] + index[index.length - 1] === n) index[index.length - 1]++;
      else index.push(n, 1);
    }
    if (canonicalPdf(t.get("Index")) !== "[" + index.join(" ") + "]") return `the xref stream's /Index is ${canonicalPdf(t.get("Index"))}, not [${index.join(" ")}]`;
    const fl = t.get("Filter");
    if (fl !== undefined && nameOf(fl) !== "FlateDecode") return "the xref stream's /Filter is not /FlateDecode";
  } else for (const k of ["Type", "Filter", "W", "Index", "Length"]) if (t.has(k)) return `the trailer has /${k}`;
  return undefined;
}
import { md5 } from "./md5";
import { hex, sha256 } from "./crypto";

// The XMP as a set of properties: the original packet's, with the pith: ones replaced by the
// stamp's and, with a date, xmp:MetadataDate and xmp:ModifyDate set.
function compareXmp(packet: string, params: StampParameters, f: StampFacts): string | undefined {
  const XMP = "http://ns.adobe.com/xap/1.0/";
  let got: string[], base: string[];
  try {
    got = propertySet(packet);
    // A stamp of format 3 or older wrote the document's packet as Exempi 2.6.3 read it, a two-item
    // language alternative with the x-default value in both (docs/FORMAT.md, "Language alternatives").
    base = f.originalPacket !== undefined ? propertySet(f.originalPacket, { twoItemAlternativesAsDefault: params.format <= 3 }) : [];
  } catch (e) {
    return "the XMP packet cannot be read: " + (e as Error).message;
  }
  const dated = (p: string) => params.date !== null && (p.startsWith(XMP + "\tMetadataDate\t") || p.startsWith(XMP + "\tModifyDate\t"));
  const MM = "http://ns.adobe.com/xap/1.0/mm/";
  const instance = (p: string) => params.format >= 3 && p.startsWith(MM + "\tInstanceID\t");
  let want = base.filter((p) => !p.startsWith(PITH_NS + "\t") && !dated(p) && !instance(p));
  // PDF/A: the pith schema declared among the packet's extension schemas (docs/FORMAT.md, "PDF/A").
  if (params.pdfa !== undefined) want = withPithDeclared(want);
  for (const [k, v] of f.pithProperties) want.push(`${PITH_NS}\t${k}\t${v}`);
  if (params.format >= 3) {
    // A new revision, a new instance ID (docs/FORMAT.md "XMP"): derived from the stamp's inputs.
    const seed = "pith-instance" + f.pithProperties.get("stampedSha256") + f.pithProperties.get("canonicalSha256") + f.pithProperties.get("stampParameters");
    const h = hex(sha256(new TextEncoder().encode(seed)));
    want.push(`${MM}\tInstanceID\tuuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
  }
  if (params.date !== null) want.push(`${XMP}\tMetadataDate\t${params.date}`, `${XMP}\tModifyDate\t${params.date}`);
  const gotBase = got;
  want.sort();
  const missing = want.filter((p) => !gotBase.includes(p)), extra = gotBase.filter((p) => !want.includes(p));
  const show = (p: string) => p.replace(PITH_NS, "pith:").replace(/\t/g, " ").slice(0, 160);
  if (missing.length) return `the XMP lacks ${show(missing[0])}`;
  if (extra.length) return `the XMP has ${show(extra[0])}, which the stamp does not write`;
  return undefined;
}
import { PITH_NS, propertySet } from "./xmp";
import { stampPacketProblem } from "./xmp_packet_form";
import { isPdfaLabel, pdfaAllowsRecordAttachment, withPithDeclared } from "./pdfa";

// "YYYY-MM-DDTHH:MM:SSZ" as a PDF date: "D:YYYYMMDDHHMMSSZ".
function pdfDate(iso: string): string {
  return "D:" + iso.replace(/[-:T]/g, "");
}
