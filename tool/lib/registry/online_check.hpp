#pragma once
// `pith verify --online`: does the registry's current record for the PDF's number have the same
// canonical hash as the record the PDF carries?
#include <optional>
#include <string>

#include "crypto/keyring.hpp"
#include "registry/registry_client.hpp"
#include "report/report.hpp"

namespace pith::registry {

inline constexpr const char* kRegistryMatchCheck = "pith.registry.match";

// Adds the pith.registry.match check to a `pith verify` report and updates its verdict: a registry
// answer that differs, is forged or missing fails the check (verdict FAILED); a registry that
// cannot be reached makes it unverifiable (VERIFIED becomes UNVERIFIABLE). A report without Pith
// data, or without a number derived from a valid record, gets the check as n/a.
// number: pith:YYYY:SUFFIX26 as derived from the PDF's record; sha256: its canonical hash.
void addRegistryCheck(report::Report& report, const std::optional<std::string>& number, const std::optional<std::string>& sha256,
                      const RegistryOptions& options, const crypto::Keyring& keyring);

}  // namespace pith::registry
