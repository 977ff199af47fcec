// Character recognition (OCR) of a greyscale image, as pith verify does it with libtesseract: a
// viewer draws a font's glyphs, and a glyph can draw another letter than the one the text layer
// reads (a font whose "a" looks like "o"); OCR reads the pixels a reader sees. The engine is
// Tesseract compiled to WebAssembly (tesseract.js-core, its LSTM-only build with SIMD, twice as fast
// as the one without and as exact: the model's dot products are of integers), with the language
// data pith verify uses (Debian's eng.traineddata), both bundled at build time (build.mjs
// --tessdata): nothing is fetched. One engine a thread, started on first use.
//
// Import this module dynamically (await import("./text_recognition")), as pdfjs_viewer.ts does: its
// 9 MB of bytes are then decoded only in a thread that recognises text.
// @ts-ignore: the Emscripten module ships no types
import TesseractCore from "tesseract.js-core/tesseract-core-simd-lstm.js";
// @ts-ignore: bundled as bytes (build.mjs: the .wasm loader)
import TESSERACT_WASM from "tesseract.js-core/tesseract-core-simd-lstm.wasm";
// @ts-ignore: eng.traineddata, bundled as bytes (build.mjs --tessdata)
import ENG_TRAINEDDATA from "pith:tessdata";

// Tesseract's settings, as pith verify sets them: the LSTM engine only, the image one block of text.
const OEM_LSTM_ONLY = 1;
const PSM_SINGLE_BLOCK = 6;
const TESSDATA_DIR = "/tessdata";

// The parts of the Emscripten module (and of its TessBaseAPI binding) used here.
type TessApi = {
  Init(datapath: string, language: string, oem: number): number;
  SetPageSegMode(mode: number): void;
  SetVariable(name: string, value: string): boolean;
  SetImage(data: number, width: number, height: number, bytesPerPixel: number, bytesPerLine: number): void;
  SetSourceResolution(ppi: number): void;
  GetUTF8Text(): string;
  Clear(): void;
  End(): void;
};
type TessModule = {
  TessBaseAPI: new () => TessApi;
  FS: { mkdir(path: string): void; writeFile(path: string, data: Uint8Array): void };
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
};
type Engine = { module: TessModule; api: TessApi };

let engine: Promise<Engine> | undefined;

async function startEngine(): Promise<Engine> {
  // The WebAssembly handed in as bytes: the module then neither fetches nor reads a file.
  const module = await (TesseractCore as (options: Record<string, unknown>) => Promise<TessModule>)({ wasmBinary: TESSERACT_WASM as Uint8Array, print: () => {}, printErr: () => {} });
  module.FS.mkdir(TESSDATA_DIR);
  module.FS.writeFile(`${TESSDATA_DIR}/eng.traineddata`, ENG_TRAINEDDATA as Uint8Array);
  const api = new module.TessBaseAPI();
  if (api.Init(TESSDATA_DIR, "eng", OEM_LSTM_ONLY) !== 0) throw new Error("Tesseract did not initialise with eng.traineddata");
  api.SetPageSegMode(PSM_SINGLE_BLOCK);
  api.SetVariable("debug_file", "/dev/null");
  return { module, api };
}

function getEngine(): Promise<Engine> {
  if (!engine)
    engine = startEngine().catch((e) => {
      engine = undefined;
      throw new Error(`text recognition: the OCR engine (Tesseract, tesseract.js-core) could not start: ${e instanceof Error ? e.message : String(e)}`);
    });
  return engine;
}

// The text Tesseract reads in a greyscale image (one byte a pixel, rows top to bottom, no padding)
// of text set left to right, at dpi pixels an inch: its UTF-8 text, lines ended by "\n".
export async function recognizeText(grey: Uint8Array, width: number, height: number, dpi: number): Promise<string> {
  const { module, api } = await getEngine();
  if (!(width > 0 && height > 0) || grey.length < width * height) return "";
  const ptr = module._malloc(width * height);
  if (!ptr) throw new Error("text recognition: out of memory for the image");
  try {
    module.HEAPU8.set(grey.subarray(0, width * height), ptr);
    // The image copied in (one byte a pixel, a row width bytes), then its resolution, as pith verify
    // sets them (what user_defined_dpi would set too, for 70 to 2400 dpi).
    api.SetImage(ptr, width, height, 1, width);
    api.SetSourceResolution(dpi);
    return api.GetUTF8Text();
  } catch (e) {
    // An engine that failed mid-way (WebAssembly aborted) is not used again.
    engine = undefined;
    throw new Error(`text recognition failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    try {
      api.Clear();
      module._free(ptr);
    } catch {
      // the aborted module is dropped above
    }
  }
}
