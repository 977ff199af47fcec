// Conformance in a real browser: the page in Debian's Chromium (playwright-core, no browser
// download) and `pith verify --json` on the same files, from the corpus of make_corpus.py. In the
// browser the page renders what a viewer shows and measures the ink under the badge and the title,
// so every check is performed: for every file, the verdict, the check ids and every status must be
// the same, and no check may be reported as not performed. The files: every stamped, LaTeX-made
// and re-saved file, the link hosts of links/ (IDNA, confusables), and every forgery (a title or
// badge hidden from view, lookalike links, ...).
// The hostile files are web.browser's.
//   node tests/browser_conformance.mjs PITH CORPUS_DIR [SUBDIR...]
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pithArg, corpusArg, ...only] = process.argv.slice(2);
const pith = resolve(pithArg), corpus = resolve(corpusArg);
const subdirs = only.length ? only : ["stamp", "latex", "resave", "links", "forgery"];
const manifest = JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8"));
const files = manifest.files.filter((e) => subdirs.includes(e.file.split("/")[0]));
const executablePath = process.env.PITH_CHROMIUM ?? "/usr/bin/chromium";
const pageUrl = pathToFileURL(join(process.env.PITH_WEB_DIST ?? new URL("../dist", import.meta.url).pathname, "index.html")).href;
const started = Date.now();
const WORDED_ALIKE = new Set(["pith.title.shown", "pith.badge.shown"]);
// Known difference (docs/WEB.md): poppler's text layer reads an /ActualText span as its text, pdf.js
// reads the glyphs. Where the glyphs draw another title, pith finds the record's title there but
// not painted (the span covers its words), the page does not find it at all: both fail.
const actualTextAlike = (c, w) => c.id === "pith.title.shown" && c.status === "fail" &&
  c.reason.startsWith("page 1 holds the text of the record's title") && c.reason.endsWith("it is hidden, clipped, covered or invisible") &&
  w.reason.startsWith("page 1 does not show the record's title") && w.reason.endsWith("the record is another paper's");
// Known difference (docs/FORMAT.md, "Title read from its pixels"): character recognition reads
// poppler's rendering in pith and pdf.js's in the page, so the letters it reads, their count, and the
// word found to differ, may differ; the rest of the reason may not.
const RECOGNIZED = / \((\d+ letters differ, \d+ allowed|the word "[a-z0-9]*"[^;]*|nothing where the title has "[a-z0-9]*"); Tesseract reads ".*"\)$/;
const recognitionAlike = (c, w) => c.id === "pith.title.shown" && RECOGNIZED.test(c.reason) && RECOGNIZED.test(w.reason) &&
  c.reason.replace(RECOGNIZED, "") === w.reason.replace(RECOGNIZED, "");

// Files checked with the same arguments (a keyring) share one page: a keyring picked first applies
// to the files picked after it.
const groups = new Map();
for (const e of files) {
  const key = JSON.stringify(e.args);
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(e.file);
}

function pithReports(args, list) {
  const p = spawnSync(pith, ["verify", "--json", ...args, ...list], { cwd: corpus, maxBuffer: 1 << 28, timeout: 600000 });
  const lines = p.stdout.toString().split("\n").filter((l) => l.startsWith("{"));
  if (lines.length !== list.length) throw new Error(`pith: ${lines.length} reports for ${list.length} files: ${p.stderr.toString().slice(0, 500)}`);
  return lines.map((l) => JSON.parse(l));
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
let same = 0;
const different = [];
for (const [key, list] of groups) {
  const args = JSON.parse(key);
  const cpp = pithReports(args, list);
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  page.on("pageerror", (e) => different.push(`page error: ${e.message}`));
  await page.goto(pageUrl);
  const keyrings = args.filter((a, i) => args[i - 1] === "--keyring").map((f) => join(corpus, f));
  await page.setInputFiles("#pick", [...keyrings, ...list.map((f) => join(corpus, f))]);
  // Entries are numbered in the order picked; the page checks them one after the other.
  for (let i = 0; i < list.length; i++) {
    const until = Date.now() + 60000;
    let shown;
    while (!shown && Date.now() < until) {
      shown = await page.evaluate((i) => {
        const li = document.querySelectorAll("#list li")[i];
        if (!li || !li.dataset.shownAt) return null;
        li.click();
        return {
          verdict: li.dataset.verdict,
          why: li.children[2]?.textContent,
          checks: [...document.querySelectorAll("#checks tbody tr")].map((r) => ({ id: r.dataset.id, status: r.dataset.status, reason: r.children[2].textContent })),
          notPerformed: document.getElementById("not-performed").hidden ? "" : document.getElementById("not-performed").textContent,
        };
      }, i);
      if (!shown) await new Promise((r) => setTimeout(r, 25));
    }
    const file = list[i], a = cpp[i];
    const problems = [];
    if (!shown) problems.push("no verdict within 60 s");
    else {
      if (shown.verdict !== a.verdict) problems.push(`verdict: pith ${a.verdict}, page ${shown.verdict} ${shown.why ?? ""}`);
      if (shown.notPerformed) problems.push(`the page did not perform checks: ${shown.notPerformed.slice(0, 200)}`);
      const ids = (cs) => cs.map((c) => c.id).join(" ");
      if (ids(a.checks ?? []) !== ids(shown.checks)) problems.push(`check ids: pith [${ids(a.checks ?? [])}], page [${ids(shown.checks)}]`);
      else
        (a.checks ?? []).forEach((c, k) => {
          const w = shown.checks[k];
          if (c.status !== w.status) problems.push(`${c.id}: pith ${c.status} (${c.reason.slice(0, 160)}), page ${w.status} (${w.reason.slice(0, 160)})`);
          // What a reader sees is worded as pith words it, sizes of small print included.
          else if (WORDED_ALIKE.has(c.id) && c.reason !== w.reason && !actualTextAlike(c, w) && !recognitionAlike(c, w)) problems.push(`${c.id} reason: pith "${c.reason}", page "${w.reason}"`);
        });
    }
    if (problems.length) {
      different.push(file);
      console.log(`DIFF ${file}\n     ${problems.join("\n     ")}`);
    } else {
      same++;
      console.log(`ok   ${file}: ${a.verdict}`);
    }
  }
  await page.close();
}
await browser.close();
console.log(`${files.length} files in the browser: ${same} with pith's verdict and check statuses, ${different.length} different (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(different.length || same !== files.length ? 1 : 0);
