// wasmctl's output: human-readable text or JSON for modules and call results.
#ifndef WASMRT_TOOLS_WASMCTL_OUTPUT_H_
#define WASMRT_TOOLS_WASMCTL_OUTPUT_H_

#include <ostream>
#include <string>

#include "proto/wasmrt.pb.h"

namespace wasmrt::wasmctl {

namespace v1 = ::wasmrt::v1;

/// "fuel_exhausted", "stack_exhausted", ... (the enum name in lower case).
std::string TrapKindName(v1::Trap::Kind kind);

/// A module: id, size, names, exports and imports with their types.
void PrintModule(const v1::ModuleInfo& m, bool json, std::ostream& out);

/// One line per module ("ID  SIZE bytes  names"), or a JSON array.
void PrintModuleList(const v1::ListModulesResponse& list, bool json, std::ostream& out);

/// A call's outcome. Human form: results one per line on `out` (a payload
/// output's bytes go to `out` unless `output_written` says they went to a
/// file), the guest's stdout/stderr copied to `out`/`err`, then the trap or
/// exit code or application error and the statistics on `err`. JSON form:
/// one object on `out`. Returns the exit status (kExitOk, or
/// kExitGuestFailed for a trap, a non-zero exit code or an application
/// error).
int PrintInvokeResponse(const v1::InvokeResponse& r, bool json, bool output_written,
                        std::ostream& out, std::ostream& err);

/// `{"error": {"code": "NOT_FOUND", "message": "..."}}`.
void PrintJsonError(const std::string& code, const std::string& message, std::ostream& out);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_OUTPUT_H_
