// Incremental updates (pdf/writer): checked with qpdf --check and read back.
#include <gtest/gtest.h>
