// The page's Web Worker: verifies one file (the verifier core, pdf.js in this thread) and renders
// its badge page for the preview. Runs from a blob: URL, so it works from file:// too.
import { Keyring } from "../core/crypto";
import { pageAnnotations } from "../core/annotations";
import { PdfDocument } from "../core/document";
import { readEmbedded } from "../core/embedded";
import { Drawing, openWithPdfjs } from "../core/pdfjs_viewer";
import { loadRecord } from "../core/record";
import { verifyPdf } from "../core/verify";
import { member } from "../core/json";
// @ts-ignore: pdf.js ships no types for these paths
import * as pdfjs from "pdfjs-dist/build/pdf.js";
// @ts-ignore
import * as pdfjsWorker from "pdfjs-dist/build/pdf.worker.js";

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

// The 14 standard fonts, for drawing text whose font is not embedded (the badge's Helvetica): the
// data ships with pdf.js and is bundled here, as nothing may be fetched.
// @ts-ignore
import LiberationSans from "pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf";
// @ts-ignore
import LiberationSansBold from "pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf";
// @ts-ignore
import FoxitSerif from "pdfjs-dist/standard_fonts/FoxitSerif.pfb";
// @ts-ignore
import FoxitSerifBold from "pdfjs-dist/standard_fonts/FoxitSerifBold.pfb";
// @ts-ignore
import FoxitFixed from "pdfjs-dist/standard_fonts/FoxitFixed.pfb";
// @ts-ignore
import FoxitSymbol from "pdfjs-dist/standard_fonts/FoxitSymbol.pfb";
// @ts-ignore
import FoxitDingbats from "pdfjs-dist/standard_fonts/FoxitDingbats.pfb";

const FONTS: Record<string, Uint8Array> = {
  "LiberationSans-Regular.ttf": LiberationSans, "LiberationSans-Bold.ttf": LiberationSansBold, "FoxitSerif.pfb": FoxitSerif,
  "FoxitSerifBold.pfb": FoxitSerifBold, "FoxitFixed.pfb": FoxitFixed, "FoxitSymbol.pfb": FoxitSymbol, "FoxitDingbats.pfb": FoxitDingbats,
};
class BundledFonts {
  async fetch({ filename }: { filename: string }): Promise<Uint8Array> {
    const f = FONTS[filename];
    if (!f) throw new Error(`standard font ${filename} is not bundled`);
    return f;
  }
}

export type Job = { id: number; name: string; bytes: ArrayBuffer; keyrings: { name: string; text: string }[] };
export type Summary = { title?: string; sourceKind?: string; sourceId?: string; sourceVersion?: string; registryKey?: string };
export type Preview = { bitmap: ImageBitmap; page: number; scale: number; height: number; badge?: number[]; links: number[][] };

const canvasFactory = {
  create(w: number, h: number) {
    const canvas = new OffscreenCanvas(Math.max(1, w), Math.max(1, h));
    return { canvas, context: canvas.getContext("2d") };
  },
  reset(e: { canvas: OffscreenCanvas }, w: number, h: number) {
    e.canvas.width = w;
    e.canvas.height = h;
  },
  destroy(e: { canvas: OffscreenCanvas | null }) {
    if (e.canvas) e.canvas.width = e.canvas.height = 0;
    e.canvas = null;
  },
};

// What drawing needs in this thread: ink under words (viewer_checks.ts) and the preview. A browser
// without OffscreenCanvas in workers gets neither: the checks then say painting was not measured.
const canDraw = typeof OffscreenCanvas !== "undefined";
const drawing: Drawing = {
  canvasFactory,
  documentOptions: { StandardFontDataFactory: BundledFonts, standardFontDataUrl: "bundled/", useWorkerFetch: false },
};

function summary(bytes: Uint8Array): Summary {
  try {
    const data = readEmbedded(new PdfDocument(bytes));
    const text = data.xmp.get("canonicalRecord") ?? data.attachment;
    const rec = text !== undefined ? loadRecord(text) : undefined;
    const str = (v: unknown) => (typeof v === "string" ? v : v && typeof v === "object" && "text" in v ? String((v as { text: string }).text) : undefined);
    return {
      title: data.xmp.get("title") ?? (data.attachment ? loadRecord(data.attachment).title : undefined),
      sourceKind: rec ? str(member(rec.canonical, "source.kind")) : undefined,
      sourceId: rec ? str(member(rec.canonical, "source.id")) : undefined,
      sourceVersion: rec ? str(member(rec.canonical, "source.version")) : undefined,
      registryKey: data.xmp.get("receiptKeyId") ?? (data.attachment ? loadRecord(data.attachment).receipt?.keyId : undefined),
    };
  } catch {
    return {};
  }
}

async function preview(bytes: Uint8Array, pageIndex: number, rect?: number[]): Promise<Preview | undefined> {
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, canvasFactory, isOffscreenCanvasSupported: true, verbosity: 0,
    ...drawing.documentOptions });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(Math.min(pageIndex + 1, doc.numPages));
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(2, 900 / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const { canvas, context } = canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport }).promise;
    const links = (() => {
      try {
        return pageAnnotations(new PdfDocument(bytes), pageIndex).filter((a) => a.subtype === "Link" && a.rect).map((a) => viewport.convertToViewportRectangle(a.rect!));
      } catch {
        return [];
      }
    })();
    return { bitmap: canvas.transferToImageBitmap(), page: pageIndex + 1, scale, height: viewport.height, badge: rect ? viewport.convertToViewportRectangle(rect) : undefined, links };
  } finally {
    await task.destroy();
  }
}

// A one-page PDF with a line of text: verified once when the worker starts, so that the code
// paths a verification takes are compiled before the first file is dropped.
const WARM_UP = (() => {
  const objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "<< /Length 38 >>\nstream\nBT /F1 12 Tf 10 50 Td (warm up) Tj ET\nendstream"];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 6\n0000000000 65535 f \n${offsets.map((o) => String(o).padStart(10, "0") + " 00000 n \n").join("")}`;
  pdf += `trailer\n<< /Size 6 /Root 1 0 R /Info << /PithNumber (pith:2026:AAAAAAAAAAAAAAAAAAAAAAAAAA) >> >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
})();
// The warm-up file has no record, so the ink under its words is measured on its own.
async function warmUpInk() {
  if (!canDraw) return;
  const v = await openWithPdfjs(pdfjs, WARM_UP, drawing);
  try {
    await v.ink?.(0, await v.words(0));
  } finally {
    await v.close();
  }
}
const warmedUp = verifyPdf(WARM_UP, "warm-up.pdf", { keyring: Keyring.builtIn(), viewer: (b) => openWithPdfjs(pdfjs, b, canDraw ? drawing : undefined) })
  .then(warmUpInk)
  .then(() => preview(WARM_UP, 0))
  .catch(() => undefined);

self.onmessage = async (ev: MessageEvent<Job>) => {
  const job = ev.data;
  await warmedUp;
  try {
    const keyring = Keyring.builtIn();
    for (const k of job.keyrings) keyring.addText(k.text, k.name);
    const bytes = new Uint8Array(job.bytes);
    const started = performance.now();
    const report = await verifyPdf(bytes, job.name, { keyring, viewer: (b) => openWithPdfjs(pdfjs, b, canDraw ? drawing : undefined) });
    const verifiedMs = performance.now() - started;
    (self as unknown as Worker).postMessage({ id: job.id, report, summary: summary(bytes), verifiedMs });
    if (report.verdict !== "UNREADABLE" && report.verdict !== "NO-PITH-DATA") {
      const params = report.facts?.stamp_parameters as { rect?: string[]; kind?: string } | undefined;
      const page = typeof report.facts?.badge_page === "number" ? (report.facts.badge_page as number) - 1 : 0;
      const rect = params?.kind === "badge" ? params.rect?.map(Number) : undefined;
      const p = await preview(bytes, page, rect).catch(() => undefined);
      if (p) (self as unknown as Worker).postMessage({ id: job.id, preview: p }, [p.bitmap]);
    }
  } catch (e) {
    (self as unknown as Worker).postMessage({ id: job.id, error: (e as Error).message || String(e) });
  }
};
