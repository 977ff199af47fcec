// Whether character recognition of a title's pixels reads the title (docs/FORMAT.md, "Title read
// from its pixels"), as pith verify's text/recognized_title.cpp: the text a viewer extracts comes
// from the fonts' ToUnicode and glyph names, the pixels from their glyphs, and a forger can make
// the two disagree. Recognition is not exact, so a few errors are allowed, and none is counted for
// the title's letters beyond ASCII, which the English model does not read.
import { matchKey, texMathSplit } from "./text";

export const RECOGNITION_SLACK = 2;
export const RECOGNITION_SHARE = 10;
export const RECOGNITION_SHORT_SHARE = 4; // and no more than one error in 4 letters (a short title: "LoRA", 1)
export const RECOGNITION_LEAST = 3; // fewer letters than this tell nothing

export type RecognitionMatch = { errors: number; allowed: number };

const ascii = (c: string) => c.codePointAt(0)! < 0x80; // a key holds only letters and digits

// Letters and digits recognition takes for one another (0 and o, 1, l and i, 5 and s, 2 and z): one
// for the other is no other title.
const SHAPES: Record<string, string> = { "0": "o", "1": "i", l: "i", "5": "s", "2": "z" };
const shapeOf = (c: string) => SHAPES[c] ?? c;


// The errors of the best match of the title's key within the recognized text's key (free at both
// ends; a title character beyond ASCII or in math costs nothing, missing or read as anything; 0 read
// as o, 1, l and i as one another, 5 as s and 2 as z count as read). undefined when the title has
// fewer than 3 ASCII letters and digits outside math.
export function recognitionMatch(recognized: string, texTitle: string): RecognitionMatch | undefined {
  const title: string[] = [], counts: boolean[] = [];
  for (const [part, math] of texMathSplit(texTitle))
    for (const c of matchKey(part, true)) {
      title.push(c);
      counts.push(ascii(c) && !math);
    }
  const read = [...matchKey(recognized)];
  const letters = counts.filter((x) => x).length;
  if (letters < RECOGNITION_LEAST) return undefined;
  // Approximate matching (Sellers): row[j] holds the fewest errors of a match of the title's first
  // characters ending at j in the recognized key; any start is free.
  let row = new Array<number>(read.length + 1).fill(0);
  for (let i = 0; i < title.length; i++) {
    const skip = counts[i] ? 1 : 0;
    const next = new Array<number>(read.length + 1);
    next[0] = row[0] + skip;
    for (let j = 1; j <= read.length; j++) {
      const differ = shapeOf(title[i]) === shapeOf(read[j - 1]) || !counts[i] ? 0 : 1;
      next[j] = Math.min(row[j - 1] + differ, row[j] + skip, next[j - 1] + 1);
    }
    row = next;
  }
  return { errors: Math.min(...row), allowed: Math.min(RECOGNITION_SLACK + Math.floor(letters / RECOGNITION_SHARE), Math.floor(letters / RECOGNITION_SHORT_SHARE)) };
}
