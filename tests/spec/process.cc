#include "tests/spec/process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace wasmrt::spec {
namespace {

constexpr size_t kMaxCapture = 64 * 1024;
constexpr int kExecFailed = 127;

// In the child after fork: only async-signal-safe calls until exec.
[[noreturn]] void ExecChild(char* const* argv, const char* cwd, int err_fd) {
  int null_fd = open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
  }
  dup2(err_fd, STDERR_FILENO);
  if (cwd != nullptr && chdir(cwd) != 0) _exit(kExecFailed);
  execvp(argv[0], argv);
  static const char kMsg[] = "exec failed\n";
  (void)!write(STDERR_FILENO, kMsg, sizeof(kMsg) - 1);
  _exit(kExecFailed);
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd) {
  ProcessResult result;
  if (argv.empty()) return result;
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return result;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  if (pid == 0) ExecChild(cargv.data(), cwd.empty() ? nullptr : cwd.c_str(), fds[1]);
  close(fds[1]);
  char buf[4096];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (result.stderr_text.size() < kMaxCapture) result.stderr_text.append(buf, size_t(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return result;
  }
  result.started = true;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code == kExecFailed && result.stderr_text == "exec failed\n") {
      result.started = false;
    }
  }
  return result;
}

std::string FirstLine(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) return std::string(line);
    pos = end + 1;
  }
  return "";
}

std::string DescribeExit(const ProcessResult& r) {
  if (!r.started) return "could not start";
  if (r.signal != 0) return absl::StrCat("killed by signal ", r.signal, " (", strsignal(r.signal), ")");
  return absl::StrCat("exit status ", r.exit_code);
}

}  // namespace wasmrt::spec
