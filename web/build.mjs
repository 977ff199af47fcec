// Builds the page (dist/index.html: one file, scripts inlined, the verifier in a Web Worker made
// from a blob so that it also runs from file://) and the Node entry point of the verifier core
// (dist/verify-node.cjs) that the conformance test runs.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const out = new URL("./dist/", import.meta.url);
mkdirSync(out, { recursive: true });
const common = { loader: { ".pfb": "binary", ".ttf": "binary" }, bundle: true, legalComments: "none", logLevel: "warning", target: ["es2020"], charset: "utf8" };

await build({ ...common, entryPoints: ["src/node_cli.ts"], outfile: "dist/verify-node.cjs", platform: "node", format: "cjs",
  external: ["canvas", "path2d-polyfill"] });

const browserExternals = ["canvas", "path2d-polyfill", "fs", "http", "https", "url", "zlib", "stream"];
const worker = await build({ ...common, entryPoints: ["src/page/worker.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals });
const page = await build({ ...common, entryPoints: ["src/page/main.ts"], write: false, platform: "browser", format: "iife", minify: true, external: browserExternals,
  define: { WORKER_SOURCE: JSON.stringify(worker.outputFiles[0].text) } });
const html = readFileSync("src/page/index.html", "utf8")
  .replace("/*STYLE*/", () => readFileSync("src/page/style.css", "utf8"))
  .replace("/*SCRIPT*/", () => page.outputFiles[0].text.replace(/<\/script/gi, "<\\/script"));
writeFileSync(new URL("index.html", out), html);
console.log(`dist/index.html: ${html.length} bytes`);
