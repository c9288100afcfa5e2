// Instantiation (spec 4.5.4): check imports, allocate the instance's
// objects, then run the element and data segments and the start function.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine.h"
#include "runtime/jit/compiler.h"
#include "runtime/engine/instance_data.h"
#include "runtime/engine/store_impl.h"
#include "runtime/interp/interpreter.h"
#include "runtime/objects/type_registry.h"

namespace wasmrt {
namespace {

// Import subtyping of limits (spec 4.5.2 "limits"): the provided entity must
// be at least as large and at most as growable as the import asks.
bool LimitsMatch(uint64_t actual_min, bool actual_has_max, uint64_t actual_max,
                 const Limits& expected) {
  if (actual_min < expected.min) return false;
  if (!expected.has_max) return true;
  return actual_has_max && actual_max <= expected.max;
}

}  // namespace

absl::Status CheckImport(const Module& m, const Import& imp, const Extern& ext) {
  std::string what;
  bool ok = ext.kind == imp.kind && ext.object != nullptr;
  if (ok) {
    switch (imp.kind) {
      case ExternKind::kFunc:
        ok = *ext.func()->type == m.types[imp.func_type];
        if (!ok) {
          what = absl::StrCat(": expected ", FuncTypeToString(m.types[imp.func_type]), ", got ",
                              FuncTypeToString(*ext.func()->type));
        }
        break;
      case ExternKind::kTable: {
        const TableInstance* t = ext.table();
        ok = t->type.elem == imp.table.elem &&
             LimitsMatch(t->elems.size(), t->type.limits.has_max, t->type.limits.max,
                         imp.table.limits);
        break;
      }
      case ExternKind::kMemory: {
        const LinearMemory* mem = ext.memory();
        ok = LimitsMatch(mem->pages(), mem->type().limits.has_max, mem->type().limits.max,
                         imp.memory.limits);
        break;
      }
      case ExternKind::kGlobal:
        ok = ext.global()->type.type == imp.global.type &&
             ext.global()->type.is_mutable == imp.global.is_mutable;
        break;
    }
  } else if (ext.object != nullptr) {
    what = absl::StrCat(": expected ", ExternKindName(imp.kind), ", got ",
                        ExternKindName(ext.kind));
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("incompatible import type for \"", imp.module,
                                                 "\" \"", imp.name, "\"", what));
}

namespace {

// Evaluates a validated constant expression into slots.
void EvalConst(const ConstExpr& expr, const ModuleInstance::Data& d, Slot* out) {
  out[0].i64 = 0;
  out[1].i64 = 0;
  if (expr.instrs.empty()) return;
  const ConstInstr& c = expr.instrs.back();
  switch (c.kind) {
    case ConstInstr::Kind::kI32Const:
    case ConstInstr::Kind::kI64Const:
    case ConstInstr::Kind::kF32Const:
    case ConstInstr::Kind::kF64Const:
    case ConstInstr::Kind::kV128Const:
      ValueToSlots(c.value, out);
      break;
    case ConstInstr::Kind::kRefNull:
      out->ref = nullptr;
      break;
    case ConstInstr::Kind::kRefFunc:
      out->ref = d.funcs[c.index];
      break;
    case ConstInstr::Kind::kGlobalGet:
      out[0] = d.globals[c.index]->value[0];
      out[1] = d.globals[c.index]->value[1];
      break;
    case ConstInstr::Kind::kOther:
      break;
  }
}

absl::Status TrapStatus(TrapCode code) { return absl::AbortedError(TrapText(code)); }

// Code compiled with guard-page bounds checks accesses memory 0 unchecked:
// it must never run with a memory that lacks the guard reservation.
// `memory` is memory 0, or null when it is still to be created in a store
// with `provider`; `import` names it when imported.
absl::Status CheckGuarded(const CompiledModule& module, const LinearMemory* memory,
                          const Import* import, const MemoryProvider* provider) {
  if (module.jit() == nullptr || !module.jit()->needs_guarded_memory()) return absl::OkStatus();
  std::string why;
  if (memory == nullptr && provider != nullptr) {
    why = "would come from the store's memory_provider, which gives none";
  } else if (memory != nullptr && !memory->guarded()) {
    why = "has none (a provided memory, or the address space was refused)";
  } else {
    return absl::OkStatus();
  }
  std::string which =
      import == nullptr ? std::string("its memory")
                        : absl::StrCat("its memory (imported as \"", import->module, "\" \"",
                                       import->name, "\")");
  return absl::FailedPreconditionError(absl::StrCat(
      "module compiled with guard-page bounds checks needs a memory with a guard reservation, but ",
      which, " ", why, "; compile it with bounds_checks = kExplicit"));
}

}  // namespace

absl::StatusOr<ModuleInstance*> Store::Instantiate(std::shared_ptr<const CompiledModule> module,
                                                   absl::Span<const Extern> imports,
                                                   const CallOptions& start_options) {
  const Module& m = module->ir();
  if (imports.size() != m.imports.size()) {
    return absl::InvalidArgumentError(absl::StrCat("module has ", m.imports.size(),
                                                   " imports, ", imports.size(), " provided"));
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    absl::Status s = CheckImport(m, m.imports[i], imports[i]);
    if (!s.ok()) return s;
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    if (imports[i].kind != ExternKind::kMemory) continue;
    absl::Status s = CheckGuarded(*module, imports[i].memory(), &m.imports[i], nullptr);
    if (!s.ok()) return s;
    break;  // memory 0
  }
  if (m.num_imported_memories == 0 && !m.memories.empty()) {
    absl::Status s = CheckGuarded(*module, nullptr, nullptr, config_.memory_provider);
    if (!s.ok()) return s;
  }

  // The instance is kept by the store even when initialisation traps later:
  // its functions may already sit in a shared table.
  impl_->instances.push_back(std::unique_ptr<ModuleInstance>(new ModuleInstance()));
  ModuleInstance* instance = impl_->instances.back().get();
  instance->data_ = std::make_unique<ModuleInstance::Data>();
  ModuleInstance::Data& d = *instance->data_;
  d.module = module;

  for (const FuncType& t : m.types) d.type_ids.push_back(CanonicalTypeId(t));
  for (const Extern& ext : imports) {
    switch (ext.kind) {
      case ExternKind::kFunc: d.funcs.push_back(ext.func()); break;
      case ExternKind::kTable: d.tables.push_back(ext.table()); break;
      case ExternKind::kMemory: d.memories.push_back(ext.memory()); break;
      case ExternKind::kGlobal: d.globals.push_back(ext.global()); break;
    }
  }
  for (size_t i = 0; i < m.functions.size(); ++i) {
    auto f = std::make_unique<FunctionInstance>();
    uint32_t ti = m.functions[i].type;
    f->type = &m.types[ti];
    f->type_id = d.type_ids[ti];
    f->instance = &d.state;
    f->code = &module->functions()[i];
    if (module->jit() != nullptr) {
      f->jit_entry = reinterpret_cast<const void*>(module->jit()->entry(i));
    }
    f->index = m.num_imported_funcs + uint32_t(i);
    f->param_slots = SlotsOf(f->type->params);
    f->result_slots = SlotsOf(f->type->results);
    d.funcs.push_back(f.get());
    impl_->functions.push_back(std::move(f));
  }
  for (const TableType& t : m.tables) d.tables.push_back(NewTable(t, nullptr));
  for (const MemoryType& t : m.memories) {
    absl::StatusOr<LinearMemory*> mem = NewMemory(t);
    if (!mem.ok()) return mem.status();
    if (d.memories.empty()) {
      absl::Status s = CheckGuarded(*module, *mem, nullptr, nullptr);
      if (!s.ok()) return s;
    }
    d.memories.push_back(*mem);
  }
  for (const Global& g : m.globals) {
    auto gi = std::make_unique<GlobalInstance>();
    gi->type = g.type;
    EvalConst(g.init, d, gi->value);
    d.globals.push_back(gi.get());
    impl_->globals.push_back(std::move(gi));
  }
  for (const ElemSegment& seg : m.elems) {
    std::vector<const void*> refs(seg.init.size());
    for (size_t i = 0; i < seg.init.size(); ++i) {
      Slot s[2];
      EvalConst(seg.init[i], d, s);
      refs[i] = s[0].ref;
    }
    d.elem_segments.push_back(std::move(refs));
  }
  for (const DataSegment& seg : m.datas) {
    d.data_segments.emplace_back(seg.bytes.data(), uint32_t(seg.bytes.size()));
  }
  for (const Export& e : m.exports) {
    Extern ext;
    ext.kind = e.kind;
    switch (e.kind) {
      case ExternKind::kFunc: ext.object = d.funcs[e.index]; break;
      case ExternKind::kTable: ext.object = d.tables[e.index]; break;
      case ExternKind::kMemory: ext.object = d.memories[e.index]; break;
      case ExternKind::kGlobal: ext.object = d.globals[e.index]; break;
    }
    d.exports[e.name] = ext;
  }

  d.state.funcs = d.funcs.data();
  d.state.globals = d.globals.data();
  d.state.tables = d.tables.data();
  d.state.memory = d.memories.empty() ? nullptr : d.memories[0];
  d.state.type_ids = d.type_ids.data();
  d.state.elem_segments = &d.elem_segments;
  d.state.data_segments = &d.data_segments;
  d.state.owner = instance;

  // Element segments, then data segments, in order; each active or
  // declarative segment is dropped once applied (spec 4.5.4 steps 14-15).
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == ElemSegment::Mode::kActive) {
      Slot off[2];
      EvalConst(seg.offset, d, off);
      TableInstance* table = d.tables[seg.table];
      uint64_t start = off[0].i32, n = d.elem_segments[i].size();
      if (start + n > table->elems.size()) return TrapStatus(TrapCode::kTableOutOfBounds);
      std::copy(d.elem_segments[i].begin(), d.elem_segments[i].end(),
                table->elems.begin() + start);
    }
    if (seg.mode != ElemSegment::Mode::kPassive) d.elem_segments[i].clear();
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != DataSegment::Mode::kActive) continue;
    Slot off[2];
    EvalConst(seg.offset, d, off);
    LinearMemory* mem = d.memories[seg.memory];
    uint64_t start = off[0].i32, n = seg.bytes.size();
    if (start + n > mem->size_bytes()) return TrapStatus(TrapCode::kMemoryOutOfBounds);
    if (n != 0) std::memcpy(mem->data() + start, seg.bytes.data(), n);
    d.data_segments[i].second = 0;
  }

  if (m.start.has_value()) {
    absl::StatusOr<ExecResult> r = Call(d.funcs[*m.start], {}, start_options);
    if (!r.ok()) return r.status();
    if (!r->ok()) return absl::AbortedError(r->trap_message);
  }
  return instance;
}

}  // namespace wasmrt
