// Records as the registry publishes them (docs/FORMAT.md "Canonical JSON and the Pith Number"):
// the four shapes, the schema 1.0 canonical record, its hash and number, the receipt check.
import { base32, ed25519VerifyAsync, fromBase64, hex, keyFingerprint, Keyring, sha256 } from "./crypto";
import { canonicalBytes, canonicalText, Json, JsonNumber, member, parseJson } from "./json";
import { CheckResult } from "./report";

export class RecordError extends Error {}

export type Receipt = { keyId: string; algorithm: string; signatureB64: string; signedMessage: string; fingerprint: string; canonicalSha256?: string; signedAt?: string };
export type Shape = "pith_number_record" | "pith_open_graph_state" | "pith_open_graph_bundle" | "canonical_record";
export type Record = {
  shape: Shape; document: Json; canonical: Json; declaredSha256?: string; declaredNumber?: string; declaredShort?: string;
  receipt?: Receipt; aliases: [string, string][]; title?: string;
};
export type PithNumber = { year: number; suffix: string; full: string; short: string; url: string };
export type Facts = { canonicalText: string; digest: Uint8Array; sha256Hex: string; number?: PithNumber };

type Obj = { [k: string]: Json };
const isObj = (v: Json | undefined): v is Obj => !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof JsonNumber);
const kindName = (v: Json | undefined) =>
  v === null ? "null" : typeof v === "boolean" ? "boolean" : typeof v === "string" ? "string" : v instanceof JsonNumber ? "number" : Array.isArray(v) ? "array" : "object";

function invalid(path: string, problem: string): never {
  throw new RecordError(`${problem} at ${path}`);
}
function req(o: Obj, key: string, path: string): Json {
  if (!Object.prototype.hasOwnProperty.call(o, key)) invalid(path, `missing field "${key}"`);
  return o[key];
}
function reqKind(v: Json, kind: string, path: string): Json {
  if (kindName(v) !== kind) invalid(path, `expected ${kind}, found ${kindName(v)}`);
  return v;
}
const reqString = (o: Obj, key: string, path: string) => reqKind(req(o, key, path), "string", `${path}.${key}`) as string;
const reqObj = (o: Obj, key: string, path: string) => reqKind(req(o, key, path), "object", `${path}.${key}`) as Obj;
function optString(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || !Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  return reqKind(v, "string", `${path}.${key}`) as string;
}

export function yearOf(canonical: Json): number | undefined {
  const at = member(canonical, "metadata.submitted_at");
  if (typeof at !== "string" || at.length < 4 || !/^\d{4}/.test(at) || (at.length > 4 && at[4] !== "-")) return undefined;
  return Number(at.slice(0, 4));
}

function validateCanonical(r: Json, path: string): void {
  reqKind(r, "object", path);
  const o = r as Obj;
  const version = reqString(o, "schema_version", path);
  if (version !== "1.0") invalid(`${path}.schema_version`, `unsupported schema_version "${version}"`);
  const md = reqObj(o, "metadata", path), mp = `${path}.metadata`;
  for (const key of ["abstract_canon_sha256", "title_canon_sha256"])
    if (!/^[0-9a-f]{64}$/.test(reqString(md, key, mp))) invalid(`${mp}.${key}`, "expected 64 lowercase hex digits");
  for (const key of ["license", "primary_cat", "submitted_at"]) reqString(md, key, mp);
  const cats = reqKind(req(md, "cross_cats_sorted", mp), "array", `${mp}.cross_cats_sorted`) as Json[];
  cats.forEach((c, i) => reqKind(c, "string", `${mp}.cross_cats_sorted[${i}]`));
  const src = reqObj(o, "source", path);
  reqString(src, "id", `${path}.source`);
  reqString(src, "kind", `${path}.source`);
  const ver = reqKind(req(src, "version", `${path}.source`), "number", `${path}.source.version`) as JsonNumber;
  if (!ver.integer) invalid(`${path}.source.version`, "expected an integer");
  if (yearOf(r) === undefined) invalid(`${mp}.submitted_at`, "expected a date starting with a four-digit year");
}

function readReceipt(v: Json, path: string): Receipt {
  const o = reqKind(v, "object", path) as Obj;
  return {
    keyId: reqString(o, "key_id", path), algorithm: reqString(o, "algorithm", path), signatureB64: reqString(o, "signature_b64", path),
    signedMessage: optString(o, "signed_message", path) ?? "canonical_sha256_bytes", fingerprint: optString(o, "public_key_fingerprint", path) ?? "",
    canonicalSha256: optString(o, "canonical_sha256", path), signedAt: optString(o, "signed_at", path),
  };
}

function collectAliases(doc: Obj, list: Json | undefined, r: Record) {
  for (const key of ["pith_short_8", "pith_short_12", "pith_short_16"]) {
    const v = optString(doc, key, "$");
    if (v !== undefined) r.aliases.push([key, v]);
  }
  if (!Array.isArray(list)) return;
  for (const e of list) {
    if (!isObj(e)) continue;
    const k = e["alias_kind"], v = e["alias_value"];
    if (typeof k === "string" && k.startsWith("pith_short_") && typeof v === "string") r.aliases.push([k, v]);
  }
}

function collectTitle(t: Json | undefined, path: string, r: Record) {
  if (t === undefined || t === null) return;
  const s = reqKind(t, "string", path) as string;
  if (r.title === undefined) r.title = s;
  else if (r.title !== s) invalid(path, "a second, different paper title");
}

function topLevel(r: Record, doc: Obj) {
  r.canonical = req(doc, "canonical_record", "$");
  validateCanonical(r.canonical, "$.canonical_record");
  r.declaredSha256 = optString(doc, "canonical_sha256", "$");
  r.declaredNumber = optString(doc, "pith_number", "$");
}

export function loadRecord(text: string): Record {
  let doc: Json;
  try {
    doc = parseJson(text);
  } catch (e) {
    throw new RecordError((e as Error).message);
  }
  reqKind(doc, "object", "$");
  const o = doc as Obj;
  const r: Record = { shape: "canonical_record", document: doc, canonical: null, aliases: [] };
  const disc = (key: string, expected: string) => {
    const v = optString(o, key, "$");
    if (v !== undefined && v !== expected) invalid(`$.${key}`, `unknown ${key} "${v}"`);
    return v !== undefined;
  };
  if (disc("record_type", "pith_number_record")) {
    r.shape = "pith_number_record";
    topLevel(r, o);
    r.declaredShort = optString(o, "short_pith_number", "$");
    if (o.receipt !== undefined && o.receipt !== null) r.receipt = readReceipt(o.receipt, "$.receipt");
    collectAliases(o, o.aliases, r);
    collectTitle(member(o, "paper.title"), "$.paper.title", r);
    collectTitle(member(o, "graph_snapshot.paper.title"), "$.graph_snapshot.paper.title", r);
  } else if (disc("state_type", "pith_open_graph_state")) {
    r.shape = "pith_open_graph_state";
    const current = reqObj(o, "current", "$");
    const created = reqObj(current, "record_created", "$.current");
    const pp = "$.current.record_created.payload";
    const payload = reqObj(created, "payload", "$.current.record_created");
    r.canonical = req(payload, "canonical_record", pp);
    validateCanonical(r.canonical, `${pp}.canonical_record`);
    if (current.canonical_record !== undefined && canonicalText(current.canonical_record) !== canonicalText(r.canonical))
      invalid("$.current.canonical_record", "canonical record differs from the one in record_created");
    r.declaredSha256 = optString(payload, "canonical_sha256", pp);
    r.declaredNumber = optString(o, "pith_number", "$");
    if (payload.receipt !== undefined && payload.receipt !== null) r.receipt = readReceipt(payload.receipt, `${pp}.receipt`);
    collectAliases(o, current.source_aliases, r);
    const snaps = current.graph_snapshots;
    if (Array.isArray(snaps))
      snaps.forEach((s, i) => collectTitle(member(s, "payload.graph_snapshot.paper.title"), `$.current.graph_snapshots[${i}].payload.graph_snapshot.paper.title`, r));
  } else if (disc("bundle_type", "pith_open_graph_bundle")) {
    r.shape = "pith_open_graph_bundle";
    topLevel(r, o);
    if (o.events !== undefined) {
      const events = reqKind(o.events, "array", "$.events") as Json[];
      events.forEach((e, i) => {
        if (!isObj(e) || e.event_type !== "record_created") return;
        const path = `$.events[${i}].payload.receipt`;
        if (r.receipt) invalid(path, "a second record_created event");
        const rc = member(e, "payload.receipt");
        if (rc !== undefined && rc !== null) r.receipt = readReceipt(rc, path);
      });
    }
    collectAliases(o, o.aliases, r);
    collectTitle(member(o, "paper.title"), "$.paper.title", r);
  } else if ("schema_version" in o && "metadata" in o && "source" in o) {
    r.canonical = doc;
    validateCanonical(doc, "$");
  } else throw new RecordError("not a Pith record: no record_type, state_type or bundle_type, and not a canonical record at $");
  return r;
}

export function numberFrom(digest: Uint8Array, year: number): PithNumber {
  const suffix = base32(digest).slice(0, 26);
  return { year, suffix, full: `pith:${year}:${suffix}`, short: `pith:${suffix.slice(0, 8)}`, url: `https://pith.science/pith/${suffix}` };
}

export function computeFacts(r: Record): Facts {
  const bytes = canonicalBytes(r.canonical);
  const digest = sha256(bytes);
  const year = yearOf(r.canonical);
  return { canonicalText: canonicalText(r.canonical), digest, sha256Hex: hex(digest), number: year === undefined ? undefined : numberFrom(digest, year) };
}

export function titleCanonSha256(title: string): string {
  return hex(sha256(new TextEncoder().encode(title.toLowerCase())));
}

// What `pith record verify` would fail in an attached registry record, but for the signature.
export function wrapperProblems(r: Record, f: Facts): string[] {
  const p: string[] = [];
  const n = f.number!;
  if (r.declaredSha256 !== undefined && r.declaredSha256 !== f.sha256Hex)
    p.push(`canonical_sha256 is ${r.declaredSha256} but the canonical record hashes to ${f.sha256Hex}`);
  if (r.declaredNumber !== undefined) {
    const m = /^pith:(\d{4}):([A-Z2-7]{26})$/.exec(r.declaredNumber);
    if (!m) p.push(`pith_number "${r.declaredNumber}" is malformed`, `pith_number "${r.declaredNumber}" is malformed`);
    else {
      if (m[2] !== n.suffix) p.push(`pith_number suffix ${m[2]} but the hash gives ${n.suffix}`);
      if (Number(m[1]) !== n.year) p.push(`pith_number year ${m[1]} but submitted_at is in ${n.year}`);
    }
  }
  if (r.declaredShort !== undefined && r.declaredShort !== n.short) p.push(`short_pith_number is ${r.declaredShort}, expected ${n.short}`);
  for (const [name, value] of r.aliases) {
    const len = name === "pith_short_8" ? 8 : name === "pith_short_12" ? 12 : name === "pith_short_16" ? 16 : 0;
    const bare = value.startsWith("pith:") ? value.slice(5) : value;
    if (!len || bare !== n.suffix.slice(0, len)) {
      p.push(`${name} is "${value}", expected "${len ? n.suffix.slice(0, len) : "?"}"`);
      break;
    }
  }
  if (r.receipt?.canonicalSha256 !== undefined && r.receipt.canonicalSha256 !== f.sha256Hex)
    p.push(`receipt canonical_sha256 is ${r.receipt.canonicalSha256}, expected ${f.sha256Hex}`);
  if (r.title !== undefined && titleCanonSha256(r.title) !== member(r.canonical, "metadata.title_canon_sha256"))
    p.push(`paper.title "${r.title}" does not hash to title_canon_sha256`);
  return p;
}

export async function checkReceiptSignature(receipt: Receipt | undefined, f: Facts, keyring: Keyring): Promise<CheckResult> {
  const id = "pith.receipt.signature", title = "Registry signature";
  if (!receipt) return { id, title, status: "unverifiable", reason: "no receipt: the record is not signed by the registry" };
  if (receipt.algorithm !== "ed25519") return { id, title, status: "unverifiable", reason: `unsupported signature algorithm "${receipt.algorithm}"` };
  if (receipt.signedMessage !== "canonical_sha256_bytes") return { id, title, status: "unverifiable", reason: `unsupported signed_message "${receipt.signedMessage}"` };
  const key = keyring.find(receipt.keyId, "registry");
  if (!key) return { id, title, status: "unverifiable", reason: `signed by unknown key "${receipt.keyId}" (not trusted as a registry by the keyring)` };
  const fp = keyFingerprint(key.publicKey);
  if (receipt.fingerprint && receipt.fingerprint !== fp)
    return { id, title, status: "fail", reason: `receipt names key fingerprint ${receipt.fingerprint} but trusted key "${receipt.keyId}" has ${fp}` };
  const sig = fromBase64(receipt.signatureB64);
  if (!sig || sig.length !== 64) return { id, title, status: "fail", reason: "signature_b64 is not 64 bytes of standard base64" };
  if (!(await ed25519VerifyAsync(key.publicKey, f.digest, sig))) return { id, title, status: "fail", reason: `Ed25519 signature does not verify with key "${receipt.keyId}"` };
  return { id, title, status: "pass", reason: `signed by "${receipt.keyId}" (${key.origin}, fingerprint ${fp})` };
}
