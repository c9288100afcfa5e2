#include "service/module_repository.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/log.h"
#include "service/module_keys.h"

namespace wasmrt::service {
namespace {

// At start only: the operator reads this, with the path.
absl::Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return absl::InternalError(absl::StrCat("mkdir ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ModuleRepository>> ModuleRepository::Open(
    const std::string& dir, ModuleRepositoryOptions options) {
  std::unique_ptr<ModuleRepository> repo(new ModuleRepository(dir, std::move(options)));
  for (const std::string& d : {dir, dir + "/modules", dir + "/names"}) {
    absl::Status s = MakeDir(d);
    if (!s.ok()) return s;
  }
  repo->RemoveStaleTempFiles();
  repo->MigrateLegacyNames();
  return repo;
}

void ModuleRepository::RemoveStaleTempFiles() const {
  // A temp file is never a complete module or name: the writer renames it
  // when done, so one left behind belongs to a writer that was killed. But
  // replicas share the directory and another one may be writing it right
  // now, so only old ones go: a writer receives the whole upload before it
  // creates its temp file, then writes, fsyncs and renames it at once, and
  // every write moves the mtime; ten minutes without a write is far beyond
  // a live writer (and beyond clock skew between a replica and a shared
  // file system's server).
  absl::Time cutoff = options_.now() - options_.stale_temp_age;
  for (const char* sub : {"/modules", "/names"}) {
    RemoveTempFilesOlderThan(dir_ + sub, cutoff);
  }
}

void ModuleRepository::MigrateLegacyNames() const {
  // Names used to be files named by the hex of the name, which does not fit
  // a file name above 122 characters. Each is rewritten in the current
  // format, unless a current file exists (it is newer: another replica
  // wrote it), then removed. Concurrent replicas doing the same write the
  // same contents; link() never replaces a newer file.
  for (const std::string& file : ListDir(dir_ + "/names")) {
    if (!IsLegacyNameFile(file)) continue;
    std::string name = absl::HexStringToBytes(file);
    std::string legacy = absl::StrCat(dir_, "/names/", file);
    auto id = ReadFile(legacy);
    if (IsValidModuleName(name) && id.ok() && IsWellFormedId(*id)) {
      absl::Status s = WriteFileAtomically(dir_ + "/names", NamePath(name),
                                           NameFileContents(*id, name), /*replace=*/false);
      if (!s.ok() && !absl::IsAlreadyExists(s)) continue;  // logged; kept for next time
    }
    unlink(legacy.c_str());
  }
}

std::string ModuleRepository::ModulePath(const std::string& id) const {
  return absl::StrCat(dir_, "/modules/", id.substr(7), ".wasm");  // strip "sha256:"
}

std::string ModuleRepository::NamePath(const std::string& name) const {
  // A digest keeps any allowed name ('/' and ':' included, 128 characters)
  // a single safe file name of fixed length.
  return absl::StrCat(dir_, "/names/", NameFileName(name));
}

absl::Status ModuleRepository::WriteModule(const std::string& id, absl::string_view bytes) {
  if (!IsWellFormedId(id)) return absl::InvalidArgumentError("malformed module id");
  return WriteFileAtomically(dir_ + "/modules", ModulePath(id), bytes);
}

absl::StatusOr<std::string> ModuleRepository::ReadModule(const std::string& id) const {
  auto bytes = IsWellFormedId(id) ? ReadFile(ModulePath(id)) : absl::NotFoundError("");
  if (!bytes.ok()) return ModuleNotFound(id);  // without the path
  return bytes;
}

bool ModuleRepository::HasModule(const std::string& id) const {
  return IsWellFormedId(id) && access(ModulePath(id).c_str(), F_OK) == 0;
}

void ModuleRepository::RemoveModule(const std::string& id) {
  if (IsWellFormedId(id)) unlink(ModulePath(id).c_str());
}

std::vector<std::string> ModuleRepository::ModuleIds() const {
  std::vector<std::string> ids;
  for (const std::string& file : ListDir(dir_ + "/modules")) {
    if (file.size() != 64 + 5 || !absl::EndsWith(file, ".wasm")) continue;
    std::string id = "sha256:" + file.substr(0, 64);
    if (IsWellFormedId(id)) ids.push_back(std::move(id));
  }
  return ids;
}

absl::Status ModuleRepository::WriteName(const std::string& name, const std::string& id) {
  if (!IsValidModuleName(name)) return InvalidModuleName(name);
  if (!IsWellFormedId(id)) return absl::InvalidArgumentError("malformed module id");
  return WriteFileAtomically(dir_ + "/names", NamePath(name), NameFileContents(id, name));
}

absl::StatusOr<std::string> ModuleRepository::ReadName(const std::string& name) const {
  if (!IsValidModuleName(name)) return ModuleNotFound(name);
  auto contents = ReadFile(NamePath(name));
  auto entry = ParseNameFile(NameFileName(name), contents.ok() ? *contents : "");
  if (!entry.ok() || entry->name != name) return ModuleNotFound(name);
  return entry->id;
}

void ModuleRepository::RemoveName(const std::string& name) {
  if (IsValidModuleName(name)) unlink(NamePath(name).c_str());
}

std::vector<NameEntry> ModuleRepository::Names() const {
  std::vector<NameEntry> out;
  for (const std::string& file : ListDir(dir_ + "/names")) {
    if (IsTempFile(file)) continue;  // a live writer's (stale ones are gone)
    auto contents = ReadFile(absl::StrCat(dir_, "/names/", file));
    auto entry = ParseNameFile(file, contents.ok() ? *contents : "");
    if (!entry.ok()) {
      Log(LogLevel::kError, absl::StrCat("skipping damaged name file=", dir_, "/names/", file));
      continue;
    }
    out.push_back(*std::move(entry));
  }
  return out;
}

}  // namespace wasmrt::service
