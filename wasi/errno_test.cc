#include "wasi/errno.h"

#include <cerrno>

#include "gtest/gtest.h"

namespace wasmrt::wasi {
namespace {

// The values are ABI: they must equal wasi_snapshot_preview1's witx.
TEST(Errno, ValuesAreThePreview1Ones) {
  EXPECT_EQ(int(Errno::kSuccess), 0);
  EXPECT_EQ(int(Errno::k2big), 1);
  EXPECT_EQ(int(Errno::kAcces), 2);
  EXPECT_EQ(int(Errno::kAgain), 6);
  EXPECT_EQ(int(Errno::kBadf), 8);
  EXPECT_EQ(int(Errno::kExist), 20);
  EXPECT_EQ(int(Errno::kFault), 21);
  EXPECT_EQ(int(Errno::kInval), 28);
  EXPECT_EQ(int(Errno::kIo), 29);
  EXPECT_EQ(int(Errno::kIsdir), 31);
  EXPECT_EQ(int(Errno::kLoop), 32);
  EXPECT_EQ(int(Errno::kNametoolong), 37);
  EXPECT_EQ(int(Errno::kNoent), 44);
  EXPECT_EQ(int(Errno::kNosys), 52);
  EXPECT_EQ(int(Errno::kNotdir), 54);
  EXPECT_EQ(int(Errno::kNotempty), 55);
  EXPECT_EQ(int(Errno::kNotsock), 57);
  EXPECT_EQ(int(Errno::kNotsup), 58);
  EXPECT_EQ(int(Errno::kPerm), 63);
  EXPECT_EQ(int(Errno::kRange), 68);
  EXPECT_EQ(int(Errno::kSpipe), 70);
  EXPECT_EQ(int(Errno::kXdev), 75);
  EXPECT_EQ(int(Errno::kNotcapable), 76);
}

TEST(Errno, MapsHostErrno) {
  EXPECT_EQ(ErrnoFromHost(0), Errno::kSuccess);
  EXPECT_EQ(ErrnoFromHost(ENOENT), Errno::kNoent);
  EXPECT_EQ(ErrnoFromHost(EBADF), Errno::kBadf);
  EXPECT_EQ(ErrnoFromHost(ELOOP), Errno::kLoop);
  EXPECT_EQ(ErrnoFromHost(ENOTDIR), Errno::kNotdir);
  EXPECT_EQ(ErrnoFromHost(ENOTEMPTY), Errno::kNotempty);
  EXPECT_EQ(ErrnoFromHost(EWOULDBLOCK), Errno::kAgain);
  EXPECT_EQ(ErrnoFromHost(ENOTSUP), Errno::kNotsup);
  EXPECT_EQ(ErrnoFromHost(EXDEV), Errno::kXdev);
  EXPECT_EQ(ErrnoFromHost(ENOTBLK), Errno::kIo);  // no preview1 equivalent
  EXPECT_EQ(ErrnoFromHost(-1), Errno::kIo);
}

TEST(Errno, Names) {
  EXPECT_STREQ(ErrnoName(Errno::kNotcapable), "Notcapable");
  EXPECT_STREQ(ErrnoName(Errno::kBadf), "Badf");
}

}  // namespace
}  // namespace wasmrt::wasi
