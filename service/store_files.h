// The module store's files: atomic writes, stale temp files, name files.
#ifndef WASMRT_SERVICE_STORE_FILES_H_
#define WASMRT_SERVICE_STORE_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace wasmrt::service {

// The whole file, or NotFound "cannot read PATH" (for the operator: the
// path is the server's).
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Writes `data` to `path` (in directory `dir`) so that a crash leaves either
// the old file or the complete new one: temp file "<path>.tmp.XXXXXX",
// fsync, rename, fsync of the directory. With `replace` false an existing
// `path` is kept and AlreadyExists returned. Errors are logged with the
// path; the returned status names no path (clients see it).
absl::Status WriteFileAtomically(const std::string& dir, const std::string& path,
                                 absl::string_view data, bool replace = true);

// The entries of `dir` ("." and ".." excluded), sorted; empty if unreadable.
std::vector<std::string> ListDir(const std::string& dir);

// Whether `file` (a name in modules/ or names/) is a temp file of
// WriteFileAtomically: never a complete module or name.
bool IsTempFile(const std::string& file);

// Deletes the temp files in `dir` last modified before `cutoff`. Returns
// how many were deleted.
int RemoveTempFilesOlderThan(const std::string& dir, absl::Time cutoff);

// A name's file in names/: "<sha256 hex of the name>.name", 69 characters
// whatever the name's length. It holds "<id>\n<name>\n".
std::string NameFileName(const std::string& name);
std::string NameFileContents(const std::string& id, const std::string& name);

struct NameEntry {
  std::string name;
  std::string id;
};

// Parses the contents of name file `file`: InvalidArgument unless they are
// a well-formed id and a valid name that hashes to `file`.
absl::StatusOr<NameEntry> ParseNameFile(const std::string& file, const std::string& contents);

// Whether `file` has the first format of names/: the hex of the name as the
// file name, the id as the contents (names up to 122 characters fit).
bool IsLegacyNameFile(const std::string& file);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_STORE_FILES_H_
