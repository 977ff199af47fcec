// pythonFloatRepr against Python's repr(float): the hand-picked switch points below, and
// data/float_repr.txt (thousands of doubles, written by make_float_vectors.py from Python).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "json/python_float.hpp"

using pith::json::pythonFloatRepr;

TEST(PythonFloatRepr, FixedAndExponentSwitchPoints) {
    // repr switches to exponent form below 1e-4 and from 1e16 on.
    EXPECT_EQ(pythonFloatRepr(1e16), "1e+16");
    EXPECT_EQ(pythonFloatRepr(9999999999999998.0), "9999999999999998.0");
    EXPECT_EQ(pythonFloatRepr(1e15), "1000000000000000.0");
    EXPECT_EQ(pythonFloatRepr(1.5e16), "1.5e+16");
    EXPECT_EQ(pythonFloatRepr(1e-4), "0.0001");
    EXPECT_EQ(pythonFloatRepr(1e-5), "1e-05");
    EXPECT_EQ(pythonFloatRepr(0.00011), "0.00011");
    EXPECT_EQ(pythonFloatRepr(0.000099), "9.9e-05");
    EXPECT_EQ(pythonFloatRepr(1e22), "1e+22");
    EXPECT_EQ(pythonFloatRepr(1e100), "1e+100");
    EXPECT_EQ(pythonFloatRepr(-1e-100), "-1e-100");
    EXPECT_EQ(pythonFloatRepr(123456789012345678.0), "1.2345678901234568e+17");
}

TEST(PythonFloatRepr, ZeroesIntegralsAndShortestDigits) {
    EXPECT_EQ(pythonFloatRepr(0.0), "0.0");
    EXPECT_EQ(pythonFloatRepr(-0.0), "-0.0");
    EXPECT_EQ(pythonFloatRepr(1.0), "1.0");
    EXPECT_EQ(pythonFloatRepr(-100.0), "-100.0");
    EXPECT_EQ(pythonFloatRepr(0.1), "0.1");
    EXPECT_EQ(pythonFloatRepr(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(pythonFloatRepr(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(pythonFloatRepr(2.675), "2.675");
    EXPECT_EQ(pythonFloatRepr(9007199254740993.0), "9007199254740992.0");
}

TEST(PythonFloatRepr, ExtremesAndSubnormals) {
    EXPECT_EQ(pythonFloatRepr(std::numeric_limits<double>::denorm_min()), "5e-324");
    EXPECT_EQ(pythonFloatRepr(-std::numeric_limits<double>::denorm_min()), "-5e-324");
    EXPECT_EQ(pythonFloatRepr(std::numeric_limits<double>::min()), "2.2250738585072014e-308");
    EXPECT_EQ(pythonFloatRepr(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
    EXPECT_EQ(pythonFloatRepr(5e-310), "5e-310");
}

TEST(PythonFloatRepr, MatchesPythonOnThousandsOfDoubles) {
    std::ifstream in(std::string(PITH_SOURCE_DIR) + "/tests/unit/data/float_repr.txt");
    ASSERT_TRUE(in) << "tests/unit/data/float_repr.txt missing";
    std::string line;
    int checked = 0, failed = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string hexBits, expected;
        fields >> hexBits >> expected;
        std::uint64_t bits = std::stoull(hexBits, nullptr, 16);
        double d = std::bit_cast<double>(bits);
        std::string got = pythonFloatRepr(d);
        if (got != expected && ++failed <= 20)
            ADD_FAILURE() << "bits " << hexBits << ": expected " << expected << ", got " << got;
        ++checked;
    }
    EXPECT_GT(checked, 4000);
    EXPECT_EQ(failed, 0) << failed << " of " << checked << " doubles differ from Python's repr";
}
