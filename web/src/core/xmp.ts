// The pith properties of an XMP packet (docs/FORMAT.md "XMP"): simple properties of the pith
// namespace, as attributes of rdf:Description or as elements, and dc:title's x-default. A packet
// that declares a DOCTYPE or an entity is refused before it is parsed; nothing is fetched.
export const PITH_NS = "https://pith.science/ns/pith/1.0/";
const RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC_NS = "http://purl.org/dc/elements/1.1/";
const XML_NS = "http://www.w3.org/XML/1998/namespace";

export class XmpError extends Error {}
const PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/";
// The PDF/A identification as the packet states it (pdfaid:part, pdfaid:conformance), attribute or element.
export type PdfaId = { part: string; conformance: string };
export type PithXmp = { properties: Map<string, string>; title?: string; pdfa?: PdfaId };

type El = { ns: string; local: string; attrs: { ns: string; local: string; value: string }[]; children: El[]; text: string };

function decodeEntities(s: string, at: number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos|[^;]*);?/g, (m, e: string) => {
    if (!m.endsWith(";")) throw new XmpError(`XMP packet is not well-formed: a bare "&" near offset ${at}`);
    if (e[0] === "#") {
      const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) throw new XmpError("XMP packet is not well-formed: a bad character reference");
      return String.fromCodePoint(cp);
    }
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (!(e in named)) throw new XmpError(`XMP packet is not well-formed: unknown entity &${e};`);
    return named[e];
  });
}

function parseXml(text: string): El {
  let i = 0;
  const root: El = { ns: "", local: "#root", attrs: [], children: [], text: "" };
  const stack: { el: El; qname: string; scope: Map<string, string> }[] = [{ el: root, qname: "", scope: new Map([["xml", XML_NS]]) }];
  const bad = (what: string): never => {
    throw new XmpError(`XMP packet is not well-formed RDF/XML: ${what} at offset ${i}`);
  };
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const top = stack[stack.length - 1];
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk) top.el.text += decodeEntities(chunk, i);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith("<?", i)) {
      const e = text.indexOf("?>", i);
      if (e < 0) bad("an unterminated processing instruction");
      i = e + 2;
    } else if (text.startsWith("<!--", i)) {
      const e = text.indexOf("-->", i);
      if (e < 0) bad("an unterminated comment");
      i = e + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      const e = text.indexOf("]]>", i);
      if (e < 0) bad("an unterminated CDATA section");
      top.el.text += text.slice(i + 9, e);
      i = e + 3;
    } else if (text.startsWith("</", i)) {
      const e = text.indexOf(">", i);
      if (e < 0) bad("an unterminated end tag");
      const name = text.slice(i + 2, e).trim();
      if (stack.length < 2 || name !== top.qname) bad(`</${name}> does not close <${top.qname}>`);
      stack.pop();
      i = e + 1;
    } else if (text.startsWith("<!", i)) bad("a declaration");
    else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
      if (!m) bad("a bad start tag");
      const qname = m![1];
      i += m![0].length;
      const rawAttrs: [string, string][] = [];
      for (;;) {
        const a = /^\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i, i + (1 << 22)));
        if (!a) break;
        rawAttrs.push([a[1], decodeEntities(a[3] ?? a[4], i)]);
        i += a[0].length;
      }
      const close = /^\s*(\/?)>/.exec(text.slice(i, i + 64));
      if (!close) bad(`a bad tag <${qname}>`);
      i += close![0].length;
      const scope = new Map(top.scope);
      for (const [k, v] of rawAttrs) {
        if (k === "xmlns") scope.set("", v);
        else if (k.startsWith("xmlns:")) scope.set(k.slice(6), v);
      }
      const resolve = (q: string, isAttr: boolean) => {
        const c = q.indexOf(":");
        const prefix = c < 0 ? "" : q.slice(0, c);
        if (c < 0 && isAttr) return { ns: "", local: q };
        const ns = scope.get(prefix);
        if (ns === undefined) bad(`an undeclared prefix "${prefix}"`);
        return { ns: ns!, local: c < 0 ? q : q.slice(c + 1) };
      };
      const seen = new Set<string>();
      const attrs = rawAttrs.filter(([k]) => k !== "xmlns" && !k.startsWith("xmlns:")).map(([k, value]) => {
        const r = resolve(k, true);
        const key = r.ns + " " + r.local;
        if (seen.has(key)) bad(`attribute ${k} twice`);
        seen.add(key);
        return { ...r, value };
      });
      const el: El = { ...resolve(qname, false), attrs, children: [], text: "" };
      top.el.children.push(el);
      if (!close![1]) stack.push({ el, qname, scope });
      if (stack.length > 200) bad("elements nested too deep");
    }
  }
  if (stack.length !== 1) bad(`<${stack[stack.length - 1].qname}> is not closed`);
  if (root.children.length !== 1) bad(`${root.children.length} root elements (one packet holds one)`);
  if (root.text.trim()) bad("text outside the root element");
  return root;
}

export function hasDtd(packet: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(packet);
}

// The packet's rdf:Description elements, searched no deeper than six levels.
function rdfDescriptions(root: El): El[] {
  const descriptions: El[] = [];
  const walk = (e: El, depth: number) => {
    if (e.ns === RDF_NS && e.local === "Description") descriptions.push(e);
    else if (depth < 6) for (const c of e.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return descriptions;
}

// What an XMP parser (Exempi, which pith verify uses) refuses as RDF: character data beside
// elements anywhere in rdf:RDF, and a property (or a struct's field) stated twice.
function checkRdf(root: El): void {
  const bad = (what: string): never => {
    throw new XmpError(`XMP packet is not well-formed RDF/XML: ${what}`);
  };
  const key = (ns: string, local: string) => ns + " " + local;
  const fields = (holder: El, names: Set<string>, depth: number) => {
    if (depth > 64) bad("nested too deep");
    for (const a of holder.attrs)
      if (a.ns !== RDF_NS && a.ns !== XML_NS && a.ns !== "") {
        if (names.has(key(a.ns, a.local))) bad(`the property ${a.local} twice`);
        names.add(key(a.ns, a.local));
      }
    for (const c of holder.children) {
      if (c.ns === RDF_NS && c.local === "Description") continue;
      if (names.has(key(c.ns, c.local))) bad(`the property ${c.local} twice`);
      names.add(key(c.ns, c.local));
      value(c, depth + 1);
    }
  };
  const value = (e: El, depth: number) => {
    if (e.children.length && e.text.trim()) bad(`character data beside elements in <${e.local}>`);
    const struct = e.attrs.some((a) => a.ns === RDF_NS && a.local === "parseType" && a.value === "Resource");
    if (struct) return fields(e, new Set(), depth);
    for (const c of e.children) {
      if (c.text.trim() && c.children.length) bad(`character data beside elements in <${c.local}>`);
      if (c.ns === RDF_NS && c.local === "Description") fields(c, new Set(), depth + 1);
      else if (c.ns === RDF_NS && (c.local === "Bag" || c.local === "Seq" || c.local === "Alt"))
        for (const li of c.children) value(li, depth + 1);
    }
  };
  const rdfs: El[] = [];
  const find = (e: El, depth: number) => {
    if (e.ns === RDF_NS && e.local === "RDF") rdfs.push(e);
    else if (depth < 6) for (const c of e.children) find(c, depth + 1);
  };
  find(root, 0);
  for (const rdf of rdfs) {
    if (rdf.text.trim()) bad("character data in rdf:RDF");
    const top = new Set<string>();
    for (const d of rdf.children) {
      if (d.children.length && d.text.trim()) bad("character data beside elements in rdf:Description");
      fields(d, top, 0);
    }
  }
}

export function readPithXmp(packet: string): PithXmp {
  if (hasDtd(packet)) throw new XmpError("XMP packet declares a DOCTYPE or ENTITY: refused (no entity expansion)");
  if (packet.length > 64 << 20) throw new XmpError("XMP packet larger than 64 MiB");
  const root = parseXml(packet);
  checkAlternatives(root);
  checkRdf(root);
  const properties = new Map<string, string>();
  let title: string | undefined;
  const pdfaid = new Map<string, string>();
  const descriptions = rdfDescriptions(root);
  for (const d of descriptions) {
    for (const a of d.attrs) if (a.ns === PITH_NS) properties.set(a.local, a.value);
    for (const a of d.attrs) if (a.ns === PDFAID_NS) pdfaid.set(a.local, a.value);
    for (const c of d.children) {
      if (c.ns === PITH_NS && !c.children.length) properties.set(c.local, c.text);
      if (c.ns === PDFAID_NS && !c.children.length) pdfaid.set(c.local, c.text);
      if (c.ns === DC_NS && c.local === "title") {
        const alt = c.children.find((x) => x.ns === RDF_NS && x.local === "Alt");
        const items = alt ? alt.children.filter((x) => x.ns === RDF_NS && x.local === "li") : [];
        const lang = (x: El) => x.attrs.find((a) => a.ns === XML_NS && a.local === "lang")?.value;
        const pick = items.find((x) => lang(x) === "x-default") ?? items[0];
        if (pick) title = pick.text;
      }
    }
  }
  if (properties.size > 100000) throw new XmpError("XMP packet has more than 100000 properties");
  const part = pdfaid.get("part");
  return { properties, title, pdfa: part === undefined ? undefined : { part, conformance: pdfaid.get("conformance") ?? "" } };
}

// As pith refuses (tool/lib/pdf/xmp/language_alternatives.cpp): more than 1000 rdf:Alt arrays,
// which Exempi's linear property lookups would take minutes over.
function checkAlternatives(root: El) {
  let n = 0;
  const todo: El[] = [root];
  while (todo.length) {
    const e = todo.pop()!;
    if (e.ns === RDF_NS && e.local === "Alt" && ++n > 1000) throw new XmpError("XMP packet has more than 1000 rdf:Alt arrays");
    todo.push(...e.children);
  }
}

// The namespace a prefix spelled dc (in any case) is bound to, when one is bound to another than
// Dublin Core's: pdf.js reads an element by its prefix, lower-cased, so such a packet's "dc:title"
// is a title to pdf.js (Firefox's tab) and no title to namespace-aware readers.
export function misboundDublinCorePrefix(packet: string): string | undefined {
  for (const m of packet.matchAll(/xmlns:([dD][cC])\s*=\s*(["'])([^"']*)\2/g))
    if (m[3] !== "http://purl.org/dc/elements/1.1/") return `${m[1]} bound to ${m[3]}`;
  return undefined;
}

// The items of an rdf:Alt as Exempi 2.6.3 normalises them when every item is a simple value with an
// xml:lang (a language alternative; XMPCore's DetectAltText and NormalizeLangArray): the first
// x-default item swapped with the first item, and with `twoItems`, an alternative of two items
// holding the x-default value in both. Any other rdf:Alt is left as it is.
function asLanguageAlternative(items: El[], twoItems: boolean): El[] {
  const lang = (x: El) => x.attrs.find((a) => a.ns === XML_NS && a.local === "lang")?.value;
  const simple = (x: El) => x.children.length === 0 && !x.attrs.some((a) => a.ns === RDF_NS && a.local === "parseType");
  if (!items.length || !items.every((x) => lang(x) !== undefined && simple(x))) return items;
  const out = items.slice();
  const k = out.findIndex((x) => lang(x)!.toLowerCase() === "x-default");
  if (k < 0) return out;
  [out[0], out[k]] = [out[k], out[0]];
  if (twoItems && out.length === 2) out[1] = { ...out[1], text: out[0].text };
  return out;
}

// A packet as a set of properties: "namespace<TAB>path<TAB>value", one per leaf (attributes and
// elements alike, array items numbered, with their xml:lang), sorted: how two serialisations of the
// same metadata are compared (docs/FORMAT.md, "Validating it"). A language alternative is read as
// the XMP toolkit pith stamps with reads it ("Language alternatives"): its x-default item swapped to
// the front and, with twoItemAlternativesAsDefault, the other item of a two-item one given the
// x-default value (what a stamp of format 3 or older wrote).
export function propertySet(packet: string, options: { twoItemAlternativesAsDefault?: boolean } = {}): string[] {
  if (hasDtd(packet)) throw new XmpError("XMP packet declares a DOCTYPE or ENTITY: refused (no entity expansion)");
  const root = parseXml(packet);
  checkAlternatives(root);
  checkRdf(root);
  const out: string[] = [];
  const leaf = (ns: string, path: string, value: string) => {
    out.push(`${ns}\t${path}\t${value}`);
    if (out.length > 100000) throw new XmpError("XMP packet has more than 100000 properties");
  };
  const lang = (x: El) => x.attrs.find((a) => a.ns === XML_NS && a.local === "lang")?.value;
  const value = (e: El, ns: string, path: string, depth: number) => {
    if (depth > 32) throw new XmpError("XMP nested too deep");
    const res = e.attrs.find((a) => a.ns === RDF_NS && a.local === "resource");
    if (res) return leaf(ns, path, "uri:" + res.value);
    const l = lang(e);
    const tag = l !== undefined ? `[lang=${l}]` : "";
    const container = e.children.find((c) => c.ns === RDF_NS && (c.local === "Alt" || c.local === "Bag" || c.local === "Seq"));
    if (container) {
      const items = container.children.filter((c) => c.ns === RDF_NS && c.local === "li");
      // An empty array is a property too (Exempi lists it): without a line it could be added unseen.
      if (!items.length) return leaf(ns, `${path}${tag}/${container.local}[]`, "");
      const ordered = container.local === "Alt" ? asLanguageAlternative(items, options.twoItemAlternativesAsDefault === true) : items;
      ordered.forEach((li, i) => value(li, ns, `${path}${tag}/${container.local}[${i + 1}]`, depth + 1));
      return;
    }
    const isStruct = e.attrs.some((a) => a.ns === RDF_NS && a.local === "parseType" && a.value === "Resource");
    const inner = e.children.find((c) => c.ns === RDF_NS && c.local === "Description");
    if (isStruct || inner || e.children.length) {
      const holder = inner ?? e;
      const hasFields = holder.attrs.some((a) => a.ns !== RDF_NS && a.ns !== XML_NS && a.ns !== "") ||
        holder.children.some((c) => !(c.ns === RDF_NS && c.local === "Description"));
      if (!hasFields) return leaf(ns, `${path}${tag}/{}`, "");
      for (const a of holder.attrs) if (a.ns !== RDF_NS && a.ns !== XML_NS && a.ns !== "") leaf(ns, `${path}${tag}/${a.ns}${a.local}`, a.value);
      for (const c of holder.children) if (!(c.ns === RDF_NS && c.local === "Description")) value(c, ns, `${path}${tag}/${c.ns}${c.local}`, depth + 1);
      return;
    }
    leaf(ns, path + tag, e.text);
  };
  const descriptions = rdfDescriptions(root);
  for (const d of descriptions) {
    for (const a of d.attrs) if (a.ns !== RDF_NS && a.ns !== XML_NS && a.ns !== "") leaf(a.ns, a.local, a.value);
    for (const c of d.children) value(c, c.ns, c.local, 0);
  }
  return out.sort();
}
