#include "tests/spec/sandbox.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "absl/strings/string_view.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace wasmrt::spec {
namespace {

// Protocol, one record per line: "B <line>", "P", "T", "S <count>",
// "F <line> <detail>" (details are single lines already; stray newlines are
// replaced so a record never splits).
class PipeSink : public OutcomeSink {
 public:
  PipeSink(int fd, int timeout_s) : fd_(fd), timeout_s_(timeout_s) {}
  void Begin(int line) override {
    if (timeout_s_ > 0) alarm(unsigned(timeout_s_));
    Write(absl::StrCat("B ", line, "\n"));
  }
  void Pass(bool via_text_parser) override { Write(via_text_parser ? "T\n" : "P\n"); }
  void Skip(int count) override { Write(absl::StrCat("S ", count, "\n")); }
  void Fail(int line, const std::string& detail) override {
    std::string clean = detail;
    for (char& c : clean) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    Write(absl::StrCat("F ", line, " ", clean, "\n"));
  }

 private:
  void Write(absl::string_view s) {
    while (!s.empty()) {
      ssize_t n = write(fd_, s.data(), s.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(3);  // the parent is gone
      s.remove_prefix(size_t(n));
    }
  }
  int fd_;
  int timeout_s_;
};

// Decodes one record and forwards it; returns the line of a "B" record or -1.
int Forward(absl::string_view record, OutcomeSink& sink) {
  if (record.empty()) return -1;
  char tag = record[0];
  absl::string_view rest = record.size() > 2 ? record.substr(2) : absl::string_view();
  int number = 0;
  switch (tag) {
    case 'B':
      if (absl::SimpleAtoi(rest, &number)) {
        sink.Begin(number);
        return number;
      }
      return -1;
    case 'P': sink.Pass(false); return -1;
    case 'T': sink.Pass(true); return -1;
    case 'S':
      if (absl::SimpleAtoi(rest, &number)) sink.Skip(number);
      return -1;
    case 'F': {
      size_t space = rest.find(' ');
      absl::string_view num = rest.substr(0, space);
      absl::string_view detail = space == absl::string_view::npos ? "" : rest.substr(space + 1);
      if (!absl::SimpleAtoi(num, &number)) number = 0;
      sink.Fail(number, std::string(detail));
      return -1;
    }
    default:
      return -1;
  }
}

}  // namespace

std::string ChildExit::Describe(int command_timeout_s) const {
  if (clean) return "finished";
  if (signal == SIGALRM) return absl::StrCat("timed out after ", command_timeout_s, " s");
  if (signal != 0) return absl::StrCat("crashed (signal ", signal, ": ", strsignal(signal), ")");
  return "child exited abnormally";
}

ChildExit RunInChild(const std::function<void(OutcomeSink&)>& body, OutcomeSink& parent_sink,
                     int command_timeout_s) {
  ChildExit result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return result;
  std::fflush(nullptr);  // no buffered output may be written twice
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    signal(SIGALRM, SIG_DFL);
    PipeSink sink(fds[1], command_timeout_s);
    body(sink);
    alarm(0);
    _exit(0);  // skip the parent's atexit handlers and static destructors
  }
  close(fds[1]);
  std::string pending;
  char buf[8192];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, size_t(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      int line = Forward(absl::string_view(pending).substr(start, nl - start), parent_sink);
      if (line >= 0) result.last_line = line;
    }
    pending.erase(0, start);
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return result;
  }
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  } else {
    result.clean = WEXITSTATUS(status) == 0;
  }
  return result;
}

}  // namespace wasmrt::spec
