// Builds the page (dist/index.html: one file, scripts inlined, the verifier in a Web Worker made
// from a blob so that it also runs from file://) and the Node entry point of the verifier core
// (dist/verify-node.cjs) that the conformance test runs.
import { build } from "esbuild";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// node build.mjs --confusables TABLE.json --glyph-names NAMES.json --tessdata eng.traineddata [--out DIR]
// (default: dist/). TABLE.json: ICU's confusable skeletons, written by web/tools/confusables_table.cpp;
// NAMES.json: poppler's glyph-name table, written by web/tools/glyph_names_table.cpp (the CMake build
// makes both and passes them here); eng.traineddata: the language data pith verify's Tesseract reads
// (Debian's tesseract-ocr-eng), bundled for the page's character recognition (text_recognition.ts).
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outDir = resolve(arg("--out") ?? fileURLToPath(new URL("./dist/", import.meta.url)));
const tablePath = arg("--confusables");
const namesPath = arg("--glyph-names");
const tessdataPath = arg("--tessdata");
if (!tablePath || !namesPath || !tessdataPath) {
  console.error("build.mjs: --confusables TABLE.json, --glyph-names NAMES.json and --tessdata eng.traineddata are required (the CMake target pith_web makes the first two with ICU and poppler and finds the third, from the Debian package tesseract-ocr-eng)");
  process.exit(2);
}
const tessdata = (() => {
  const path = resolve(tessdataPath);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    console.error(`build.mjs: --tessdata ${tessdataPath}: no such file (eng.traineddata is in the Debian package tesseract-ocr-eng)`);
    process.exit(2);
  }
  if (size < 1_000_000) {
    console.error(`build.mjs: --tessdata ${tessdataPath} holds ${size} bytes: too few for Tesseract's language data`);
    process.exit(2);
  }
  return path;
})();
const confusables = readFileSync(resolve(tablePath), "utf8");
const glyphNames = readFileSync(resolve(namesPath), "utf8");
// A broken table stops the build here, not in a reader's browser.
JSON.parse(confusables);
if (Object.keys(JSON.parse(glyphNames)).length < 4000) {
  console.error(`build.mjs: ${namesPath} holds too few glyph names`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const here = dirname(fileURLToPath(import.meta.url));
process.chdir(here);
// The language data, imported as "pith:tessdata": its bytes in the script.
const tessdataPlugin = {
  name: "tessdata",
  setup(b) {
    b.onResolve({ filter: /^pith:tessdata$/ }, () => ({ path: tessdata, namespace: "tessdata" }));
    b.onLoad({ filter: /.*/, namespace: "tessdata" }, (a) => ({ contents: readFileSync(a.path), loader: "binary" }));
  },
};
// zbar-inlined: the zbar WebAssembly module as part of the script (the page is one file, and it
// fetches nothing); Tesseract's (.wasm) too, handed to its module as bytes.
const common = { absWorkingDir: here, conditions: ["zbar-inlined"], define: { CONFUSABLES: confusables, GLYPH_NAMES: glyphNames }, loader: { ".pfb": "binary", ".ttf": "binary", ".wasm": "binary" },
  plugins: [tessdataPlugin], bundle: true, legalComments: "none", logLevel: "warning", target: ["es2020"], charset: "utf8" };

await build({ ...common, entryPoints: ["src/node_cli.ts"], outfile: join(outDir, "verify-node.cjs"), platform: "node", format: "cjs",
  external: ["canvas", "path2d-polyfill"] });

// Node's modules, required only where a script finds itself in Node (pdf.js, Tesseract's Emscripten module).
const browserExternals = ["canvas", "path2d-polyfill", "fs", "http", "https", "url", "zlib", "stream", "path"];
const worker = await build({ ...common, entryPoints: ["src/page/worker.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals });
const page = await build({ ...common, entryPoints: ["src/page/main.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals,
  define: { ...common.define, WORKER_SOURCE: JSON.stringify(worker.outputFiles[0].text) } });
const html = readFileSync("src/page/index.html", "utf8")
  .replace("/*STYLE*/", () => readFileSync("src/page/style.css", "utf8"))
  .replace("/*SCRIPT*/", () => page.outputFiles[0].text.replace(/<\/script/gi, "<\\/script"));
writeFileSync(join(outDir, "index.html"), html);
console.log(`${join(outDir, "index.html")}: ${html.length} bytes`);
