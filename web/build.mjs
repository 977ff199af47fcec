// Builds the page (dist/index.html: one file, scripts inlined, the verifier in a Web Worker made
// from a blob so that it also runs from file://) and the Node entry point of the verifier core
// (dist/verify-node.cjs) that the conformance test runs.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// node build.mjs --confusables TABLE.json --glyph-names NAMES.json [--out DIR]   (default: dist/)
// TABLE.json: ICU's confusable skeletons, written by web/tools/confusables_table.cpp; NAMES.json:
// poppler's glyph-name table, written by web/tools/glyph_names_table.cpp (the CMake build makes both
// and passes them here).
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outDir = resolve(arg("--out") ?? fileURLToPath(new URL("./dist/", import.meta.url)));
const tablePath = arg("--confusables");
const namesPath = arg("--glyph-names");
if (!tablePath || !namesPath) {
  console.error("build.mjs: --confusables TABLE.json and --glyph-names NAMES.json are required (the CMake target pith_web makes them with ICU and poppler)");
  process.exit(2);
}
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
// zbar-inlined: the zbar WebAssembly module as part of the script (the page is one file, and it fetches nothing).
const common = { absWorkingDir: here, conditions: ["zbar-inlined"], define: { CONFUSABLES: confusables, GLYPH_NAMES: glyphNames }, loader: { ".pfb": "binary", ".ttf": "binary" }, bundle: true, legalComments: "none", logLevel: "warning", target: ["es2020"], charset: "utf8" };

await build({ ...common, entryPoints: ["src/node_cli.ts"], outfile: join(outDir, "verify-node.cjs"), platform: "node", format: "cjs",
  external: ["canvas", "path2d-polyfill"] });

const browserExternals = ["canvas", "path2d-polyfill", "fs", "http", "https", "url", "zlib", "stream"];
const worker = await build({ ...common, entryPoints: ["src/page/worker.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals });
const page = await build({ ...common, entryPoints: ["src/page/main.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals,
  define: { ...common.define, WORKER_SOURCE: JSON.stringify(worker.outputFiles[0].text) } });
const html = readFileSync("src/page/index.html", "utf8")
  .replace("/*STYLE*/", () => readFileSync("src/page/style.css", "utf8"))
  .replace("/*SCRIPT*/", () => page.outputFiles[0].text.replace(/<\/script/gi, "<\\/script"));
writeFileSync(join(outDir, "index.html"), html);
console.log(`${join(outDir, "index.html")}: ${html.length} bytes`);
