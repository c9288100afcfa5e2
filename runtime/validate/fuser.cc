#include "runtime/validate/fuser.h"

#include <cstddef>

namespace wasmrt::validate {
namespace {

enum class Family : uint8_t { kNone, kArith, kCmp, kLoad, kStore, kConst };

struct FamilyInfo {
  Family family = Family::kNone;
  IOp first = IOp::kCount;         // the first fused form (code.h *_FORMS)
  IOp first_branch = IOp::kCount;  // kCmp: the first compare-and-branch form
};

const FamilyInfo& Info(IOp op) {
  static const auto* const table = [] {
    auto* t = new std::array<FamilyInfo, size_t(IOp::kCount)>();
#define FUSED_ARITH(name, T, R, expr) \
  (*t)[size_t(IOp::k##name)] = {Family::kArith, IOp::k##name##_SL, IOp::kCount};
#define FUSED_CMP(name, T, expr)                                 \
  (*t)[size_t(IOp::k##name)] = {Family::kCmp, IOp::k##name##_SL, \
                                IOp::k##name##_SS_BrIf};
#define FUSED_LOAD(name, T, field, conv) \
  (*t)[size_t(IOp::k##name)] = {Family::kLoad, IOp::k##name##_L, IOp::kCount};
#define FUSED_STORE(name, T, field) \
  (*t)[size_t(IOp::k##name)] = {Family::kStore, IOp::k##name##_SL, IOp::kCount};
#include "runtime/code/fused.def"
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

// Offsets of the forms within WASMRT_ARITH_FORMS: the four operand forms
// (SL SC LL LC), then the five result-to-local forms (SS_D ... LC_D).
constexpr int kToLocalForms = 4;
// Within WASMRT_BRANCH_FORMS: five _BrIf forms, then five _BrUnless.
constexpr int kUnlessForms = 5;

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
  if (n_ == kWindow) {
    for (int i = 1; i < kWindow; ++i) recs_[i - 1] = recs_[i];
    --n_;
  }
  recs_[n_] = r;
  recs_[n_].end = code_->pos();
  ++n_;
}

void Fuser::LocalGet(uint32_t slot) {
  uint32_t at = code_->Op(IOp::kLocalGet);
  code_->Imm(slot);
  Push({Kind::kLocalGet, IOp::kLocalGet, 0, at, 0, slot});
}

bool Fuser::ToLocal(uint32_t slot) {
  const Rec* r = Last(0);
  if (r == nullptr) return false;
  const FamilyInfo& info = Info(r->base);
  IOp op;
  if (r->kind == Kind::kBinary) {
    op = Plus(info.first, kToLocalForms + r->form);
  } else if (r->kind == Kind::kLoad) {
    op = Plus(info.first, r->form == 0 ? 1 : 2);  // _S_D, _L_D
  } else {
    return false;
  }
  code_->SetOp(r->pos, op);
  code_->Imm(slot);
  Rec& last = recs_[n_ - 1];
  last.kind = Kind::kOther;
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
    uint32_t at = code_->Op(copy ? IOp::kLocalCopy : IOp::kLocalSetConst);
    code_->Imm(src);
    code_->Imm(slot);
    Push({Kind::kOther, IOp::kNop, 0, at, 0, 0});
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalSet);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalSet, 0, at, 0, 0});
}

// x; local.tee d  ==  x_D [d]; local.get d: the get then fuses onward.
void Fuser::LocalTee(uint32_t slot) {
  if (ToLocal(slot)) {
    LocalGet(slot);
    return;
  }
  uint32_t at = code_->Op(IOp::kLocalTee);
  code_->Imm(slot);
  Push({Kind::kOther, IOp::kLocalTee, 0, at, 0, 0});
}

bool Fuser::Emit(IOp op, uint64_t imm) {
  const FamilyInfo& info = Info(op);
  switch (info.family) {
    case Family::kConst: {
      uint32_t at = code_->Op(op);
      code_->Imm(imm);
      Push({Kind::kConst, op, 0, at, 0, imm});
      return true;
    }
    case Family::kArith:
    case Family::kCmp:
      Binary(op, info.first);
      return true;
    case Family::kLoad:
      Load(op, info.first, imm);
      return true;
    case Family::kStore:
      Store(op, info.first, imm);
      return true;
    case Family::kNone:
      break;
  }
  if (op == IOp::kI32Eqz) {
    Eqz();
    return true;
  }
  return false;
}

void Fuser::Binary(IOp op, IOp first) {
  const Rec* b = Last(0);
  const Rec* a = Last(1);
  Form form = kSS;
  uint64_t imms[2];
  int nimm = 0, used = 0;
  if (b != nullptr && (b->kind == Kind::kLocalGet || b->kind == Kind::kConst)) {
    bool b_local = b->kind == Kind::kLocalGet;
    if (a != nullptr && a->kind == Kind::kLocalGet) {
      form = b_local ? kLL : kLC;
      imms[nimm++] = a->imm;
      used = 2;
    } else {
      form = b_local ? kSL : kSC;
      used = 1;
    }
    imms[nimm++] = b->imm;
  }
  if (used > 0) {
    code_->Truncate(Last(used - 1)->pos);
    Pop(used);
  }
  uint32_t at = code_->Op(form == kSS ? op : Plus(first, form - 1));
  for (int i = 0; i < nimm; ++i) code_->Imm(imms[i]);
  Push({Kind::kBinary, op, uint8_t(form), at, 0, 0});
}

void Fuser::Eqz() {
  const Rec* r = Last(0);
  if (r != nullptr && r->kind == Kind::kLocalGet) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(IOp::kI32EqzL);
    code_->Imm(slot);
    Push({Kind::kEqz, IOp::kI32Eqz, 1, at, 0, slot});
    return;
  }
  uint32_t at = code_->Op(IOp::kI32Eqz);
  Push({Kind::kEqz, IOp::kI32Eqz, 0, at, 0, 0});
}

void Fuser::Load(IOp op, IOp first, uint64_t offset) {
  const Rec* r = Last(0);
  if (r != nullptr && r->kind == Kind::kLocalGet) {
    uint64_t slot = r->imm;
    code_->Truncate(r->pos);
    Pop(1);
    uint32_t at = code_->Op(first);  // _L
    code_->Imm(slot);
    code_->Imm(offset);
    Push({Kind::kLoad, op, 1, at, 0, 0});
    return;
  }
  uint32_t at = code_->Op(op);
  code_->Imm(offset);
  Push({Kind::kLoad, op, 0, at, 0, 0});
}

void Fuser::Store(IOp op, IOp first, uint64_t offset) {
  const Rec* v = Last(0);
  const Rec* a = Last(1);
  int k = -1, used = 0;  // offset of the form in WASMRT_STORE_FORMS
  uint64_t imms[2];
  int nimm = 0;
  if (v != nullptr && (v->kind == Kind::kLocalGet || v->kind == Kind::kConst)) {
    bool v_local = v->kind == Kind::kLocalGet;
    if (a != nullptr && a->kind == Kind::kLocalGet) {
      k = v_local ? 2 : 3;  // _LL, _LC
      imms[nimm++] = a->imm;
      used = 2;
    } else {
      k = v_local ? 0 : 1;  // _SL, _SC
      used = 1;
    }
    imms[nimm++] = v->imm;
  }
  if (used > 0) {
    code_->Truncate(Last(used - 1)->pos);
    Pop(used);
  }
  uint32_t at = code_->Op(k < 0 ? op : Plus(first, k));
  for (int i = 0; i < nimm; ++i) code_->Imm(imms[i]);
  code_->Imm(offset);
  Push({Kind::kOther, op, 0, at, 0, 0});
}

uint32_t Fuser::CondBranch(bool when_true) {
  const Rec* r = Last(0);
  uint32_t at;
  if (r != nullptr && r->kind == Kind::kBinary &&
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

}  // namespace wasmrt::validate
