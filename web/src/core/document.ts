// The page's own reader of a PDF's structure: revisions ("startxref N %%EOF" that reach a
// cross-reference section), the xref chain of the last one, objects (also in object streams),
// streams decoded under limits. Everything is bounded: sections, revisions, reference chains.
import { applyFilter, MAX_DECODED } from "./filters";
import {
  dictGet, isWhite, latin1, Lexer, nameOf, numberOf, PdfDict, PdfError, PdfRef, PdfStream, PdfValue,
} from "./pdf_objects";

export const LIMITS = { maxFile: 768 * 1024 * 1024, maxRevisions: 10000, maxSections: 20000, maxChain: 32, maxObjects: 10_000_000 };

export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number } | { type: 0 };
export type XrefSection = { offset: number; kind: "table" | "stream"; trailer: PdfDict; entries: Map<number, XrefEntry>; prev?: number; xrefStm?: number; end: number; duplicateKey?: string };
export type Revision = { startxref: number; keyword: number; endOffset: number; kind: "table" | "stream"; trailer: PdfDict; defined: number[] };

function find(bytes: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first, from); i !== -1 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
export { find as findBytes };

export function onlyWhite(bytes: Uint8Array, from: number, to = bytes.length): boolean {
  for (let i = from; i < to; i++) if (!isWhite(bytes[i])) return false;
  return true;
}

export class PdfDocument {
  readonly sections = new Map<number, XrefSection>();
  readonly revisions: Revision[];
  readonly xref = new Map<number, XrefEntry>();
  readonly trailer: PdfDict;
  private cache = new Map<number, PdfValue>();
  private objStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number>; header: number[] }>();
  // Damage read past that viewers repair in different ways (poppler, MuPDF and pdf.js disagree):
  // a stream whose /Length is not followed by endstream, an object stream listing a number twice
  // or not at the index the xref gives, a table giving object 0 in use. `object`: the object read.
  readonly warnings: { message: string; object?: number }[] = [];
  private hybridConflicts: string[] = [];

  // Cross-reference entries viewers resolve differently (the first `limit`): an in-use entry whose
  // offset does not hold "N G obj" of its own number (poppler then rebuilds the whole table by
  // scanning, stream data included; others keep it), and an object a hybrid file's table gives as
  // free while its /XRefStm gives it in use (MuPDF and pdf.js keep it free).
  ambiguousEntries(limit: number): string[] {
    const out: string[] = [];
    const nums = [...this.xref.keys()].filter((n) => n >= 1).sort((a, b) => a - b);
    for (const num of nums) {
      if (out.length >= limit) break;
      const e = this.xref.get(num)!;
      if (e.type !== 1) continue;
      let own = false;
      if (e.offset < this.bytes.length) {
        try {
          const lx = new Lexer(this.bytes, e.offset);
          lx.skipWhite();
          const n = lx.word();
          lx.skipWhite();
          const g = lx.word();
          lx.skipWhite();
          own = /^\d+$/.test(n) && Number(n) === num && /^\d+$/.test(g) && lx.word() === "obj";
        } catch (err) {
          if (!(err instanceof PdfError)) throw err;
        }
      }
      if (!own) out.push(`the xref entry of object ${num} (byte ${e.offset}) does not point at that object: poppler then rebuilds the cross-reference table by scanning the file`);
    }
    for (const h of this.hybridConflicts) if (out.length < limit) out.push(h);
    return out;
  }

  // `view`: the length of the prefix to read (a revision's end), default the whole file.
  constructor(readonly bytes: Uint8Array) {
    if (bytes.length > LIMITS.maxFile) throw new PdfError(`the file is larger than ${LIMITS.maxFile} bytes`);
    this.revisions = this.findRevisions();
    const last = this.revisions[this.revisions.length - 1];
    this.trailer = last.trailer;
    for (const off of this.chain(last.startxref, undefined)) {
      const section = this.sections.get(off)!;
      // Hybrid files: a table's free entry for an object its /XRefStm gives in use.
      const stm = section.kind === "table" && section.xrefStm !== undefined ? this.sections.get(section.xrefStm) : undefined;
      if (stm)
        for (const [num, e] of section.entries)
          if (e.type === 0 && num !== 0 && stm.entries.has(num) && stm.entries.get(num)!.type !== 0 && this.hybridConflicts.length < 100)
            this.hybridConflicts.push(`object ${num} is free in the xref table at byte ${off} and in use in its /XRefStm: MuPDF and pdf.js take it as free`);
      // pdf.js drops a table that gives object 0 in use, and every section it chains to.
      if (section.kind === "table" && section.entries.get(0)?.type === 1)
        this.warnings.push({ message: `the xref table at byte ${off} gives object 0 in use: pdf.js drops that section and the ones before it` });
      // A trailer key given twice: viewers may take another /Root, /Info or /Prev (poppler the
      // first of a large dictionary, MuPDF the last), so they show another document.
      if (section.duplicateKey !== undefined)
        this.warnings.push({ message: `the trailer of the xref section at byte ${off} states /${section.duplicateKey} twice (viewers take different ones: poppler the first, MuPDF the last)` });
      for (const [num, e] of section.entries) if (!this.xref.has(num)) this.xref.set(num, e);
    }
  }

  get encrypted(): boolean {
    return this.trailer.entries.has("Encrypt");
  }

  private findRevisions(): Revision[] {
    const b = this.bytes;
    const cands: { keyword: number; startxref: number; end: number }[] = [];
    for (let pos = find(b, "startxref", 0); pos !== -1; pos = find(b, "startxref", pos + 9)) {
      let p = pos + 9;
      while (p < b.length && isWhite(b[p])) p++;
      let n = 0, digits = 0;
      while (p < b.length && b[p] >= 48 && b[p] <= 57 && digits < 20) (n = n * 10 + (b[p++] - 48)), digits++;
      if (!digits) continue;
      while (p < b.length && isWhite(b[p])) p++;
      if (latin1(b, p, p + 5) !== "%%EOF") continue;
      p += 5;
      if (b[p] === 13) p++;
      if (b[p] === 10) p++;
      cands.push({ keyword: pos, startxref: n, end: p });
    }
    if (!cands.length) throw new PdfError('no "startxref ... %%EOF" found: not a PDF file, or truncated');
    const revs: Revision[] = [];
    const walked = new Set<number>();
    cands.forEach((c, i) => {
      const last = i + 1 === cands.length;
      if (c.startxref === 0 && !last) return;
      let chain: number[];
      try {
        if (c.startxref >= c.keyword) throw new PdfError(`startxref at offset ${c.keyword} points forward`);
        chain = this.chain(c.startxref, walked);
      } catch (e) {
        if (!(e instanceof PdfError)) throw e;
        if (last && !revs.length) throw new PdfError(`startxref at offset ${c.keyword} does not point at a cross-reference section: ${e.message}`);
        return;
      }
      if (revs.length >= LIMITS.maxRevisions) throw new PdfError(`more than ${LIMITS.maxRevisions} revisions`);
      const head = this.sections.get(c.startxref)!;
      const defined = new Set<number>();
      for (const off of chain) for (const [num, e] of this.sections.get(off)!.entries) if (e.type !== 0) defined.add(num);
      for (const off of chain) walked.add(off);
      revs.push({ startxref: c.startxref, keyword: c.keyword, endOffset: c.end, kind: head.kind, trailer: head.trailer, defined: [...defined].sort((x, y) => x - y) });
    });
    if (!revs.length) throw new PdfError("no cross-reference section found");
    return revs;
  }

  // The sections reachable from `start` by /Prev (and /XRefStm), stopping at known ones and loops.
  private chain(start: number, known: Set<number> | undefined): number[] {
    const chain: number[] = [];
    const seen = new Set<number>();
    let next: number | undefined = start;
    while (next !== undefined) {
      if (known?.has(next) || seen.has(next)) break;
      seen.add(next);
      if (chain.length >= LIMITS.maxSections) throw new PdfError(`more than ${LIMITS.maxSections} xref sections`);
      const s = this.section(next);
      chain.push(next);
      if (s.xrefStm !== undefined && !seen.has(s.xrefStm)) {
        seen.add(s.xrefStm);
        try {
          this.section(s.xrefStm);
          chain.push(s.xrefStm);
        } catch (e) {
          if (!(e instanceof PdfError)) throw e;
        }
      }
      next = s.prev;
    }
    return chain;
  }

  section(offset: number): XrefSection {
    let s = this.sections.get(offset);
    if (!s) {
      s = parseXrefSection(this.bytes, offset, (r) => this.resolveWith(r, new Map()));
      this.sections.set(offset, s);
    }
    return s;
  }

  private resolveWith(v: PdfValue | undefined, _x: Map<number, XrefEntry>): PdfValue {
    return v && typeof v === "object" && v.kind === "ref" ? this.object(v.num) : (v ?? null);
  }

  private warnDuplicateKey(num: number, key: string) {
    this.warnings.push({ object: num, message: `object ${num}: key /${key} given twice in a dictionary (viewers take different ones: poppler the first, MuPDF the last)` });
  }

  object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.xref.get(num);
    let v: PdfValue = null;
    if (e && e.type === 1) {
      const read = parseIndirectAt(this.bytes, e.offset, num, (r) => this.resolve(r));
      if (read.repaired) this.warnings.push({ object: num, message: `object ${num}: wrong stream /Length, data read up to "endstream" (MuPDF reads /Length bytes)` });
      if (read.duplicateKey) this.warnDuplicateKey(num, read.duplicateKey.key);
      v = read.value;
    } else if (e && e.type === 2) v = this.fromObjectStream(e.stream, e.index, num);
    this.cache.set(num, v);
    return v;
  }

  private fromObjectStream(streamNum: number, index: number, num: number): PdfValue {
    let os = this.objStreams.get(streamNum);
    if (!os) {
      const s = this.object(streamNum);
      if (!s || typeof s !== "object" || s.kind !== "stream") throw new PdfError(`object stream ${streamNum} is not a stream`);
      const data = this.streamData(s);
      const n = numberOf(this.resolve(dictGet(s, "N"))) ?? 0;
      const first = numberOf(this.resolve(dictGet(s, "First"))) ?? 0;
      const lx = new Lexer(data, 0);
      const offsets = new Map<number, number>();
      const header: number[] = [];
      for (let i = 0; i < n; i++) {
        const on = lx.value(), off = lx.value();
        if (!on || typeof on !== "object" || on.kind !== "number" || !off || typeof off !== "object" || off.kind !== "number") break;
        offsets.set(on.value, first + off.value);
        header.push(on.value);
      }
      os = { data, offsets, header };
      this.objStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined) return null;
    const where = `object ${num} in object stream ${streamNum}`;
    // Viewers disagree on which copy of a number listed twice is the object (poppler and pdf.js
    // take the item the xref names, MuPDF the first).
    if (os.header[index] !== num) this.warnings.push({ object: num, message: `${where}: the xref gives index ${index}, found by number instead` });
    const copies = os.header.filter((h) => h === num).length;
    if (copies > 1) this.warnings.push({ object: num, message: `${where}: the stream holds ${copies} objects of that number, which viewers pick differently` });
    const lx = new Lexer(os.data, at);
    const value = lx.value();
    if (lx.duplicateKey) this.warnDuplicateKey(num, lx.duplicateKey.key);
    return value;
  }

  // Follows references, at most LIMITS.maxChain deep (a reference loop ends in an error).
  resolve(v: PdfValue | undefined): PdfValue {
    let cur: PdfValue = v ?? null;
    for (let i = 0; cur && typeof cur === "object" && cur.kind === "ref"; i++) {
      if (i >= LIMITS.maxChain) throw new PdfError(`a chain of more than ${LIMITS.maxChain} references (a loop?) at object ${(v as PdfRef).num}`);
      cur = this.object(cur.num);
    }
    return cur;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    if (r && typeof r === "object") {
      if (r.kind === "dict") return r;
      if (r.kind === "stream") return r.dict;
    }
    return undefined;
  }

  streamData(s: PdfStream, limit = MAX_DECODED): Uint8Array {
    return decodeStream(this.bytes, s, (v) => this.resolve(v), limit);
  }

  get root(): PdfDict | undefined {
    return this.dict(this.trailer.entries.get("Root"));
  }

  // Pages in order, at most `max`, with inherited attributes looked up on demand. A kid is a page
  // when it says /Type /Page or has no /Kids array, else a node: the rule poppler applies, as pith does.
  pages(max: number): PdfRefAndDict[] {
    return this.walkPages(max).pages;
  }

  // The first kid met up to page `index` (0-based) whose kind viewers may read differently: a kid
  // is unambiguous only when it says /Type /Page and has no /Kids, or says /Type /Pages and has a
  // /Kids array. Else MuPDF, which goes by /Type, and poppler and pdf.js, which go by /Kids, number
  // the pages differently.
  pageTreeAmbiguity(index: number): string | undefined {
    return this.walkPages(index + 1).ambiguity;
  }

  private walkPages(max: number): { pages: PdfRefAndDict[]; ambiguity?: string } {
    const out: PdfRefAndDict[] = [];
    let ambiguity: string | undefined;
    const seen = new Set<number>();
    const walk = (v: PdfValue | undefined, depth: number, root: boolean) => {
      if (out.length >= max || depth > 64) return;
      const ref = v && typeof v === "object" && v.kind === "ref" ? v : undefined;
      if (ref) {
        if (seen.has(ref.num)) return;
        seen.add(ref.num);
      }
      const d = this.dict(v);
      if (!d) return;
      const type = nameOf(this.resolve(d.entries.get("Type")));
      const kids = this.resolve(d.entries.get("Kids"));
      const isArray = !!kids && typeof kids === "object" && kids.kind === "array";
      const leaf = !root && (type === "Page" || !isArray);
      if (!root && ambiguity === undefined) {
        const typeName = type !== undefined ? `/Type /${type}` : "no /Type";
        const what = ref ? `object ${ref.num}` : "a direct kid";
        const hasKids = d.entries.has("Kids");
        if (leaf && !(type === "Page" && !hasKids))
          ambiguity = `page-tree ${what} has ${typeName}${hasKids ? " and a /Kids entry" : " and no /Kids"}: poppler and pdf.js take it for a page, MuPDF ${type === "Pages" ? "for a node without pages" : "may not"}`;
        else if (!leaf && type !== "Pages")
          ambiguity = `page-tree ${what} has a /Kids array but ${typeName}: poppler and pdf.js take it for a node, MuPDF, which goes by /Type, may not`;
      }
      if (!leaf) {
        if (isArray) for (const k of (kids as { items: PdfValue[] }).items) walk(k, depth + 1, false);
      } else out.push({ ref, dict: d });
    };
    walk(this.root?.entries.get("Pages"), 0, true);
    return { pages: out, ambiguity };
  }

  inherited(page: PdfDict, key: string): PdfValue | undefined {
    let d: PdfDict | undefined = page;
    for (let i = 0; d && i < 64; i++) {
      if (d.entries.has(key)) return d.entries.get(key);
      d = this.dict(d.entries.get("Parent"));
    }
    return undefined;
  }
}
export type PdfRefAndDict = { ref?: PdfRef; dict: PdfDict };

// "N G obj value [stream ... endstream] endobj" at `offset`.
export function parseIndirectAt(bytes: Uint8Array, offset: number, expectNum: number | undefined, resolve: (v: PdfValue | undefined) => PdfValue, strict = false) {
  const lx = new Lexer(bytes, offset, strict);
  lx.skipWhite();
  const start = lx.pos;
  const n = lx.word(); lx.skipWhite();
  const g = lx.word();
  lx.expectKeyword("obj");
  if (!/^\d+$/.test(n) || !/^\d+$/.test(g)) throw new PdfError(`no object header at offset ${offset}`);
  if (expectNum !== undefined && Number(n) !== expectNum) throw new PdfError(`the xref points object ${expectNum} at offset ${offset}, which holds object ${n}`);
  let value = lx.value();
  let repaired = false;
  lx.skipWhite();
  if (lx.peekWord() === "stream" && value && typeof value === "object" && value.kind === "dict") {
    lx.pos += 6;
    if (bytes[lx.pos] === 13) lx.pos++;
    if (bytes[lx.pos] === 10) lx.pos++;
    else if (strict) throw new PdfError(`"stream" at offset ${lx.pos} is not followed by an end-of-line`);
    const dataStart = lx.pos;
    const lenV = value.entries.get("Length");
    if (strict && !(lenV && typeof lenV === "object" && lenV.kind === "number" && lenV.integer))
      throw new PdfError(`object ${n}: /Length is not a direct integer`);
    const declared = numberOf(strict ? lenV : resolveSafe(resolve, lenV));
    let dataEnd = declared !== undefined && declared >= 0 ? dataStart + declared : -1;
    const endOk = (e: number) => {
      if (e < 0 || e > bytes.length) return false;
      const l = new Lexer(bytes, e);
      l.skipWhite();
      return l.peekWord() === "endstream";
    };
    if (!endOk(dataEnd)) {
      if (strict) throw new PdfError(`object ${n}: the stream is not /Length bytes followed by endstream`);
      const e = find(bytes, "endstream", dataStart);
      if (e < 0) throw new PdfError(`object ${n}: no endstream`);
      dataEnd = e;
      while (dataEnd > dataStart && (bytes[dataEnd - 1] === 10 || bytes[dataEnd - 1] === 13)) dataEnd--;
    }
    lx.pos = dataEnd;
    lx.expectKeyword("endstream");
    repaired = declared === undefined || dataEnd !== dataStart + declared;
    value = { kind: "stream", dict: value, dataStart, dataEnd };
  }
  const endobjAt = lx.pos;
  lx.skipWhite();
  if (lx.peekWord() === "endobj") lx.pos += 6;
  else if (strict) throw new PdfError(`object ${n}: no endobj at offset ${endobjAt}`);
  return { num: Number(n), gen: Number(g), value, start, end: lx.pos, repaired, duplicateKey: lx.duplicateKey };
}

function resolveSafe(resolve: (v: PdfValue | undefined) => PdfValue, v: PdfValue | undefined): PdfValue {
  try {
    return resolve(v);
  } catch {
    return null;
  }
}

export function parseXrefSection(bytes: Uint8Array, offset: number, resolve: (v: PdfValue | undefined) => PdfValue, strict = false): XrefSection {
  if (offset < 0 || offset >= bytes.length) throw new PdfError(`xref offset ${offset} is outside the file`);
  const lx = new Lexer(bytes, offset, strict);
  lx.skipWhite();
  if (lx.peekWord() === "xref") {
    lx.pos += 4;
    const entries = new Map<number, XrefEntry>();
    for (;;) {
      lx.skipWhite();
      const w = lx.peekWord();
      if (w === "trailer") break;
      if (!/^\d+$/.test(w)) throw new PdfError(`bad xref subsection header at offset ${lx.pos}`);
      lx.pos += w.length;
      lx.skipWhite();
      const countW = lx.word();
      if (!/^\d+$/.test(countW)) throw new PdfError(`bad xref subsection header at offset ${lx.pos}`);
      const first = Number(w), count = Number(countW);
      if (count > LIMITS.maxObjects) throw new PdfError("an xref subsection is too large");
      for (let i = 0; i < count; i++) {
        lx.skipWhite();
        const line = latin1(bytes, lx.pos, lx.pos + 18);
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
        if (!m) throw new PdfError(`bad xref entry at offset ${lx.pos}`);
        lx.pos += 18;
        if (strict && !(bytes[lx.pos] === 32 || bytes[lx.pos] === 13) ) throw new PdfError(`an xref entry at offset ${lx.pos - 18} is not 20 bytes`);
        if (strict) lx.pos += 2;
        const num = first + i;
        if (!entries.has(num)) entries.set(num, m[3] === "n" ? { type: 1, offset: Number(m[1]), gen: Number(m[2]) } : { type: 0 });
      }
    }
    lx.pos += 7;
    const trailer = lx.value();
    if (!trailer || typeof trailer !== "object" || trailer.kind !== "dict") throw new PdfError("the trailer is not a dictionary");
    const prev = numberOf(trailer.entries.get("Prev"));
    const xrefStm = numberOf(trailer.entries.get("XRefStm"));
    return { offset, kind: "table", trailer, entries, prev, xrefStm, end: lx.pos, duplicateKey: lx.duplicateKey?.key };
  }
  const obj = parseIndirectAt(bytes, offset, undefined, resolve, strict);
  const s = obj.value;
  if (!s || typeof s !== "object" || s.kind !== "stream" || nameOf(s.dict.entries.get("Type")) !== "XRef")
    throw new PdfError(`no xref table or xref stream at offset ${offset}`);
  const data = decodeStream(bytes, s, resolve);
  const w = s.dict.entries.get("W");
  const widths = w && typeof w === "object" && w.kind === "array" ? w.items.map((x) => numberOf(x) ?? -1) : [];
  if (widths.length === 3 && widths.every((x) => x === 0)) throw new PdfError(`object ${obj.num}: /W is all zero in an xref stream`);
  if (widths.length !== 3 || widths.some((x) => x < 0 || x > 8)) throw new PdfError(`object ${obj.num}: bad /W in an xref stream`);
  const size = numberOf(s.dict.entries.get("Size")) ?? 0;
  const idx = s.dict.entries.get("Index");
  const index = idx && typeof idx === "object" && idx.kind === "array" ? idx.items.map((x) => numberOf(x) ?? 0) : [0, size];
  const rowLen = widths[0] + widths[1] + widths[2];
  const entries = new Map<number, XrefEntry>();
  let row = 0;
  const field = (at: number, width: number) => {
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 256 + data[at + k];
    return v;
  };
  for (let i = 0; i + 1 < index.length; i += 2) {
    if (index[i + 1] > LIMITS.maxObjects) throw new PdfError("an xref stream subsection is too large");
    for (let k = 0; k < index[i + 1]; k++, row++) {
      const at = row * rowLen;
      if (at + rowLen > data.length) break;
      const type = widths[0] ? field(at, widths[0]) : 1;
      const f2 = field(at + widths[0], widths[1]);
      const f3 = field(at + widths[0] + widths[1], widths[2]);
      const num = index[i] + k;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { type: 1, offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 2, stream: f2, index: f3 });
      else if (type === 0) entries.set(num, { type: 0 });
    }
  }
  return { offset, kind: "stream", trailer: s.dict, entries, prev: numberOf(s.dict.entries.get("Prev")), end: obj.end, duplicateKey: obj.duplicateKey?.key };
}

export function streamFilters(s: PdfStream, resolve: (v: PdfValue | undefined) => PdfValue): (string | undefined)[] {
  const f = resolve(dictGet(s, "Filter"));
  return !f ? [] : typeof f === "object" && f.kind === "array" ? f.items.map((x) => nameOf(resolve(x))) : [nameOf(f)];
}

export function decodeStream(bytes: Uint8Array, s: PdfStream, resolve: (v: PdfValue | undefined) => PdfValue, limit = MAX_DECODED): Uint8Array {
  let data = bytes.subarray(s.dataStart, s.dataEnd);
  const filters = streamFilters(s, resolve);
  const p = resolve(dictGet(s, "DecodeParms"));
  const parmsList = !p ? [] : typeof p === "object" && p.kind === "array" ? p.items.map((x) => resolve(x)) : [p];
  filters.forEach((name, i) => {
    if (!name) throw new PdfError("a stream's /Filter is not a name");
    const parms = new Map<string, number>();
    const pd = parmsList[i];
    if (pd && typeof pd === "object" && pd.kind === "dict") for (const [k, v] of pd.entries) if (numberOf(v) !== undefined) parms.set(k, numberOf(v)!);
    data = applyFilter(name, data, parms, limit);
  });
  return data;
}
