// wasmrtd's command line.
#ifndef WASMRT_SERVICE_FLAGS_H_
#define WASMRT_SERVICE_FLAGS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "service/config.h"

namespace wasmrt::service {

struct ServerFlags {
  ServiceConfig config;
  std::vector<std::pair<std::string, std::string>> preload;  // file, name
  std::string log_level = "info";
  bool help = false;
};

absl::StatusOr<ServerFlags> ParseServerFlags(const std::vector<std::string>& argv);
extern const char kServerUsage[];

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_FLAGS_H_
