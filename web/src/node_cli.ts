// The verifier core under Node: `node dist/verify-node.cjs [--keyring FILE] FILE...` prints one
// pith.report/1 JSON object per file, one a line, as `pith verify --json` does.
import "./node_console";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Keyring } from "./core/crypto";
import { openWithPdfjs } from "./core/pdfjs_viewer";
import { verifyPdf } from "./core/verify";
// @ts-ignore: pdf.js ships no types for its legacy build path
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.js";
// @ts-ignore: the worker's code runs in this thread (pdf.js's "fake worker"), bundled
import * as pdfjsWorker from "pdfjs-dist/legacy/build/pdf.worker.js";

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;


async function main(args: string[]): Promise<number> {
  const keyring = Keyring.builtIn();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--keyring") keyring.addText(readFileSync(args[++i], "utf8"), args[i]);
    else files.push(args[i]);
  }
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const report = await verifyPdf(bytes, basename(f), { keyring, viewer: (b) => openWithPdfjs(pdfjs, b) });
    process.stdout.write(JSON.stringify(report) + "\n");
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`pith-web: ${(e as Error).stack ?? e}\n`);
  process.exit(70);
});
