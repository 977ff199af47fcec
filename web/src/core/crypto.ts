// Hashes, encodings, Ed25519 and the keyring of docs/KEYRING.md. SHA-256 and Ed25519 come from
// @noble (audited, synchronous, the same in Node and every browser).
import { ed25519 } from "@noble/curves/ed25519";
import { sha256 } from "@noble/hashes/sha256";

export { sha256 };

export function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
}

export function base32(b: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const x of b) {
    value = (value << 8) | x;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
export function toBase64(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : "=") + (i + 2 < b.length ? B64[n & 63] : "=");
  }
  return out;
}

// Standard base64 only, canonical (re-encodes to the same text), as KEYRING.md's signatures are.
export function fromBase64(s: string): Uint8Array | undefined {
  if (s.length % 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => (s[i + k] === "=" ? 0 : B64.indexOf(s[i + k])));
    const v = (n[0] << 18) | (n[1] << 12) | (n[2] << 6) | n[3];
    out.push((v >> 16) & 255, (v >> 8) & 255, v & 255);
  }
  const bytes = Uint8Array.from(out.slice(0, out.length - pad));
  return toBase64(bytes) === s ? bytes : undefined;
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

export type KeyRole = "registry" | "stamper";
export type TrustedKey = { keyId: string; publicKey: Uint8Array; origin: string; roles: Set<KeyRole> };

export const REGISTRY_KEY_ID = "pith-v1-2026-05";
export const REGISTRY_PUBLIC_KEY = "b2d552b68890857171a78b36a5dccf368a953413288c353f7c9d9d6f94b709b3";

export class KeyringError extends Error {}

export class Keyring {
  private keys: TrustedKey[] = [];
  static builtIn(): Keyring {
    const k = new Keyring();
    k.add({ keyId: REGISTRY_KEY_ID, publicKey: fromHex(REGISTRY_PUBLIC_KEY)!, origin: "built-in", roles: new Set(["registry"]) });
    return k;
  }
  add(key: TrustedKey): void {
    const i = this.keys.findIndex((k) => k.keyId === key.keyId);
    if (i >= 0) this.keys[i] = key;
    else this.keys.push(key);
  }
  // A key of that id, only if it is trusted in that role (the first of that id decides).
  find(keyId: string, role: KeyRole): TrustedKey | undefined {
    const k = this.keys.find((x) => x.keyId === keyId);
    return k && k.roles.has(role) ? k : undefined;
  }
  addText(text: string, origin: string): void {
    if (text.length > 1 << 20) throw new KeyringError(`${origin}: keyring larger than 1 MiB`);
    text.split("\n").forEach((raw, i) => {
      const where = `${origin}:${i + 1}`;
      const line = raw.split("#")[0];
      const fields = line.split(/[ \t\r\f\v]+/).filter((f) => f);
      if (!fields.length) return;
      if (fields.length < 3 || fields.length > 4)
        throw new KeyringError(`${where}: expected \`<key_id> ed25519 <64 hex digits> [registry|stamper|registry,stamper]\``);
      const [keyId, algorithm, hexKey, roleField = ""] = fields;
      if (algorithm !== "ed25519") throw new KeyringError(`${where}: unsupported algorithm "${algorithm}"`);
      const roles = new Set<KeyRole>(roleField ? [] : ["registry"]);
      if (roleField && (roleField.startsWith(",") || roleField.endsWith(",") || roleField.includes(",,")))
        throw new KeyringError(`${where}: an empty role in "${roleField}"`);
      for (const role of roleField ? roleField.split(",") : []) {
        if (role !== "registry" && role !== "stamper") throw new KeyringError(`${where}: unknown role "${role}" (registry or stamper)`);
        roles.add(role);
      }
      const publicKey = hexKey.length === 64 ? fromHex(hexKey) : undefined;
      if (!publicKey) throw new KeyringError(`${where}: public key must be 64 hex digits`);
      this.add({ keyId, publicKey, origin: where, roles });
    });
  }
}

export function keyFingerprint(publicKey: Uint8Array): string {
  return hex(sha256(publicKey).subarray(0, 16));
}

// WebCrypto where the platform has it (browsers; Node from 19), else @noble. Both are standard
// SHA-256 and RFC 8032 Ed25519; WebCrypto is the faster on large files.
type Subtle = { digest(a: string, d: Uint8Array): Promise<ArrayBuffer>; importKey(...a: unknown[]): Promise<unknown>; verify(...a: unknown[]): Promise<boolean> };
const subtle: Subtle | undefined = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;

export async function sha256Hex(data: Uint8Array): Promise<string> {
  if (subtle) {
    try {
      return hex(new Uint8Array(await subtle.digest("SHA-256", data)));
    } catch {
      /* fall back */
    }
  }
  return hex(sha256(data));
}

let webEd25519: boolean | undefined = subtle ? undefined : false;
export async function ed25519VerifyAsync(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (webEd25519 !== false && subtle) {
    try {
      const key = await subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
      const ok = await subtle.verify({ name: "Ed25519" }, key, signature, message);
      webEd25519 = true;
      return ok;
    } catch (e) {
      if (webEd25519 === true) return false;
      webEd25519 = false; // no Ed25519 in this WebCrypto
    }
  }
  return ed25519Verify(publicKey, message, signature);
}
