// What a stamp keeps of a PDF/A document (docs/FORMAT.md, "PDF/A"): the conformance recorded in
// the stamp parameters ("2B"), whether the record is attached, and the pith schema the stamp
// declares in the XMP's PDF/A extension schemas.
import { PITH_NS } from "./xmp";

const LABELS = ["1A", "1B", "2A", "2B", "2U", "3A", "3B", "3U", "4", "4E", "4F"];

export const isPdfaLabel = (label: string) => LABELS.includes(label);

// PDF/A-1 allows no embedded file, PDF/A-2 and 4 (but 4F) only PDF/A files; 3 and 4F any associated file.
export const pdfaAllowsRecordAttachment = (label: string | undefined) => label === undefined || label[0] === "3" || label === "4F";

export function pdfaKeptSummary(label: string): string {
  const name = "PDF/A-" + label;
  if (pdfaAllowsRecordAttachment(label))
    return `${name} kept: the record is attached as an associated file (/AF, /AFRelationship /Data), the pith properties are declared in the XMP's PDF/A extension schema`;
  return `${name} kept: the record is carried in the XMP (pith:canonicalRecord), not attached (` +
    (label[0] === "1" ? "PDF/A-1 allows no embedded file" : `${name} allows only embedded PDF/A files`) + "), the pith properties are declared in the XMP's PDF/A extension schema";
}

export const EXTENSION_NS = "http://www.aiim.org/pdfa/ns/extension/";
const SCHEMA_NS = "http://www.aiim.org/pdfa/ns/schema#";
const PROPERTY_NS = "http://www.aiim.org/pdfa/ns/property#";

// Every pith property and its description, in the order the declaration lists them (FORMAT.md "PDF/A").
const DECLARED: [string, string][] = [
  ["number", "The Pith Number, pith:YYYY:SUFFIX"],
  ["canonicalSha256", "SHA-256 (hex) of the canonical record"],
  ["canonicalRecord", "The canonical record, as canonical JSON"],
  ["recordUrl", "The record page"],
  ["receiptKeyId", "Key id of the registry's receipt"],
  ["receiptSignature", "The receipt's Ed25519 signature (base64)"],
  ["receiptKeyFingerprint", "Fingerprint of the receipt's public key"],
  ["receiptSignedAt", "When the receipt was signed"],
  ["producer", "The pith component that wrote these properties"],
  ["stampedLength", "Byte length of the document before the stamp update"],
  ["stampedSha256", "SHA-256 (hex) of those bytes"],
  ["title", "The paper's title, as the record states it"],
  ["stampParameters", "What the stamp decided, as canonical JSON"],
  ["stamperKeyId", "Key id of the stamper's signature"],
  ["stamperSignature", "The stamper's Ed25519 signature (base64)"],
];

// The packet's extension-schema leaves (as xmp.ts's propertySet writes them) once the stamp has
// declared pith: an earlier item declaring the pith namespace is dropped, the others keep their
// order, and the pith item comes last.
export function withPithDeclared(leaves: string[]): string[] {
  const item = new RegExp("^" + EXTENSION_NS.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") + "\tschemas/Bag\\[(\\d+)\\](.*)$", "s");
  const items = new Map<number, string[]>();
  const rest: string[] = [];
  for (const leaf of leaves) {
    const m = item.exec(leaf);
    if (!m) rest.push(leaf);
    else {
      const k = Number(m[1]);
      if (!items.has(k)) items.set(k, []);
      items.get(k)!.push(m[2]);
    }
  }
  const kept = [...items.keys()].sort((a, b) => a - b).map((k) => items.get(k)!)
    .filter((tails) => !tails.includes(`/${SCHEMA_NS}namespaceURI\t${PITH_NS}`));
  const pith = [`/${SCHEMA_NS}schema\tPith Number`, `/${SCHEMA_NS}namespaceURI\t${PITH_NS}`, `/${SCHEMA_NS}prefix\tpith`];
  DECLARED.forEach(([name, description], i) => {
    const at = `/${SCHEMA_NS}property/Seq[${i + 1}]/${PROPERTY_NS}`;
    pith.push(`${at}name\t${name}`, `${at}valueType\tText`, `${at}category\texternal`, `${at}description\t${description}`);
  });
  kept.push(pith);
  kept.forEach((tails, i) => { for (const t of tails) rest.push(`${EXTENSION_NS}\tschemas/Bag[${i + 1}]${t}`); });
  return rest;
}
