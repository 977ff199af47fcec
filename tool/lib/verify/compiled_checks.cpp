// A PDF made by the LaTeX package is one revision as a TeX engine writes it: one cross-reference
// section, one startxref, nothing after %%EOF. Anything else was added after compiling.
#include <cstring>

#include "verify/context.hpp"

namespace pith::verify {

using report::CheckStatus;

namespace {

size_t countOf(std::string_view haystack, std::string_view needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + needle.size())) ++n;
    return n;
}

// A linearized file (a rewrite: TeX engines do not linearize) has a first-page xref section too.
bool linearized(std::string_view file) {
    std::string_view head = file.substr(0, std::min<size_t>(file.size(), 2048));
    size_t obj = head.find(" obj");
    return obj != std::string_view::npos && head.substr(obj, 200).find("/Linearized") != std::string_view::npos;
}

}  // namespace

void checkCompiled(Context& c) {
    c.required.insert(kLaterRevisionsCheck);
    c.rep.add(
        kBindingCheck, "Stamped bytes", CheckStatus::NotApplicable,
        "made by the LaTeX package: no binding (a whole-file rewrite after compiling cannot be detected; pith seal adds one)");
    const std::string_view file = c.reader.bytes();
    const auto& revs = c.reader.revisions();
    const pdf::Revision& compiled = revs.front();
    c.found.pithRevisionEnd = compiled.endOffset;
    std::vector<std::string> merged;
    const size_t sections = countOf(file, "startxref");
    const bool lin = linearized(file);
    if (sections > (lin ? 2u : 1u))
        merged.push_back(std::to_string(sections) + " \"startxref\" in the file where a compiler writes " +
                         (lin ? "two" : "one"));
    if (revs.size() == 1 && compiled.trailer.has("Prev") && !lin)
        merged.push_back("the cross-reference section chains (/Prev) to another one: an update merged into the compiled file");
    if (revs.size() == 1 && !merged.empty()) {
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::Fail,
                  "the file is not one revision as compiled: " + joined(merged));
        return;
    }
    checkNothingAfter(c, compiled.endOffset, "the compiled revision");
}

}  // namespace pith::verify
