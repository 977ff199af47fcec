// PDF values as the page's own reader sees them (ISO 32000-1, 7.3), and a bounded parser of
// them from raw bytes. Strings stay bytes; numbers keep their text so that "--5" can be refused.

export class PdfError extends Error {}

export type PdfName = { kind: "name"; name: string };
export type PdfString = { kind: "string"; bytes: Uint8Array; hex: boolean };
export type PdfRef = { kind: "ref"; num: number; gen: number };
export type PdfNumber = { kind: "number"; value: number; integer: boolean };
export type PdfDict = { kind: "dict"; entries: Map<string, PdfValue> };
export type PdfStream = { kind: "stream"; dict: PdfDict; dataStart: number; dataEnd: number };
export type PdfArray = { kind: "array"; items: PdfValue[] };
export type PdfValue = null | boolean | PdfNumber | PdfName | PdfString | PdfRef | PdfArray | PdfDict | PdfStream;

export const MAX_DEPTH = 100;

export function isWhite(c: number): boolean {
  return c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
}
export function isDelim(c: number): boolean {
  return c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37;
}

export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = "";
  for (let i = start; i < end; i += 8192) s += String.fromCharCode(...b.subarray(i, Math.min(end, i + 8192)));
  return s;
}

export function dictGet(d: PdfDict | PdfStream | undefined | null, key: string): PdfValue | undefined {
  if (!d) return undefined;
  return (d.kind === "stream" ? d.dict : d).entries.get(key);
}

export function nameOf(v: PdfValue | undefined): string | undefined {
  return v && typeof v === "object" && v.kind === "name" ? v.name : undefined;
}
export function numberOf(v: PdfValue | undefined): number | undefined {
  return v && typeof v === "object" && v.kind === "number" ? v.value : undefined;
}

// One token-level reader over the file's bytes. `strict` (the stamp update) refuses comments and
// numbers with two signs, which viewers read differently.
export class Lexer {
  pos: number;
  // The first key met twice in one dictionary (when not strict): readers differ on which value
  // counts (pith, the page and MuPDF take the last, poppler the first of a large dictionary).
  duplicateKey?: { key: string; offset: number };
  constructor(readonly bytes: Uint8Array, pos: number, readonly strict = false) {
    this.pos = pos;
  }

  skipWhite(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (isWhite(c)) this.pos++;
      else if (c === 37) {
        if (this.strict) throw new PdfError(`a comment at offset ${this.pos}`);
        while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  // A regular-character word (keyword or number) at the current position, not consumed.
  peekWord(): string {
    const b = this.bytes;
    let e = this.pos;
    while (e < b.length && !isWhite(b[e]) && !isDelim(b[e])) e++;
    return latin1(b, this.pos, e);
  }

  word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  expectKeyword(k: string): void {
    this.skipWhite();
    const w = this.word();
    if (w !== k) throw new PdfError(`expected "${k}" at offset ${this.pos - w.length}, found "${w.slice(0, 20)}"`);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfError(`objects nested deeper than ${MAX_DEPTH} at offset ${this.pos}`);
    this.skipWhite();
    const b = this.bytes;
    if (this.pos >= b.length) throw new PdfError("unexpected end of file");
    const c = b[this.pos];
    if (c === 47) return this.name();
    if (c === 40) return this.literalString();
    if (c === 60) {
      if (b[this.pos + 1] === 60) return this.dict(depth);
      return this.hexString();
    }
    if (c === 91) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWhite();
        if (b[this.pos] === 93) {
          this.pos++;
          return { kind: "array", items };
        }
        if (this.pos >= b.length) throw new PdfError("unterminated array");
        items.push(this.value(depth + 1));
      }
    }
    const start = this.pos;
    const w = this.word();
    if (w === "") throw new PdfError(`unexpected character "${String.fromCharCode(c)}" at offset ${start}`);
    if (w === "null") return null;
    if (w === "true") return true;
    if (w === "false") return false;
    const n = parseNumber(w, this.strict);
    if (n === undefined) throw new PdfError(`unexpected "${w.slice(0, 20)}" at offset ${start}`);
    if (n.integer && n.value >= 0 && !w.includes("+") && !w.includes("-")) {
      // "N G R": look ahead for a generation and R.
      const save = this.pos;
      this.skipWhite();
      const g = this.peekWord();
      if (/^\d+$/.test(g)) {
        this.pos += g.length;
        this.skipWhite();
        if (this.peekWord() === "R") {
          this.pos += 1;
          return { kind: "ref", num: n.value, gen: Number(g) };
        }
      }
      this.pos = save;
    }
    return n;
  }

  name(): PdfName {
    const b = this.bytes;
    this.pos++;
    let s = "";
    while (this.pos < b.length && !isWhite(b[this.pos]) && !isDelim(b[this.pos])) {
      if (b[this.pos] === 35 && /^[0-9A-Fa-f]{2}$/.test(latin1(b, this.pos + 1, this.pos + 3))) {
        s += String.fromCharCode(parseInt(latin1(b, this.pos + 1, this.pos + 3), 16));
        this.pos += 3;
      } else s += String.fromCharCode(b[this.pos++]);
    }
    return { kind: "name", name: s };
  }

  literalString(): PdfString {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++];
      if (c === 92) {
        const e = b[this.pos++];
        const map: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
        if (e in map) out.push(map[e]);
        else if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let k = 0; k < 2 && b[this.pos] >= 48 && b[this.pos] <= 55; k++) v = v * 8 + (b[this.pos++] - 48);
          out.push(v & 255);
        } else if (e === 13) {
          if (b[this.pos] === 10) this.pos++;
        } else if (e !== 10) out.push(e);
      } else if (c === 40) {
        depth++;
        out.push(c);
      } else if (c === 41) {
        if (--depth === 0) return { kind: "string", bytes: Uint8Array.from(out), hex: false };
        out.push(c);
      } else out.push(c);
    }
    throw new PdfError("unterminated string");
  }

  hexString(): PdfString {
    const b = this.bytes;
    this.pos++;
    let digits = "";
    while (this.pos < b.length && b[this.pos] !== 62) {
      const c = b[this.pos++];
      if (isWhite(c)) continue;
      const ch = String.fromCharCode(c);
      if (!/[0-9A-Fa-f]/.test(ch)) throw new PdfError(`bad hex string at offset ${this.pos - 1}`);
      digits += ch;
    }
    if (this.pos >= b.length) throw new PdfError("unterminated hex string");
    this.pos++;
    if (digits.length % 2) digits += "0";
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.substr(2 * i, 2), 16);
    return { kind: "string", bytes: out, hex: true };
  }

  dict(depth: number): PdfDict {
    const b = this.bytes;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipWhite();
      if (b[this.pos] === 62 && b[this.pos + 1] === 62) {
        this.pos += 2;
        return { kind: "dict", entries };
      }
      if (this.pos >= b.length) throw new PdfError("unterminated dictionary");
      if (b[this.pos] !== 47) throw new PdfError(`a dictionary key is not a name at offset ${this.pos}`);
      const key = this.name().name;
      const v = this.value(depth + 1);
      if (entries.has(key)) {
        if (this.strict) throw new PdfError(`key /${key} twice in a dictionary at offset ${this.pos}`);
        this.duplicateKey ??= { key, offset: this.pos };
      }
      entries.set(key, v);
    }
  }
}

export function parseNumber(w: string, strict: boolean): PdfNumber | undefined {
  if (!/^[+-]*(\d+\.?\d*|\.\d+)$/.test(w)) return undefined;
  const signs = w.match(/^[+-]*/)![0];
  if (signs.length > 1 && strict) throw new PdfError(`the number "${w}" has two signs (viewers read it differently)`);
  const negative = (signs.match(/-/g) ?? []).length % 2 === 1; // "--5" is 5, as poppler reads it
  const body = w.slice(signs.length);
  const value = (negative ? -1 : 1) * Number(body.endsWith(".") ? body.slice(0, -1) : body);
  return { kind: "number", value, integer: !body.includes(".") };
}

// UTF-16BE code units from b[start] on as text: an unpaired surrogate becomes U+FFFD, an odd last
// byte is left out (as pith's text::utf8FromUtf16be).
export function utf16beText(b: ArrayLike<number>, start = 0): string {
  let out = "";
  for (let i = start; i + 1 < b.length; i += 2) {
    const u = (b[i] << 8) | b[i + 1];
    if (u >= 0xd800 && u < 0xdc00 && i + 3 < b.length) {
      const lo = (b[i + 2] << 8) | b[i + 3];
      if (lo >= 0xdc00 && lo < 0xe000) {
        out += String.fromCharCode(u, lo);
        i += 2;
        continue;
      }
    }
    out += u >= 0xd800 && u < 0xe000 ? "\ufffd" : String.fromCharCode(u);
  }
  return out;
}

export function decodeTextString(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16beText(bytes, 2);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  return pdfDocEncoding(bytes);
}

// PDFDocEncoding: Latin-1 but for 0x18..0x1F and 0x80..0x9F (ISO 32000-1, Annex D).
const PDFDOC_HIGH = "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd";
const PDFDOC_LOW = "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc";
function pdfDocEncoding(bytes: Uint8Array): string {
  let s = "";
  for (const c of bytes) {
    if (c >= 0x18 && c <= 0x1f) s += PDFDOC_LOW[c - 0x18];
    else if (c >= 0x80 && c <= 0x9f) s += PDFDOC_HIGH[c - 0x80];
    else if (c === 0xa0) s += "\u20ac";
    else s += String.fromCharCode(c);
  }
  return s;
}
