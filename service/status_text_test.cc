#include "service/status_text.h"

#include "gtest/gtest.h"

namespace wasmrt::service {
namespace {

TEST(QuoteTest, ShortStringsAreQuotedWhole) {
  EXPECT_EQ(Quote("greet:v2"), "\"greet:v2\"");
  EXPECT_EQ(Quote(""), "\"\"");
}

TEST(QuoteTest, LongStringsKeepAPrefixAndTheirSize) {
  std::string q = Quote(std::string(16384, 'a'));
  EXPECT_EQ(q, "\"" + std::string(kQuotedPrefix, 'a') + "\"... (16384 bytes)");
  // Exactly at the limit nothing is cut.
  EXPECT_EQ(Quote(std::string(kQuotedPrefix, 'b')), "\"" + std::string(kQuotedPrefix, 'b') + "\"");
}

TEST(QuoteTest, ControlAndNonAsciiBytesAreEscaped) {
  EXPECT_EQ(Quote(std::string("a\"b\n\xff", 5)), "\"a\\\"b\\n\\xff\"");
}

TEST(CapMessageTest, ShortMessagesAreUnchanged) {
  std::string m(kMaxStatusMessage, 'x');
  EXPECT_EQ(CapMessage(m), m);
}

TEST(CapMessageTest, LongMessagesAreCutWithoutSplittingACharacter) {
  std::string m = std::string(kMaxStatusMessage - 4, 'x') + "\xc3\xa9\xc3\xa9\xc3\xa9";  // "ééé"
  std::string capped = CapMessage(m);
  EXPECT_LE(capped.size(), kMaxStatusMessage);
  // kMaxStatusMessage - 3 bytes would end inside the first "é": it is dropped whole.
  EXPECT_EQ(capped, std::string(kMaxStatusMessage - 4, 'x') + "...");
}

}  // namespace
}  // namespace wasmrt::service
