#include "runtime/interp/fuser.h"

#include <cassert>
#include <cstddef>

#include "runtime/code/forms.h"
#include "runtime/code/semantics.h"

namespace wasmrt::interp {
namespace {

using forms::Dst;
using forms::Shape;
using forms::Src;

// The fused forms of each row of fused.def, in the order of its family's
// forms (forms.h), so that row[FormIndex(family shapes, shape)] is the
// form of that shape.
#define WASMRT_FORM_IOP(n, s, ...) IOp::k##n##_##s,
#define FUSED_ARITH(n) constexpr IOp kArith_##n[] = {WASMRT_ARITH_FORMS(WASMRT_FORM_IOP, n)};
#define FUSED_CMP(n) \
  FUSED_ARITH(n) constexpr IOp kBranch_##n[] = {WASMRT_BRANCH_FORMS(WASMRT_FORM_IOP, n)};
#define FUSED_LOAD(n) constexpr IOp kLoad_##n[] = {WASMRT_LOAD_FORMS(WASMRT_FORM_IOP, n)};
#define FUSED_STORE(n) constexpr IOp kStore_##n[] = {WASMRT_STORE_FORMS(WASMRT_FORM_IOP, n)};
#define FUSED_MEM(n) constexpr IOp kMem_##n[] = {WASMRT_MEM_FORMS(WASMRT_FORM_IOP, n)};
#define FUSED_SIMD(n, expr) constexpr IOp kSimd_##n[] = {WASMRT_SIMD_FORMS(WASMRT_FORM_IOP, n)};
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_MEM
#undef FUSED_STORE
#undef FUSED_LOAD
#undef FUSED_CMP
#undef FUSED_ARITH
#undef WASMRT_FORM_IOP

enum class Family : uint8_t { kNone, kArith, kCmp, kLoad, kStore, kConst, kSimd };

struct FamilyInfo {
  Family family = Family::kNone;
  const IOp* row = nullptr;     // the row's forms (arith, load, store, simd)
  const IOp* branch = nullptr;  // kCmp: the compare-and-branch forms
  const IOp* mem = nullptr;     // FUSED_MEM rows: the memory-operand forms
  IOp mem_load = IOp::kCount;   // FUSED_MEM rows: the load their operand is
  bool i32_result = false;      // kArith, kCmp: the result is an i32
};

// The plain load of a T (a FUSED_MEM row's memory operand).
template <class T>
constexpr IOp LoadOf() {
  if constexpr (std::is_same_v<T, float>) return IOp::kF32Load;
  if constexpr (std::is_same_v<T, double>) return IOp::kF64Load;
  return sizeof(T) == 4 ? IOp::kI32Load : IOp::kI64Load;
}

const FamilyInfo& Info(IOp op) {
  static const auto* const table = [] {
    auto* t = new std::array<FamilyInfo, size_t(IOp::kCount)>();
#define ROW(n) (*t)[size_t(IOp::k##n)]
#define FUSED_ARITH(n) \
  ROW(n) = {Family::kArith, kArith_##n, nullptr, nullptr, IOp::kCount, sem::kI32Result<sem::op::n>};
#define FUSED_CMP(n) ROW(n) = {Family::kCmp, kArith_##n, kBranch_##n, nullptr, IOp::kCount, true};
#define FUSED_LOAD(n) ROW(n) = {Family::kLoad, kLoad_##n};
#define FUSED_STORE(n) ROW(n) = {Family::kStore, kStore_##n};
#define FUSED_SIMD(n, expr) ROW(n) = {Family::kSimd, kSimd_##n};
// fused.def lists these after the FUSED_ARITH row of the same operation.
#define FUSED_MEM(n)                                       \
  assert(ROW(n).family == Family::kArith);                 \
  ROW(n).mem = kMem_##n;                                   \
  ROW(n).mem_load = LoadOf<sem::op::n::T>();
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_MEM
#undef FUSED_STORE
#undef FUSED_LOAD
#undef FUSED_CMP
#undef FUSED_ARITH
#undef ROW
    for (IOp c : {IOp::kI32Const, IOp::kI64Const, IOp::kF32Const, IOp::kF64Const}) {
      (*t)[size_t(c)].family = Family::kConst;
    }
    return t;
  }();
  return (*table)[size_t(op)];
}

// The form of `shape` among a row's forms `row`, whose shapes are `shapes`. Every shape
// the fuser asks for exists (forms.h has them all).
template <int N>
IOp FormOf(const IOp* row, const Shape (&shapes)[N], Shape shape) {
  int i = forms::FormIndex(shapes, shape);
  assert(i >= 0);
  return row[i];
}

// Chained pairs (chain.def): the forms of `outer(S, inner(...))`, or null.
// `zext`: the inner's i32 result is taken as an i64.
#define WASMRT_CHAIN_IOP(o, i, s, ...) IOp::k##o##_##i##_##s,
#define FUSED_CHAIN(o, i) \
  constexpr IOp kChain_##o##_##i[] = {WASMRT_CHAIN_FORMS(WASMRT_CHAIN_IOP, o, i)};
#include "runtime/code/chain.def"
#undef FUSED_CHAIN
#undef WASMRT_CHAIN_IOP

const IOp* ChainForms(IOp outer, IOp inner, bool zext) {
  struct Table {
    std::array<int8_t, size_t(IOp::kCount)> index;  // row of chain.def or -1
    std::array<bool, 32> is64;
    std::array<std::array<const IOp*, 32>, 32> pair;
  };
  static const Table* const table = [] {
    auto* t = new Table();
    t->index.fill(-1);
    for (auto& row : t->pair) row.fill(nullptr);
    int n = 0;
#define FUSED_CHAIN_OP(name)                                  \
  t->is64[n] = sizeof(sem::op::name::T) == 8;                 \
  t->index[size_t(IOp::k##name)] = int8_t(n++);
#include "runtime/code/chain.def"
#undef FUSED_CHAIN_OP
#define FUSED_CHAIN(o, i) \
  t->pair[t->index[size_t(IOp::k##o)]][t->index[size_t(IOp::k##i)]] = kChain_##o##_##i;
#include "runtime/code/chain.def"
#undef FUSED_CHAIN
    return t;
  }();
  int o = table->index[size_t(outer)], i = table->index[size_t(inner)];
  if (o < 0 || i < 0 || table->is64[o] != (table->is64[i] || zext)) return nullptr;
  return table->pair[o][i];
}

// Stack slots a binary operation pops, by where its operands come from.
uint8_t Pops(Src a, Src b) { return uint8_t((a == Src::kStack) + (b == Src::kStack)); }

}  // namespace

const Fuser::Rec* Fuser::Last(int back) const {
  if (back >= n_) return nullptr;
  uint32_t next = code_->pos();
  for (int i = n_ - 1; i >= n_ - 1 - back; --i) {
    const Rec& r = recs_[i];
    if (r.end != next || r.pos < barrier_) return nullptr;
    next = r.pos;
  }
  return &recs_[n_ - 1 - back];
}

void Fuser::Push(const Rec& r) {
  if (n_ == kWindow) {  // forget the older half: amortised O(1) per push
    constexpr int kKeep = kWindow / 2;
    for (int i = 0; i < kKeep; ++i) recs_[i] = recs_[kWindow - kKeep + i];
    n_ = kKeep;
  }
  recs_[n_] = r;
  recs_[n_].end = code_->pos();
  ++n_;
}

int Fuser::LocalProducer(int depth, bool consts) const {
  uint32_t next = code_->pos();
  for (int i = n_ - 1; i >= 0; --i) {
    const Rec& r = recs_[i];
    if (r.end != next || r.pos < barrier_) return -1;
    next = r.pos;
    if (depth < r.pushes) {
      if (depth != 0) return -1;
      if (consts && r.kind == Kind::kConst) return i;
      if (r.kind != Kind::kLocalGet) return -1;
      for (int j = i + 1; j < n_; ++j) {
        if (recs_[j].writes == int64_t(r.imm)) return -1;
      }
      return i;
    }
    depth += r.pops - r.pushes;
  }
  return -1;
}

void Fuser::Erase(int i) {
  uint32_t pos = recs_[i].pos, len = recs_[i].end - recs_[i].pos;
  code_->Erase(pos, len);
  for (int j = i + 1; j < n_; ++j) {
    recs_[j - 1] = recs_[j];
    recs_[j - 1].pos -= len;
    recs_[j - 1].end -= len;
  }
  --n_;
}

void Fuser::LocalGet(uint32_t slot) {
  uint32_t at = code_->Op(IOp::kLocalGet);
  code_->Imm(slot);
  Push({Kind::kLocalGet, IOp::kLocalGet, Src::kNone, at, 0, slot, 0, 0, 0, 1});
}

bool Fuser::ToLocal(uint32_t slot) {
  const Rec* r = Last(0);
  if (r == nullptr || r->pushes != 1) return false;
  const FamilyInfo& info = Info(r->base);
  IOp op;
  if (r->kind == Kind::kBinary) {
    op = FormOf(info.row, forms::kArithShapes, {r->a, r->b, Dst::kLocal});
  } else if (r->kind == Kind::kLoad) {
    op = FormOf(info.row, forms::kLoadShapes, {r->a, Src::kNone, Dst::kLocal});
  } else if (r->kind == Kind::kMem) {
    op = FormOf(info.mem, forms::kMemShapes, {r->a, r->b, Dst::kLocal});
  } else {
    return false;
  }
  code_->SetOp(r->pos, op);
  code_->Imm(slot);
  Rec& last = recs_[n_ - 1];
  last.counter = last.kind == Kind::kBinary && last.base == IOp::kI32Add &&
                 last.a == Src::kLocal && last.b == Src::kConst && last.imm == slot;
  last.kind = Kind::kOther;
  last.pushes = 0;
  last.writes = slot;
  last.end = code_->pos();
  return true;
}

void Fuser::LocalSet(uint32_t slot) {
  if (ToLocal(slot)) return;
  const Rec* r = Last(0);
  if (r != nullptr && (r->kind == Kind::kLocalGet || r->kind == Kind::kConst)) {
    uint64_t src = r->imm;
    bool copy = r->kind == Kind::kLocalGet;
    code_->Truncate(r->pos);
    Pop(1);
    if (copy && src == slot) return;  // local.get x; local.set x: no effect
    uint32_t at = code_->Op(copy ? IOp::kLocalCopy : IOp::kLocalSetConst);
    code_->Imm(src);
    code_->Imm(slot);
    Push({Kind::kOther, IOp::kNop, Src::kNone, at, 0, 0, 0, 0, 0, 0, slot});
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalSet);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalSet, Src::kNone, at, 0, 0, 0, 0, 1, 0, slot});
}

// x; local.tee d  ==  x_D [d]; local.get d: the get then fuses onward.
void Fuser::LocalTee(uint32_t slot) {
  if (ToLocal(slot)) {
    LocalGet(slot);
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalTee);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalTee, Src::kNone, at, 0, 0, 0, 0, 1, 1, slot});
}

bool Fuser::Emit(IOp op, uint64_t imm) {
  const FamilyInfo& info = Info(op);
  switch (info.family) {
    case Family::kConst: {
      uint32_t at = code_->Op(op);
      code_->Imm(imm);
      Push({Kind::kConst, op, Src::kNone, at, 0, imm, 0, 0, 0, 1});
      return true;
    }
    case Family::kArith:
    case Family::kCmp:
      if (info.mem != nullptr && MemBinary(op, info.mem, info.mem_load)) return true;
      if (Chain(op)) return true;
      Binary(op, info.row);
      return true;
    case Family::kLoad:
      Load(op, info.row, imm);
      return true;
    case Family::kStore:
      Store(op, info.row, imm);
      return true;
    case Family::kSimd:
      SimdBinary(op, info.row);
      return true;
    case Family::kNone:
      break;
  }
  if (op == IOp::kI32Eqz) {
    Eqz();
    return true;
  }
  if (op == IOp::kI64ExtendI32U && ZeroExtend()) return true;
  if (op == IOp::kV128Load) {
    LoadV128(imm);
    return true;
  }
  return false;
}

Fuser::Operands Fuser::TakeOperands() {
  Operands ops;
  const Rec* b = Last(0);
  if (b == nullptr || (b->kind != Kind::kLocalGet && b->kind != Kind::kConst)) return ops;
  ops.b = b->kind == Kind::kLocalGet ? Src::kLocal : Src::kConst;
  int a_get = LocalProducer(1);  // the local.get producing a, when fused
  if (a_get >= 0) {
    ops.a = Src::kLocal;
    ops.imms[ops.count++] = recs_[a_get].imm;
  }
  ops.imms[ops.count++] = b->imm;
  code_->Truncate(b->pos);
  Pop(1);
  if (a_get >= 0) Erase(a_get);
  return ops;
}

void Fuser::Binary(IOp op, const IOp* row) {
  Operands ops = TakeOperands();
  // Both operands on the stack: the plain operation.
  uint32_t at = code_->Op(ops.b == Src::kStack
                              ? op
                              : FormOf(row, forms::kArithShapes, {ops.a, ops.b, Dst::kPush}));
  for (int i = 0; i < ops.count; ++i) code_->Imm(ops.imms[i]);
  Rec r{Kind::kBinary, op, ops.a, at, 0, 0, 0, 0, Pops(ops.a, ops.b), 1};
  r.b = ops.b;
  if (ops.count == 2) {
    r.imm = ops.imms[0];
    r.imm2 = ops.imms[1];
  }
  Push(r);
}

bool Fuser::ZeroExtend() {
  const Rec* r = Last(0);
  if (r == nullptr || (r->kind != Kind::kBinary && r->kind != Kind::kChain) ||
      r->pushes != 1 || r->zext || !Info(r->base).i32_result) {
    return false;
  }
  recs_[n_ - 1].zext = true;
  return true;
}

bool Fuser::Chain(IOp op) {
  const Rec* b = Last(0);
  if (b == nullptr || b->kind != Kind::kBinary || b->pushes != 1 || b->a != Src::kLocal) {
    return false;
  }
  const IOp* chain = ChainForms(op, b->base, b->zext);
  if (chain == nullptr) return false;
  uint64_t x = b->imm, y = b->imm2;
  Src inner_b = b->b;
  code_->Truncate(b->pos);
  Pop(1);
  uint32_t at = code_->Op(FormOf(chain, forms::kChainShapes, {Src::kStack, inner_b, Dst::kNone}));
  code_->Imm(x);
  code_->Imm(y);
  Push({Kind::kChain, op, Src::kNone, at, 0, 0, 0, 0, 1, 1});
  return true;
}

bool Fuser::MemBinary(IOp op, const IOp* mem, IOp mem_load) {
  const Rec* m = Last(0);
  if (m == nullptr || m->kind != Kind::kLoad || m->a == Src::kStack || m->pushes != 1 ||
      m->base != mem_load) {
    return false;
  }
  Src addr = m->a;  // a local, or a local plus a constant
  uint64_t slot = m->imm, offset = m->imm2, c = m->imm3;
  code_->Truncate(m->pos);
  Pop(1);
  int a_get = LocalProducer(0);
  Src a_src = a_get >= 0 ? Src::kLocal : Src::kStack;
  uint64_t a = a_get >= 0 ? recs_[a_get].imm : 0;
  if (a_get >= 0) Erase(a_get);
  uint32_t at = code_->Op(FormOf(mem, forms::kMemShapes, {a_src, addr, Dst::kPush}));
  if (a_get >= 0) code_->Imm(a);
  code_->Imm(slot);
  if (addr == Src::kLocalPlusConst) code_->Imm(c);
  code_->Imm(offset);
  Rec r{Kind::kMem, op, a_src, at, 0, 0, 0, 0, Pops(a_src, addr), 1};
  r.b = addr;
  Push(r);
  return true;
}

void Fuser::Eqz() {
  const Rec* r = Last(0);
  if (r != nullptr && r->kind == Kind::kLocalGet) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(IOp::kI32EqzL);
    code_->Imm(slot);
    Push({Kind::kEqz, IOp::kI32Eqz, Src::kLocal, at, 0, slot, 0, 0, 0, 1});
    return;
  }
  uint32_t at = code_->Op(IOp::kI32Eqz);
  Push({Kind::kEqz, IOp::kI32Eqz, Src::kStack, at, 0, 0, 0, 0, 1, 1});
}

// The local and constant of an address `local.get a; i32.const c; i32.add`
// (fused as I32Add_LC) just emitted; false when the last record is not one.
bool Fuser::AddressLC(uint64_t* a, uint64_t* c) {
  const Rec* r = Last(0);
  if (r == nullptr || r->kind != Kind::kBinary || r->base != IOp::kI32Add ||
      r->a != Src::kLocal || r->b != Src::kConst || r->pushes != 1) {
    return false;
  }
  *a = r->imm;
  *c = r->imm2;
  code_->Truncate(r->pos);
  Pop(1);
  return true;
}

void Fuser::Load(IOp op, const IOp* row, uint64_t offset) {
  const Rec* r = Last(0);
  uint64_t a, c;
  if (r != nullptr && r->kind == Kind::kLocalGet) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(FormOf(row, forms::kLoadShapes, {Src::kLocal, Src::kNone, Dst::kPush}));
    code_->Imm(slot);
    code_->Imm(offset);
    Push({Kind::kLoad, op, Src::kLocal, at, 0, slot, offset, 0, 0, 1});
    return;
  }
  if (AddressLC(&a, &c)) {
    uint32_t at = code_->Op(
        FormOf(row, forms::kLoadShapes, {Src::kLocalPlusConst, Src::kNone, Dst::kPush}));
    code_->Imm(a);
    code_->Imm(c);
    code_->Imm(offset);
    Push({Kind::kLoad, op, Src::kLocalPlusConst, at, 0, a, offset, c, 0, 1});
    return;
  }
  uint32_t at = code_->Op(op);
  code_->Imm(offset);
  Push({Kind::kLoad, op, Src::kStack, at, 0, 0, offset, 0, 1, 1});
}

void Fuser::LoadV128(uint64_t offset) {
  uint64_t a, c;
  if (AddressLC(&a, &c)) {
    uint32_t at = code_->Op(IOp::kV128Load_LC);
    code_->Imm(a);
    code_->Imm(c);
    code_->Imm(offset);
    Push({Kind::kOther, IOp::kV128Load, Src::kNone, at, 0, 0, 0, 0, 0, 2});
    return;
  }
  uint32_t at = code_->Op(IOp::kV128Load);
  code_->Imm(offset);
  Push({Kind::kOther, IOp::kV128Load, Src::kNone, at, 0, 0, 0, 0, 1, 2});
}

void Fuser::Store(IOp op, const IOp* row, uint64_t offset) {
  Operands ops = TakeOperands();  // a: the address, b: the value
  if (ops.b == Src::kStack) {
    // The value computed on the stack: the address may still be a local.
    if (int a_get = LocalProducer(1); a_get >= 0) {
      ops.a = Src::kLocal;
      ops.imms[ops.count++] = recs_[a_get].imm;
      Erase(a_get);
    }
  }
  bool plain = ops.a == Src::kStack && ops.b == Src::kStack;
  uint32_t at = code_->Op(plain ? op : FormOf(row, forms::kStoreShapes, {ops.a, ops.b}));
  for (int i = 0; i < ops.count; ++i) code_->Imm(ops.imms[i]);
  code_->Imm(offset);
  Push({Kind::kOther, op, Src::kNone, at, 0, 0, 0, 0, Pops(ops.a, ops.b), 0});
}

// v1 v2 c select: v2 (depth 1) from a local or constant, v1 (depth 2) from
// the stack or a local. The erased producers are below the condition's
// computation, which writes neither local (LocalProducer checks).
void Fuser::Select() {
  int b = LocalProducer(1, true);
  if (b < 0) {
    uint32_t at = code_->Op(IOp::kSelect);
    Push({Kind::kOther, IOp::kNop, Src::kNone, at, 0, 0, 0, 0, 3, 1});
    return;
  }
  int a = LocalProducer(2);
  bool b_const = recs_[b].kind == Kind::kConst;
  uint64_t bimm = recs_[b].imm, aimm = a >= 0 ? recs_[a].imm : 0;
  Erase(b);  // b > a: erase the later one first
  if (a >= 0) Erase(a);
  IOp op = a >= 0 ? (b_const ? IOp::kSelect_LC : IOp::kSelect_LL)
                  : (b_const ? IOp::kSelect_SC : IOp::kSelect_SL);
  uint32_t at = code_->Op(op);
  if (a >= 0) code_->Imm(aimm);
  code_->Imm(bimm);
  Push({Kind::kOther, IOp::kNop, Src::kNone, at, 0, 0, 0, 0, uint8_t(a >= 0 ? 1 : 2), 1});
}

void Fuser::Other(uint32_t pos, uint8_t pops, uint8_t pushes) {
  Push({Kind::kOther, IOp::kNop, Src::kNone, pos, 0, 0, 0, 0, pops, pushes});
}

void Fuser::LocalGet128(uint32_t slot) {
  uint32_t at = code_->Op(IOp::kLocalGet128);
  code_->Imm(slot);
  Push({Kind::kLocalGet128, IOp::kLocalGet128, Src::kNone, at, 0, slot, 0, 0, 0, 2});
}

void Fuser::V128Const(uint64_t low, uint64_t high) {
  uint32_t at = code_->Op(IOp::kV128Const);
  code_->Imm(low);
  code_->Imm(high);
  Push({Kind::kConst128, IOp::kV128Const, Src::kNone, at, 0, low, high, 0, 0, 2});
}

void Fuser::I32x4ExtractLane(uint32_t lane) {
  const Rec* r = Last(0);
  if (r != nullptr && r->kind == Kind::kLocalGet128) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(IOp::kI32x4ExtractLaneL);
    code_->Imm(slot);
    code_->Imm(lane);
    Push({Kind::kOther, IOp::kI32x4ExtractLane, Src::kNone, at, 0, 0, 0, 0, 0, 1});
    return;
  }
  uint32_t at = code_->Op(IOp::kI32x4ExtractLane);
  code_->Imm(lane);
  Push({Kind::kOther, IOp::kI32x4ExtractLane, Src::kNone, at, 0, 0, 0, 0, 2, 1});
}

// Forms of WASMRT_SIMD_FORMS: _SL _SC _LL _LC.
void Fuser::SimdBinary(IOp op, const IOp* row) {
  const Rec* b = Last(0);
  const Rec* a = Last(1);
  if (b == nullptr || (b->kind != Kind::kLocalGet128 && b->kind != Kind::kConst128)) {
    uint32_t at = code_->Op(op);
    Push({Kind::kOther, op, Src::kNone, at, 0, 0, 0, 0, 4, 2});
    return;
  }
  bool b_local = b->kind == Kind::kLocalGet128;
  bool a_local = a != nullptr && a->kind == Kind::kLocalGet128;
  uint64_t words[3];
  int n = 0;
  if (a_local) words[n++] = a->imm;
  words[n++] = b->imm;
  if (!b_local) words[n++] = b->imm2;
  code_->Truncate(a_local ? a->pos : b->pos);
  Pop(a_local ? 2 : 1);
  Shape shape{a_local ? Src::kLocal : Src::kStack, b_local ? Src::kLocal : Src::kConst};
  uint32_t at = code_->Op(FormOf(row, forms::kSimdShapes, shape));
  for (int i = 0; i < n; ++i) code_->Imm(words[i]);
  Push({Kind::kOther, op, Src::kNone, at, 0, 0, 0, 0, uint8_t(a_local ? 0 : 2), 2});
}

// The loop-counter op for `local.get x; i32.const c; i32.add; local.set x`
// (I32Add_LC_D x c x) followed by `x CMP limit` (I32*_LC) and br_if.
IOp IncBranchOp(IOp cmp) {
  switch (cmp) {
    case IOp::kI32Ne: return IOp::kI32IncJumpIfNe;
    case IOp::kI32LtU: return IOp::kI32IncJumpIfLtU;
    case IOp::kI32LtS: return IOp::kI32IncJumpIfLtS;
    case IOp::kI32GtU: return IOp::kI32IncJumpIfGtU;
    default: return IOp::kCount;
  }
}

uint32_t Fuser::CondBranch(bool when_true) {
  const Rec* r = Last(0);
  const Rec* inc = Last(1);
  uint32_t at;
  if (when_true && r != nullptr && inc != nullptr && r->kind == Kind::kBinary &&
      r->pushes == 1 && r->a == Src::kLocal && r->b == Src::kConst && inc->counter && inc->writes == int64_t(r->imm) &&
      IncBranchOp(r->base) != IOp::kCount) {
    uint64_t slot = r->imm, limit = r->imm2, step = inc->imm2;
    IOp op = IncBranchOp(r->base);
    code_->Truncate(inc->pos);
    at = code_->Op(op);
    code_->Imm(slot);
    code_->Imm(step);
    code_->Imm(limit);
  } else if (r != nullptr && r->kind == Kind::kBinary && r->pushes == 1 &&
      Info(r->base).family == Family::kCmp) {
    at = r->pos;
    code_->SetOp(at, FormOf(Info(r->base).branch, forms::kBranchShapes,
                            {r->a, r->b, Dst::kNone, when_true}));
  } else if (r != nullptr && (r->kind == Kind::kEqz || r->kind == Kind::kLocalGet)) {
    // eqz inverts the branch; a local (or eqz of one) is tested in place.
    bool on_local = r->kind == Kind::kLocalGet || r->a == Src::kLocal;
    bool jump_if = r->kind == Kind::kEqz ? !when_true : when_true;
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    if (on_local) {
      at = code_->Op(jump_if ? IOp::kJumpIfL : IOp::kJumpUnlessL);
      code_->Imm(slot);
    } else {
      at = code_->Op(jump_if ? IOp::kJumpIf : IOp::kJumpUnless);
    }
  } else {
    at = code_->Op(when_true ? IOp::kJumpIf : IOp::kJumpUnless);
  }
  n_ = 0;  // the branch ends the run
  return at;
}

}  // namespace wasmrt::interp
