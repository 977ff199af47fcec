// Match keys (docs/FORMAT.md "Title"): NFKC case folding, accents removed, letters and digits
// only; in a record's title, TeX is read as TeX.
import { skeleton } from "./confusables";
import { hostToUnicode } from "./punycode";

const TEX_LETTERS: Record<string, string> = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η", theta: "θ", vartheta: "θ",
  iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", varpi: "π", rho: "ρ", varrho: "ρ", sigma: "σ",
  varsigma: "σ", tau: "τ", upsilon: "υ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ",
  Theta: "Θ", Lambda: "Λ", Xi: "Ξ", Pi: "Π", Sigma: "Σ", Upsilon: "Υ", Phi: "Φ", Psi: "Ψ", Omega: "Ω", ss: "ß", ae: "æ",
  AE: "Æ", oe: "œ", OE: "Œ", o: "ø", O: "Ø", aa: "å", AA: "Å", l: "ł", L: "Ł", i: "ı", infty: "∞", ell: "ℓ",
  "%": "%", "&": "&", "#": "#", _: "_", $: "$",
  // The TeX family's logos, as their letters (a PDF shows \LaTeX as L, A, T, E, X; hyperref writes "LaTeX").
  TeX: "TeX", LaTeX: "LaTeX", BibTeX: "BibTeX", XeTeX: "XeTeX", XeLaTeX: "XeLaTeX", LuaTeX: "LuaTeX", LuaLaTeX: "LuaLaTeX", ConTeXt: "ConTeXt",
};

// Math-mode symbols: a PDF string cannot hold them, so hyperref drops them from the metadata title.
const MATH_SYMBOLS = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
  "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
  "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "infty", "ell",
]);

// Log-like operators typeset their own name in upright letters (\log is "log" on the page and in
// hyperref's metadata).
const OPERATOR_NAMES = new Set([
  "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det", "dim", "exp", "gcd", "hom", "inf",
  "ker", "lg", "lim", "liminf", "limsup", "ln", "log", "max", "min", "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh",
]);

// How TeX source is read: as the text it typesets, or as the text hyperref writes for it into a
// PDF string, which lacks the math symbols and, as acmart's metadata has it, the operators too.
type TexReading = "typeset" | "pdf string" | "pdf string without operators";

// TeX source to the text it is read as, closely enough for matching.
export function untex(s: string, reading: TexReading = "typeset"): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if ("${}^_".includes(c)) {
      i++;
      continue;
    }
    if (c === "~") {
      out += " ";
      i++;
      continue;
    }
    if (c === "\\") {
      let j = i + 1;
      while (j < s.length && /[a-zA-Z]/.test(s[j])) j++;
      let name = s.slice(i + 1, j);
      if (!name && j < s.length) name = s[j++];
      if (OPERATOR_NAMES.has(name)) out += reading === "pdf string without operators" ? " " : ` ${name} `;
      else if (reading !== "typeset" && MATH_SYMBOLS.has(name)) out += " ";
      else out += Object.prototype.hasOwnProperty.call(TEX_LETTERS, name) ? TEX_LETTERS[name] : " ";
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

// NFKC_Casefold is approximated by NFKC + toLowerCase + NFKC (ß stays ß; ICU folds it to ss: both
// sides of a comparison are folded alike, so the difference only matters across implementations).
export function matchKey(text: string, tex = false): string {
  return keyOf(tex ? untex(text) : text);
}

// True if a title in a PDF's metadata is the TeX title, as TeX typesets it or as hyperref writes it
// into a PDF string, which cannot hold math symbols: Greek letters, \ell and \infty are dropped
// ("$\alpha$-Nets" is "-Nets" there), and log-like operators keep their names ("$n\log n$" is
// "nlogn") or, as acmart writes them, are dropped too ("nn"). Compared by match key.
// A TeX title's main title: the text before its first colon outside math, when letters follow it
// ("LoRA" of "LoRA: Low-Rank Adaptation"): a class's \subtitle (acmart, llncs, KOMA-Script) is typeset
// under the title and left out of the metadata. undefined when it has none.
export function texMainTitle(texTitle: string): string | undefined {
  let math = false;
  for (let i = 0; i < texTitle.length; i++) {
    const c = texTitle[i];
    if (c === "\\") i++; // \$, \: and the like are no shift and no colon
    else if (c === "$") {
      if (texTitle[i + 1] === "$") i++; // $$ shifts once
      math = !math;
    } else if (c === ":" && !math) {
      const before = texTitle.slice(0, i), after = texTitle.slice(i + 1);
      return matchKey(before, true) && matchKey(after, true) ? before : undefined;
    }
  }
  return undefined;
}

export function namesTexTitle(metadataTitle: string, texTitle: string): boolean {
  const key = matchKey(metadataTitle);
  return key === matchKey(texTitle, true) || key === keyOf(untex(texTitle, "pdf string")) || key === keyOf(untex(texTitle, "pdf string without operators"));
}

function keyOf(source: string): string {
  const folded = source.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFKC");
  // Accents go, and so do spacing modifier letters (U+02B0 to U+02FF, those NFKC leaves): a standalone
  // accent drawn before its letter (pdfTeX's OT1 fonts) is read as one (ˆ, ˇ). A dotless i or j
  // carries an accent there: \"i is drawn, and read, as ı̈.
  return folded
    .normalize("NFD")
    .replace(/[\p{Mn}\u02b0-\u02ff]/gu, "")
    .replace(/ı/g, "i")
    .replace(/ȷ/g, "j")
    .replace(/ł/g, "l") // letters whose stroke NFD keeps: OT1 draws \L as L and a stroke, T1 \DJ as its Ð
    .replace(/[đð]/g, "d")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

// A TeX title split at its math shifts ($ or $$, not \$): text, math, text, ... (the flag: math).
export function texMathSplit(tex: string): [string, boolean][] {
  const parts: [string, boolean][] = [["", false]];
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === "\\" && i + 1 < tex.length) {
      parts[parts.length - 1][0] += tex.slice(i, i + 2);
      i++;
    } else if (tex[i] === "$") {
      if (tex[i + 1] === "$") i++;
      parts.push(["", !parts[parts.length - 1][1]]);
    } else parts[parts.length - 1][0] += tex[i];
  }
  return parts;
}

export type TitleSpan = { begin: number; end: number; leading: number; trailing: number };

// Of the characters a title's math may add among its letters or at its ends, how many for each
// formula may be no letter of the math.
export const FOREIGN_PER_FORMULA = 2;

// How many UTF-8 characters of `bytes` are not in `mathKey` (its UTF-8 bytes).
export function foreignCharacters(bytes: Uint8Array, mathKey: Uint8Array): number {
  let foreign = 0;
  for (let i = 0; i < bytes.length; ) {
    let n = 1; // one UTF-8 character
    while (i + n < bytes.length && (bytes[i + n] & 0xc0) === 0x80) n++;
    if (indexOfBytes(mathKey, bytes.subarray(i, i + n)) < 0) foreign++;
    i += n;
  }
  return foreign;
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// The same bytes in any order: math as a viewer reads it ("∑n i=1 x2 i" for $\sum_{i=1}^n x_i^2$).
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q), y = [...b].sort((p, q) => p - q);
  return x.every((v, k) => v === y[k]);
}

// Where a page's key (UTF-8 bytes of the matchKey of its words, in the viewer's order) shows a TeX
// title's, as pith verify's titleSpans (text/match_key.hpp): the title's text outside math in
// order, with at most as many other bytes among its letters as twice the key's length of the
// title's math plus 8 for each of its formulas (a viewer reads sub- and superscripts, limits and
// fractions in its own order, some on lines of their own); math at the title's start or end widens
// the span when the page reads its key's bytes (in any order) just before or after, else `leading`
// and `trailing` bound how far into the span's first and last words it may reach; of the bytes
// among its letters and at its ends, no more than FOREIGN_PER_FORMULA characters for each formula
// may be no letter of its math.
export function titleSpans(pageKey: Uint8Array, texTitle: string, limit: number): TitleSpan[] {
  const enc = new TextEncoder();
  let text = "", math = "", allMath = "", leadingMath = "";
  let budget = 0, foreignBudget = 0;
  const bound = (m: string) => (m ? 2 * enc.encode(m).length + 8 : 0);
  const formula = (m: string) => {
    budget += bound(m);
    foreignBudget += m ? FOREIGN_PER_FORMULA : 0;
  };
  for (const [part, isMath] of texMathSplit(texTitle)) {
    const key = matchKey(part, true);
    if (isMath) (math += key), (allMath += key);
    else if (key) {
      if (!text) leadingMath = math;
      formula(math);
      text += key;
      math = "";
    }
  }
  const out: TitleSpan[] = [];
  if (!text) return out;
  const trailingMath = math;
  formula(trailingMath);
  const t = enc.encode(text), lead = enc.encode(leadingMath), trail = enc.encode(trailingMath), mathBytes = enc.encode(allMath);
  // The earliest match of the title's text from `at` (the fewest bytes between), within the
  // budgets: its end, or -1, and how many bytes it passed over.
  const matchFrom = (at: number): [number, number] => {
    let end = at + 1, spent = 0, foreign = 0;
    for (let k = 1; k < t.length && end >= 0; ) {
      if (end >= pageKey.length) end = -1;
      else if (pageKey[end] === t[k]) end++, k++;
      else {
        let n = 1; // skip one UTF-8 character
        while (end + n < pageKey.length && (pageKey[end + n] & 0xc0) === 0x80) n++;
        foreign += foreignCharacters(pageKey.subarray(end, end + n), mathBytes);
        spent += n;
        end = spent > budget || foreign > foreignBudget ? -1 : end + n;
      }
    }
    return [end, spent];
  };
  for (let at = pageKey.indexOf(t[0]); at >= 0 && out.length < limit; ) {
    let [end, spent] = matchFrom(at);
    if (end < 0) {
      at = pageKey.indexOf(t[0], at + 1);
      continue;
    }
    // A later start that ends as early, passing over fewer bytes: the bytes a title with math may
    // have among its letters would otherwise let it begin in the word before ("JOURNAL Learning
    // ...": at the L of JOURNAL, passing over the title's own L). As pith verify's match_key.cpp.
    for (let later = pageKey.indexOf(t[0], at + 1); later >= 0 && later < end; later = pageKey.indexOf(t[0], later + 1)) {
      const [laterEnd, laterSpent] = matchFrom(later);
      if (laterEnd >= 0 && laterEnd <= end && laterSpent < spent) (at = later), (spent = laterSpent);
    }
    const span: TitleSpan = { begin: at, end, leading: bound(leadingMath), trailing: bound(trailingMath) };
    if (lead.length && at >= lead.length && sameBytes(pageKey.subarray(at - lead.length, at), lead)) (span.begin -= lead.length), (span.leading = 0);
    if (trail.length && sameBytes(pageKey.subarray(end, end + trail.length), trail)) (span.end += trail.length), (span.trailing = 0);
    out.push(span);
    at = pageKey.indexOf(t[0], span.end);
  }
  return out;
}

export function foldWhitespace(s: string): string {
  return s.split(/[ \t\n\r\f]+/).filter((x) => x).join(" ");
}

export function isFileName(t: string): boolean {
  if (t.includes(" ")) return false;
  return [".dvi", ".ps", ".tex", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".eps"].some((e) => t.length > e.length && t.endsWith(e));
}

export const REGISTRY_HOST = "pith.science";

// Damerau-Levenshtein distance (optimal string alignment) over the UTF-8 bytes, for near-miss hosts
// like pith.sclence.
function editDistance(x: string, y: string): number {
  const a = new TextEncoder().encode(x), b = new TextEncoder().encode(y);
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

export type LinkTarget = "record page" | "registry" | "lookalike" | "other";

export function linkTargetName(t: LinkTarget): string {
  return { "record page": "the record page", registry: "another page of the registry", lookalike: "a host that looks like the registry's", other: "another site" }[t];
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

// The host as a browser resolves it, in its Unicode form: percent-decoded, IDNA (UTS #46, the URL
// parser's) to ASCII, then its xn-- labels to Unicode; lower case, without a trailing dot.
function canonicalHost(authority: string): string {
  let host: string;
  try {
    host = hostToUnicode(new URL("https://" + decodeURIComponent(authority) + "/").hostname);
  } catch {
    host = asciiLower(authority); // an unparsable host is compared as written
  }
  return host.replace(/\.+$/, "");
}

// Where a link goes (docs/FORMAT.md, "Verifying, step by step", step 7): the record page, another
// page of the registry (its host in any case, after IDNA), a host that resembles the registry's
// (same confusable skeleton, edit distance at most 2, or "pith" in it or in its skeleton), or
// elsewhere.
export function classifyLink(uri: string, recordUrl: string): LinkTarget {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(uri);
  if (!m) return "other";
  let authority = m[2];
  const rest = m[3];
  if (authority.includes("\\")) authority = authority.slice(0, authority.indexOf("\\"));
  let userinfo = "";
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    userinfo = authority.slice(0, at);
    authority = authority.slice(at + 1);
  }
  let port = "";
  const p = authority.lastIndexOf(":");
  if (p >= 0 && !authority.includes("]")) {
    port = authority.slice(p + 1);
    authority = authority.slice(0, p);
  }
  const host = canonicalHost(authority);
  if (host === REGISTRY_HOST) {
    const want = /^https:\/\/([^/?#]*)(.*)$/.exec(recordUrl)!;
    return m[1].toLowerCase() === "https" && !userinfo && !port && rest === want[2] && authority === want[1] ? "record page" : "registry";
  }
  if (new TextEncoder().encode(host).length > 256) return "lookalike";
  const folded = asciiLower(skeleton(host));
  if (folded === asciiLower(skeleton(REGISTRY_HOST)) || editDistance(host, REGISTRY_HOST) <= 2 || folded.includes("pith") || host.includes("pith"))
    return "lookalike";
  return "other";
}
