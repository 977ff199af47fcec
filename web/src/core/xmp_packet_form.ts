// The strict form of the XMP packet a stamp writes (docs/FORMAT.md, "The stamp's XMP packet"),
// the mirror of tool/lib/pdf/xmp/packet_structure.cpp: what is compared as a set of properties
// must be all the packet holds, so the whole decoded stream is one xpacket wrapper around
// x:xmpmeta > rdf:RDF > rdf:Description elements of properties, with white space between them
// and nothing else (no comment, processing instruction, CDATA, DOCTYPE, text between elements,
// unused namespace declaration, duplicate property, second packet or byte after the end).
const RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XML = "http://www.w3.org/XML/1998/namespace";
const META = "adobe:ns:meta/";
const PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d";
const MAX_DEPTH = 64;

class Departure extends Error {
  constructor(what: string, readonly at: number) {
    super(what);
  }
}

type Attr = { qname: string; value: string; at: number; ns: string; local: string; declaration: boolean };
type Elem = { qname: string; attrs: Attr[]; children: Elem[]; hasText: boolean; at: number; ns: string; local: string };

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isNameStart = (c: number) => c === 0x5f || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0x80;
const isNameChar = (c: number) => isNameStart(c) || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39);

// Well-formed UTF-8 with no control character but tab, CR and LF.
function checkCharacters(b: Uint8Array): void {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      if (c < 0x20 && !isSpace(c)) throw new Departure("a control character", i);
      i++;
      continue;
    }
    const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (n === 0 || i + n > b.length) throw new Departure("a byte that is not UTF-8", i);
    let cp = c & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) throw new Departure("a byte that is not UTF-8", i);
      cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff)
      throw new Departure("a byte that is not UTF-8", i);
    i += n;
  }
}

// The toolkit name a serialiser writes ("Exempi + XMP Core 6.0.0"): held to a version.
function isToolkitName(v: string): boolean {
  return /^(Exempi \+ )?XMP Core [0-9][0-9a-z.-]{0,15}$/.test(v);
}

// Offsets are byte offsets into the stream, as the C++ side reports them: the text is read as
// Latin-1 (one character a byte) once its UTF-8 has been checked.
class Reader {
  pos = 0;
  constructor(private s: string) {}

  packet(): Elem {
    this.wrapper("begin");
    this.skipSpace();
    const root = this.element(0);
    this.skipSpace();
    this.wrapper("end");
    if (this.pos !== this.s.length) throw new Departure(`${this.s.length - this.pos} bytes after the packet's end`, this.pos);
    return root;
  }

  private at(t: string) {
    return this.s.startsWith(t, this.pos);
  }
  private skipSpace() {
    while (this.pos < this.s.length && isSpace(this.s.charCodeAt(this.pos))) this.pos++;
  }
  private refuseOtherMarkup() {
    if (this.at("<!--")) throw new Departure("an XML comment", this.pos);
    if (this.at("<![CDATA[")) throw new Departure("a CDATA section", this.pos);
    if (this.at("<!")) throw new Departure("a DOCTYPE or other declaration", this.pos);
    if (this.at("<?")) throw new Departure("a processing instruction", this.pos);
  }
  private name(): string {
    const start = this.pos;
    const part = () => {
      if (this.pos >= this.s.length || !isNameStart(this.s.charCodeAt(this.pos))) throw new Departure("a malformed name", this.pos);
      while (this.pos < this.s.length && isNameChar(this.s.charCodeAt(this.pos))) this.pos++;
    };
    part();
    if (this.s[this.pos] === ":") {
      this.pos++;
      part();
    }
    return this.s.slice(start, this.pos);
  }
  // Character data, references decoded (the five predefined entities and numeric ones), as UTF-8 bytes in a Latin-1 string.
  private decode(from: number, end: number): string {
    let out = "";
    for (let i = from; i < end; ) {
      if (this.s[i] !== "&") {
        out += this.s[i++];
        continue;
      }
      const semi = this.s.indexOf(";", i);
      if (semi < 0 || semi >= end || semi - i > 12) throw new Departure('a bare "&"', i);
      const ref = this.s.slice(i + 1, semi);
      const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
      if (ref in named) out += named[ref];
      else if (/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref)) {
        const cp = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        const xmlChar = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!xmlChar) throw new Departure("a character reference to no XML character", i);
        for (const byte of new TextEncoder().encode(String.fromCodePoint(cp))) out += String.fromCharCode(byte);
      } else if (ref.startsWith("#")) throw new Departure("a malformed character reference", i);
      else throw new Departure(`an entity reference &${ref};`, i);
      i = semi + 1;
    }
    return out;
  }
  private attributes(): Attr[] {
    const out: Attr[] = [];
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.pos >= this.s.length || !isNameStart(this.s.charCodeAt(this.pos))) return out;
      if (this.pos === before) throw new Departure("attributes not separated by white space", this.pos);
      const at = this.pos;
      const qname = this.name();
      this.skipSpace();
      if (!this.at("=")) throw new Departure("an attribute without a value", this.pos);
      this.pos++;
      this.skipSpace();
      const quote = this.s[this.pos];
      if (quote !== '"' && quote !== "'") throw new Departure("an unquoted attribute value", this.pos);
      this.pos++;
      const end = this.s.indexOf(quote, this.pos);
      if (end < 0) throw new Departure("an unterminated attribute value", this.pos);
      if (this.s.slice(this.pos, end).includes("<")) throw new Departure('"<" in an attribute value', this.pos);
      const value = this.decode(this.pos, end);
      this.pos = end + 1;
      if (out.some((a) => a.qname === qname)) throw new Departure(`the attribute ${qname} twice`, at);
      out.push({ qname, value, at, ns: "", local: "", declaration: false });
    }
  }
  private wrapper(which: "begin" | "end") {
    const start = this.pos;
    if (!this.at("<?xpacket")) throw new Departure(which === "begin" ? "no <?xpacket begin ...?> at the start" : "no <?xpacket end ...?> after the root element", this.pos);
    this.pos += 9;
    const attrs = this.attributes();
    this.skipSpace();
    if (!this.at("?>")) throw new Departure("a malformed xpacket processing instruction", this.pos);
    this.pos += 2;
    const values = new Map(attrs.map((a) => [a.qname, a.value]));
    if (which === "begin") {
      const begin = values.get("begin");
      const ok = values.size === 2 && values.get("id") === PACKET_ID && (begin === "" || begin === "\xef\xbb\xbf");
      if (!ok) throw new Departure(`the xpacket header is not begin="" (or a BOM) id="${PACKET_ID}"`, start);
    } else {
      const end = values.get("end");
      if (!(values.size === 1 && (end === "w" || end === "r"))) throw new Departure('the xpacket trailer is not end="w" or end="r"', start);
    }
  }
  private element(depth: number): Elem {
    if (depth > MAX_DEPTH) throw new Departure(`elements nested deeper than ${MAX_DEPTH}`, this.pos);
    this.refuseOtherMarkup();
    if (!this.at("<") || this.at("</")) throw new Departure("no element where one is expected", this.pos);
    const e: Elem = { qname: "", attrs: [], children: [], hasText: false, at: this.pos++, ns: "", local: "" };
    e.qname = this.name();
    e.attrs = this.attributes();
    this.skipSpace();
    if (this.at("/>")) {
      this.pos += 2;
      return e;
    }
    if (!this.at(">")) throw new Departure(`a malformed start tag <${e.qname}>`, this.pos);
    this.pos++;
    for (;;) {
      const lt = this.s.indexOf("<", this.pos);
      if (lt < 0) throw new Departure(`<${e.qname}> is not closed`, e.at);
      const text = this.decode(this.pos, lt);
      for (let k = 0; k < text.length; k++) if (!isSpace(text.charCodeAt(k))) e.hasText = true;
      this.pos = lt;
      if (this.at("</")) break;
      e.children.push(this.element(depth + 1));
    }
    this.pos += 2;
    const close = this.pos;
    if (this.name() !== e.qname) throw new Departure(`an end tag that does not close <${e.qname}>`, close);
    this.skipSpace();
    if (!this.at(">")) throw new Departure("a malformed end tag", this.pos);
    this.pos++;
    return e;
  }
}

class Checker {
  private declared = new Map<string, number>();
  private used = new Set<string>();

  check(root: Elem) {
    this.resolve(root, new Map([["xml", XML]]));
    for (const [uri, at] of this.declared) if (!this.used.has(uri)) throw new Departure(`a namespace declared and not used (${uri})`, at);
    if (root.ns !== META || root.local !== "xmpmeta") throw new Departure("the root element is not x:xmpmeta", root.at);
    for (const a of root.attrs) {
      if (a.declaration) continue;
      if (a.ns === META && a.local === "xmptk") {
        if (!isToolkitName(a.value)) throw new Departure('x:xmptk is not "[Exempi + ]XMP Core N.N.N"', a.at);
      } else throw new Departure(`the attribute ${a.qname} on x:xmpmeta`, a.at);
    }
    noText(root);
    if (root.children.length !== 1 || !isRdf(root.children[0], "RDF")) throw new Departure("x:xmpmeta does not hold exactly one rdf:RDF", root.at);
    const rdf = root.children[0];
    onlyDeclarations(rdf);
    noText(rdf);
    const topLevel = new Set<string>();
    for (const d of rdf.children) {
      if (!isRdf(d, "Description")) throw new Departure(`<${d.qname}> in rdf:RDF (only rdf:Description belongs there)`, d.at);
      // A stamp's serialiser writes rdf:about="" (the document itself); any other value is text no property holds.
      const about = d.attrs.find((a) => a.ns === RDF && a.local === "about");
      if (!about) throw new Departure('an rdf:Description without rdf:about=""', d.at);
      if (about.value !== "") throw new Departure("rdf:about is not empty", about.at);
      this.description(d, topLevel, true);
    }
  }

  private resolve(e: Elem, parentScope: Map<string, string>) {
    const scope = new Map(parentScope);
    for (const a of e.attrs) {
      if (a.qname === "xmlns") throw new Departure("a default namespace declaration", a.at);
      if (a.qname.startsWith("xmlns:")) {
        const prefix = a.qname.slice(6);
        if (prefix === "xml" || prefix === "xmlns" || a.value === "") throw new Departure("a reserved or empty namespace declaration", a.at);
        scope.set(prefix, a.value);
        if (!this.declared.has(a.value)) this.declared.set(a.value, a.at);
        a.declaration = true;
      }
    }
    const split = (qname: string, at: number): [string, string] => {
      const colon = qname.indexOf(":");
      if (colon < 0) throw new Departure(`the name ${qname} has no namespace prefix`, at);
      const ns = scope.get(qname.slice(0, colon));
      if (ns === undefined) throw new Departure(`the prefix of ${qname} is not declared`, at);
      this.used.add(ns);
      return [ns, qname.slice(colon + 1)];
    };
    [e.ns, e.local] = split(e.qname, e.at);
    const seen = new Set<string>();
    for (const a of e.attrs) {
      if (a.declaration) continue;
      [a.ns, a.local] = split(a.qname, a.at);
      if (seen.has(a.ns + "\n" + a.local)) throw new Departure(`the attribute ${a.qname} twice`, a.at);
      seen.add(a.ns + "\n" + a.local);
    }
    for (const c of e.children) this.resolve(c, scope);
  }

  private description(d: Elem, names: Set<string>, topLevel: boolean) {
    for (const a of d.attrs) {
      if (a.declaration || (topLevel && a.ns === RDF && a.local === "about")) continue;
      property(a.ns, a.local, a.qname, a.at, names, topLevel);
    }
    noText(d);
    for (const c of d.children) {
      property(c.ns, c.local, c.qname, c.at, names, topLevel);
      this.value(c);
    }
  }

  // A property element or rdf:li: a text, a resource, a struct (parseType or rdf:Description), or one array.
  private value(e: Elem) {
    let parseType: string | undefined;
    let resource = false;
    for (const a of e.attrs) {
      if (a.declaration || (a.ns === XML && a.local === "lang")) continue;
      if (a.ns === RDF && a.local === "parseType") parseType = a.value;
      else if (a.ns === RDF && a.local === "resource") resource = true;
      else throw new Departure(`the attribute ${a.qname} on <${e.qname}>`, a.at);
    }
    if (parseType !== undefined && parseType !== "Resource") throw new Departure(`rdf:parseType="${parseType}" (only Resource is XMP)`, e.at);
    if (resource) {
      if (parseType !== undefined || e.hasText || e.children.length) throw new Departure("an rdf:resource property with content", e.at);
      return;
    }
    if (parseType !== undefined) {
      noText(e);
      const fields = new Set<string>();
      for (const c of e.children) {
        property(c.ns, c.local, c.qname, c.at, fields, false);
        this.value(c);
      }
      return;
    }
    if (!e.children.length) return; // a text value
    noText(e);
    if (e.children.length !== 1) throw new Departure(`<${e.qname}> holds more than one value`, e.children[1].at);
    const inner = e.children[0];
    if (isRdf(inner, "Description")) this.description(inner, new Set(), false);
    else if (isRdf(inner, "Bag") || isRdf(inner, "Seq") || isRdf(inner, "Alt")) {
      onlyDeclarations(inner);
      noText(inner);
      const languages = new Set<string>();
      for (const li of inner.children) {
        if (!isRdf(li, "li")) throw new Departure(`<${li.qname}> in an array (only rdf:li belongs there)`, li.at);
        for (const a of li.attrs)
          if (isRdf(inner, "Alt") && a.ns === XML && a.local === "lang") {
            if (languages.has(a.value)) throw new Departure(`two items of one language alternative in xml:lang "${a.value}"`, li.at);
            languages.add(a.value);
          }
        this.value(li);
      }
    } else throw new Departure(`<${inner.qname}> where a value is expected`, inner.at);
  }
}

const isRdf = (e: Elem, local: string) => e.ns === RDF && e.local === local;
function noText(e: Elem) {
  if (e.hasText) throw new Departure(`character data in <${e.qname}>, which holds elements`, e.at);
}
function onlyDeclarations(e: Elem) {
  for (const a of e.attrs) if (!a.declaration) throw new Departure(`the attribute ${a.qname} on <${e.qname}>`, a.at);
}
function property(ns: string, local: string, qname: string, at: number, names: Set<string>, topLevel: boolean) {
  if (ns === XML || ns === META || (ns === RDF && (topLevel || local !== "value"))) throw new Departure(`${qname} where a property is expected`, at);
  const key = ns + "\n" + local;
  if (names.has(key)) throw new Departure(`the property ${qname} twice`, at);
  names.add(key);
}

// undefined when `packet` (the whole decoded stream) is exactly one packet of that form; else the
// first departure from it, with its byte offset.
export function stampPacketProblem(packet: Uint8Array): string | undefined {
  try {
    checkCharacters(packet);
    let latin1 = "";
    for (let i = 0; i < packet.length; i += 0x8000) latin1 += String.fromCharCode(...packet.subarray(i, i + 0x8000));
    new Checker().check(new Reader(latin1).packet());
  } catch (e) {
    if (e instanceof Departure) return `${e.message} at byte ${e.at}`;
    throw e;
  }
  return undefined;
}
