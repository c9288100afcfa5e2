// One-line structured logs to stderr: "2026-11-26T17:50:01.123Z INFO msg k=v ...".
#ifndef WASMRT_SERVICE_LOG_H_
#define WASMRT_SERVICE_LOG_H_

#include <string>

#include "absl/strings/string_view.h"

namespace wasmrt::service {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, absl::string_view message);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_LOG_H_
