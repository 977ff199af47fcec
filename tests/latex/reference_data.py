#!/usr/bin/env python3
"""Independent reference for `pith latex`: computes, with Python's own json/hashlib/base64,
the values the data file must carry (docs/LATEX.md), so tests can compare pith's output
against them. Usage: reference_data.py RECORD.json  -> prints one line per item:
<key> <xml text> <pdf hex string>"""
import base64, hashlib, json, sys

SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.:/,")


def xml_text(s):
    return "".join(c if c in SAFE else "&#%d;" % ord(c) for c in s)


def pdf_hex(s):
    return "FEFF" + s.encode("utf-16-be").hex().upper()


def paper_title(doc):
    """The paper's title, wherever the record's shape keeps it: paper.title and graph_snapshot.paper.title
    (number records, bundles), each graph snapshot's paper.title (open-graph states). Every copy must
    be the same title."""
    copies = [(doc.get("paper") or {}).get("title"), ((doc.get("graph_snapshot") or {}).get("paper") or {}).get("title")]
    if doc.get("state_type") == "pith_open_graph_state":
        for snap in doc["current"].get("graph_snapshots") or []:
            copies.append((((snap.get("payload") or {}).get("graph_snapshot") or {}).get("paper") or {}).get("title"))
    copies = [t for t in copies if t is not None]
    assert len(set(copies)) <= 1, "the record states different titles: %r" % copies
    return copies[0] if copies else None


def has_receipt(path):
    """Whether the record carries a registry receipt (a record without one is UNVERIFIABLE)."""
    doc = json.load(open(path, encoding="utf-8"))
    if doc.get("state_type") == "pith_open_graph_state":
        return bool(doc["current"]["record_created"]["payload"].get("receipt"))
    if doc.get("bundle_type") == "pith_open_graph_bundle":
        return any(e.get("event_type") == "record_created" and (e.get("payload") or {}).get("receipt")
                   for e in doc.get("events", []))
    return "canonical_record" in doc and bool(doc.get("receipt"))


def main(path):
    doc = json.load(open(path, encoding="utf-8"))
    receipt = None
    if "canonical_record" in doc:
        canonical = doc["canonical_record"]
        receipt = doc.get("receipt")
    elif doc.get("state_type") == "pith_open_graph_state":
        payload = doc["current"]["record_created"]["payload"]
        canonical, receipt = payload["canonical_record"], payload.get("receipt")
    else:
        canonical = doc
    raw = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(raw.encode("utf-8")).digest()
    suffix = base64.b32encode(digest).decode()[:26]
    year = canonical["metadata"]["submitted_at"][:4]
    items = [
        ("number", "pith:%s:%s" % (year, suffix)),
        ("year", year),
        ("suffix", suffix),
        ("sha256", digest.hex()),
        ("recordUrl", "https://pith.science/pith/" + suffix),
        ("record", raw),
    ]
    title = paper_title(doc)
    if title and hashlib.sha256(title.lower().encode("utf-8")).hexdigest() == canonical["metadata"].get("title_canon_sha256"):
        items.append(("title", title))
    if receipt:
        items += [
            ("receiptKeyId", receipt["key_id"]),
            ("receiptSignature", receipt["signature_b64"]),
            ("receiptKeyFingerprint", receipt["public_key_fingerprint"]),
        ]
        if "signed_at" in receipt:
            items.append(("receiptSignedAt", receipt["signed_at"]))
    for key, value in items:
        print(key, xml_text(value), pdf_hex(value))


if __name__ == "__main__":
    main(sys.argv[1])
