#include "runtime/validate/const_expr.h"

#include "absl/strings/str_cat.h"
#include "runtime/binary/opcode.h"

namespace wasmrt::validate {
namespace {

using Kind = ConstInstr::Kind;

// Checks one instruction that is constant by kind; on success stores the
// type it produces.
absl::Status TypeOfConstInstr(const Context& ctx, const ConstInstr& in,
                              uint32_t num_visible_globals,
                              absl::string_view where, ValType* type) {
  switch (in.kind) {
    case Kind::kI32Const: *type = ValType::kI32; return absl::OkStatus();
    case Kind::kI64Const: *type = ValType::kI64; return absl::OkStatus();
    case Kind::kF32Const: *type = ValType::kF32; return absl::OkStatus();
    case Kind::kF64Const: *type = ValType::kF64; return absl::OkStatus();
    case Kind::kV128Const: *type = ValType::kV128; return absl::OkStatus();
    case Kind::kRefNull: *type = in.ref_type; return absl::OkStatus();
    case Kind::kRefFunc:
      if (in.index >= ctx.func_types.size()) {
        return InvalidAt(absl::StrCat("unknown function ", in.index), where,
                         in.offset);
      }
      *type = ValType::kFuncRef;
      return absl::OkStatus();
    case Kind::kGlobalGet: {
      // 2.0: a constant expression sees only imported globals (spec 3.4.10).
      if (in.index >= num_visible_globals || in.index >= ctx.globals.size()) {
        return InvalidAt(absl::StrCat("unknown global ", in.index), where,
                         in.offset);
      }
      const GlobalType& g = ctx.globals[in.index];
      if (g.is_mutable) {
        return InvalidAt("constant expression required", where, in.offset,
                         absl::StrCat("global ", in.index, " is mutable"));
      }
      *type = g.type;
      return absl::OkStatus();
    }
    case Kind::kOther:
      break;
  }
  return InvalidAt("constant expression required", where, in.offset,
                   GetOpcodeInfo(Opcode(in.opcode)).text);
}

}  // namespace

absl::Status ValidateConstExpr(const Context& ctx, const ConstExpr& expr,
                               ValType expected, uint32_t num_visible_globals,
                               absl::string_view where) {
  // Non-constant instructions are reported before arity, as the spec's
  // constant-ness judgement applies to each instruction of the expression.
  for (const ConstInstr& in : expr.instrs) {
    if (in.kind == Kind::kOther) {
      ValType unused;
      return TypeOfConstInstr(ctx, in, num_visible_globals, where, &unused);
    }
  }
  if (expr.instrs.empty()) {
    return InvalidAt("type mismatch", where, expr.offset,
                     absl::StrCat("expected ", ValTypeName(expected),
                                  ", got nothing"));
  }
  ValType type = ValType::kI32;
  for (const ConstInstr& in : expr.instrs) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(
        TypeOfConstInstr(ctx, in, num_visible_globals, where, &type));
  }
  if (expr.instrs.size() > 1) {
    return InvalidAt("type mismatch", where, expr.instrs[1].offset,
                     absl::StrCat("expected one ", ValTypeName(expected),
                                  " value, got ", expr.instrs.size()));
  }
  if (type != expected) {
    return InvalidAt("type mismatch", where, expr.instrs[0].offset,
                     absl::StrCat("expected ", ValTypeName(expected), ", got ",
                                  ValTypeName(type)));
  }
  return absl::OkStatus();
}

void CollectDeclaredFuncs(const ConstExpr& expr, Context* ctx) {
  for (const ConstInstr& in : expr.instrs) {
    if (in.kind == Kind::kRefFunc && in.index < ctx->declared_funcs.size()) {
      ctx->declared_funcs[in.index] = true;
    }
  }
}

}  // namespace wasmrt::validate
