// report::Report: verdict from the checks, names, exit codes and the JSON shape.
#include <gtest/gtest.h>

#include "json/canonical.hpp"
#include "report/report.hpp"
#include "exit_codes.hpp"

using namespace pith::report;

TEST(Report, VerdictFromChecks) {
    Report r;
    r.add("a", "A", CheckStatus::Pass, "ok");
    r.add("b", "B", CheckStatus::NotApplicable, "no receipt");
    EXPECT_EQ(r.verdictFromChecks(), Verdict::Verified);
    r.add("c", "C", CheckStatus::Unverifiable, "unknown key");
    EXPECT_EQ(r.verdictFromChecks(), Verdict::Unverifiable);
    r.add("d", "D", CheckStatus::Fail, "mismatch");
    EXPECT_EQ(r.verdictFromChecks(), Verdict::Failed);
    ASSERT_NE(r.find("c"), nullptr);
    EXPECT_EQ(r.find("c")->reason, "unknown key");
    EXPECT_EQ(r.find("zz"), nullptr);
}

TEST(Report, NamesAndExitCodes) {
    EXPECT_STREQ(statusName(CheckStatus::Pass), "pass");
    EXPECT_STREQ(statusName(CheckStatus::Fail), "fail");
    EXPECT_STREQ(statusName(CheckStatus::NotApplicable), "n/a");
    EXPECT_STREQ(statusName(CheckStatus::Unverifiable), "unverifiable");
    EXPECT_STREQ(verdictName(Verdict::Verified), "VERIFIED");
    EXPECT_STREQ(verdictName(Verdict::Failed), "FAILED");
    EXPECT_STREQ(verdictName(Verdict::Unverifiable), "UNVERIFIABLE");
    EXPECT_STREQ(verdictName(Verdict::Modified), "MODIFIED");
    EXPECT_STREQ(verdictName(Verdict::NoPithData), "NO-PITH-DATA");
    // The documented exit codes, as numbers (the contract scripts rely on), not just the enum names:
    // 0 VERIFIED, 1 FAILED or MODIFIED, 4 NO-PITH-DATA, 6 UNVERIFIABLE (its own code, not 1).
    EXPECT_EQ(exitCodeFor(Verdict::Verified), 0);
    EXPECT_EQ(exitCodeFor(Verdict::Failed), 1);
    EXPECT_EQ(exitCodeFor(Verdict::Modified), 1);
    EXPECT_EQ(exitCodeFor(Verdict::NoPithData), 4);
    EXPECT_EQ(exitCodeFor(Verdict::Unverifiable), 6);
    EXPECT_EQ(exitCodeFor(Verdict::Verified), pith::kExitOk);
    EXPECT_EQ(exitCodeFor(Verdict::Failed), pith::kExitCheckFailed);
    EXPECT_EQ(exitCodeFor(Verdict::Modified), pith::kExitCheckFailed);
    EXPECT_EQ(exitCodeFor(Verdict::Unverifiable), pith::kExitUnverifiable);
    EXPECT_EQ(exitCodeFor(Verdict::NoPithData), pith::kExitNoPithData);
    EXPECT_EQ(pith::kExitUsage, 2);
    EXPECT_EQ(pith::kExitBadInput, 3);
    EXPECT_EQ(pith::kExitOutputFailed, 5);
}

TEST(Report, JsonShape) {
    Report r;
    r.subject = "x.json";
    r.add("pith.recordHash.match", "Record hash", CheckStatus::Fail, "differs");
    r.verdict = r.verdictFromChecks();
    pith::json::Value j = toJson(r);
    ASSERT_NE(j.find("schema"), nullptr);
    EXPECT_EQ(j.find("schema")->asString(), "pith.report/1");
    EXPECT_EQ(j.find("subject")->asString(), "x.json");
    EXPECT_EQ(j.find("verdict")->asString(), "FAILED");
    const auto& checks = j.find("checks")->asArray();
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].find("id")->asString(), "pith.recordHash.match");
    EXPECT_EQ(checks[0].find("status")->asString(), "fail");
    EXPECT_EQ(checks[0].find("reason")->asString(), "differs");
    std::string text = toText(r);
    EXPECT_NE(text.find("FAILED"), std::string::npos);
    EXPECT_NE(text.find("differs"), std::string::npos);
    EXPECT_EQ(j.find("proves"), nullptr);  // absent when not set

    // "proves" / "does_not_prove": in the JSON, and in the text right after the verdict line.
    r.proves = "nothing-PROVES";
    r.doesNotProve = "everything-DOES-NOT";
    j = toJson(r);
    ASSERT_NE(j.find("proves"), nullptr);
    EXPECT_EQ(j.find("proves")->asString(), "nothing-PROVES");
    ASSERT_NE(j.find("does_not_prove"), nullptr);
    EXPECT_EQ(j.find("does_not_prove")->asString(), "everything-DOES-NOT");
    text = toText(r);
    const size_t verdictEnd = text.find('\n');
    const size_t proves = text.find("nothing-PROVES");
    const size_t doesNot = text.find("everything-DOES-NOT");
    const size_t firstCheck = text.find("differs");
    ASSERT_NE(proves, std::string::npos);
    ASSERT_NE(doesNot, std::string::npos);
    EXPECT_LT(verdictEnd, proves);
    EXPECT_LT(proves, doesNot);
    EXPECT_LT(doesNot, firstCheck);
}
