// Strict JSON (no duplicate keys, bounded) and the canonical bytes of docs/FORMAT.md: Python's
// json.dumps(v, sort_keys=True, separators=(',',':'), ensure_ascii=False).

export type Json = null | boolean | string | JsonNumber | Json[] | { [k: string]: Json };
// Numbers keep their source text: integers are exact at any length, floats print as Python's repr.
export class JsonNumber {
  constructor(readonly text: string, readonly integer: boolean) {}
  get value(): number {
    return Number(this.text);
  }
}

export class JsonError extends Error {}

export const JSON_LIMITS = { maxBytes: 16 * 1024 * 1024, maxDepth: 512, maxIntDigits: 4300 };

export function parseJson(text: string): Json {
  if (text.length > JSON_LIMITS.maxBytes) throw new JsonError(`larger than ${JSON_LIMITS.maxBytes >> 20} MiB`);
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonError(`${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (depth: number): Json => {
    if (depth > JSON_LIMITS.maxDepth) fail(`nested deeper than ${JSON_LIMITS.maxDepth}`);
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: { [k: string]: Json } = Object.create(null);
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const k = str();
        if (Object.prototype.hasOwnProperty.call(obj, k)) fail(`duplicate key "${k}"`);
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        obj[k] = value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return obj;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return arr;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 5000));
    if (!m || !m[0]) fail("unexpected character");
    i += m![0].length;
    const integer = !m![2] && !m![3];
    if (integer && m![1].length > JSON_LIMITS.maxIntDigits) fail(`an integer of more than ${JSON_LIMITS.maxIntDigits} digits`);
    if (!integer && !Number.isFinite(Number(m![0]))) fail("a number that overflows a double");
    return new JsonNumber(m![0], integer);
  };
  const str = (): string => {
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text[i++];
      if (c === '"') break;
      if (c === "\\") {
        const e = text[i++];
        const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e in map) out += map[e];
        else if (e === "u") {
          const h = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail("bad \\u escape");
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
        } else fail("bad escape");
      } else if (c < " ") fail("a control character in a string");
      else out += c;
    }
    // Lone surrogates cannot be encoded as UTF-8 (Python refuses them too).
    for (let k = 0; k < out.length; k++) {
      const u = out.charCodeAt(k);
      if (u >= 0xd800 && u <= 0xdbff) {
        const n = out.charCodeAt(k + 1);
        if (n >= 0xdc00 && n <= 0xdfff) k++;
        else fail("a lone surrogate in a string");
      } else if (u >= 0xdc00 && u <= 0xdfff) fail("a lone surrogate in a string");
    }
    return out;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail("text after the JSON value");
  return v;
}

function pythonFloat(text: string): string {
  const v = Number(text);
  if (Object.is(v, -0)) return "-0.0";
  if (v === 0) return "0.0";
  const [mant, expPart] = v.toExponential().split("e");
  const exp = Number(expPart);
  const digits = mant.replace("-", "").replace(".", "");
  const sign = v < 0 ? "-" : "";
  if (exp >= -5 && exp < 16) {
    let s: string;
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      s = intPart + "." + (frac || "0");
    } else s = "0." + "0".repeat(-exp - 1) + digits;
    return sign + s;
  }
  const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return sign + m + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20) out += ({ 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t" } as Record<number, string>)[c] ?? "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

// Keys sorted by code point (not UTF-16 unit order).
function codePointCompare(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let k = 0; k < Math.min(x.length, y.length); k++) {
    const d = x[k].codePointAt(0)! - y[k].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

export function canonicalText(v: Json): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "string") return quote(v);
  if (v instanceof JsonNumber) return v.integer ? BigInt(v.text).toString() : pythonFloat(v.text);
  if (Array.isArray(v)) return "[" + v.map(canonicalText).join(",") + "]";
  return "{" + Object.keys(v).sort(codePointCompare).map((k) => quote(k) + ":" + canonicalText(v[k])).join(",") + "}";
}

export function canonicalBytes(v: Json): Uint8Array {
  return new TextEncoder().encode(canonicalText(v));
}

export function member(v: Json | undefined, path: string): Json | undefined {
  let cur: Json | undefined = v;
  for (const k of path.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur) || cur instanceof JsonNumber) return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
  }
  return cur;
}
