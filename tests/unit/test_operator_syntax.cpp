// Content-stream syntax that viewers read alike: operand counts (ISO 32000-1 Annex A) and numbers
// (7.3.3: a sign, digits and at most one period). What one viewer reads otherwise is a doubt.
#include <gtest/gtest.h>

#include "pdf/content/operator_syntax.hpp"

namespace {

using pith::pdf::OperatorSyntax;

TEST(OperatorSyntax, NumbersAsTheStandardWritesThem) {
    // The forms 7.3.3 lists ("34.5 -3.62 +123.6 4. -.002 0.0"), integers and leading zeros.
    const std::pair<const char*, double> numbers[] = {{"34.5", 34.5},    {"-3.62", -3.62}, {"+123.6", 123.6}, {"4.", 4},
                                                      {"-.002", -0.002}, {"0.0", 0},       {"123", 123},      {"-98", -98},
                                                      {"+17", 17},       {"00012", 12},    {".5", 0.5}};
    for (const auto& [token, value] : numbers) {
        OperatorSyntax s;
        EXPECT_DOUBLE_EQ(s.number(token), value) << token;
        EXPECT_FALSE(s.doubt()) << token;
    }
}

TEST(OperatorSyntax, WhatViewersReadDifferentlyIsADoubt) {
    // An exponent (pdf.js reads one, poppler and MuPDF do not), hexadecimal, two periods, two
    // signs, a sign or period alone, a number longer than 64 characters.
    for (const char* token : {"7.4e2", "1E3", "0x10", "1.2.3", "--5", "+-5", "-", ".", "+", "5-", "inf", "1e"}) {
        OperatorSyntax s;
        EXPECT_EQ(s.number(token), 0) << token;
        ASSERT_TRUE(s.doubt()) << token;
        EXPECT_NE(s.doubt()->find("no PDF number"), std::string::npos) << *s.doubt();
    }
    OperatorSyntax s;
    EXPECT_EQ(s.number(std::string(65, '1')), 0);
    EXPECT_TRUE(s.doubt());
    OperatorSyntax fits;
    EXPECT_GT(fits.number(std::string(64, '1')), 1e63);
    EXPECT_FALSE(fits.doubt());
}

TEST(OperatorSyntax, OperandCounts) {
    OperatorSyntax right;
    right.check("Tm", 6);
    right.check("re", 4);
    right.check("BX", 0);
    right.check("unknownop", 3);  // allowed inside BX/EX
    right.check("EX", 0);
    EXPECT_FALSE(right.doubt());
    OperatorSyntax few;
    few.check("Td", 1);
    ASSERT_TRUE(few.doubt());
    EXPECT_NE(few.doubt()->find("Td 1 operand"), std::string::npos) << *few.doubt();
    OperatorSyntax unknown;
    unknown.check("e2", 0);
    ASSERT_TRUE(unknown.doubt());
    EXPECT_NE(unknown.doubt()->find("unknown operator \"e2\""), std::string::npos) << *unknown.doubt();
}

}  // namespace
