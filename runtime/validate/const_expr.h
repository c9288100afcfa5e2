// Constant expressions (spec 3.3.10, WebAssembly 2.0 rules).
#ifndef WASMRT_RUNTIME_VALIDATE_CONST_EXPR_H_
#define WASMRT_RUNTIME_VALIDATE_CONST_EXPR_H_

#include <cstdint>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "runtime/base/types.h"
#include "runtime/binary/module.h"
#include "runtime/validate/context.h"

namespace wasmrt::validate {

/// Checks that `expr` is one constant instruction producing `expected`.
/// `num_visible_globals` bounds `global.get` (2.0: imported globals only);
/// `where` names the place for messages ("global 3", "elem 0").
/// Requires ctx.globals and ctx.func_types to be filled.
absl::Status ValidateConstExpr(const Context& ctx, const ConstExpr& expr,
                               ValType expected, uint32_t num_visible_globals,
                               absl::string_view where);

/// Adds every `ref.func x` of `expr` to ctx->declared_funcs (C.refs), for
/// valid indices only (invalid ones are reported by ValidateConstExpr).
void CollectDeclaredFuncs(const ConstExpr& expr, Context* ctx);

}  // namespace wasmrt::validate

#endif  // WASMRT_RUNTIME_VALIDATE_CONST_EXPR_H_
