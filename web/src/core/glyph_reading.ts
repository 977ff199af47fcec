// Whether a simple font's /ToUnicode reads its glyphs as the letters they draw, as pith verify judges
// it (tool/lib/pdf/content/glyph_reading.cpp; docs/FORMAT.md, "Glyphs bound to letters"). Text
// extraction takes a code's letters from /ToUnicode when the font has one; a viewer draws the glyph
// the code selects, for a font it draws by glyph name the glyph the encoding names. When the two
// disagree on letters, a page can draw one paper's title and be read as another's.
import { utf16beText } from "./pdf_objects";
import { matchKey } from "./text";

type Token = { kind: "hex" | "open" | "close" | "word"; bytes?: number[]; word?: string };

const hexDigit = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : c >= 0x41 && c <= 0x46 ? c - 0x41 + 10 : -1);
const asciiLetterCode = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

// A CMap's tokens as far as bfchar and bfrange need them: hex strings, brackets, keywords.
function tokens(s: Uint8Array, limit: number): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length && out.length < limit; ) {
    const c = s[i];
    if (c === 0x3c && i + 1 < s.length && s[i + 1] !== 0x3c) {
      const bytes: number[] = [];
      let nibble = -1;
      for (i++; i < s.length && s[i] !== 0x3e; i++) {
        const v = hexDigit(s[i]);
        if (v < 0) continue; // white space (anything else is no hex digit either)
        if (nibble < 0) nibble = v;
        else {
          bytes.push(nibble * 16 + v);
          nibble = -1;
        }
      }
      if (nibble >= 0) bytes.push(nibble * 16);
      i++;
      out.push({ kind: "hex", bytes });
    } else if (c === 0x5b || c === 0x5d) {
      out.push({ kind: c === 0x5b ? "open" : "close" });
      i++;
    } else if (c === 0x25) {
      while (i < s.length && s[i] !== 10 && s[i] !== 13) i++;
    } else if (c === 0x28) {
      // A literal string (a CMap's name or registry): skipped.
      let nest = 0;
      for (; i < s.length; i++) {
        if (s[i] === 0x5c) {
          i++;
          continue;
        }
        if (s[i] === 0x28) nest++;
        if (s[i] === 0x29 && --nest === 0) break;
      }
      i++;
    } else if (asciiLetterCode(c)) {
      const start = i;
      while (i < s.length && asciiLetterCode(s[i])) i++;
      out.push({ kind: "word", word: String.fromCharCode(...s.subarray(start, i)) });
    } else i++;
  }
  return out;
}

// The UTF-16BE string `base` with its last unit raised by `by` (a bfrange's later destinations).
function raised(base: number[], by: number): number[] {
  if (base.length < 2) return base;
  const last = (((base[base.length - 2] << 8) | base[base.length - 1]) + by) & 0xffff;
  return [...base.slice(0, -2), last >> 8, last & 0xff];
}

const MAX_ENTRIES = 65_536;

// The code → text mappings of a ToUnicode CMap for one-byte codes (bfchar and bfrange, ranges with a
// destination string or an array of them); entries for longer codes are left out. Never throws.
export function oneByteToUnicode(cmap: Uint8Array): Map<number, string> {
  const out = new Map<number, string>();
  const t = tokens(cmap, 4 * MAX_ENTRIES);
  let inside: "none" | "char" | "range" = "none";
  for (let i = 0; i < t.length && out.size < MAX_ENTRIES; ) {
    if (t[i].kind === "word") {
      inside = t[i].word === "beginbfchar" ? "char" : t[i].word === "beginbfrange" ? "range" : "none";
      i++;
      continue;
    }
    if (inside === "char" && i + 1 < t.length && t[i].kind === "hex" && t[i + 1].kind === "hex") {
      if (t[i].bytes!.length === 1) out.set(t[i].bytes![0], utf16beText(t[i + 1].bytes!));
      i += 2;
      continue;
    }
    if (inside === "range" && i + 2 < t.length && t[i].kind === "hex" && t[i + 1].kind === "hex") {
      const oneByte = t[i].bytes!.length === 1 && t[i + 1].bytes!.length === 1;
      const lo = oneByte ? t[i].bytes![0] : 1, hi = oneByte ? t[i + 1].bytes![0] : 0;
      if (t[i + 2].kind === "hex") {
        for (let c = lo; c <= hi; c++) out.set(c, utf16beText(raised(t[i + 2].bytes!, c - lo)));
        i += 3;
        continue;
      }
      if (t[i + 2].kind === "open") {
        let j = i + 3;
        for (let c = lo; j < t.length && t[j].kind === "hex"; j++, c++) if (c <= hi) out.set(c, utf16beText(t[j].bytes!));
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

// Standalone accents are not listed: ToUnicode maps read them as spacing modifier letters (ˇ, ˆ).
const PUNCTUATION = new Set([
  "space", "nbspace", "hyphen", "sfthyphen", "minus", "period", "comma", "colon", "semicolon", "exclam",
  "question", "slash", "backslash", "parenleft", "parenright", "bracketleft", "bracketright", "braceleft",
  "braceright", "quotesingle", "quotedbl", "quoteleft", "quoteright", "quotedblleft", "quotedblright",
  "quotesinglbase", "quotedblbase", "guillemotleft", "guillemotright", "guilsinglleft", "guilsinglright",
  "endash", "emdash", "asterisk", "plus", "equal", "less", "greater", "underscore", "numbersign", "percent",
  "ampersand", "at", "bar", "brokenbar", "asciitilde", "asciicircum", "dollar", "bullet", "periodcentered",
  "ellipsis", "dagger", "daggerdbl", "section", "paragraph", "degree", "exclamdown", "questiondown",
  "copyright", "registered", "multiply", "divide", "plusminus", "cent", "sterling", "yen", "currency",
  "logicalnot", "fraction",
]);

// Accents that AGL names append to a base letter ("eacute", "Scaron", "gcommaaccent").
const ACCENTS = ["acute", "grave", "circumflex", "dieresis", "tilde", "ring", "cedilla", "caron", "macron", "breve", "ogonek", "dotaccent", "hungarumlaut", "commaaccent"];

const WORDS: Record<string, string> = {
  zero: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
  ff: "ff", fi: "fi", fl: "fl", ffi: "ffi", ffl: "ffl", germandbls: "ss",
};

const asciiLetter = (c: string) => c.length === 1 && asciiLetterCode(c.charCodeAt(0));

// A code point these rules read from a uniXXXX or uXXXX name: Latin (to Latin Extended-B), the Latin
// ligatures, or the mathematical letters and digits; else undefined (another script's glyph).
function latinCodePoint(cp: number): string | undefined {
  if (!(cp < 0x250 || (cp >= 0xfb00 && cp <= 0xfb06) || (cp >= 0x1d400 && cp <= 0x1d7ff))) return undefined;
  return String.fromCodePoint(cp);
}

function hexValue(h: string): number | undefined {
  let v = 0;
  for (let k = 0; k < h.length; k++) {
    const d = hexDigit(h.charCodeAt(k));
    if (d < 0) return undefined;
    v = v * 16 + d;
  }
  return v;
}

function componentText(name: string): string | undefined {
  if (asciiLetter(name)) return name;
  if (Object.prototype.hasOwnProperty.call(WORDS, name)) return WORDS[name];
  if (PUNCTUATION.has(name)) return "";
  if (name.length >= 7 && name.startsWith("uni") && (name.length - 3) % 4 === 0) {
    let out = "";
    for (let i = 3; i < name.length; i += 4) {
      const cp = hexValue(name.slice(i, i + 4));
      if (cp === undefined || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      const t = latinCodePoint(cp);
      if (t === undefined) return undefined;
      out += t;
    }
    return out;
  }
  if (name.length >= 5 && name.length <= 7 && name[0] === "u") {
    const cp = hexValue(name.slice(1));
    if (cp === undefined || (cp >= 0xd800 && cp < 0xe000)) return undefined;
    return latinCodePoint(cp);
  }
  if (name === "dmacron" || name === "Dmacron") return undefined; // AGL: d with stroke (đ), no macron
  if (name.length > 1 && asciiLetter(name[0]))
    for (const accent of ACCENTS) if (name.slice(1) === accent) return name[0]; // the accent goes in the key
  return undefined;
}

// The letters a glyph name spells, as text: letters and digits by their Adobe Glyph List names ("A",
// "eacute", "seven", "fi", "f_f_i", "uni00E9", "u1D400", a suffix after "." dropped); "" for a name of
// a space or punctuation mark; undefined for a name these rules do not know (".notdef", "g42", Greek
// and other scripts' names): its glyph may be anything.
export function glyphNameText(glyph: string): string | undefined {
  let name = glyph;
  const dot = name.indexOf(".");
  if (dot > 0) name = name.slice(0, dot);
  if (!name) return undefined;
  let out = "";
  for (const part of name.split("_")) {
    const t = componentText(part);
    if (t === undefined) return undefined;
    out += t;
  }
  return out;
}

// The glyph names a simple font's encoding gives its codes ("" where none is known): of the base
// (WinAnsiEncoding, MacRomanEncoding, StandardEncoding) only the letters and digits of printable
// ASCII, where the three agree, and WinAnsi's Latin-1 letters; then /Differences.
export function encodingGlyphNames(base: string, differences: Map<number, string>): string[] {
  const names: string[] = new Array(256).fill("");
  if (base === "WinAnsiEncoding" || base === "MacRomanEncoding" || base === "StandardEncoding") {
    const digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    for (let c = 0x30; c <= 0x39; c++) names[c] = digits[c - 0x30];
    for (let c = 0x41; c <= 0x5a; c++) names[c] = String.fromCharCode(c);
    for (let c = 0x61; c <= 0x7a; c++) names[c] = String.fromCharCode(c);
    if (base === "WinAnsiEncoding")
      // Its upper half is Latin-1: the letters by their code points.
      for (let c = 0xc0; c <= 0xff; c++) if (c !== 0xd7 && c !== 0xf7) names[c] = "uni00" + c.toString(16).toUpperCase();
  }
  for (const [code, name] of differences) names[code] = name;
  return names;
}

// Text from the file, fit for a one-line message: control characters as "?", bytes beyond ASCII in a
// name (bytes, read as Latin-1) as "?", at most `limit` bytes of UTF-8 (cut at a character's start).
export function printable(s: string, name: boolean, limit = 32): string {
  const bytes = new TextEncoder().encode(name ? s.replace(/[^\x00-\x7f]/g, "?") : s);
  let end = bytes.length;
  if (end > limit) {
    end = limit;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  }
  return new TextDecoder().decode(bytes.subarray(0, end)).replace(/[\x00-\x1f\x7f]/g, "?");
}

const hex2 = (c: number) => c.toString(16).toUpperCase().padStart(2, "0");

// The codes (ascending) the encoding names a known glyph for whose ToUnicode text spells other
// letters (their match keys differ), each with why: `code <01> draws the glyph /Q and is read as "O"`.
// Judged code by code, as shown: producers' ToUnicode maps hold a wrong entry here and there (a quote
// read as "ª"), which matters only where that code is shown.
export function misreadGlyphs(names: string[], toUnicode: Map<number, string>): Map<number, string> {
  const out = new Map<number, string>();
  for (let code = 0; code < 256; code++) {
    const read = toUnicode.get(code);
    if (read === undefined || !names[code]) continue;
    const drawn = glyphNameText(names[code]);
    if (drawn === undefined || matchKey(drawn) === matchKey(read)) continue;
    out.set(code, `code <${hex2(code)}> draws the glyph /${printable(names[code], true)} and is read as "${printable(read, false)}"`);
  }
  return out;
}
