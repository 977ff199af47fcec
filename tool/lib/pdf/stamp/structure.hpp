#pragma once
// The stamp's link in a tagged PDF's structure tree (ISO 32000-1 14.7.4.4, PDF/UA): a /Link
// structure element holding an object reference to the annotation, a kid of the document-level
// element, reached from the annotation through /StructParent and the /ParentTree (docs/FORMAT.md,
// "Tagged PDF").
#include <optional>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"
#include "pdf/writer/incremental_update.hpp"

namespace pith::pdf::stamp {

// What the stamp changes in the structure tree, found before anything is written. Every object it
// rewrites is an indirect object of the original, so the update replaces it whole.
struct StructurePlan {
    Ref treeRoot;               // the StructTreeRoot, which gets /ParentTreeNextKey key + 1
    Ref parent;                 // the document-level element the /Link element is appended to
    std::int64_t key = 0;       // the annotation's /StructParent
    std::vector<Ref> treePath;  // the /ParentTree nodes from its root to the leaf given the key
};

// Whether the document is tagged (/MarkInfo /Marked true and a /StructTreeRoot). nullopt when it
// is not, or when its tree has a shape the stamp does not edit; then `why` says why, when the
// document is tagged (the stamp warns and leaves the tree alone).
std::optional<StructurePlan> planStructure(const PdfReader& in, size_t pageIndex, std::string& why);

// Adds the /Link element (a new object, numbered after every other new one) and rewrites the
// tree's objects; the annotation carries /StructParent plan.key.
void tagLink(const PdfReader& in, IncrementalUpdate& upd, const StructurePlan& plan, Ref link, Ref page, const std::string& alt);

}  // namespace pith::pdf::stamp
