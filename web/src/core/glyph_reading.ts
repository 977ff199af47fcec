// Whether a simple font's /ToUnicode reads its glyphs as the letters they draw, as pith verify judges
// it (tool/lib/pdf/content/glyph_reading.cpp; docs/FORMAT.md, "Glyphs bound to letters"). Text
// extraction takes a code's letters from /ToUnicode when the font has one; a viewer draws the glyph
// the code selects, for a font it draws by glyph name the glyph the encoding names. When the two
// disagree on letters, a page can draw one paper's title and be read as another's.
import { utf16beText } from "./pdf_objects";
import { matchKey } from "./text";

// A CMap's tokens, split as poppler's PostScript tokenizer splits them: hex strings, brackets, words
// (keywords, numbers, names: any run of regular characters), and other delimiters. Read one at a
// time, so that a stream of any size is read in one pass and in constant memory.
// at: the offset of its first byte; clean (hex): only hex digits and white space, an even count.
type Token = { kind: "hex" | "open" | "close" | "word" | "other"; at: number; bytes?: number[]; word?: string; clean?: boolean };

const hexDigit = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : c >= 0x41 && c <= 0x46 ? c - 0x41 + 10 : -1);
const asciiLetterCode = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const whitespace = (c: number) => c === 0x20 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
const delimiter = (c: number) => "()<>[]{}/%".includes(String.fromCharCode(c));

class Tokens {
  private i = 0;
  constructor(private readonly s: Uint8Array) {}

  next(): Token | undefined {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (whitespace(c)) this.i++;
      else if (c === 0x25) {
        while (this.i < s.length && s[this.i] !== 10 && s[this.i] !== 13) this.i++;
      } else if (c === 0x3c && this.i + 1 < s.length && s[this.i + 1] !== 0x3c) return this.hex();
      else if (c === 0x5b || c === 0x5d) return { kind: c === 0x5b ? "open" : "close", at: this.i++ };
      else if (c === 0x28) {
        const at = this.i;
        this.skipLiteral();
        return { kind: "other", at };
      } else if (delimiter(c)) return { kind: "other", at: this.i++ };
      else {
        const at = this.i;
        while (this.i < s.length && !whitespace(s[this.i]) && !delimiter(s[this.i])) this.i++;
        // the first 64 characters: enough for every keyword, and never spread onto the stack whole
        return { kind: "word", at, word: String.fromCharCode(...s.subarray(at, Math.min(this.i, at + 64))) };
      }
    }
    return undefined;
  }

  private hex(): Token {
    const s = this.s;
    const t: Token = { kind: "hex", at: this.i, bytes: [], clean: true };
    let nibble = -1;
    let digits = 0;
    for (this.i++; this.i < s.length && s[this.i] !== 0x3e; this.i++) {
      const v = hexDigit(s[this.i]);
      if (v < 0) {
        t.clean = t.clean && whitespace(s[this.i]);
        continue;
      }
      digits++;
      if (nibble < 0) nibble = v;
      else {
        t.bytes!.push(nibble * 16 + v);
        nibble = -1;
      }
    }
    // poppler keeps a token of at most 255 characters, brackets included.
    t.clean = t.clean && this.i < s.length && nibble < 0 && digits <= 252;
    if (nibble >= 0) t.bytes!.push(nibble * 16);
    this.i++;
    return t;
  }

  private skipLiteral() {
    const s = this.s;
    let nest = 0;
    for (; this.i < s.length; this.i++) {
      if (s[this.i] === 0x5c) {
        this.i++;
        continue;
      }
      if (s[this.i] === 0x28) nest++;
      if (s[this.i] === 0x29 && --nest === 0) break;
    }
    this.i++;
  }
}

// The UTF-16BE string `base` with its last unit raised by `by` (a bfrange's later destinations).
function raised(base: number[], by: number): number[] {
  if (base.length < 2) return base;
  const last = (((base[base.length - 2] << 8) | base[base.length - 1]) + by) & 0xffff;
  return [...base.slice(0, -2), last >> 8, last & 0xff];
}

class DoubtfulEntry extends Error {}

// bfchar and bfrange blocks, read entry by entry as poppler reads them. An entry viewers read
// differently ends the reading with `doubt` set: poppler skips the tokens of a bad entry and goes on
// in step, pdf.js drops the rest of the block, and a forger who knows both can set an entry out of
// step so that one reads the honest text and the other the lie.
class ToUnicodeReader {
  readonly out = new Map<number, string>();
  readonly apart = new Map<number, string>();
  doubt = "";
  private readonly tokens: Tokens;
  constructor(cmap: Uint8Array) {
    this.tokens = new Tokens(cmap);
  }

  read() {
    try {
      for (let t = this.tokens.next(); t; t = this.tokens.next()) {
        if (t.kind !== "word") continue;
        if (t.word === "beginbfchar") this.chars();
        else if (t.word === "beginbfrange") this.ranges();
      }
    } catch (e) {
      if (!(e instanceof DoubtfulEntry)) throw e;
      this.doubt = e.message;
    }
  }

  private static isWord(t: Token | undefined, w: string) {
    return t !== undefined && t.kind === "word" && t.word === w;
  }

  // A source code: up to four bytes, one big-endian number (<0041> is code 0x41) as poppler and
  // pdf.js read it; a longer one poppler wraps round and pdf.js does not.
  private static source(t: Token | undefined): number | undefined {
    if (!t || t.kind !== "hex" || !t.clean || !t.bytes!.length || t.bytes!.length > 4) return undefined;
    return t.bytes!.reduce((v, b) => v * 256 + b, 0);
  }

  // A destination: UTF-16BE, one or more whole code units (poppler reads <41> as U+0041, pdf.js as
  // U+4100; <> poppler as no text, pdf.js as the code's own character).
  private static destination(t: Token | undefined): t is Token {
    return t !== undefined && t.kind === "hex" && !!t.clean && t.bytes!.length > 0 && t.bytes!.length % 2 === 0;
  }

  // A destination viewers read apart but in step: half a code unit or none (<C5>, <>): poppler skips
  // the entry, pdf.js reads the bytes as characters. Only its codes are in doubt.
  private static inStepButApart(t: Token | undefined): boolean {
    return t !== undefined && t.kind === "hex" && !!t.clean && (t.bytes!.length === 0 || t.bytes!.length % 2 === 1);
  }

  private set(code: number, text: string) {
    if (code > 255) return;
    this.out.set(code, text);
    this.apart.delete(code);
  }

  private setApart(code: number, t: Token, what: string) {
    if (code > 255) return;
    this.apart.set(code, `${what} at byte ${t.at}`);
    this.out.delete(code);
  }

  private fail(t: Token | undefined, what: string): never {
    throw new DoubtfulEntry(what + (t ? ` at byte ${t.at}` : " at its end"));
  }

  private chars() {
    for (;;) {
      const src = this.tokens.next();
      if (!src || ToUnicodeReader.isWord(src, "endbfchar")) return;
      const dst = this.tokens.next();
      const code = ToUnicodeReader.source(src);
      if (code === undefined) this.fail(src, "a bfchar entry whose source is not a hex string of one to four bytes");
      if (ToUnicodeReader.inStepButApart(dst)) {
        this.setApart(code, dst!, "a bfchar entry whose destination is half a code unit or none");
        continue;
      }
      if (!ToUnicodeReader.destination(dst)) this.fail(dst ?? src, "a bfchar entry whose destination is not UTF-16BE in a hex string");
      this.set(code, utf16beText(dst.bytes!));
    }
  }

  private ranges() {
    for (;;) {
      const lo = this.tokens.next();
      if (!lo || ToUnicodeReader.isWord(lo, "endbfrange")) return;
      const hi = this.tokens.next();
      const first = ToUnicodeReader.source(lo), last = ToUnicodeReader.source(hi);
      if (first === undefined || last === undefined || lo.bytes!.length !== hi!.bytes!.length)
        this.fail(lo, "a bfrange entry whose codes are not two hex strings of one length");
      if (last > first && last - first > 0xffffff) this.fail(lo, "a bfrange entry of more than 2^24 codes"); // pdf.js drops such a range, poppler does not
      const end = Math.min(last, 255);
      const dst = this.tokens.next();
      if (dst && dst.kind === "open") {
        // one destination per code, in turn
        let code = first;
        for (let d = this.tokens.next(); !d || d.kind !== "close"; d = this.tokens.next(), code++) {
          if (ToUnicodeReader.inStepButApart(d)) {
            if (code <= last) this.setApart(code, d!, "a bfrange array holding half a code unit or none");
            continue;
          }
          if (!ToUnicodeReader.destination(d)) this.fail(d, "a bfrange array holding other than UTF-16BE hex strings");
          if (code <= last) this.set(code, utf16beText(d.bytes!));
        }
        continue;
      }
      if (ToUnicodeReader.inStepButApart(dst)) {
        for (let c = first; c <= end; c++) this.setApart(c, dst!, "a bfrange entry whose destination is half a code unit or none");
        continue;
      }
      if (!ToUnicodeReader.destination(dst)) this.fail(dst ?? lo, "a bfrange entry whose destination is not UTF-16BE in a hex string");
      // The destination's last code unit raised code by code; poppler and pdf.js part ways where
      // that unit overflows.
      const b = dst.bytes!;
      const unit = b.length >= 2 ? (b[b.length - 2] << 8) | b[b.length - 1] : 0;
      if (first <= end && unit + (end - first) > 0xffff) this.fail(dst, "a bfrange entry whose destinations overflow their last code unit");
      for (let c = first; c <= end; c++) this.set(c, utf16beText(raised(b, c - first)));
    }
  }
}

// The code → text mappings of a ToUnicode CMap for one-byte codes (bfchar and bfrange, ranges with a
// destination string or an array of them), as poppler reads them: a source code of up to four bytes
// is one number (<0041> is code 0x41), codes beyond 255 are left out, a later entry replaces an
// earlier one. An entry viewers read differently ends the reading, with `doubt` saying what and
// where. Never throws; linear in the CMap's size.
export function oneByteToUnicode(cmap: Uint8Array): { read: Map<number, string>; doubt: string; apart: Map<number, string> } {
  const reader = new ToUnicodeReader(cmap);
  reader.read();
  return { read: reader.out, doubt: reader.doubt, apart: reader.apart };
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

// A code point a uniXXXX or uXXXX name names, of any script; undefined for a surrogate, a private
// use code point (whose glyph may be anything) or beyond Unicode.
function codePointText(cp: number): string | undefined {
  if ((cp >= 0xd800 && cp <= 0xf8ff) || cp >= 0xf0000) return undefined;
  return String.fromCodePoint(cp);
}

// The Adobe Glyph List as poppler reads glyph names into text: poppler's own table, written at build
// time by web/tools/glyph_names_table.cpp, so that a name means here what it means to pith verify.
declare const GLYPH_NAMES: { [name: string]: number };
const STANDARD_GLYPHS = new Map<string, number>(Object.entries(GLYPH_NAMES));

function standardGlyphText(name: string): string | undefined {
  const cp = STANDARD_GLYPHS.get(name);
  return cp === undefined ? undefined : codePointText(cp);
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
  // uniXXXX... and uXXXX(XX); a name that only starts so ("ugrave") is read by the list below.
  if (name.length >= 7 && name.startsWith("uni") && (name.length - 3) % 4 === 0) {
    let out: string | undefined = "";
    for (let i = 3; out !== undefined && i < name.length; i += 4) {
      const cp = hexValue(name.slice(i, i + 4));
      const t = cp === undefined ? undefined : codePointText(cp);
      out = t === undefined ? undefined : out + t;
    }
    if (out !== undefined) return out;
  }
  if (name.length >= 5 && name.length <= 7 && name[0] === "u") {
    const cp = hexValue(name.slice(1));
    if (cp !== undefined) return codePointText(cp);
  }
  const standard = standardGlyphText(name);
  if (standard !== undefined) return standard;
  if (name.length > 1 && asciiLetter(name[0]))
    for (const accent of ACCENTS) if (name.slice(1) === accent) return name[0]; // the accent goes in the key
  return undefined;
}

// What a glyph name spells, as text: by the Adobe Glyph List as poppler reads it ("A", "eacute",
// "seven", "alpha", "afii10065"), uniXXXX and uXXXX(XX) of any script but private use ("uni00E9",
// "uni0430", "u1D400"), components joined by "_" in turn ("f_f_i"), a suffix after "." dropped; "" for
// a name of a space or punctuation mark; undefined for a name with no standard meaning (".notdef",
// "g42", "a71", "uniE000"): its glyph may be anything.
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
// ASCII, where the three agree, and WinAnsi's Latin-1 letters; of SymbolEncoding its Greek letters
// and digits; or `program`, an embedded program's own encoding (type1ProgramEncoding); then
// /Differences.
export function encodingGlyphNames(base: string, differences: Map<number, string>, program?: string[]): string[] {
  const names: string[] = program ? [...program] : new Array(256).fill("");
  if (base === "SymbolEncoding") {
    // Adobe's Symbol: ASCII letters as Greek letters, as in the PDF reference, Annex D.
    const digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    const upper = ["Alpha", "Beta", "Chi", "Delta", "Epsilon", "Phi", "Gamma", "Eta", "Iota", "theta1", "Kappa", "Lambda", "Mu", "Nu",
      "Omicron", "Pi", "Theta", "Rho", "Sigma", "Tau", "Upsilon", "sigma1", "Omega", "Xi", "Psi", "Zeta"];
    const lower = ["alpha", "beta", "chi", "delta", "epsilon", "phi", "gamma", "eta", "iota", "phi1", "kappa", "lambda", "mu", "nu",
      "omicron", "pi", "theta", "rho", "sigma", "tau", "upsilon", "omega1", "omega", "xi", "psi", "zeta"];
    for (let c = 0; c < 10; c++) names[0x30 + c] = digits[c];
    for (let c = 0; c < 26; c++) {
      names[0x41 + c] = upper[c];
      names[0x61 + c] = lower[c];
    }
  }
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

// A simple font as far as the names of its glyphs go.
export type SimpleFont = {
  subtype: string; // its /Subtype ("Type1", "TrueType", ...)
  baseFont: string; // its /BaseFont
  encoding: string; // its /Encoding, when that is a name
  baseEncoding: string; // its /Encoding's /BaseEncoding, when that is a name
  differences: Map<number, string>; // its /Encoding's /Differences
  program: "none" | "type1" | "cff" | "truetype" | "other"; // what its descriptor embeds
  type1?: Uint8Array; // a Type 1 program (/FontFile, decoded)
};

// The glyph names a simple font's codes draw, as poppler picks them (GfxFont.cc, Gfx8BitFont), and why
// the rest are not known: `names` ("" where not known); `unread`, when not empty, what draws the codes
// without a name (each may draw anything).
export type FontGlyphs = { names: string[]; unread: string };

const SYMBOL_FONTS = new Set(["Symbol", "Symbol,Italic", "Symbol,Bold", "Symbol,BoldItalic", "SymbolMT", "SymbolMT,Italic", "SymbolMT,Bold", "SymbolMT,BoldItalic"]);
const LATIN_FONTS = new Set([
  "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique",
  "Helvetica-Oblique", "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Arial", "Arial,Bold", "Arial,BoldItalic",
  "Arial,Italic", "Arial-Bold", "Arial-BoldItalic", "Arial-BoldItalicMT", "Arial-BoldMT", "Arial-Italic", "Arial-ItalicMT", "ArialMT",
  "Courier,Bold", "Courier,BoldItalic", "Courier,Italic", "CourierNew", "CourierNew,Bold", "CourierNew,BoldItalic", "CourierNew,Italic",
  "CourierNew-Bold", "CourierNew-BoldItalic", "CourierNew-Italic", "CourierNewPS-BoldItalicMT", "CourierNewPS-BoldMT",
  "CourierNewPS-ItalicMT", "CourierNewPSMT", "Helvetica,Bold", "Helvetica,BoldItalic", "Helvetica,Italic", "Helvetica-BoldItalic",
  "Helvetica-Italic", "TimesNewRoman", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic", "TimesNewRoman,Italic", "TimesNewRoman-Bold",
  "TimesNewRoman-BoldItalic", "TimesNewRoman-Italic", "TimesNewRomanPS", "TimesNewRomanPS-Bold", "TimesNewRomanPS-BoldItalic",
  "TimesNewRomanPS-BoldItalicMT", "TimesNewRomanPS-BoldMT", "TimesNewRomanPS-Italic", "TimesNewRomanPS-ItalicMT", "TimesNewRomanPSMT",
]);

// Which standard font a viewer draws a font not embedded with: "Latin" (Courier, Helvetica, Times and the
// aliases poppler's and MuPDF's tables share: Arial, TimesNewRoman, CourierNew and their styles),
// "Symbol", "ZapfDingbats", or "" for any other name. Spaces in the name are dropped, as both do.
function standardFontOf(baseFont: string): string {
  const name = baseFont.replace(/ /g, "");
  if (SYMBOL_FONTS.has(name)) return "Symbol";
  if (name === "ZapfDingbats") return "ZapfDingbats";
  return LATIN_FONTS.has(name) ? "Latin" : "";
}

// Whether a font the file does not embed, read without a /ToUnicode (by its glyph names), may be drawn
// with a symbol font the viewer picks: its name is no standard font's and names a symbol font
// (Dingbats, Wingdings, ...: fontconfig gives /Dingbats URW's dingbats), or its descriptor's flags say
// symbolic. Its codes then draw symbols where the text reads letters.
export function drawnWithAPickedSymbolFont(baseFont: string, symbolicFlag: boolean): boolean {
  if (standardFontOf(baseFont)) return false;
  if (symbolicFlag) return true;
  const name = baseFont.toLowerCase();
  return ["dingbat", "symbol", "wingding", "webding", "zapf", "d050000l", "marlett"].some((s) => name.includes(s));
}

// A base encoding poppler knows by name (only /WinAnsiEncoding, /MacRomanEncoding and /MacExpertEncoding,
// as the font's /Encoding or its /BaseEncoding), else an embedded Type 1 program's own encoding
// (type1ProgramEncoding; Standard when it states none), else Standard for another embedded program but a
// CFF one (pith verify reads a CFF program's own encoding with poppler's reader; here only its
// /Differences names are known); then /Differences. Of an embedded TrueType program, which may select
// glyphs by code whatever a base says, only the /Differences names. A font not embedded is drawn from the
// viewer's own: by its base or Standard for the Latin standard fonts and their aliases, by Symbol's
// Greek letters for Symbol and its aliases; any other font is drawn with a font the viewer picks, and
// ZapfDingbats, Symbol under a named base and a MacExpert base by encodings not listed here: the codes
// /Differences does not name are unread. Of the bases only what encodingGlyphNames lists is known.
export function simpleFontGlyphNames(font: SimpleFont): FontGlyphs {
  if (font.program === "truetype") return { names: encodingGlyphNames("", font.differences), unread: "" };
  const known = (n: string) => n === "WinAnsiEncoding" || n === "MacRomanEncoding" || n === "MacExpertEncoding";
  let base = known(font.encoding) ? font.encoding : known(font.baseEncoding) ? font.baseEncoding : "";
  let program: string[] | undefined;
  let unread = "";
  const standard = standardFontOf(font.baseFont);
  if (font.program !== "none") {
    if (!base && font.program === "type1") program = type1ProgramEncoding(font.type1 ?? new Uint8Array());
    if (!base && !program && font.program !== "cff") base = "StandardEncoding";
  } else if (!standard) unread = `a font the viewer picks for the font ${printable(font.baseFont, true, 64)}, which the file does not embed and no viewer has`;
  else if (standard === "ZapfDingbats") unread = "ZapfDingbats' own encoding";
  else if (standard === "Symbol" && base) unread = `the Symbol font under the ${base}`;
  else if (standard === "Symbol") base = "SymbolEncoding";
  else if (!base) base = "StandardEncoding";
  if (base === "MacExpertEncoding") {
    unread = "MacExpertEncoding, whose names pith does not list";
    base = "";
  }
  if (unread && font.program === "none" && !standard) return { names: new Array(256).fill(""), unread };
  return { names: encodingGlyphNames(base, font.differences, program), unread };
}


// The encoding an embedded Type 1 program gives its codes (`/Encoding StandardEncoding def`, or an array
// of `dup CODE /NAME put` entries), read from its clear-text part (up to `eexec`): "" where it names no
// glyph; undefined when the program states no encoding. Never throws; linear in its size.
export function type1ProgramEncoding(program: Uint8Array): string[] | undefined {
  // PostScript tokens of the clear text: names (with their "/"), numbers and words; delimiters on their
  // own, comments skipped.
  let i = 0;
  const space = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0c || c === 0x00;
  const delimiter = (c: number) => space(c) || "()<>[]{}/%".includes(String.fromCharCode(c));
  const next = (): string => {
    for (;;) {
      while (i < program.length && space(program[i])) i++;
      if (i >= program.length) return "";
      if (program[i] === 0x25) {
        while (i < program.length && program[i] !== 0x0a && program[i] !== 0x0d) i++;
        continue;
      }
      const start = i;
      if (program[i] === 0x2f) i++;
      while (i < program.length && !delimiter(program[i])) i++;
      if (i === start) i++; // a delimiter on its own
      let t = "";
      for (let k = start; k < i; k++) t += String.fromCharCode(program[k]);
      return t;
    }
  };
  const number = (t: string): number | undefined => {
    let base = 10;
    if (t.length > 2 && t.startsWith("8#")) {
      base = 8;
      t = t.slice(2);
    }
    if (!t || t.length > 6) return undefined;
    let v = 0;
    for (const c of t) {
      const d = c.charCodeAt(0) - 0x30;
      if (d < 0 || d >= base) return undefined;
      v = v * base + d;
    }
    return v;
  };
  for (let t = next(); t && t !== "eexec"; t = next()) {
    if (t !== "/Encoding") continue;
    const what = next();
    if (what === "StandardEncoding") return encodingGlyphNames("StandardEncoding", new Map());
    if (number(what) === undefined) continue;
    const names: string[] = new Array(256).fill("");
    for (let u = next(); u && u !== "def" && u !== "readonly" && u !== "eexec"; u = next()) {
      if (u !== "dup") continue;
      const code = number(next());
      const name = next();
      if (code !== undefined && code < 256 && name.length > 1 && name[0] === "/" && next() === "put") names[code] = name.slice(1);
    }
    return names;
  }
  return undefined;
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

// The codes (ascending) whose glyph, as the encoding names it, is not what their ToUnicode text reads,
// each with why: a name that spells other letters (their match keys differ): `code <01> draws the
// glyph /Q and is read as "O"`; and, in a font whose program the file does not embed (a viewer draws
// it from a font of its own, by name), a name with no standard meaning read as letters. Judged code
// by code, as shown; and, where the font's glyphs are unread (FontGlyphs.unread), a code without a
// name read as letters: `code <01> is drawn by ZapfDingbats' own encoding and is read as "A"`.
// Judged code by code, as shown: producers' ToUnicode maps hold a wrong entry here and there (a quote
// read as "ª"), which matters only where that code is shown.
export function misreadGlyphs(glyphs: FontGlyphs, toUnicode: Map<number, string>, programEmbedded: boolean): Map<number, string> {
  const { names, unread } = glyphs;
  const out = new Map<number, string>();
  for (let code = 0; code < 256; code++) {
    const read = toUnicode.get(code);
    if (read === undefined) continue;
    if (!names[code]) {
      // The glyph is not known: it may draw anything where the text reads letters.
      if (unread && matchKey(read) !== "") out.set(code, `code <${hex2(code)}> is drawn by ${unread} and is read as "${printable(read, false)}"`);
      continue;
    }
    const drawn = glyphNameText(names[code]);
    const what = `code <${hex2(code)}> draws the glyph /${printable(names[code], true)}`;
    if (drawn !== undefined && matchKey(drawn) !== matchKey(read)) out.set(code, `${what} and is read as "${printable(read, false)}"`);
    else if (drawn === undefined && !programEmbedded && matchKey(read) !== "")
      // A viewer draws it from a font of its own, which has no glyph of that name: nothing, or
      // whatever it picks, is shown where the text reads letters.
      out.set(code, `${what}, which has no standard meaning, from a font the file does not embed, and is read as "${printable(read, false)}"`);
  }
  return out;
}
