// Module-level validation (spec 3.4): builds the context C, checks every
// section, then validates and translates each function body.
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/validate/const_expr.h"
#include "runtime/validate/context.h"
#include "runtime/validate/func_validator.h"
#include "runtime/validate/validator.h"

namespace wasmrt {
namespace validate {
namespace {

// Limits of a table (range 2^32-1: any u32 fits) or memory (2^16 pages).
absl::Status CheckLimits(const Limits& l, bool is_memory,
                         absl::string_view where) {
  if (is_memory && (l.min > kMaxPages || (l.has_max && l.max > kMaxPages))) {
    return InvalidIn("memory size must be at most 65536 pages (4GiB)", where);
  }
  if (l.has_max && l.min > l.max) {
    return InvalidIn("size minimum must not be greater than maximum", where,
                     absl::StrCat(l.min, " > ", l.max));
  }
  return absl::OkStatus();
}

absl::Status CheckType(const Module& m, uint32_t type, absl::string_view where) {
  if (type >= m.types.size()) {
    return InvalidIn(absl::StrCat("unknown type ", type), where);
  }
  return absl::OkStatus();
}

// Imports, function declarations, tables, memories, globals: fills the
// context's index spaces while checking their types.
absl::Status BuildIndexSpaces(const Module& m, Context* ctx) {
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const Import& im = m.imports[i];
    std::string where = absl::StrCat("import ", i, " \"", im.module, "\" \"",
                                     im.name, "\"");
    switch (im.kind) {
      case ExternKind::kFunc:
        WASMRT_VALIDATE_RETURN_IF_ERROR(CheckType(m, im.func_type, where));
        ctx->func_types.push_back(im.func_type);
        break;
      case ExternKind::kTable:
        WASMRT_VALIDATE_RETURN_IF_ERROR(
            CheckLimits(im.table.limits, false, where));
        ctx->tables.push_back(im.table);
        break;
      case ExternKind::kMemory:
        WASMRT_VALIDATE_RETURN_IF_ERROR(
            CheckLimits(im.memory.limits, true, where));
        ctx->memories.push_back(im.memory);
        break;
      case ExternKind::kGlobal:
        ctx->globals.push_back(im.global);
        break;
    }
  }
  for (size_t i = 0; i < m.functions.size(); ++i) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(CheckType(
        m, m.functions[i].type,
        absl::StrCat("func ", m.num_imported_funcs + i)));
    ctx->func_types.push_back(m.functions[i].type);
  }
  for (size_t i = 0; i < m.tables.size(); ++i) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(
        CheckLimits(m.tables[i].limits, false,
                    absl::StrCat("table ", m.num_imported_tables + i)));
    ctx->tables.push_back(m.tables[i]);
  }
  for (size_t i = 0; i < m.memories.size(); ++i) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(
        CheckLimits(m.memories[i].limits, true,
                    absl::StrCat("memory ", m.num_imported_memories + i)));
    ctx->memories.push_back(m.memories[i]);
  }
  if (ctx->memories.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "multiple memories: the module has ", ctx->memories.size()));
  }
  for (const Global& g : m.globals) ctx->globals.push_back(g.type);
  for (const ElemSegment& e : m.elems) ctx->elem_types.push_back(e.type);
  ctx->num_datas = m.data_count ? *m.data_count : uint32_t(m.datas.size());
  return absl::OkStatus();
}

// C.refs (spec 3.4.10): functions referenced outside function bodies.
void CollectRefs(const Module& m, Context* ctx) {
  ctx->declared_funcs.assign(ctx->func_types.size(), false);
  for (const Global& g : m.globals) CollectDeclaredFuncs(g.init, ctx);
  for (const ElemSegment& e : m.elems) {
    for (const ConstExpr& init : e.init) CollectDeclaredFuncs(init, ctx);
  }
  for (const Export& ex : m.exports) {
    if (ex.kind == ExternKind::kFunc && ex.index < ctx->func_types.size()) {
      ctx->declared_funcs[ex.index] = true;
    }
  }
}

absl::Status CheckGlobals(const Module& m, const Context& ctx) {
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateConstExpr(
        ctx, g.init, g.type.type, m.num_imported_globals,
        absl::StrCat("global ", m.num_imported_globals + i)));
  }
  return absl::OkStatus();
}

// The spec's words for an index space ("unknown function 3").
const char* IndexSpaceName(ExternKind kind) {
  switch (kind) {
    case ExternKind::kFunc: return "function";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
  }
  return "entity";
}

absl::Status CheckExports(const Module& m, const Context& ctx) {
  absl::flat_hash_set<absl::string_view> names;
  names.reserve(m.exports.size());
  for (const Export& ex : m.exports) {
    std::string where = absl::StrCat("export \"", ex.name, "\"");
    if (!names.insert(ex.name).second) {
      return InvalidIn("duplicate export name", where);
    }
    size_t count = 0;
    switch (ex.kind) {
      case ExternKind::kFunc: count = ctx.func_types.size(); break;
      case ExternKind::kTable: count = ctx.tables.size(); break;
      case ExternKind::kMemory: count = ctx.memories.size(); break;
      case ExternKind::kGlobal: count = ctx.globals.size(); break;
    }
    if (ex.index >= count) {
      return InvalidIn(absl::StrCat("unknown ", IndexSpaceName(ex.kind), " ",
                                    ex.index),
                       where);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckStart(const Module& m, const Context& ctx) {
  if (!m.start) return absl::OkStatus();
  uint32_t f = *m.start;
  if (f >= ctx.func_types.size()) {
    return InvalidIn(absl::StrCat("unknown function ", f), "start section");
  }
  const FuncType& ft = ctx.FuncTypeOf(f);
  if (!ft.params.empty() || !ft.results.empty()) {
    return InvalidIn("start function", "start section",
                     absl::StrCat("function ", f, " must have type () -> (), has ",
                                  FuncTypeToString(ft)));
  }
  return absl::OkStatus();
}

absl::Status CheckElems(const Module& m, const Context& ctx) {
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& e = m.elems[i];
    std::string where = absl::StrCat("elem ", i);
    if (e.mode == ElemSegment::Mode::kActive) {
      if (e.table >= ctx.tables.size()) {
        return InvalidAt(absl::StrCat("unknown table ", e.table), where,
                         e.offset.offset);
      }
      if (ctx.tables[e.table].elem != e.type) {
        return InvalidAt("type mismatch", where, e.offset.offset,
                         absl::StrCat("segment of ", ValTypeName(e.type),
                                      " for a table of ",
                                      ValTypeName(ctx.tables[e.table].elem)));
      }
      WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateConstExpr(
          ctx, e.offset, ValType::kI32, m.num_imported_globals, where));
    }
    for (const ConstExpr& init : e.init) {
      WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateConstExpr(
          ctx, init, e.type, m.num_imported_globals, where));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDatas(const Module& m, const Context& ctx) {
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& d = m.datas[i];
    if (d.mode != DataSegment::Mode::kActive) continue;
    std::string where = absl::StrCat("data ", i);
    if (d.memory >= ctx.memories.size()) {
      return InvalidAt(absl::StrCat("unknown memory ", d.memory), where,
                       d.offset.offset);
    }
    WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateConstExpr(
        ctx, d.offset, ValType::kI32, m.num_imported_globals, where));
  }
  return absl::OkStatus();
}

// Validation alone.
class NoTranslator final : public Translator {
 public:
  void BeginFunction(const FuncInfo&, absl::Span<const ControlFrame>) override {}
  void Instr(const wasmrt::Instr&, const InstrTypes&,
             absl::Span<const ControlFrame>) override {}
  absl::Status EndFunction(uint32_t) override { return absl::OkStatus(); }
};

}  // namespace
}  // namespace validate

namespace {

// Everything but the function bodies; `ctx` is complete afterwards.
absl::Status ValidateModuleFields(const Module& module, validate::Context& ctx) {
  using namespace validate;  // NOLINT(build/namespaces): this file's helpers
  ctx.module = &module;
  WASMRT_VALIDATE_RETURN_IF_ERROR(BuildIndexSpaces(module, &ctx));
  CollectRefs(module, &ctx);
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckGlobals(module, ctx));
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckExports(module, ctx));
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckStart(module, ctx));
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckElems(module, ctx));
  WASMRT_VALIDATE_RETURN_IF_ERROR(CheckDatas(module, ctx));
  return absl::OkStatus();
}

absl::Status ValidateBodies(const validate::Context& ctx, validate::Translator* translator,
                            uint32_t begin, uint32_t end) {
  validate::NoTranslator none;
  validate::FuncValidator v(ctx, translator != nullptr ? translator : &none);
  for (uint32_t i = begin; i < end; ++i) {
    WASMRT_VALIDATE_RETURN_IF_ERROR(v.Run(i));  // v keeps its stacks' capacity
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateModule(const Module& module,
                            validate::Translator* translator) {
  validate::Context ctx;
  WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateModuleFields(module, ctx));
  return ValidateBodies(ctx, translator, 0, uint32_t(module.functions.size()));
}

absl::Status ValidateModuleInParts(const Module& module,
                                   absl::Span<validate::Translator* const> translators,
                                   absl::Span<const uint32_t> starts) {
  validate::Context ctx;
  WASMRT_VALIDATE_RETURN_IF_ERROR(ValidateModuleFields(module, ctx));
  size_t parts = starts.size();
  std::vector<absl::Status> results(parts);
  auto part_end = [&](size_t i) {
    return i + 1 < parts ? starts[i + 1] : uint32_t(module.functions.size());
  };
  // `ctx` and `module` are only read from here on.
  std::vector<std::thread> threads;
  for (size_t i = 1; i < parts; ++i) {
    threads.emplace_back([&, i] {
      results[i] = ValidateBodies(ctx, translators[i], starts[i], part_end(i));
    });
  }
  if (parts > 0) results[0] = ValidateBodies(ctx, translators[0], starts[0], part_end(0));
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace wasmrt
