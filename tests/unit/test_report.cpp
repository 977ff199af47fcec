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
    EXPECT_EQ(exitCodeFor(Verdict::Verified), pith::kExitOk);
    EXPECT_EQ(exitCodeFor(Verdict::Failed), pith::kExitCheckFailed);
    EXPECT_EQ(exitCodeFor(Verdict::Unverifiable), pith::kExitCheckFailed);
    EXPECT_EQ(exitCodeFor(Verdict::NoPithData), pith::kExitNoPithData);
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
}
