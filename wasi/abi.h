// wasi_snapshot_preview1 constants and struct layouts (witx, little endian,
// wasm32). Offsets are the spec's C ABI: natural alignment.
#ifndef WASMRT_WASI_ABI_H_
#define WASMRT_WASI_ABI_H_

#include <cstdint>

namespace wasmrt::wasi {

using Rights = uint64_t;

namespace rights {
inline constexpr Rights kFdDatasync = 1ull << 0;
inline constexpr Rights kFdRead = 1ull << 1;
inline constexpr Rights kFdSeek = 1ull << 2;
inline constexpr Rights kFdFdstatSetFlags = 1ull << 3;
inline constexpr Rights kFdSync = 1ull << 4;
inline constexpr Rights kFdTell = 1ull << 5;
inline constexpr Rights kFdWrite = 1ull << 6;
inline constexpr Rights kFdAdvise = 1ull << 7;
inline constexpr Rights kFdAllocate = 1ull << 8;
inline constexpr Rights kPathCreateDirectory = 1ull << 9;
inline constexpr Rights kPathCreateFile = 1ull << 10;
inline constexpr Rights kPathLinkSource = 1ull << 11;
inline constexpr Rights kPathLinkTarget = 1ull << 12;
inline constexpr Rights kPathOpen = 1ull << 13;
inline constexpr Rights kFdReaddir = 1ull << 14;
inline constexpr Rights kPathReadlink = 1ull << 15;
inline constexpr Rights kPathRenameSource = 1ull << 16;
inline constexpr Rights kPathRenameTarget = 1ull << 17;
inline constexpr Rights kPathFilestatGet = 1ull << 18;
inline constexpr Rights kPathFilestatSetSize = 1ull << 19;
inline constexpr Rights kPathFilestatSetTimes = 1ull << 20;
inline constexpr Rights kFdFilestatGet = 1ull << 21;
inline constexpr Rights kFdFilestatSetSize = 1ull << 22;
inline constexpr Rights kFdFilestatSetTimes = 1ull << 23;
inline constexpr Rights kPathSymlink = 1ull << 24;
inline constexpr Rights kPathRemoveDirectory = 1ull << 25;
inline constexpr Rights kPathUnlinkFile = 1ull << 26;
inline constexpr Rights kPollFdReadwrite = 1ull << 27;
inline constexpr Rights kSockShutdown = 1ull << 28;
inline constexpr Rights kSockAccept = 1ull << 29;
inline constexpr Rights kAll = (1ull << 30) - 1;

// What a regular file, a directory and a stream (stdio, socket) support.
inline constexpr Rights kFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync |
                                kFdTell | kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                                kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
inline constexpr Rights kDirectory =
    kFdDatasync | kFdFdstatSetFlags | kFdSync | kPathCreateDirectory | kPathCreateFile |
    kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink |
    kPathRenameSource | kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize |
    kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
    kPathRemoveDirectory | kPathUnlinkFile | kPollFdReadwrite;
inline constexpr Rights kStream = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet |
                                  kPollFdReadwrite | kSockShutdown | kSockAccept;
// Rights that modify the file system: removed from read-only preopens.
inline constexpr Rights kMutating =
    kFdDatasync | kFdWrite | kFdAllocate | kFdFilestatSetSize | kFdFilestatSetTimes |
    kPathCreateDirectory | kPathCreateFile | kPathLinkSource | kPathLinkTarget |
    kPathRenameSource | kPathRenameTarget | kPathFilestatSetSize | kPathFilestatSetTimes |
    kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
}  // namespace rights

enum Filetype : uint8_t {
  kFiletypeUnknown = 0,
  kFiletypeBlockDevice = 1,
  kFiletypeCharacterDevice = 2,
  kFiletypeDirectory = 3,
  kFiletypeRegularFile = 4,
  kFiletypeSocketDgram = 5,
  kFiletypeSocketStream = 6,
  kFiletypeSymbolicLink = 7,
};

// fdflags
inline constexpr uint16_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4,
                          kFdflagRsync = 8, kFdflagSync = 16;
// oflags
inline constexpr uint16_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
// lookupflags
inline constexpr uint32_t kLookupSymlinkFollow = 1;
// fstflags
inline constexpr uint16_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
// whence
inline constexpr uint8_t kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2;
// clockid
inline constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2,
                          kClockThreadCputime = 3;
// eventtype
inline constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
inline constexpr uint16_t kSubclockAbstime = 1;
inline constexpr uint16_t kEventFdReadwriteHangup = 1;
// sdflags
inline constexpr uint8_t kSdflagRd = 1, kSdflagWr = 2;

// Struct sizes and field offsets.
inline constexpr uint32_t kIovecSize = 8;         // buf u32 @0, buf_len u32 @4
inline constexpr uint32_t kFdstatSize = 24;       // filetype u8 @0, flags u16 @2, base u64 @8, inh u64 @16
inline constexpr uint32_t kFilestatSize = 64;     // dev @0 ino @8 filetype u8 @16 nlink @24 size @32 atim @40 mtim @48 ctim @56
inline constexpr uint32_t kDirentSize = 24;       // d_next @0 d_ino @8 d_namlen u32 @16 d_type u8 @20
inline constexpr uint32_t kPrestatSize = 8;       // tag u8 @0, name_len u32 @4
inline constexpr uint32_t kSubscriptionSize = 48; // userdata @0, tag u8 @8, clock{id u32 @16, timeout @24, precision @32, flags u16 @40} | fd u32 @16
inline constexpr uint32_t kEventSize = 32;        // userdata @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24

}  // namespace wasmrt::wasi

#endif  // WASMRT_WASI_ABI_H_
