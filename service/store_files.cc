#include "service/store_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/log.h"
#include "service/module_keys.h"
#include "service/sha256.h"

namespace wasmrt::service {
namespace {

// Logs `what path: error` for the operator and returns a status without
// the path: it may reach a client, who must not learn the server's layout.
absl::Status FileError(const std::string& what, const std::string& path) {
  const char* error = std::strerror(errno);
  Log(LogLevel::kError, absl::StrCat("module store: ", what, " ", path, ": ", error));
  return absl::InternalError(absl::StrCat("cannot write to the module store: ", error));
}

// False with errno set on failure.
bool WriteAll(int fd, absl::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += size_t(n);
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

absl::Status WriteFileAtomically(const std::string& dir, const std::string& path,
                                 absl::string_view data, bool replace) {
  // A unique temp name: replicas sharing the directory (each may be PID 1
  // in its container) never write the same temp file.
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return FileError("create", tmp);
  fchmod(fd, 0644);
  if (!WriteAll(fd, data) || fsync(fd) != 0) {
    absl::Status s = FileError("write", tmp);
    close(fd);
    unlink(tmp.c_str());
    return s;
  }
  close(fd);
  // link() instead of rename() fails rather than replace an existing file.
  if (replace ? rename(tmp.c_str(), path.c_str()) != 0 : link(tmp.c_str(), path.c_str()) != 0) {
    bool exists = !replace && errno == EEXIST;
    absl::Status s = exists ? absl::AlreadyExistsError("exists") : FileError("rename", tmp);
    unlink(tmp.c_str());
    return s;
  }
  if (!replace) unlink(tmp.c_str());
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return absl::OkStatus();
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back(n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

bool IsTempFile(const std::string& file) { return absl::StrContains(file, ".tmp."); }

int RemoveTempFilesOlderThan(const std::string& dir, absl::Time cutoff) {
  int removed = 0;
  for (const std::string& file : ListDir(dir)) {
    if (!IsTempFile(file)) continue;
    std::string path = absl::StrCat(dir, "/", file);
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;  // renamed or removed meanwhile
    if (absl::TimeFromTimespec(st.st_mtim) >= cutoff) continue;
    if (unlink(path.c_str()) == 0) {
      ++removed;
      Log(LogLevel::kInfo, absl::StrCat("module store: removed stale temp file ", path));
    }
  }
  return removed;
}

std::string NameFileName(const std::string& name) {
  return absl::StrCat(ContentDigest(name).substr(7), ".name");  // strip "sha256:"
}

std::string NameFileContents(const std::string& id, const std::string& name) {
  return absl::StrCat(id, "\n", name, "\n");
}

absl::StatusOr<NameEntry> ParseNameFile(const std::string& file, const std::string& contents) {
  size_t first = contents.find('\n');
  if (first == std::string::npos || contents.empty() || contents.back() != '\n') {
    return absl::InvalidArgumentError("not a name file");
  }
  NameEntry e{contents.substr(first + 1, contents.size() - first - 2), contents.substr(0, first)};
  if (!IsWellFormedId(e.id) || !IsValidModuleName(e.name) || NameFileName(e.name) != file) {
    return absl::InvalidArgumentError("not a name file");
  }
  return e;
}

bool IsLegacyNameFile(const std::string& file) {
  return !file.empty() && file.size() % 2 == 0 &&
         file.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace wasmrt::service
