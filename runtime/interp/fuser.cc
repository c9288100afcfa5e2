#include "runtime/interp/fuser.h"

#include <cstddef>
#include <string_view>

namespace wasmrt::interp {
namespace {

enum class Family : uint8_t { kNone, kArith, kCmp, kLoad, kStore, kConst, kSimd };

struct FamilyInfo {
  Family family = Family::kNone;
  IOp first = IOp::kCount;         // the first fused form (code.h *_FORMS)
  IOp first_branch = IOp::kCount;  // kCmp: the first compare-and-branch form
  IOp mem_first = IOp::kCount;     // FUSED_MEM rows: the _SM form
  bool i32_result = false;         // kArith, kCmp: the result is an i32
};

const FamilyInfo& Info(IOp op) {
  static const auto* const table = [] {
    auto* t = new std::array<FamilyInfo, size_t(IOp::kCount)>();
#define FUSED_ARITH(name, T, R, expr) \
  (*t)[size_t(IOp::k##name)] = {Family::kArith, IOp::k##name##_SL, IOp::kCount, \
                                IOp::kCount, std::string_view(#R) == "I32"};
#define FUSED_CMP(name, T, expr)                                 \
  (*t)[size_t(IOp::k##name)] = {Family::kCmp, IOp::k##name##_SL, \
                                IOp::k##name##_SS_BrIf, IOp::kCount, true};
#define FUSED_LOAD(name, T, field, conv) \
  (*t)[size_t(IOp::k##name)] = {Family::kLoad, IOp::k##name##_L, IOp::kCount, \
                                IOp::kCount};
#define FUSED_STORE(name, T, field) \
  (*t)[size_t(IOp::k##name)] = {Family::kStore, IOp::k##name##_SL, IOp::kCount, \
                                IOp::kCount};
#define FUSED_MEM(name, T, R, expr)  // after the arithmetic rows: see below
#define FUSED_SIMD(name, expr) \
  (*t)[size_t(IOp::k##name)] = {Family::kSimd, IOp::k##name##_SL, IOp::kCount, \
                                IOp::kCount};
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_MEM
#undef FUSED_ARITH
#undef FUSED_CMP
#undef FUSED_LOAD
#undef FUSED_STORE
#define FUSED_ARITH(name, T, R, expr)
#define FUSED_CMP(name, T, expr)
#define FUSED_LOAD(name, T, field, conv)
#define FUSED_STORE(name, T, field)
#define FUSED_MEM(name, T, R, expr) (*t)[size_t(IOp::k##name)].mem_first = IOp::k##name##_SM;
#define FUSED_SIMD(name, expr)
#include "runtime/code/fused.def"
#undef FUSED_SIMD
#undef FUSED_MEM
#undef FUSED_ARITH
#undef FUSED_CMP
#undef FUSED_LOAD
#undef FUSED_STORE
    for (IOp c : {IOp::kI32Const, IOp::kI64Const, IOp::kF32Const, IOp::kF64Const}) {
      (*t)[size_t(c)].family = Family::kConst;
    }
    return t;
  }();
  return (*table)[size_t(op)];
}

IOp Plus(IOp first, int k) { return IOp(uint16_t(first) + k); }

// Chained pairs (chain.def): the _SLC form of `outer(S, inner(...))`, or
// kCount. `zext`: the inner's i32 result is taken as an i64.
IOp ChainOp(IOp outer, IOp inner, bool zext) {
  struct Table {
    std::array<int8_t, size_t(IOp::kCount)> index;  // row of chain.def or -1
    std::array<bool, 32> is64;
    std::array<std::array<IOp, 32>, 32> pair;
  };
  static const Table* const table = [] {
    auto* t = new Table();
    t->index.fill(-1);
    for (auto& row : t->pair) row.fill(IOp::kCount);
    int n = 0;
#define FUSED_CHAIN_OP(name, T, expr)                \
  t->is64[n] = sizeof(T) == 8;                       \
  t->index[size_t(IOp::k##name)] = int8_t(n++);
#include "runtime/code/chain.def"
#undef FUSED_CHAIN_OP
#define FUSED_CHAIN(o, i) \
  t->pair[t->index[size_t(IOp::k##o)]][t->index[size_t(IOp::k##i)]] = IOp::k##o##_##i##_SLC;
#include "runtime/code/chain.def"
#undef FUSED_CHAIN
    return t;
  }();
  int o = table->index[size_t(outer)], i = table->index[size_t(inner)];
  if (o < 0 || i < 0 || table->is64[o] != (table->is64[i] || zext)) return IOp::kCount;
  return table->pair[o][i];
}

// The load whose value a FUSED_MEM row's memory operand is.
IOp LoadOf(IOp op) {
  switch (op) {
    case IOp::kI32Add: return IOp::kI32Load;
    case IOp::kI64Add: return IOp::kI64Load;
    case IOp::kF32Add: case IOp::kF32Sub: case IOp::kF32Mul: return IOp::kF32Load;
    case IOp::kF64Add: case IOp::kF64Sub: case IOp::kF64Mul: return IOp::kF64Load;
    default: return IOp::kCount;
  }
}

// Offsets of the forms within WASMRT_ARITH_FORMS: the four operand forms
// (SL SC LL LC), then the five result-to-local forms (SS_D ... LC_D).
constexpr int kToLocalForms = 4;
// Within WASMRT_BRANCH_FORMS: five _BrIf forms, then five _BrUnless.
constexpr int kUnlessForms = 5;
// Within WASMRT_LOAD_FORMS: _L _S_D _L_D _LC _LC_D.
constexpr int kLoadS_D = 1, kLoadL_D = 2, kLoadLC = 3, kLoadLC_D = 4;
// Within WASMRT_STORE_FORMS: _SL _SC _LL _LC _LS.
constexpr int kStoreLS = 4;
// Within WASMRT_MEM_FORMS: _SM _LM _SMC _LMC, then their _D forms.
constexpr int kMemToLocal = 4;
// Stack slots consumed by a binary operation of each Form.
constexpr uint8_t kFormPops[] = {2, 1, 1, 0, 0};

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
  Push({Kind::kLocalGet, IOp::kLocalGet, 0, at, 0, slot, 0, 0, 0, 1});
}

bool Fuser::ToLocal(uint32_t slot) {
  const Rec* r = Last(0);
  if (r == nullptr || r->pushes != 1) return false;
  const FamilyInfo& info = Info(r->base);
  IOp op;
  if (r->kind == Kind::kBinary) {
    op = Plus(info.first, kToLocalForms + r->form);
  } else if (r->kind == Kind::kLoad) {
    static constexpr int kToLocal[] = {kLoadS_D, kLoadL_D, kLoadLC_D};
    op = Plus(info.first, kToLocal[r->form]);
  } else if (r->kind == Kind::kMem) {
    op = Plus(info.mem_first, kMemToLocal + r->form);
  } else {
    return false;
  }
  code_->SetOp(r->pos, op);
  code_->Imm(slot);
  Rec& last = recs_[n_ - 1];
  last.counter = last.kind == Kind::kBinary && last.base == IOp::kI32Add &&
                 last.form == kLC && last.imm == slot;
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
    Push({Kind::kOther, IOp::kNop, 0, at, 0, 0, 0, 0, 0, 0, slot});
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalSet);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalSet, 0, at, 0, 0, 0, 0, 1, 0, slot});
}

// x; local.tee d  ==  x_D [d]; local.get d: the get then fuses onward.
void Fuser::LocalTee(uint32_t slot) {
  if (ToLocal(slot)) {
    LocalGet(slot);
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalTee);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalTee, 0, at, 0, 0, 0, 0, 1, 1, slot});
}

bool Fuser::Emit(IOp op, uint64_t imm) {
  const FamilyInfo& info = Info(op);
  switch (info.family) {
    case Family::kConst: {
      uint32_t at = code_->Op(op);
      code_->Imm(imm);
      Push({Kind::kConst, op, 0, at, 0, imm, 0, 0, 0, 1});
      return true;
    }
    case Family::kArith:
    case Family::kCmp:
      if (info.mem_first != IOp::kCount && MemBinary(op, info.mem_first)) return true;
      if (Chain(op)) return true;
      Binary(op, info.first);
      return true;
    case Family::kLoad:
      Load(op, info.first, imm);
      return true;
    case Family::kStore:
      Store(op, info.first, imm);
      return true;
    case Family::kSimd:
      SimdBinary(op, info.first);
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

void Fuser::Binary(IOp op, IOp first) {
  const Rec* b = Last(0);
  Form form = kSS;
  uint64_t imms[2];
  int nimm = 0;
  int a_get = -1;  // the local.get producing a, when fused
  if (b != nullptr && (b->kind == Kind::kLocalGet || b->kind == Kind::kConst)) {
    bool b_local = b->kind == Kind::kLocalGet;
    a_get = LocalProducer(1);
    if (a_get >= 0) {
      form = b_local ? kLL : kLC;
      imms[nimm++] = recs_[a_get].imm;
    } else {
      form = b_local ? kSL : kSC;
    }
    imms[nimm++] = b->imm;
    code_->Truncate(b->pos);
    Pop(1);
    if (a_get >= 0) Erase(a_get);
  }
  uint32_t at = code_->Op(form == kSS ? op : Plus(first, form - 1));
  for (int i = 0; i < nimm; ++i) code_->Imm(imms[i]);
  Rec r{Kind::kBinary, op, uint8_t(form), at, 0, 0, 0, 0, kFormPops[form], 1};
  if (nimm == 2) {
    r.imm = imms[0];
    r.imm2 = imms[1];
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
  if (b == nullptr || b->kind != Kind::kBinary || b->pushes != 1 ||
      (b->form != kLL && b->form != kLC)) {
    return false;
  }
  IOp chain = ChainOp(op, b->base, b->zext);
  if (chain == IOp::kCount) return false;
  uint64_t x = b->imm, y = b->imm2;
  bool ll = b->form == kLL;
  code_->Truncate(b->pos);
  Pop(1);
  uint32_t at = code_->Op(Plus(chain, ll ? 1 : 0));
  code_->Imm(x);
  code_->Imm(y);
  Push({Kind::kChain, op, 0, at, 0, 0, 0, 0, 1, 1});
  return true;
}

bool Fuser::MemBinary(IOp op, IOp mem_first) {
  const Rec* m = Last(0);
  if (m == nullptr || m->kind != Kind::kLoad || m->form == kAddrS || m->pushes != 1 ||
      m->base != LoadOf(op)) {
    return false;
  }
  bool lc = m->form == kAddrLC;
  uint64_t slot = m->imm, offset = m->imm2, c = m->imm3;
  code_->Truncate(m->pos);
  Pop(1);
  int a_get = LocalProducer(0);
  uint64_t a = a_get >= 0 ? recs_[a_get].imm : 0;
  if (a_get >= 0) Erase(a_get);
  // WASMRT_MEM_FORMS: _SM _LM _SMC _LMC.
  uint8_t form = uint8_t((a_get >= 0 ? 1 : 0) + (lc ? 2 : 0));
  uint32_t at = code_->Op(Plus(mem_first, form));
  if (a_get >= 0) code_->Imm(a);
  code_->Imm(slot);
  if (lc) code_->Imm(c);
  code_->Imm(offset);
  Push({Kind::kMem, op, form, at, 0, 0, 0, 0, uint8_t(a_get >= 0 ? 0 : 1), 1});
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
    Push({Kind::kEqz, IOp::kI32Eqz, 1, at, 0, slot, 0, 0, 0, 1});
    return;
  }
  uint32_t at = code_->Op(IOp::kI32Eqz);
  Push({Kind::kEqz, IOp::kI32Eqz, 0, at, 0, 0, 0, 0, 1, 1});
}

// The local and constant of an address `local.get a; i32.const c; i32.add`
// (fused as I32Add_LC) just emitted; false when the last record is not one.
bool Fuser::AddressLC(uint64_t* a, uint64_t* c) {
  const Rec* r = Last(0);
  if (r == nullptr || r->kind != Kind::kBinary || r->base != IOp::kI32Add ||
      r->form != kLC || r->pushes != 1) {
    return false;
  }
  *a = r->imm;
  *c = r->imm2;
  code_->Truncate(r->pos);
  Pop(1);
  return true;
}

void Fuser::Load(IOp op, IOp first, uint64_t offset) {
  const Rec* r = Last(0);
  uint64_t a, c;
  if (r != nullptr && r->kind == Kind::kLocalGet) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(first);  // _L
    code_->Imm(slot);
    code_->Imm(offset);
    Push({Kind::kLoad, op, kAddrL, at, 0, slot, offset, 0, 0, 1});
    return;
  }
  if (AddressLC(&a, &c)) {
    uint32_t at = code_->Op(Plus(first, kLoadLC));
    code_->Imm(a);
    code_->Imm(c);
    code_->Imm(offset);
    Push({Kind::kLoad, op, kAddrLC, at, 0, a, offset, c, 0, 1});
    return;
  }
  uint32_t at = code_->Op(op);
  code_->Imm(offset);
  Push({Kind::kLoad, op, kAddrS, at, 0, 0, offset, 0, 1, 1});
}

void Fuser::LoadV128(uint64_t offset) {
  uint64_t a, c;
  if (AddressLC(&a, &c)) {
    uint32_t at = code_->Op(IOp::kV128Load_LC);
    code_->Imm(a);
    code_->Imm(c);
    code_->Imm(offset);
    Push({Kind::kOther, IOp::kV128Load, 0, at, 0, 0, 0, 0, 0, 2});
    return;
  }
  uint32_t at = code_->Op(IOp::kV128Load);
  code_->Imm(offset);
  Push({Kind::kOther, IOp::kV128Load, 0, at, 0, 0, 0, 0, 1, 2});
}

void Fuser::Store(IOp op, IOp first, uint64_t offset) {
  const Rec* v = Last(0);
  int k = -1;  // offset of the form in WASMRT_STORE_FORMS
  uint64_t imms[2];
  int nimm = 0;
  uint8_t pops = 2;
  if (v != nullptr && (v->kind == Kind::kLocalGet || v->kind == Kind::kConst)) {
    bool v_local = v->kind == Kind::kLocalGet;
    int a_get = LocalProducer(1);
    if (a_get >= 0) {
      k = v_local ? 2 : 3;  // _LL, _LC
      imms[nimm++] = recs_[a_get].imm;
      pops = 0;
    } else {
      k = v_local ? 0 : 1;  // _SL, _SC
      pops = 1;
    }
    imms[nimm++] = v->imm;
    code_->Truncate(v->pos);
    Pop(1);
    if (a_get >= 0) Erase(a_get);
  } else if (int a_get = LocalProducer(1); a_get >= 0) {
    k = kStoreLS;
    imms[nimm++] = recs_[a_get].imm;
    pops = 1;
    Erase(a_get);
  }
  uint32_t at = code_->Op(k < 0 ? op : Plus(first, k));
  for (int i = 0; i < nimm; ++i) code_->Imm(imms[i]);
  code_->Imm(offset);
  Push({Kind::kOther, op, 0, at, 0, 0, 0, 0, pops, 0});
}

// v1 v2 c select: v2 (depth 1) from a local or constant, v1 (depth 2) from
// the stack or a local. The erased producers are below the condition's
// computation, which writes neither local (LocalProducer checks).
void Fuser::Select() {
  int b = LocalProducer(1, true);
  if (b < 0) {
    uint32_t at = code_->Op(IOp::kSelect);
    Push({Kind::kOther, IOp::kNop, 0, at, 0, 0, 0, 0, 3, 1});
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
  Push({Kind::kOther, IOp::kNop, 0, at, 0, 0, 0, 0, uint8_t(a >= 0 ? 1 : 2), 1});
}

void Fuser::Other(uint32_t pos, uint8_t pops, uint8_t pushes) {
  Push({Kind::kOther, IOp::kNop, 0, pos, 0, 0, 0, 0, pops, pushes});
}

void Fuser::LocalGet128(uint32_t slot) {
  uint32_t at = code_->Op(IOp::kLocalGet128);
  code_->Imm(slot);
  Push({Kind::kLocalGet128, IOp::kLocalGet128, 0, at, 0, slot, 0, 0, 0, 2});
}

void Fuser::V128Const(uint64_t low, uint64_t high) {
  uint32_t at = code_->Op(IOp::kV128Const);
  code_->Imm(low);
  code_->Imm(high);
  Push({Kind::kConst128, IOp::kV128Const, 0, at, 0, low, high, 0, 0, 2});
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
    Push({Kind::kOther, IOp::kI32x4ExtractLane, 0, at, 0, 0, 0, 0, 0, 1});
    return;
  }
  uint32_t at = code_->Op(IOp::kI32x4ExtractLane);
  code_->Imm(lane);
  Push({Kind::kOther, IOp::kI32x4ExtractLane, 0, at, 0, 0, 0, 0, 2, 1});
}

// Forms of WASMRT_SIMD_FORMS: _SL _SC _LL _LC.
void Fuser::SimdBinary(IOp op, IOp first) {
  const Rec* b = Last(0);
  const Rec* a = Last(1);
  if (b == nullptr || (b->kind != Kind::kLocalGet128 && b->kind != Kind::kConst128)) {
    uint32_t at = code_->Op(op);
    Push({Kind::kOther, op, 0, at, 0, 0, 0, 0, 4, 2});
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
  int form = (a_local ? 2 : 0) + (b_local ? 0 : 1);
  uint32_t at = code_->Op(Plus(first, form));
  for (int i = 0; i < n; ++i) code_->Imm(words[i]);
  Push({Kind::kOther, op, 0, at, 0, 0, 0, 0, uint8_t(a_local ? 0 : 2), 2});
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
      r->pushes == 1 && r->form == kLC && inc->counter && inc->writes == int64_t(r->imm) &&
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
    code_->SetOp(at, Plus(Info(r->base).first_branch,
                          (when_true ? 0 : kUnlessForms) + r->form));
  } else if (r != nullptr && (r->kind == Kind::kEqz || r->kind == Kind::kLocalGet)) {
    // eqz inverts the branch; a local (or eqz of one) is tested in place.
    bool on_local = r->kind == Kind::kLocalGet || r->form == 1;
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
