// Whether character recognition of a title's pixels reads the title (docs/FORMAT.md, "Title read
// from its pixels"), as pith verify's text/recognized_title.cpp: the text a viewer extracts comes
// from the fonts' ToUnicode and glyph names, the pixels from their glyphs, and a forger can make
// the two disagree. Recognition is not exact, so a few errors are allowed, and none is counted for
// the title's letters beyond ASCII, which the English model does not read.
import { matchKey, texMathSplit } from "./text";

export const RECOGNITION_SLACK = 2;
export const RECOGNITION_SHARE = 10;
export const RECOGNITION_SHORT_SHARE = 4; // and no more than one error in 4 letters (a short title: "LoRA", 1)
// and 2 more for each letter outside math beyond ASCII, made by a TeX accent or letter command, or a TeX logo (ß: ss read as B)
export const RECOGNITION_PER_ACCENT = 2;
export const RECOGNITION_LEAST = 3; // fewer letters than this tell nothing

export const RECOGNITION_CELLS = 1 << 22; // the alignment's table: beyond this many cells the text read is not a title's

// errors: letters of the title's key missing, wrong or added; allowed: as recognized_title.hpp;
// wordDiffers: where one word differs, whatever the count (a word read that the title does not
// have, on a line of the title; a word read as another; two letters or more of the title missing
// between words).
export type RecognitionMatch = { errors: number; allowed: number; wordDiffers?: string };
export const recognitionReads = (m: RecognitionMatch) => m.errors <= m.allowed && m.wordDiffers === undefined;

const ascii = (c: string) => c.codePointAt(0)! < 0x80; // a key holds only letters and digits

// Letters and digits recognition takes for one another (0 and o, 1, l and i, 5 and s, 2 and z): one
// for the other is no other title.
const SHAPES: Record<string, string> = { "0": "o", "1": "i", l: "i", "5": "s", "2": "z" };
const shapeOf = (c: string) => SHAPES[c] ?? c;
// A letter of one thin stroke (i, l, 1, I), which recognition drops, or reads as a bracket or a bar
// ("[l-Posed", "[]]" for "Ill"): missing, it is no word missing.
const thinStroke = (c: string) => shapeOf(c) === "i";


// The recognized text's key, each character with the word and line of the text it is in.
function readKey(recognized: string): { chars: string[]; word: number[]; line: number[] } {
  const chars: string[] = [], word: number[] = [], line: number[] = [];
  let w = 0, l = 0;
  for (const lineText of recognized.split("\n")) {
    for (const part of lineText.split(/[ \t\r\f]/)) {
      for (const c of matchKey(part)) chars.push(c), word.push(w), line.push(l);
      w++;
    }
    l++;
  }
  return { chars, word, line };
}

// How many letters of a word of the title's TeX are beyond ASCII or made by an accent or letter
// command (\"o, \ss, \l), or are TeX logos (\LaTeX: letters raised, lowered and kerned into each
// other): its key holds ASCII letters (Größe: grosse, LaTeX: latex) that English recognition reads
// as others (GréBe, Groke, Tax), so a word with any is not judged word by word, and each is allowed
// RECOGNITION_PER_ACCENT errors more. As pith verify's recognized_title.cpp.
const LETTER_COMMANDS = new Set(["ss", "o", "O", "l", "L", "ae", "AE", "oe", "OE", "aa", "AA", "i", "j", "u", "v", "H", "c", "d", "b", "t", "k", "r",
  "TeX", "LaTeX", "BibTeX", "XeTeX", "XeLaTeX", "LuaTeX", "LuaLaTeX", "ConTeXt"]);
function accentedLetters(word: string): number {
  const bytes = new TextEncoder().encode(word);
  let out = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0xc0) out++; // a UTF-8 character's first byte
    if (bytes[i] !== 0x5c || i + 1 >= bytes.length) continue;
    const next = String.fromCharCode(bytes[i + 1]);
    if ("\"'^`~=.".includes(next)) {
      out++;
      continue;
    }
    let end = i + 1;
    while (end < bytes.length && /[A-Za-z]/.test(String.fromCharCode(bytes[end]))) end++;
    if (LETTER_COMMANDS.has(String.fromCharCode(...bytes.subarray(i + 1, end)))) out++;
  }
  return out;
}

// For each character of a part's key, whether its word is judged word by word (no accentedLetters).
// The words' keys are taken one by one; where they do not join into the part's (TeX that spans
// words), the part is judged whole or not at all.
function judgedCharacters(part: string, keyLength: number): boolean[] {
  let out: boolean[] = [];
  let anyAccented = false;
  for (const word of part.split(/[ \t\n~]/)) {
    const accented = accentedLetters(word) > 0;
    anyAccented = anyAccented || accented;
    for (const _ of matchKey(word, true)) out.push(!accented);
  }
  if (out.length !== keyLength) out = new Array<boolean>(keyLength).fill(!anyAccented);
  return out;
}

// The errors of the best match of the title's key within the recognized text's key (free at both
// ends; a title character beyond ASCII or in math costs nothing, missing or read as anything; 0 read
// as o, 1, l and i as one another, 5 as s and 2 as z count as read); then the words of that match
// (words at or next to math or letters beyond ASCII excepted). undefined when the title has fewer
// than 3 ASCII letters and digits outside math.
export function recognitionMatch(recognized: string, texTitle: string): RecognitionMatch | undefined {
  const title: string[] = [], counts: boolean[] = [], judged: boolean[] = []; // judged: in a word judged word by word
  let accented = 0;
  for (const [part, math] of texMathSplit(texTitle)) {
    if (!math) for (const word of part.split(/[ \t\n~]/)) accented += accentedLetters(word);
    const partKey = [...matchKey(part, true)];
    const partJudged = judgedCharacters(part, partKey.length);
    partKey.forEach((c, k) => {
      title.push(c);
      counts.push(ascii(c) && !math);
      judged.push(counts[counts.length - 1] && partJudged[k]);
    });
  }
  const key = readKey(recognized);
  const read = key.chars;
  const letters = counts.filter((x) => x).length;
  if (letters < RECOGNITION_LEAST) return undefined;
  const n = title.length, m = read.length, width = m + 1;
  const allowed = Math.min(RECOGNITION_SLACK + Math.floor(letters / RECOGNITION_SHARE), Math.floor(letters / RECOGNITION_SHORT_SHARE)) +
    RECOGNITION_PER_ACCENT * accented;
  if ((n + 1) * width > RECOGNITION_CELLS) return { errors: n, allowed, wordDiffers: "more text than a title's is read there" };
  // Approximate matching (Sellers): d[i][j] holds the fewest errors of a match of the title's first i
  // characters ending at j in the recognized key; any start is free. The whole table is kept for the
  // alignment below.
  const d = new Uint32Array((n + 1) * width);
  const differ = (i: number, j: number) => (shapeOf(title[i]) === shapeOf(read[j]) || !counts[i] ? 0 : 1);
  for (let i = 1; i <= n; i++) {
    const skip = counts[i - 1] ? 1 : 0; // a title character the recognition lacks
    d[i * width] = d[(i - 1) * width] + skip;
    for (let j = 1; j <= m; j++)
      d[i * width + j] = Math.min(d[(i - 1) * width + j - 1] + differ(i - 1, j - 1), d[(i - 1) * width + j] + skip, d[i * width + j - 1] + 1);
  }
  let end = 0;
  for (let j = 1; j <= m; j++) if (d[n * width + j] < d[n * width + end]) end = j;
  const out: RecognitionMatch = { errors: d[n * width + end], allowed };

  // The alignment, walked back from the best end: each recognized character aligned to a title
  // character (alignedTo), added (ADDED) or outside the match (OUTSIDE); each title character read at
  // a position or missing (-1).
  const OUTSIDE = -1, ADDED = -2;
  const alignedTo = new Array<number>(m).fill(OUTSIDE), readAt = new Array<number>(n).fill(-1);
  const missingBefore = new Array<number>(m + 1).fill(0); // counting title characters missing just before position j
  let first = end;
  // Of equal alignments, the one that adds a character rather than aligns it, walking back: a word
  // added after a letter it ends in ("weight not") is added whole, not as "weigh" and "nott".
  for (let i = n, j = end; i > 0; ) {
    const skip = counts[i - 1] ? 1 : 0;
    if (j > 0 && d[i * width + j] === d[i * width + j - 1] + 1) {
      alignedTo[j - 1] = ADDED;
      j--;
    } else if (j > 0 && d[i * width + j] === d[(i - 1) * width + j - 1] + differ(i - 1, j - 1)) {
      alignedTo[j - 1] = i - 1, readAt[i - 1] = j - 1;
      i--, j--;
    } else {
      missingBefore[j] += thinStroke(title[i - 1]) ? 0 : skip;
      i--;
    }
    first = j;
  }
  // The title characters next to the recognized characters [j, past) of the alignment, and aligned
  // to them: whether one of them is free (math or beyond ASCII), so that what recognition reads
  // there may be anything.
  const nextToFree = (j: number, past: number) => {
    let before = -1, after = -1;
    for (let k = j - 1; k >= first; k--)
      if (alignedTo[k] >= 0) {
        before = alignedTo[k];
        break;
      }
    for (let k = past; k < end; k++)
      if (alignedTo[k] >= 0) {
        after = alignedTo[k];
        break;
      }
    if (before < 0) before = 0;
    if (after < 0) after = n - 1;
    for (let i = before; i <= after && i < n; i++) if (!judged[i]) return true;
    return false;
  };
  const titleLine = new Set<number>();
  for (let j = 0; j < m; j++) if (alignedTo[j] >= 0) titleLine.add(key.line[j]);

  // Word by word: a word read where the title has none (on a line of the title), a word read as
  // another (more than one letter added or missing, or more letters wrong than one and one in four),
  // and a word of the title missing.
  for (let j = 0; j < m && out.wordDiffers === undefined; ) {
    let k = j;
    while (k < m && key.word[k] === key.word[j]) k++;
    const word = read.slice(j, k).join("");
    let aligned = 0, wrong = 0, indels = 0, free = false;
    for (let x = j; x < k; x++) {
      if (x > j) indels += missingBefore[x];
      if (alignedTo[x] < 0) {
        indels++; // added, or outside the match but in a word of it
        continue;
      }
      aligned++;
      free = free || !judged[alignedTo[x]];
      wrong += differ(alignedTo[x], x);
    }
    if (aligned === 0) {
      if (k - j >= 2 && titleLine.has(key.line[j]) && !nextToFree(j, k)) out.wordDiffers = `the word "${word}", which the title does not have`;
    } else if (!free && (indels > 1 || wrong + indels > 1 + Math.floor((k - j) / 4)) && !nextToFree(j, k)) {
      // The title's letters from the one read before this word to the one read after it.
      let from = 0, to = n;
      for (let x = j - 1; x >= 0; x--)
        if (alignedTo[x] >= 0) {
          from = alignedTo[x] + 1;
          break;
        }
      for (let x = k; x < m; x++)
        if (alignedTo[x] >= 0) {
          to = alignedTo[x];
          break;
        }
      out.wordDiffers = `the word "${word}" where the title has "${title.slice(from, to).join("")}"`;
    }
    j = k;
  }
  for (let i = 0; i < n && out.wordDiffers === undefined; ) {
    if (readAt[i] >= 0) {
      i++;
      continue;
    }
    let k = i, missing = 0, free = false;
    while (k < n && readAt[k] < 0) (missing += counts[k] && !thinStroke(title[k]) ? 1 : 0), (free = free || !judged[k]), k++;
    // Missing between two words of the recognized text, not inside one (where the word's own count
    // judges it).
    const inWord = i > 0 && k < n && key.word[readAt[i - 1]] === key.word[readAt[k]];
    if (missing >= 2 && !free && !inWord) out.wordDiffers = `nothing where the title has "${title.slice(i, k).join("")}"`;
    i = k;
  }
  return out;
}
