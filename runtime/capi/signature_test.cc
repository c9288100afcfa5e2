#include "runtime/capi/signature.h"

#include "gtest/gtest.h"

namespace wasmrt::capi {
namespace {

FuncType Type(std::vector<ValType> params, std::vector<ValType> results) {
  return FuncType{std::move(params), std::move(results)};
}

TEST(SignatureTest, ParsesTheGuidesSignatures) {
  auto a = ParseSignature("(*)i");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->params, "*");
  EXPECT_EQ(a->result, 'i');
  auto b = ParseSignature("(iiii*)");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->params, "iiii*");
  EXPECT_EQ(b->result, '\0');
  EXPECT_EQ(SignatureText(*b), "(iiii*)");
}

TEST(SignatureTest, RejectsMalformedText) {
  EXPECT_EQ(ParseSignature("ii)i").status().message(),
            "malformed native signature \"ii)i\" at 0: expected '('");
  EXPECT_EQ(ParseSignature("(ix)i").status().message(),
            "malformed native signature \"(ix)i\" at 2: unknown parameter type");
  EXPECT_EQ(ParseSignature("(i~)").status().message(),
            "malformed native signature \"(i~)\" at 2: '~' must follow '*'");
  EXPECT_EQ(ParseSignature("(i").status().message(),
            "malformed native signature \"(i\" at 2: expected ')'");
  EXPECT_EQ(ParseSignature("(i)*").status().message(),
            "malformed native signature \"(i)*\" at 3: unknown result type");
  EXPECT_EQ(ParseSignature("(i)ii").status().message(),
            "malformed native signature \"(i)ii\" at 4: trailing characters");
}

TEST(SignatureTest, MatchesWasmTypes) {
  auto sig = ParseSignature("(*~$iIfF)F");
  ASSERT_TRUE(sig.ok());
  using enum ValType;
  EXPECT_TRUE(SignatureMatches(*sig, Type({kI32, kI32, kI32, kI32, kI64, kF32, kF64}, {kF64})));
  EXPECT_FALSE(SignatureMatches(*sig, Type({kI32, kI32, kI32, kI32, kI64, kF32, kF64}, {})));
  EXPECT_FALSE(SignatureMatches(*sig, Type({kI32, kI32, kI32, kI32, kI32, kF32, kF64}, {kF64})));
  EXPECT_FALSE(SignatureMatches(*sig, Type({kI32}, {kF64})));
}

TEST(SignatureTest, DerivesFromATypeWithoutPointers) {
  using enum ValType;
  auto sig = SignatureOfType(Type({kI32, kI64, kF32, kF64}, {kI64}));
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(SignatureText(*sig), "(iIfF)I");
  EXPECT_FALSE(SignatureOfType(Type({kV128}, {})).ok());
  EXPECT_FALSE(SignatureOfType(Type({}, {kI32, kI32})).ok());
}

}  // namespace
}  // namespace wasmrt::capi
