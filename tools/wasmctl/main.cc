// wasmctl: command-line client of the wasmrt function service.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/wasmctl/cli.h"
#include "tools/wasmctl/commands.h"

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wasmrt::wasmctl;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cl = ParseCommandLine(args, Env("WASMCTL_SERVER"), Env("WASMCTL_TOKEN"));
  if (!cl.ok()) {
    std::cerr << "wasmctl: " << cl.status().message() << "\n";
    return kExitUsage;
  }
  if (cl->help || args.empty()) {
    (args.empty() ? std::cerr : std::cout) << Usage(cl->command);
    return args.empty() ? kExitUsage : kExitOk;
  }
  return RunCommand(*cl);
}
