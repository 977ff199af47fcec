// Stream filters, each bounded by a decoded-size limit so that a Flate bomb stops with an error
// instead of exhausting memory.
import { Inflate } from "fflate";
import { PdfError } from "./pdf_objects";

export const MAX_DECODED = 256 * 1024 * 1024;

export function inflateBounded(data: Uint8Array, limit = MAX_DECODED): { out: Uint8Array; complete: boolean; rest: number } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let complete = false;
  const inf = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new PdfError(`a Flate stream decodes to more than ${limit} bytes (a compression bomb?)`);
    chunks.push(chunk);
    if (final) complete = true;
  });
  // zlib header (RFC 1950): fflate's raw Inflate wants the deflate data only.
  if (data.length < 2 || ((data[0] << 8) | data[1]) % 31 !== 0 || (data[0] & 15) !== 8)
    throw new PdfError("a Flate stream does not start with a zlib header");
  try {
    const step = 1 << 16;
    for (let i = 2; i < data.length && !complete; i += step) inf.push(data.subarray(i, Math.min(data.length, i + step)), false);
    if (!complete) inf.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof PdfError) throw e;
    if (!complete && total === 0) throw new PdfError("a Flate stream is corrupt: " + (e as Error).message);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { out, complete, rest: 0 };
}

function predictor(data: Uint8Array, parms: Map<string, number>): Uint8Array {
  const pred = parms.get("Predictor") ?? 1;
  if (pred < 10) {
    if (pred === 1) return data;
    if (pred !== 2) throw new PdfError(`unsupported predictor ${pred}`);
  }
  const colors = parms.get("Colors") ?? 1;
  const bpc = parms.get("BitsPerComponent") ?? 8;
  const columns = parms.get("Columns") ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (pred === 2) {
    if (bpc !== 8) throw new PdfError("TIFF predictor with other than 8 bits per component");
    const out = Uint8Array.from(data);
    for (let r = 0; r < out.length; r += rowLen) for (let i = bpp; i < rowLen && r + i < out.length; i++) out[r + i] = (out[r + i] + out[r + i - bpp]) & 255;
    return out;
  }
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? row[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let v = src[i];
      if (type === 1) v += a;
      else if (type === 2) v += b;
      else if (type === 3) v += (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (type !== 0) throw new PdfError(`bad PNG predictor row type ${type}`);
      row[i] = v & 255;
    }
    prev = row;
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let hi = -1;
  for (const c of data) {
    if (c === 62) break;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) continue;
    if (hi < 0) hi = d;
    else {
      out.push(hi * 16 + d);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi * 16);
  return Uint8Array.from(out);
}

function ascii85(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 126) break;
    if (c === 122 && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 33 || c > 117) continue;
    group.push(c - 33);
    if (group.length === 5) {
      let v = 0;
      for (const g of group) v = v * 85 + g;
      out.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
      group = [];
    }
  }
  if (group.length > 1) {
    const n = group.length;
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const g of group) v = v * 85 + g;
    const bytes = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    out.push(...bytes.slice(0, n - 1));
  }
  return Uint8Array.from(out);
}

export function applyFilter(name: string, data: Uint8Array, parms: Map<string, number>, limit = MAX_DECODED): Uint8Array {
  switch (name) {
    case "FlateDecode":
    case "Fl":
      return predictor(inflateBounded(data, limit).out, parms);
    case "ASCIIHexDecode":
    case "AHx":
      return asciiHex(data);
    case "ASCII85Decode":
    case "A85":
      return ascii85(data);
    default:
      throw new PdfError(`the stream filter /${name} is not supported`);
  }
}
