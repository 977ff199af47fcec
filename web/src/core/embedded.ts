// The Pith data of a PDF as a viewer opens it (its last revision): XMP pith: properties and
// dc:title, the Info dictionary's /Pith* keys and /Title, the pith-record.json attachment.
import { PdfDocument } from "./document";
import { decodeTextString, dictGet, PdfDict, PdfValue } from "./pdf_objects";
import { misboundDublinCorePrefix, readPithXmp, XmpError } from "./xmp";

export const ATTACHMENT_NAME = "pith-record.json";

export type EmbeddedData = {
  xmp: Map<string, string>; xmpTitle?: string; xmpError?: string; xmpDcMisbound?: string;
  info: Map<string, string>; infoTitle?: string; attachment?: string;
};

export function any(d: EmbeddedData): boolean {
  return d.xmp.size > 0 || d.info.size > 0 || d.attachment !== undefined;
}

function str(v: PdfValue): string | undefined {
  return v && typeof v === "object" && v.kind === "string" ? decodeTextString(v.bytes) : undefined;
}

export function xmpPacket(doc: PdfDocument): string | undefined {
  const m = doc.resolve(doc.root?.entries.get("Metadata"));
  if (!m || typeof m !== "object" || m.kind !== "stream") return undefined;
  return new TextDecoder("utf-8").decode(doc.streamData(m));
}

// Name-tree leaves (bounded walk): [name, value].
export function nameTree(doc: PdfDocument, node: PdfValue | undefined, out: [string, PdfValue][] = [], depth = 0, seen = new Set<PdfDict>()): [string, PdfValue][] {
  const d = doc.dict(node);
  if (!d || depth > 32 || seen.has(d) || out.length > 10000) return out;
  seen.add(d);
  const names = doc.resolve(d.entries.get("Names"));
  if (names && typeof names === "object" && names.kind === "array")
    for (let i = 0; i + 1 < names.items.length; i += 2) {
      const k = doc.resolve(names.items[i]);
      const s = k && typeof k === "object" && k.kind === "string" ? decodeTextString(k.bytes) : undefined;
      if (s !== undefined) out.push([s, names.items[i + 1]]);
    }
  const kids = doc.resolve(d.entries.get("Kids"));
  if (kids && typeof kids === "object" && kids.kind === "array") for (const k of kids.items) nameTree(doc, k, out, depth + 1, seen);
  return out;
}

export function readEmbedded(doc: PdfDocument): EmbeddedData {
  const d: EmbeddedData = { xmp: new Map(), info: new Map() };
  // A packet that cannot be decoded (a Flate bomb, a reference loop) makes the file unreadable.
  const packet = xmpPacket(doc);
  if (packet !== undefined) {
    d.xmpDcMisbound = misboundDublinCorePrefix(packet);
    try {
      const x = readPithXmp(packet);
      d.xmp = x.properties;
      d.xmpTitle = x.title;
    } catch (e) {
      if (!(e instanceof XmpError)) throw e;
      d.xmpError = e.message;
    }
  }
  const info = doc.dict(doc.trailer.entries.get("Info"));
  if (info)
    for (const [k, v] of info.entries) {
      const s = str(doc.resolve(v));
      if (s === undefined) continue;
      if (k.startsWith("Pith")) d.info.set(k, s);
      if (k === "Title" && s) d.infoTitle = s;
    }
  const ef = doc.dict(doc.dict(doc.root?.entries.get("Names"))?.entries.get("EmbeddedFiles"));
  if (ef)
    for (const [name, spec] of nameTree(doc, ef)) {
      if (name !== ATTACHMENT_NAME) continue;
      const efd = doc.dict(doc.dict(spec)?.entries.get("EF"));
      const s = doc.resolve(dictGet(efd, "F") ?? dictGet(efd, "UF"));
      if (s && typeof s === "object" && s.kind === "stream") {
        d.attachment = new TextDecoder("utf-8").decode(doc.streamData(s));
        break;
      }
    }
  return d;
}
