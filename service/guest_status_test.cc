// wasmrt.set_status: its argument checks, and what Execute makes of a
// status (status_guest.wat) on a pooled instance.
#include "service/guest_status.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/test_guest.h"
#include "service/wasi_binding.h"

namespace wasmrt::service {
namespace {

using ::testing::HasSubstr;

TEST(SetGuestStatusTest, RecordsCodeAndMessage) {
  const std::string memory = "..not found..";
  GuestStatus s;
  auto* data = reinterpret_cast<const uint8_t*>(memory.data());
  EXPECT_EQ(SetGuestStatus(&s, 5, 2, 9, data, memory.size()), TrapCode::kNone);
  EXPECT_EQ(s.code, 5);
  EXPECT_EQ(s.message, "not found");
  EXPECT_EQ(s.fault, "");
  // Every code 1..16 is accepted; an empty message may sit at the end.
  EXPECT_EQ(SetGuestStatus(&s, 16, memory.size(), 0, data, memory.size()), TrapCode::kNone);
  EXPECT_EQ(s.code, 16);
  EXPECT_EQ(s.message, "");
  EXPECT_EQ(SetGuestStatus(&s, 1, 0, 0, nullptr, 0), TrapCode::kNone);  // no memory
  EXPECT_EQ(s.code, 1);
}

TEST(SetGuestStatusTest, CodeOutsideOneToSixteenTraps) {
  for (int32_t code : {0, 17, -1, INT32_MIN, INT32_MAX}) {
    GuestStatus s;
    EXPECT_EQ(SetGuestStatus(&s, code, 0, 0, nullptr, 0), TrapCode::kHostError) << code;
    EXPECT_EQ(s.code, 0);
    EXPECT_THAT(s.fault, HasSubstr(absl::StrCat("code ", code, " is not a gRPC error code")));
  }
}

TEST(SetGuestStatusTest, MessageOutsideMemoryTrapsWithoutWrapping) {
  std::vector<uint8_t> memory(100, 'x');
  GuestStatus s;
  EXPECT_EQ(SetGuestStatus(&s, 5, 90, 11, memory.data(), memory.size()),
            TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(s.fault,
            "wasmrt.set_status: message [90, +11) is outside the guest's memory (100 bytes)");
  // ptr + len wraps to 1 in 32 bits: still outside.
  EXPECT_EQ(SetGuestStatus(&s, 5, 0xffffffffu, 2, memory.data(), memory.size()),
            TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(SetGuestStatus(&s, 5, 101, 0, memory.data(), memory.size()),
            TrapCode::kMemoryOutOfBounds);
  EXPECT_EQ(s.code, 0);
}

TEST(SetGuestStatusTest, LongOrInvalidUtf8MessageTraps) {
  std::vector<uint8_t> memory(4096, 'x');
  GuestStatus s;
  EXPECT_EQ(SetGuestStatus(&s, 3, 0, kMaxGuestStatusMessage, memory.data(), memory.size()),
            TrapCode::kNone);
  EXPECT_EQ(s.message.size(), kMaxGuestStatusMessage);
  EXPECT_EQ(SetGuestStatus(&s, 3, 0, kMaxGuestStatusMessage + 1, memory.data(), memory.size()),
            TrapCode::kHostError);
  EXPECT_EQ(s.fault, "wasmrt.set_status: message of 1025 bytes is above the cap 1024");
  memory[10] = 0xff;
  EXPECT_EQ(SetGuestStatus(&s, 3, 0, 20, memory.data(), memory.size()), TrapCode::kHostError);
  EXPECT_EQ(s.fault, "wasmrt.set_status: message is not valid UTF-8");
  EXPECT_EQ(s.code, 3);  // the earlier status stays
  EXPECT_EQ(s.message.size(), kMaxGuestStatusMessage);
}

TEST(IsValidUtf8Test, AcceptsWellFormedAndRejectsTheRest) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("K\xc3\xa4se"));               // U+00E4
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac"));              // U+20AC
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x99\x82"));          // U+1F642
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));      // NUL is a code point
  EXPECT_FALSE(IsValidUtf8("\x80"));                     // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xc3"));                     // truncated
  EXPECT_FALSE(IsValidUtf8("\xc3("));                    // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                 // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));             // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));             // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));         // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf8\x88\x80\x80\x80"));     // 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(CheckServiceImportsTest, AcceptsSetStatusOnly) {
  EXPECT_TRUE(IsGuestStatusImport("wasmrt", "set_status"));
  EXPECT_FALSE(IsGuestStatusImport("wasmrt", "set_output"));
  EXPECT_FALSE(IsGuestStatusImport("env", "set_status"));
}

// ---- Execute with status_guest.wat ----------------------------------------

std::shared_ptr<const StoredModule> StatusGuest() {
  auto m = LoadTestGuest("status_guest");
  if (m->compiled != nullptr) {
    EXPECT_TRUE(CheckServiceImports(*m->compiled).ok());
  }
  return m;
}

class GuestStatusExecuteTest : public PooledGuestTest {
 protected:
  GuestStatusExecuteTest() : PooledGuestTest(StatusGuest()) {}

  v1::InvokeResponse Run(const std::string& function, bool payload = true) {
    v1::InvokeRequest r;
    r.set_module("test:status_guest");
    r.set_function(function);
    if (payload) {
      r.mutable_payload()->set_type_url("type.googleapis.com/shapes.v1.AreaRequest");
      r.mutable_payload()->set_value("request bytes");
    } else {
      r.mutable_args();
    }
    auto response = Call(r);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::InvokeResponse();
  }
};

TEST_F(GuestStatusExecuteTest, StatusReplacesThePayloadOutput) {
  v1::InvokeResponse r = Run("shapes.v1.Probe/Missing");
  ASSERT_TRUE(r.has_application_error()) << r.DebugString();
  EXPECT_EQ(r.application_error().code(), 5);
  EXPECT_EQ(r.application_error().message(), "no such shape");
  EXPECT_GT(r.stats().fuel_used(), 0);
  // The next call on the same instance starts without a status.
  r = Run("shapes.v1.Probe/Echo");
  ASSERT_TRUE(r.has_output()) << r.DebugString();
  EXPECT_EQ(r.output().value(), "request bytes");
}

TEST_F(GuestStatusExecuteTest, StatusReplacesTypedResults) {
  v1::InvokeResponse r = Run("missing_typed", /*payload=*/false);
  ASSERT_TRUE(r.has_application_error()) << r.DebugString();
  EXPECT_EQ(r.application_error().code(), 5);
  EXPECT_EQ(r.application_error().message(), "no such shape");
}

TEST_F(GuestStatusExecuteTest, TheLastStatusWins) {
  v1::InvokeResponse r = Run("shapes.v1.Probe/Twice");
  ASSERT_TRUE(r.has_application_error()) << r.DebugString();
  EXPECT_EQ(r.application_error().code(), 9);
  EXPECT_EQ(r.application_error().message(), "second");
}

TEST_F(GuestStatusExecuteTest, ATrapAfterTheStatusWins) {
  v1::InvokeResponse r = Run("shapes.v1.Probe/ThenTrap");
  ASSERT_TRUE(r.has_trap()) << r.DebugString();
  EXPECT_EQ(r.trap().kind(), v1::Trap::UNREACHABLE);
  EXPECT_EQ(r.trap().message(), "unreachable");
}

TEST_F(GuestStatusExecuteTest, BadArgumentsTrapWithTheReason) {
  struct Case {
    const char* function;
    v1::Trap::Kind kind;
    const char* message;
  };
  for (const Case& c : {
           Case{"shapes.v1.Probe/BadCode", v1::Trap::HOST_ERROR,
                "wasmrt.set_status: code 0 is not a gRPC error code"},
           Case{"shapes.v1.Probe/CodeHigh", v1::Trap::HOST_ERROR,
                "wasmrt.set_status: code 17 is not a gRPC error code"},
           Case{"shapes.v1.Probe/Outside", v1::Trap::MEMORY_OUT_OF_BOUNDS,
                "wasmrt.set_status: message [65530, +100) is outside the guest's memory "
                "(65536 bytes)"},
           Case{"shapes.v1.Probe/TooLong", v1::Trap::HOST_ERROR,
                "wasmrt.set_status: message of 1025 bytes is above the cap 1024"},
           Case{"shapes.v1.Probe/BadUtf8", v1::Trap::HOST_ERROR,
                "wasmrt.set_status: message is not valid UTF-8"},
       }) {
    v1::InvokeResponse r = Run(c.function);
    ASSERT_TRUE(r.has_trap()) << c.function << ": " << r.DebugString();
    EXPECT_EQ(r.trap().kind(), c.kind) << c.function;
    EXPECT_THAT(r.trap().message(), HasSubstr(c.message)) << c.function;
  }
}

}  // namespace
}  // namespace wasmrt::service
