#include "wasi/context.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace wasmrt::wasi {
namespace {

// A stdio entry on a host fd the context does not own.
std::unique_ptr<FdEntry> HostStdio(int fd) {
  auto e = std::make_unique<FdEntry>();
  e->kind = FdKind::kFile;
  e->host_fd = fd;
  struct stat st;
  e->filetype = fstat(fd, &st) == 0 ? FiletypeOfMode(st.st_mode) : kFiletypeUnknown;
  e->base = rights::kStream;
  if (e->filetype == kFiletypeRegularFile) e->base = rights::kFile;
  e->inheriting = 0;
  return e;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WasiContext>> WasiContext::Create(WasiConfig config) {
  std::unique_ptr<WasiContext> ctx(new WasiContext(std::move(config)));
  absl::Status s = ctx->Init();
  if (!s.ok()) return s;
  return ctx;
}

absl::Status WasiContext::Init() {
  for (const auto& [name, value] : config_.env) {
    if (name.empty() || name.find('=') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("bad environment variable name \"", name, "\""));
    }
  }
  if (config_.deterministic) {
    clock_ = WasiClock::Deterministic(config_.start_time_ns);
    random_ = WasiRandom::Seeded(config_.seed);
  }
  // fd 0
  if (config_.stdin_bytes.has_value()) {
    stdin_ = std::make_unique<InputBuffer>(*config_.stdin_bytes);
    auto e = std::make_unique<FdEntry>();
    e->kind = FdKind::kStdin;
    e->input = stdin_.get();
    e->base = rights::kFdRead | rights::kFdFdstatSetFlags | rights::kFdFilestatGet |
              rights::kPollFdReadwrite;
    fds_.InsertAt(0, std::move(e));
  } else {
    fds_.InsertAt(0, HostStdio(0));
  }
  // fds 1, 2
  const std::optional<size_t>* caps[2] = {&config_.stdout_cap, &config_.stderr_cap};
  std::unique_ptr<CappedBuffer>* bufs[2] = {&stdout_, &stderr_};
  for (int i = 0; i < 2; ++i) {
    if (caps[i]->has_value()) {
      *bufs[i] = std::make_unique<CappedBuffer>(**caps[i]);
      auto e = std::make_unique<FdEntry>();
      e->kind = FdKind::kOutput;
      e->output = bufs[i]->get();
      e->base = rights::kFdWrite | rights::kFdFdstatSetFlags | rights::kFdFilestatGet |
                rights::kPollFdReadwrite;
      fds_.InsertAt(uint32_t(i + 1), std::move(e));
    } else {
      fds_.InsertAt(uint32_t(i + 1), HostStdio(i + 1));
    }
  }
  // fds 3...: the preopens, in order.
  uint32_t next = 3;
  for (const Preopen& p : config_.preopens) {
    int fd = open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot open directory ", p.host_path, ": ", std::strerror(errno)));
    }
    auto e = std::make_unique<FdEntry>();
    e->kind = FdKind::kDirectory;
    e->owned = UniqueFd(fd);
    e->host_fd = fd;
    e->filetype = kFiletypeDirectory;
    e->base = rights::kDirectory;
    e->inheriting = rights::kDirectory | rights::kFile;
    if (p.read_only) {
      e->base &= ~rights::kMutating;
      e->inheriting &= ~rights::kMutating;
    }
    e->preopen = p.guest_path;
    e->is_preopen = true;
    fds_.InsertAt(next++, std::move(e));
  }
  return absl::OkStatus();
}

}  // namespace wasmrt::wasi
