"""Tagged PDFs made with pikepdf from an untagged one, for the stamp's structure-tree tests
(tests/stamp/test_tagged.py) and the page's conformance corpus (web/tests/make_corpus.py)."""
import pikepdf


def tagged_input(src, out, shape):
    """Tags `src`'s page 1 as one paragraph of a /Document element; shape: "flat", "kids"
    (a root with /Kids and a leaf with /Limits), "nokey" (flat, no /ParentTreeNextKey),
    "indirect-nums" (a leaf whose /Nums is an indirect array, which the stamp does not edit)."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0].obj
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        doc = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
        para = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=doc, Pg=page, K=0))
        doc.K = para
        root.K = doc
        page.StructParents = 0
        nums = pikepdf.Array([0, pikepdf.Array([para])])
        if shape == "kids":
            leaf = pdf.make_indirect(pikepdf.Dictionary(Nums=nums, Limits=pikepdf.Array([0, 0])))
            root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Kids=pikepdf.Array([leaf])))
        elif shape == "indirect-nums":
            root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pdf.make_indirect(nums)))
        else:
            root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        if shape != "nokey":
            root.ParentTreeNextKey = 1
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(out, static_id=True)
    return out
