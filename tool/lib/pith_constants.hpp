#pragma once
// The names and addresses the format fixes (docs/FORMAT.md), defined once: the stamp writes them
// and verify looks for them, so the two cannot drift apart.
namespace pith {

inline constexpr const char* kRegistryHost = "pith.science";
inline constexpr const char* kRegistryBaseUrl = "https://pith.science";
inline constexpr const char* kRecordPageBase = "https://pith.science/pith/";        // + the 26-character suffix
inline constexpr const char* kAttachmentName = "pith-record.json";                  // the record as an associated file
inline constexpr const char* kPithNamespace = "https://pith.science/ns/pith/1.0/";  // XMP properties

}  // namespace pith
