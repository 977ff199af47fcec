// `pith verify` for one PDF, written from docs/FORMAT.md "Verifying, step by step": the same checks,
// ids and statuses. The viewer checks read what pdf.js shows (text, annotations); checks the page
// cannot perform are reported as such and keep the verdict from VERIFIED.
import { ed25519VerifyAsync, fromBase64, Keyring, sha256Hex } from "./crypto";
import { onlyWhite, PdfDocument } from "./document";
import { any, ATTACHMENT_NAME, EmbeddedData, readEmbedded, xmpPacket as xmpPacketOf } from "./embedded";
import { canonicalText, member, parseJson } from "./json";
import { pageOpenMarkedContent } from "./marked_content";
import { isPdfaLabel, pdfaAllowsRecordAttachment, pdfaKeptSummary } from "./pdfa";
import { latin1, Lexer, numberOf, PdfError } from "./pdf_objects";
import { checkReceiptSignature, computeFacts, Facts, loadRecord, Receipt, Record, RecordError, titleCanonSha256, wrapperProblems } from "./record";
import { CheckResult, NOT_PERFORMED, Report, Status, Verdict } from "./report";
import { parseStampParameters, readUpdateSection, StampParameters, UpdateSection, validateUpdate } from "./stamp_update";
import { checkViewer, Viewer } from "./viewer_checks";
import { checkAutomaticActions } from "./automatic_actions";
import { readPithXmp } from "./xmp";
import { canonicalBytes } from "./json";

export type VerifyOptions = { keyring: Keyring; viewer?: (bytes: Uint8Array) => Promise<Viewer> };
export type Route = "stamp" | "latex" | "unknown";

export class Ctx {
  checks: CheckResult[] = [];
  required = new Set<string>();
  facts?: Facts;
  xmpRecord?: Record;
  attached?: Record;
  title?: string;
  route: Route = "unknown";
  stamp?: StampParameters;
  badgePage?: number; // 0-based
  // The badge's link rectangle as the stamp parameters record it, validated or not: character
  // recognition of the title blanks it (what it hides matters only in a file that fails anyway where
  // the update is not what pith stamp writes).
  claimedBadge?: number[];
  claimedBadgePage?: number;
  // Set when the stamped page leaves marked content open around the badge (it fails
  // pith.badge.shown), or when its content cannot be read to tell (unverifiable).
  badgeHidden?: string;
  badgeDoubt?: string;
  stamperTrusted = false;
  stamperSummary = "";
  rewritten = false;
  factsOut: { [k: string]: unknown } = {};
  constructor(readonly doc: PdfDocument, readonly data: EmbeddedData, readonly opt: VerifyOptions) {}
  add(id: string, title: string, status: Status, reason: string) {
    this.checks.push({ id, title, status, reason });
  }
  xmp(name: string) {
    return this.data.xmp.get(name);
  }
  find(id: string) {
    return this.checks.find((c) => c.id === id);
  }
}

const first = (s: string) => s.split("\n")[0];

function receiptFromXmp(d: EmbeddedData): Receipt | undefined {
  const sig = d.xmp.get("receiptSignature");
  if (sig === undefined) return undefined;
  return { algorithm: "ed25519", signedMessage: "canonical_sha256_bytes", signatureB64: sig, keyId: d.xmp.get("receiptKeyId") ?? "", fingerprint: d.xmp.get("receiptKeyFingerprint") ?? "", signedAt: d.xmp.get("receiptSignedAt") };
}

async function checkRecord(c: Ctx) {
  for (const id of ["pith.record.valid", "pith.recordHash.match", "pith.number.match", "pith.receipt.signature"]) c.required.add(id);
  const where = [c.data.xmp.size ? "XMP" : "", c.data.info.size ? "Info" : "", c.data.attachment !== undefined ? `attachment ${ATTACHMENT_NAME}` : ""].filter((x) => x);
  c.add("pith.data.found", "Pith data", "pass", "found in " + where.join(", "));
  const problems: string[] = [];
  const text = c.xmp("canonicalRecord");
  if (text !== undefined) {
    try {
      c.xmpRecord = loadRecord(text);
      if (c.xmpRecord.shape !== "canonical_record") problems.push("XMP pith:canonicalRecord is not a bare canonical record");
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      problems.push("XMP pith:canonicalRecord: " + first(e.message));
    }
  }
  if (c.data.attachment !== undefined) {
    try {
      c.attached = loadRecord(c.data.attachment);
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      problems.push(`${ATTACHMENT_NAME}: ` + first(e.message));
    }
  }
  if (!problems.length && c.attached) for (const p of wrapperProblems(c.attached, computeFacts(c.attached))) problems.push(`${ATTACHMENT_NAME}: ${p}`);
  if (!problems.length && (c.xmpRecord || c.attached)) {
    const use = (c.xmpRecord ?? c.attached)!;
    const hash = member(use.canonical, "metadata.title_canon_sha256");
    if (typeof hash === "string") {
      const t = c.xmp("title");
      if (t !== undefined) {
        if (titleCanonSha256(t) === hash) c.title = t;
        else problems.push(`XMP pith:title "${t}" does not hash to the record's title_canon_sha256`);
      }
      if (c.attached?.title !== undefined && titleCanonSha256(c.attached.title) === hash && c.title === undefined) c.title = c.attached.title;
    }
  }
  if (problems.length) {
    c.add("pith.record.valid", "Embedded record", "fail", problems.join("; "));
    c.xmpRecord = c.attached = undefined;
  } else {
    const use = c.xmpRecord ?? c.attached;
    if (!use) c.add("pith.record.valid", "Embedded record", "unverifiable", "the PDF carries the number only, no canonical record (compiled without the data file `pith latex` writes?)");
    else {
      const f = computeFacts(use);
      if (!f.number) c.add("pith.record.valid", "Embedded record", "fail", "the canonical record has no year in metadata.submitted_at");
      else {
        c.facts = f;
        c.add("pith.record.valid", "Embedded record", "pass", "canonical record from " + (c.xmpRecord ? "XMP" : ATTACHMENT_NAME));
      }
    }
  }
  // Copies agree.
  const dis: string[] = [];
  const cmp = (what: string, a: string | undefined, wa: string, b: string | undefined, wb: string) => {
    if (a !== undefined && b !== undefined && a !== b) dis.push(`${what}: ${wa} "${a}" vs ${wb} "${b}"`);
  };
  const info = (k: string) => c.data.info.get(k);
  cmp("number", c.xmp("number"), "XMP", info("PithNumber"), "Info");
  cmp("hash", c.xmp("canonicalSha256"), "XMP", info("PithCanonicalSHA256"), "Info");
  cmp("record page", c.xmp("recordUrl"), "XMP", info("PithRecordURL"), "Info");
  cmp("key id", c.xmp("receiptKeyId"), "XMP", info("PithReceiptKeyID"), "Info");
  cmp("signature", c.xmp("receiptSignature"), "XMP", info("PithReceiptSignature"), "Info");
  if (c.attached && c.xmpRecord) {
    if (canonicalText(c.attached.canonical) !== canonicalText(c.xmpRecord.canonical)) dis.push("canonical record: XMP and attachment differ");
    if (c.attached.receipt) {
      cmp("signature", c.xmp("receiptSignature"), "XMP", c.attached.receipt.signatureB64, "attachment");
      cmp("key id", c.xmp("receiptKeyId"), "XMP", c.attached.receipt.keyId, "attachment");
    } else if (c.xmp("receiptSignature") !== undefined) dis.push("signature: XMP has a receipt, the attachment none");
  }
  if (!c.data.xmp.size && c.data.xmpError) dis.push("XMP refused: " + c.data.xmpError);
  if (dis.length) c.add("pith.data.consistent", "Copies agree", "fail", dis.join("; "));
  else {
    const copies = [c.data.xmp.size ? "XMP" : "", c.data.info.size ? "Info" : "", c.data.attachment !== undefined ? "the attachment" : ""].filter((x) => x);
    c.add("pith.data.consistent", "Copies agree", "pass", copies.join(", ") + (copies.length > 1 ? " agree" : " is the only copy"));
  }
  // Hash and number.
  if (!c.facts) {
    c.add("pith.recordHash.match", "Record hash", "n/a", "no canonical record to hash");
    c.add("pith.number.match", "Pith Number", "n/a", "no canonical record to derive the number from");
    c.add("pith.receipt.signature", "Registry signature", "n/a", "no canonical record");
    return;
  }
  let hash = c.xmp("canonicalSha256") ?? info("PithCanonicalSHA256") ?? c.attached?.declaredSha256;
  if (hash === undefined) c.add("pith.recordHash.match", "Record hash", "fail", "no canonical hash is stated beside the record");
  else if (hash === c.facts.sha256Hex) c.add("pith.recordHash.match", "Record hash", "pass", "the embedded record hashes to " + c.facts.sha256Hex);
  else c.add("pith.recordHash.match", "Record hash", "fail", `stated hash ${hash} but the embedded record hashes to ${c.facts.sha256Hex}`);
  const number = c.xmp("number") ?? info("PithNumber") ?? c.attached?.declaredNumber;
  const derived = c.facts.number!;
  if (number === undefined) c.add("pith.number.match", "Pith Number", "fail", "no Pith Number is stated beside the record");
  else if (number === derived.full) c.add("pith.number.match", "Pith Number", "pass", `${derived.full} matches the hash`);
  else c.add("pith.number.match", "Pith Number", "fail", `stated ${number} but the embedded record is ${derived.full}`);
  const receipt = receiptFromXmp(c.data) ?? c.attached?.receipt;
  c.checks.push(await checkReceiptSignature(receipt, c.facts, c.opt.keyring));
  void hash;
  hash = undefined;
}

function routeOf(d: EmbeddedData): Route {
  for (const k of ["stampedLength", "stampedSha256", "stampParameters", "stamperKeyId", "stamperSignature"]) if (d.xmp.has(k)) return "stamp";
  const producer = d.xmp.get("producer") ?? "";
  if (producer.startsWith("pith-stamp") || producer.startsWith("pith-seal") || d.attachment !== undefined) return "stamp";
  if (producer.startsWith("pith-latex")) return "latex";
  return "unknown";
}

const BINDING = "pith.binding.match", UPDATE = "pith.stamp.update", LATER = "pith.revisions.none", STAMPER = "pith.stamp.signer";
const TOLERABLE_TAIL = 32;

function checkNothingAfter(c: Ctx, end: number, what: string) {
  const b = c.doc.bytes;
  if (onlyWhite(b, end) && b.length - end <= TOLERABLE_TAIL) {
    c.add(LATER, "No later changes", "pass", "nothing follows " + what);
    return;
  }
  const revs = c.doc.revisions;
  let base = -1;
  revs.forEach((r, i) => {
    if (r.endOffset <= end) base = i;
  });
  const laterCount = base >= 0 ? revs.length - base - 1 : 0;
  c.factsOut.later_revision_count = laterCount;
  const wellFormedEnd = laterCount ? revs[revs.length - 1].endOffset : end;
  const restLen = Math.max(0, b.length - wellFormedEnd);
  const stray = onlyWhite(b, wellFormedEnd) && restLen <= TOLERABLE_TAIL ? 0 : restLen;
  const parts: string[] = [];
  if (laterCount) parts.push(`${laterCount} revision(s) appended after ${what}`);
  if (stray) parts.push(`${stray} bytes appended after ${laterCount ? "them" : what} that are not a well-formed update (viewers read them all the same)`);
  c.add(LATER, "No later changes", "fail", parts.join("; and "));
}

function checkCompiled(c: Ctx) {
  c.required.add(LATER);
  c.add(BINDING, "Stamped bytes", "n/a", "made by the LaTeX package: no binding (a whole-file rewrite after compiling cannot be detected; pith seal adds one)");
  const b = c.doc.bytes;
  const revs = c.doc.revisions;
  let sections = 0;
  for (let at = findB(b, "startxref", 0); at >= 0; at = findB(b, "startxref", at + 9)) sections++;
  const head = new TextDecoder("latin1").decode(b.subarray(0, 2048));
  const obj = head.indexOf(" obj");
  const lin = obj >= 0 && head.slice(obj, obj + 200).includes("/Linearized");
  const merged: string[] = [];
  if (sections > (lin ? 2 : 1)) merged.push(`${sections} "startxref" in the file where a compiler writes ${lin ? "two" : "one"}`);
  if (revs.length === 1 && revs[0].trailer.entries.has("Prev") && !lin) merged.push("the cross-reference section chains (/Prev) to another one: an update merged into the compiled file");
  if (revs.length === 1 && merged.length) {
    c.add(LATER, "No later changes", "fail", "the file is not one revision as compiled: " + merged.join("; "));
    return;
  }
  checkNothingAfter(c, revs[0].endOffset, "the compiled revision");
}

function findB(b: Uint8Array, s: string, from: number) {
  outer: for (let i = b.indexOf(s.charCodeAt(0), from); i >= 0 && i + s.length <= b.length; i = b.indexOf(s.charCodeAt(0), i + 1)) {
    for (let k = 1; k < s.length; k++) if (b[i + k] !== s.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

function rewritten(c: Ctx, why: string) {
  c.rewritten = true;
  c.add(BINDING, "Stamped bytes", "fail", `the stamped bytes are gone: ${why}. The file was rewritten after stamping, so its pages cannot be shown to be the ones stamped; the record and its signature are checked on their own`);
  c.add(UPDATE, "Stamp update", "n/a", "no stamp update to validate: the file was rewritten");
  c.add(LATER, "No later changes", "n/a", "the file was rewritten");
}

function stampStatement(p: StampParameters, recordSha: string, prefixLength: number, prefixSha: string, keyId: string): Uint8Array {
  const params = JSON.stringify({ date: p.date, forced: p.forced, format: p.format, height: p.height, kind: p.kind, matrix: p.matrix, page: p.page, ...(p.pdfa === undefined ? {} : { pdfa: p.pdfa }), ...(p.placement === undefined ? {} : { placement: p.placement }), qr: p.qr, rect: p.rect, ...(p.tagged ? { tagged: true } : {}) });
  return new TextEncoder().encode(`{"canonical_sha256":${JSON.stringify(recordSha)},"parameters":${params},"prefix_length":${prefixLength},"prefix_sha256":${JSON.stringify(prefixSha)},"stamper_key_id":${JSON.stringify(keyId)},"statement":"pith.stamp/${p.format}"}`);
}

// The /L of a linearization dictionary that is the file's first object (within its first KiB,
// where poppler and pdf.js look for one), when it is a number.
function linearizedLength(bytes: Uint8Array): number | undefined {
  const head = latin1(bytes, 0, Math.min(bytes.length, 1024));
  const obj = head.indexOf(" obj");
  if (obj < 0 || head.indexOf("/Linearized", obj) < 0) return undefined;
  try {
    const v = new Lexer(bytes.subarray(0, Math.min(bytes.length, obj + 4 + 4096)), obj + 4).value();
    if (v && typeof v === "object" && v.kind === "dict" && v.entries.has("Linearized")) return numberOf(v.entries.get("L"));
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
  }
  return undefined;
}

async function checkUpdate(c: Ctx, section: UpdateSection, length: number, prefixSha: string) {
  const title = "Stamp update";
  // A file whose first object says it is linearized, with /L its whole length, is read by poppler
  // and pdf.js from its first-page cross-reference section, whose entries win: they show the page
  // as the original had it and never read the stamp update.
  if (linearizedLength(c.doc.bytes) === c.doc.bytes.length) {
    c.add(UPDATE, title, "fail", `the original's linearization dictionary gives /L ${c.doc.bytes.length}, the length of the stamped file: viewers (poppler, pdf.js) then read its first-page cross-reference section first and do not see the stamp update`);
    return;
  }
  try {
    const last = onlyWhite(c.doc.bytes, section.end);
    const data = last ? c.data : readEmbedded(new PdfDocument(c.doc.bytes.subarray(0, section.end)));
    const paramsText = data.xmp.get("stampParameters");
    if (paramsText === undefined) {
      c.add(UPDATE, title, "unverifiable", "the stamp records no parameters (stamp format 1, written by pith before 0.2): what it wrote cannot be validated; stamp the original again");
      return;
    }
    const p = parseStampParameters(paramsText);
    if (p.kind === "badge") (c.badgePage = p.page - 1), (c.claimedBadge = p.rect.map(Number)), (c.claimedBadgePage = p.page - 1);
    const producer = data.xmp.get("producer");
    const word = p.kind === "seal" ? "pith-seal " : "pith-stamp ";
    if (!producer || !producer.startsWith(word) || producer.length > 64 || /[<>&"\n]/.test(producer)) throw new PdfError(`pith:producer is not "${word}<version>"`);
    const keyId = data.xmp.get("stamperKeyId"), signature = data.xmp.get("stamperSignature");
    if ((keyId === undefined) !== (signature === undefined)) throw new PdfError("pith:stamperKeyId and pith:stamperSignature come together");
    const prefix = new PdfDocument(c.doc.bytes.subarray(0, length));
    if (p.kind === "seal" && (prefix.revisions.length !== 1 || prefix.revisions[0].trailer.entries.has("Prev") || !onlyWhite(prefix.bytes, prefix.revisions[0].endOffset)))
      throw new PdfError("a seal covers one revision as compiled, and the sealed bytes hold more");
    // The stamped document must claim the PDF/A conformance the stamp records (docs/FORMAT.md, "PDF/A").
    if (p.pdfa !== undefined) {
      const packet = xmpPacketOf(prefix);
      const claim = packet === undefined ? undefined : readPithXmp(packet).pdfa;
      const label = claim && isPdfaLabel(claim.part + claim.conformance) ? claim.part + claim.conformance : undefined;
      if (label !== p.pdfa)
        throw new PdfError(`pith:stampParameters records PDF/A-${p.pdfa}, but the stamped document claims ${claim ? "PDF/A-" + claim.part + claim.conformance : "no PDF/A conformance"}`);
    }
    // The record the stamp was made from: the attachment (badge; its XMP where the document's
    // PDF/A part allows no attachment) or the sealed document's XMP.
    const fromXmp = (d: EmbeddedData, missing: string): Record => {
      const canonical = d.xmp.get("canonicalRecord");
      if (canonical === undefined) throw new RecordError(missing);
      const r = loadRecord(canonical);
      r.receipt = receiptFromXmp(d);
      if (d.xmp.has("title")) r.title = d.xmp.get("title");
      return r;
    };
    let rec: Record;
    if (p.kind === "badge" && !pdfaAllowsRecordAttachment(p.pdfa)) {
      rec = fromXmp(data, "the stamp's XMP carries no pith:canonicalRecord, and its PDF/A part allows no attachment");
    } else if (p.kind === "badge") {
      if (data.attachment === undefined) throw new RecordError(`the stamp's attachment ${ATTACHMENT_NAME} is missing`);
      rec = loadRecord(data.attachment);
    } else {
      // A seal carries the sealed document's receipt and title on.
      rec = fromXmp(readEmbedded(prefix), "a seal needs the record in the sealed document's XMP, and it has none");
    }
    const rf = computeFacts(rec);
    if (!rf.number) throw new RecordError("the stamp's record has no year");
    // The pith: properties the stamp writes for this record (docs/FORMAT.md "XMP").
    const props = new Map<string, string>([["number", rf.number.full], ["canonicalSha256", rf.sha256Hex], ["canonicalRecord", rf.canonicalText],
      ["recordUrl", rf.number.url], ["producer", producer!], ["stampedLength", String(length)], ["stampedSha256", prefixSha], ["stampParameters", canonicalText(parseJson(paramsText))]]);
    const paperTitle = rec.title !== undefined && titleCanonSha256(rec.title) === member(rec.canonical, "metadata.title_canon_sha256") ? rec.title : undefined;
    if (paperTitle !== undefined) props.set("title", paperTitle);
    if (rec.receipt) {
      props.set("receiptKeyId", rec.receipt.keyId);
      props.set("receiptSignature", rec.receipt.signatureB64);
      props.set("receiptKeyFingerprint", rec.receipt.fingerprint);
      if (rec.receipt.signedAt !== undefined) props.set("receiptSignedAt", rec.receipt.signedAt);
    }
    if (keyId !== undefined) {
      props.set("stamperKeyId", keyId);
      props.set("stamperSignature", signature!);
    }
    const difference = validateUpdate(c.doc.bytes, section, prefix, p, {
      recordUrl: rf.number.url, number: rf.number.full, recordSha: rf.sha256Hex, prefixSha, paramsText: canonicalText(parseJson(paramsText)),
      recordJson: canonicalBytes(rec.document), pithProperties: props, originalPacket: xmpPacketOf(prefix),
    });
    if (difference) {
      c.add(UPDATE, title, "fail", "the update is not what pith stamp writes: " + difference);
      return;
    }
    c.stamp = p;
    if (p.kind === "badge") {
      try {
        const open = pageOpenMarkedContent(prefix, p.page - 1);
        if (open > 0)
          c.badgeHidden = `the stamped page leaves ${open} marked-content section(s) open, so the badge is drawn inside them: optional content there can hide it`;
      } catch (e) {
        if (!(e instanceof PdfError)) throw e;
        c.badgeDoubt = `the stamped page's content cannot be read to its end (${e.message}): whether optional content hides the badge from some viewers cannot be told`;
      }
    }
    c.add(UPDATE, title, "pass", `the ${section.objects.length} objects of the update are exactly what pith stamp writes: ` +
      (p.kind === "seal" ? "a seal (binding and metadata, no badge)" : `the badge on page ${p.page}, its link, the metadata` + (pdfaAllowsRecordAttachment(p.pdfa) ? " and the record" : " (with the record)")) +
      (p.pdfa !== undefined ? "; " + pdfaKeptSummary(p.pdfa) : "") + (p.forced ? " (stamped with --force)" : ""));
    // The stamper.
    if (keyId === undefined) {
      c.stamperSummary = "The stamper is unknown: the stamp is not signed, and anyone can stamp";
      c.add(STAMPER, "Stamper", "n/a", "the stamp is not signed: anyone can stamp a PDF with a genuine record");
      return;
    }
    const raw = fromBase64(signature!);
    if (!raw || raw.length !== 64) {
      c.add(STAMPER, "Stamper", "fail", "the stamper's signature is not 64 bytes of standard base64");
      return;
    }
    const key = c.opt.keyring.find(keyId, "stamper");
    if (!key) {
      c.stamperSummary = `The stamper is unknown: signed by "${keyId}", a key your keyring does not trust as a stamper`;
      c.add(STAMPER, "Stamper", "n/a", `signed by "${keyId}", which the keyring does not trust as a stamper: the stamper is not known`);
      return;
    }
    if (!(await ed25519VerifyAsync(key.publicKey, stampStatement(p, rf.sha256Hex, length, prefixSha, keyId), raw))) {
      c.add(STAMPER, "Stamper", "fail", `the stamper's Ed25519 signature does not verify with key "${keyId}"`);
      return;
    }
    c.stamperTrusted = true;
    c.stamperSummary = `Stamped by "${keyId}" (trusted, ${key.origin})`;
    c.add(STAMPER, "Stamper", "pass", `stamped by "${keyId}" (trusted, ${key.origin})`);
  } catch (e) {
    if (!(e instanceof PdfError || e instanceof RecordError || (e instanceof Error && e.name === "JsonError"))) throw e;
    c.add(UPDATE, title, "fail", `the update cannot be a stamp of the first ${length} bytes: ${(e as Error).message}`);
  }
}

async function checkStamp(c: Ctx) {
  for (const id of [BINDING, UPDATE, LATER]) c.required.add(id);
  // The badge the file's metadata claims, for a file whose stamp update cannot be found (Ctx's
  // claimedBadge, as pith verify's Context::claimedBadge); the update's own parameters replace it.
  const claimed = c.xmp("stampParameters");
  if (claimed !== undefined)
    try {
      const p = parseStampParameters(claimed);
      if (p.kind === "badge") (c.claimedBadge = p.rect.map(Number)), (c.claimedBadgePage = p.page - 1);
    } catch {
      // malformed: the stamp update check says so
    }
  const lt = c.xmp("stampedLength");
  const length = lt !== undefined && /^(0|[1-9]\d{0,18})$/.test(lt) ? Number(lt) : undefined;
  const sha = c.xmp("stampedSha256");
  const noRev = (why: string) => {
    c.add(UPDATE, "Stamp update", "n/a", why);
    c.add(LATER, "No later changes", "n/a", why);
  };
  if (length === undefined || sha === undefined || sha.length !== 64) {
    c.add(BINDING, "Stamped bytes", "fail", `the PDF says it was stamped but its binding (pith:stampedLength, pith:stampedSha256) is ${lt !== undefined || sha !== undefined ? "malformed" : "missing"}`);
    noRev("without a binding there is no stamp update to find");
    return;
  }
  const b = c.doc.bytes;
  if (length < 16 || findB(b.subarray(0, Math.min(length, 1024)), "%PDF-", 0) < 0) {
    c.add(BINDING, "Stamped bytes", "fail", `the binding covers ${length} bytes, which hold no PDF document`);
    noRev("the binding covers no document");
    return;
  }
  if (length > b.length) {
    rewritten(c, `the file has ${b.length} bytes, fewer than the ${length} stamped`);
    return;
  }
  c.factsOut.stamped_length = length;
  let section: UpdateSection | undefined, sectionError = "";
  try {
    section = readUpdateSection(b, length);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    sectionError = e.message;
  }
  const actual = await sha256Hex(b.subarray(0, length));
  if (section) {
    const slot = c.checks.length;
    await checkUpdate(c, section, length, sha);
    checkNothingAfter(c, section.end, "the stamp update");
    c.checks.splice(slot, 0, actual === sha
      ? { id: BINDING, title: "Stamped bytes", status: "pass", reason: `the first ${length} bytes are the document that was stamped` }
      : { id: BINDING, title: "Stamped bytes", status: "fail", reason: `the first ${length} bytes hash to ${actual}, not to the stamped ${sha}: the stamped document was altered` });
    return;
  }
  if (actual !== sha) {
    if (c.doc.revisions.length === 1) {
      rewritten(c, `the first ${length} bytes are not the stamped ones, and no stamp update follows them`);
      return;
    }
    c.add(BINDING, "Stamped bytes", "fail", `the first ${length} bytes hash to ${actual}, not to the stamped ${sha}: the stamped document was altered`);
    noRev("the stamped bytes were altered");
    return;
  }
  c.add(BINDING, "Stamped bytes", "pass", `the first ${length} bytes are the document that was stamped`);
  c.add(UPDATE, "Stamp update", "fail", "the stamped bytes are not followed by one stamp update: " + sectionError);
  c.add(LATER, "No later changes", "n/a", "no stamp update to start from");
}

function decide(c: Ctx): { verdict: Verdict; proves: string; does_not_prove: string } {
  let failed = false, modified = false, doubtful = false;
  for (const r of c.checks) {
    const modification = r.id === LATER || (c.rewritten && r.id === BINDING);
    if (r.status === "fail") modification ? (modified = true) : (failed = true);
    if (r.status === "unverifiable") doubtful = true;
  }
  for (const id of c.required) if (c.find(id)?.status !== "pass") doubtful = true;
  const verdict: Verdict = failed ? "FAILED" : modified ? "MODIFIED" : doubtful ? "UNVERIFIABLE" : "VERIFIED";
  const firstFail = c.checks.find((r) => r.status === "fail");
  const doubt = c.checks.find((r) => r.status === "unverifiable") ?? [...c.required].map((id) => c.find(id)).find((r) => r && r.status !== "pass");
  const sig = c.find("pith.receipt.signature")?.status === "pass";
  switch (verdict) {
    case "FAILED":
      return { verdict, proves: "Nothing: a check failed.", does_not_prove: `Anything the file claims: ${firstFail!.title}: ${firstFail!.reason}` };
    case "MODIFIED":
      return {
        verdict, proves: sig ? "The embedded record is genuine: the registry signed it." : "Nothing about the record's origin (see the signature check).",
        does_not_prove: c.rewritten ? "That what a viewer shows is what was stamped: the file was rewritten after stamping and the stamped bytes are gone."
          : `That what a viewer shows is what was stamped or compiled: the file was changed afterwards (${c.find(LATER)?.reason ?? "see the checks"}).`,
      };
    case "UNVERIFIABLE":
      return { verdict, proves: "No check failed.", does_not_prove: `That the file is what it claims: ${doubt ? doubt.title + ": " + doubt.reason : ""}` };
    default:
      return { verdict, proves: "The registry signed this record; the file's checks all passed.", does_not_prove: "That the paper's content is what was submitted to the registry." };
  }
}

// The page has no decryption (pith verify reads encrypted files through libqpdf, with --password).
export const ENCRYPTED_UNREAD = "the PDF is encrypted, and the page does not decrypt PDFs: run pith verify (with --password when it needs one)";

export async function verifyPdf(bytes: Uint8Array, subject: string, opt: VerifyOptions): Promise<Report> {
  let doc: PdfDocument, data: EmbeddedData;
  try {
    doc = new PdfDocument(bytes);
    if (doc.encrypted) throw new PdfError(ENCRYPTED_UNREAD);
    data = readEmbedded(doc);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    return { schema: "pith.report/1", subject, verdict: "UNREADABLE", error: e.message };
  }
  const c = new Ctx(doc, data, opt);
  if (!any(data)) {
    const tailStart = Math.min(doc.revisions[doc.revisions.length - 1].endOffset, bytes.length);
    const tail = new TextDecoder("latin1").decode(bytes.subarray(tailStart));
    if (tail.includes("pith") || tail.includes("Pith")) {
      c.add("pith.data.found", "Pith data", "fail", `the file's last ${bytes.length - tailStart} bytes mention pith but are no well-formed update: viewers that rebuild the file may show a badge pith cannot vouch for`);
      return { schema: "pith.report/1", subject, verdict: "FAILED", checks: c.checks, facts: {}, proves: "Nothing: a check failed.", does_not_prove: "Anything the file claims: Pith data appears only in bytes that are not part of the PDF's structure." };
    }
    c.add("pith.data.found", "Pith data", "fail", data.xmpError ? `no Pith data (the XMP packet was refused: ${data.xmpError})` : "no Pith data in XMP, Info or attachments");
    return { schema: "pith.report/1", subject, verdict: "NO-PITH-DATA", checks: c.checks, facts: {}, proves: "Nothing: the PDF carries no Pith data.", does_not_prove: "Anything about a Pith Number." };
  }
  try {
    c.route = routeOf(data);
    await checkRecord(c);
    if (c.route === "stamp") await checkStamp(c);
    else if (c.route === "latex") checkCompiled(c);
    else c.add(BINDING, "Stamped bytes", "fail", "the Pith data names neither the LaTeX package nor pith stamp as its producer: how it came into the PDF cannot be checked");
    await checkViewer(c, opt.viewer);
    checkAutomaticActions(c);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    return { schema: "pith.report/1", subject, verdict: "UNREADABLE", error: e.message };
  }
  const f = c.factsOut;
  if (c.facts) Object.assign(f, { number: c.facts.number!.full, short_number: c.facts.number!.short, record_url: c.facts.number!.url, canonical_sha256: c.facts.sha256Hex });
  else if (c.xmp("number")) f.number = c.xmp("number");
  if (c.title !== undefined) f.title = c.title;
  f.route = c.route;
  if (c.xmp("producer")) f.producer = c.xmp("producer");
  if (c.stamp) f.stamp_parameters = c.stamp;
  if (c.stamperSummary) f.stamper = c.stamperSummary;
  f.revisions = doc.revisions.length;
  const d = decide(c);
  const notPerformed = c.checks.filter((r) => r.reason.startsWith(NOT_PERFORMED)).map((r) => r.id);
  return { schema: "pith.report/1", subject, verdict: d.verdict, checks: c.checks, facts: f, proves: d.proves, does_not_prove: d.does_not_prove, not_performed: notPerformed };
}
void canonicalBytes;
