// The page: files in, one Web Worker per file at a time (a fresh one after a time-out), the verdict
// and the checks out. Nothing is sent anywhere: the Content-Security-Policy forbids connections.
import type { Report } from "../core/report";
import type { Preview, Summary } from "./worker";

declare const WORKER_SOURCE: string;
const TIME_LIMIT_MS = 30000;
const MAX_FILE = 768 * 1024 * 1024;

type Entry = { id: number; name: string; li: HTMLLIElement; report?: Report; summary?: Summary; preview?: Preview; ms?: number; error?: string };
const entries: Entry[] = [];
const keyrings: { name: string; text: string }[] = [];
const workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
let worker: Worker | undefined;
let queue: Promise<void> = Promise.resolve();
let selected: Entry | undefined;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const PLAIN: Record<string, string> = {
  VERIFIED: "Verified: the registry signed this record and the file is what it claims.",
  MODIFIED: "Modified: the record may be genuine, but the file was changed after it was stamped or compiled.",
  FAILED: "Failed: the file claims something it cannot prove.",
  UNVERIFIABLE: "Cannot be verified: nothing failed, but something a verification needs could not be established.",
  "NO-PITH-DATA": "No Pith Number: this PDF carries no Pith data.",
  UNREADABLE: "Unreadable: this file cannot be read as a PDF.",
};

function getWorker(): Worker {
  if (!worker) worker = new Worker(workerUrl);
  return worker;
}

function run(entry: Entry, bytes: ArrayBuffer): Promise<void> {
  return new Promise((resolve) => {
    const w = getWorker();
    const started = performance.now();
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      w.removeEventListener("message", onMessage);
      resolve();
    };
    const timer = setTimeout(() => {
      if (done) return;
      w.terminate();
      worker = undefined;
      entry.error = `the verification took longer than ${TIME_LIMIT_MS / 1000} s and was stopped (a hostile or very complex file?)`;
      show(entry);
      finish();
    }, TIME_LIMIT_MS);
    const onMessage = (ev: MessageEvent) => {
      const m = ev.data;
      if (m.id !== entry.id) return;
      if (m.report) {
        entry.report = m.report;
        entry.summary = m.summary;
        entry.ms = performance.now() - started;
        show(entry);
        if (m.report.verdict === "UNREADABLE" || m.report.verdict === "NO-PITH-DATA") finish();
      } else if (m.preview) {
        entry.preview = m.preview;
        if (selected === entry) render(entry);
        finish();
      } else if (m.error !== undefined) {
        if (!entry.report) entry.error = "the verifier stopped: " + m.error;
        show(entry);
        finish();
      }
    };
    w.addEventListener("message", onMessage);
    w.postMessage({ id: entry.id, name: entry.name, bytes, keyrings }, [bytes]);
  });
}

function show(entry: Entry) {
  const verdict = entry.error ? "UNREADABLE" : entry.report?.verdict ?? "WORKING";
  entry.li.dataset.verdict = verdict;
  if (verdict !== "WORKING" && !entry.li.dataset.shownAt) entry.li.dataset.shownAt = String(performance.now());
  entry.li.innerHTML = "";
  const b = document.createElement("span");
  b.className = "badge " + verdict;
  b.textContent = verdict === "WORKING" ? "checking…" : verdict;
  const n = document.createElement("span");
  n.textContent = entry.name;
  const why = document.createElement("span");
  why.className = "why";
  why.textContent = entry.error ?? (entry.ms !== undefined ? `(${Math.round(entry.ms)} ms)` : "");
  entry.li.append(b, n, why);
  if (!selected || selected === entry) select(entry);
}

function select(entry: Entry) {
  selected = entry;
  for (const e of entries) e.li.classList.toggle("selected", e === entry);
  render(entry);
}

function text(id: string, s: string) {
  $(id).textContent = s;
}

function render(entry: Entry) {
  const r = entry.report;
  $("detail").hidden = false;
  const verdict = entry.error ? "UNREADABLE" : r?.verdict ?? "WORKING";
  const h = $("verdict");
  h.className = verdict;
  h.textContent = verdict === "WORKING" ? `Checking ${entry.name}…` : `${verdict}: ${entry.name}`;
  text("plain", entry.error ? "The file could not be checked: " + entry.error : r ? PLAIN[r.verdict] + (r.error ? " " + r.error : "") : "");
  text("proves", r?.proves ?? "Nothing.");
  text("does-not-prove", r?.does_not_prove ?? (entry.error || r?.error || ""));
  const np = $("not-performed");
  np.hidden = !r?.not_performed?.length;
  np.textContent = r?.not_performed?.length
    ? `Not performed in this page: ${r.not_performed.join(", ")}. This browser cannot render pages in the page's worker (OffscreenCanvas), so whether a viewer paints the words was not measured (see their reasons); without these checks this page does not say VERIFIED. Run pith verify, or a current browser, for the full verdict.`
    : "";
  const dl = $("record");
  dl.innerHTML = "";
  const row = (k: string, v: string | Node | undefined) => {
    if (v === undefined || v === "") return;
    const dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = k;
    if (typeof v === "string") dd.textContent = v;
    else dd.append(v);
    dl.append(dt, dd);
  };
  const link = (href: string, label: string) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    a.rel = "noreferrer noopener";
    a.target = "_blank";
    return a;
  };
  const f = (r?.facts ?? {}) as Record<string, unknown>;
  const s = entry.summary ?? {};
  row("Title", (f.title as string) ?? s.title);
  if (s.sourceKind === "arxiv" && s.sourceId) row("arXiv", link(`https://arxiv.org/abs/${s.sourceId}v${s.sourceVersion ?? ""}`, `${s.sourceId}v${s.sourceVersion ?? ""}`));
  else if (s.sourceId) row("Source", `${s.sourceKind ?? ""} ${s.sourceId} v${s.sourceVersion ?? ""}`);
  if (typeof f.number === "string") row("Pith Number", typeof f.record_url === "string" ? link(f.record_url, f.number) : f.number);
  row("Registry key", s.registryKey);
  row("Stamper", f.stamper as string | undefined);
  row("Route", f.route as string | undefined);
  if (entry.ms !== undefined) row("Checked in", `${Math.round(entry.ms)} ms`);
  const tbody = $("checks").querySelector("tbody")!;
  tbody.innerHTML = "";
  for (const c of r?.checks ?? []) {
    const tr = document.createElement("tr");
    tr.dataset.id = c.id;
    tr.dataset.status = c.status;
    const id = document.createElement("td"), st = document.createElement("td"), rs = document.createElement("td");
    id.innerHTML = `<code></code>`;
    id.firstElementChild!.textContent = c.id;
    st.textContent = c.status;
    st.className = "status " + (c.status === "n/a" ? "na" : c.status);
    rs.textContent = c.reason;
    tr.append(id, st, rs);
    tbody.append(tr);
  }
  $("download").hidden = !r;
  const canvas = $<HTMLCanvasElement>("preview");
  const p = entry.preview;
  canvas.hidden = !p;
  text("preview-caption", p ? `Page ${p.page}${p.badge ? ": the badge's link outlined in blue" : ""}${p.links.length ? ", links in orange" : ""}` : "");
  if (p) {
    canvas.width = p.bitmap.width;
    canvas.height = p.bitmap.height;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(p.bitmap, 0, 0);
    const box = (r: number[], color: string, width: number) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.strokeRect(Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.abs(r[2] - r[0]), Math.abs(r[3] - r[1]));
    };
    for (const l of p.links) box(l, "#e67e00", 1.5);
    if (p.badge) box(p.badge, "#1f5fff", 3);
  }
}

$("download").addEventListener("click", () => {
  if (!selected?.report) return;
  const blob = new Blob([JSON.stringify(selected.report) + "\n"], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = selected.name.replace(/\.pdf$/i, "") + ".pith-report.json";
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

async function addFiles(files: FileList | File[]) {
  for (const file of Array.from(files)) {
    const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
    const isPdf = new TextDecoder("latin1").decode(head).includes("%PDF-");
    if (!isPdf && /ed25519/.test(await file.slice(0, 1 << 20).text()) && file.size < 1 << 20) {
      keyrings.push({ name: file.name, text: await file.text() });
      const k = $("keyrings");
      k.hidden = false;
      k.textContent = `Keyrings in use (besides the registry's built-in key): ${keyrings.map((x) => x.name).join(", ")}. Files checked from now on trust their keys.`;
      continue;
    }
    const li = document.createElement("li");
    const entry: Entry = { id: entries.length + 1, name: file.name, li };
    entries.push(entry);
    li.addEventListener("click", () => select(entry));
    $("list").append(li);
    show(entry);
    if (file.size > MAX_FILE) {
      entry.error = `the file is larger than ${MAX_FILE >> 20} MiB`;
      show(entry);
      continue;
    }
    queue = queue.then(async () => run(entry, await file.arrayBuffer()));
  }
}

// The worker starts with the page, so that a drop does not wait for its code to load.
getWorker();

const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer?.files.length) void addFiles(e.dataTransfer.files);
});
$<HTMLInputElement>("pick").addEventListener("change", (e) => {
  const input = e.target as HTMLInputElement;
  if (input.files?.length) void addFiles(input.files);
  input.value = "";
});
