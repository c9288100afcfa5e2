// The operand forms of the fused operations: the one table every user of a
// fused form reads. Each family of fused.def (and chain.def) has a list of
// forms; from it come the IOp enum (code.h), the interpreter's handler
// labels and bodies (interp/fused_handlers.inc), the fuser's choice of form
// (interp/fuser.cc looks a form up by where its operands come from) and the
// disassembler's names and immediate counts (disasm.cc).
//
// Each row is X(n, Suffix, Imms, <operand tokens>): the op k<n>_<Suffix>
// takes Imms immediate words. Operand tokens say where a value comes from;
// the digit is the index of the immediate the token reads:
//   S0, S1    the stack: sp[0], sp[-1] (popped)
//   L0, L1    the local whose slot is the immediate
//   C0, C1    the immediate's bits
//   TOP       the result is pushed
//   D0..D4    the result is written to the local whose slot is the immediate
// Addresses (i32): AS0 = the stack top, AL0/AL1 = a local, ALC0/ALC1 =
// u32(local [k] + constant [k+1]) (the i32.add wraps before the memarg
// offset is added). v128 operands: VS = the top two slots, VL0/VL1 = a v128
// local (two slots), VC0/VC1 = two immediate words [low][high].
//
// Adding a form: add its row here, then teach interp/fuser.cc when to pick
// it (by its operand sources). Adding an operation to a family: one row in
// fused.def plus, for a new operation, its helper in semantics.h.
#ifndef WASMRT_RUNTIME_CODE_FORMS_H_
#define WASMRT_RUNTIME_CODE_FORMS_H_

#include <cstdint>

// Binary operations: X(n, Suffix, Imms, a, b, result).
#define WASMRT_ARITH_FORMS(X, n)      \
  X(n, SL, 1, S0, L0, TOP)            \
  X(n, SC, 1, S0, C0, TOP)            \
  X(n, LL, 2, L0, L1, TOP)            \
  X(n, LC, 2, L0, C1, TOP)            \
  X(n, SS_D, 1, S1, S0, D0)           \
  X(n, SL_D, 2, S0, L0, D1)           \
  X(n, SC_D, 2, S0, C0, D1)           \
  X(n, LL_D, 3, L0, L1, D2)           \
  X(n, LC_D, 3, L0, C1, D2)
// Compare and branch: X(n, Suffix, Imms, a, b, branch, when): the branch's
// [offset][fuel] are immediates `branch` and `branch + 1`; it is taken when
// the comparison equals `when`.
#define WASMRT_BRANCH_FORMS(X, n)                 \
  X(n, SS_BrIf, 2, S1, S0, 0, true)               \
  X(n, SL_BrIf, 3, S0, L0, 1, true)               \
  X(n, SC_BrIf, 3, S0, C0, 1, true)               \
  X(n, LL_BrIf, 4, L0, L1, 2, true)               \
  X(n, LC_BrIf, 4, L0, C1, 2, true)               \
  X(n, SS_BrUnless, 2, S1, S0, 0, false)          \
  X(n, SL_BrUnless, 3, S0, L0, 1, false)          \
  X(n, SC_BrUnless, 3, S0, C0, 1, false)          \
  X(n, LL_BrUnless, 4, L0, L1, 2, false)          \
  X(n, LC_BrUnless, 4, L0, C1, 2, false)
// Loads: X(n, Suffix, Imms, address, offset, result); the memarg offset is
// immediate `offset`.
#define WASMRT_LOAD_FORMS(X, n)       \
  X(n, L, 2, AL0, 1, TOP)             \
  X(n, S_D, 2, AS0, 0, D1)            \
  X(n, L_D, 3, AL0, 1, D2)            \
  X(n, LC, 3, ALC0, 2, TOP)           \
  X(n, LC_D, 4, ALC0, 2, D3)
// Stores: X(n, Suffix, Imms, address, value, offset).
#define WASMRT_STORE_FORMS(X, n)      \
  X(n, SL, 2, AS0, L0, 1)             \
  X(n, SC, 2, AS0, C0, 1)             \
  X(n, LL, 3, AL0, L1, 2)             \
  X(n, LC, 3, AL0, C1, 2)             \
  X(n, LS, 2, AL0, S0, 1)
// Binary operations whose right operand is loaded from memory (of the
// operation's own type): X(n, Suffix, Imms, a, address, offset, result).
#define WASMRT_MEM_FORMS(X, n)        \
  X(n, SM, 2, S0, AL0, 1, TOP)        \
  X(n, LM, 3, L0, AL1, 2, TOP)        \
  X(n, SMC, 3, S0, ALC0, 2, TOP)      \
  X(n, LMC, 4, L0, ALC1, 3, TOP)      \
  X(n, SM_D, 3, S0, AL0, 1, D2)       \
  X(n, LM_D, 4, L0, AL1, 2, D3)       \
  X(n, SMC_D, 4, S0, ALC0, 2, D3)     \
  X(n, LMC_D, 5, L0, ALC1, 3, D4)
// v128 binary operations: X(n, Suffix, Imms, a, b); the result is pushed
// (or replaces a when a is on the stack).
#define WASMRT_SIMD_FORMS(X, n)       \
  X(n, SL, 1, VS, VL0)                \
  X(n, SC, 2, VS, VC0)                \
  X(n, LL, 2, VL0, VL1)               \
  X(n, LC, 3, VL0, VC1)
// Chained pairs outer(S0, inner(L0, b)) (chain.def): X(o, i, Suffix, Imms, b).
#define WASMRT_CHAIN_FORMS(X, o, i)   \
  X(o, i, SLC, 2, C1)                 \
  X(o, i, SLL, 2, L1)

namespace wasmrt::forms {

// Where an operand comes from, where a result goes.
enum class Src : uint8_t { kNone, kStack, kLocal, kConst, kLocalPlusConst };
enum class Dst : uint8_t { kNone, kPush, kLocal };

// What a token of the table means: its source or destination, and the
// stack slots it pops (negative) or pushes.
struct Token {
  Src src;
  Dst dst;
  int8_t stack;
};
// clang-format off
inline constexpr Token kToken_S0{Src::kStack, Dst::kNone, -1};
inline constexpr Token kToken_S1{Src::kStack, Dst::kNone, -1};
inline constexpr Token kToken_L0{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_L1{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_C0{Src::kConst, Dst::kNone, 0};
inline constexpr Token kToken_C1{Src::kConst, Dst::kNone, 0};
inline constexpr Token kToken_AS0{Src::kStack, Dst::kNone, -1};
inline constexpr Token kToken_AL0{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_AL1{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_ALC0{Src::kLocalPlusConst, Dst::kNone, 0};
inline constexpr Token kToken_ALC1{Src::kLocalPlusConst, Dst::kNone, 0};
inline constexpr Token kToken_VS{Src::kStack, Dst::kNone, -2};
inline constexpr Token kToken_VL0{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_VL1{Src::kLocal, Dst::kNone, 0};
inline constexpr Token kToken_VC0{Src::kConst, Dst::kNone, 0};
inline constexpr Token kToken_VC1{Src::kConst, Dst::kNone, 0};
inline constexpr Token kToken_TOP{Src::kNone, Dst::kPush, 1};
inline constexpr Token kToken_D0{Src::kNone, Dst::kLocal, 0};
inline constexpr Token kToken_D1{Src::kNone, Dst::kLocal, 0};
inline constexpr Token kToken_D2{Src::kNone, Dst::kLocal, 0};
inline constexpr Token kToken_D3{Src::kNone, Dst::kLocal, 0};
inline constexpr Token kToken_D4{Src::kNone, Dst::kLocal, 0};
// clang-format on

// A form's shape: what the fuser knows when it picks one.
struct Shape {
  Src a = Src::kNone;
  Src b = Src::kNone;
  Dst dst = Dst::kNone;
  bool when = false;  // branch forms: taken when the comparison is true
  constexpr bool operator==(const Shape&) const = default;
};

#define WASMRT_SHAPE_AB_D(n, s, imms, A, B, D) \
  Shape{kToken_##A.src, kToken_##B.src, kToken_##D.dst, false},
#define WASMRT_SHAPE_BRANCH(n, s, imms, A, B, k, when) \
  Shape{kToken_##A.src, kToken_##B.src, Dst::kNone, when},
#define WASMRT_SHAPE_LOAD(n, s, imms, A, k, D) \
  Shape{kToken_##A.src, Src::kNone, kToken_##D.dst, false},
#define WASMRT_SHAPE_STORE(n, s, imms, A, V, k) \
  Shape{kToken_##A.src, kToken_##V.src, Dst::kNone, false},
#define WASMRT_SHAPE_MEM(n, s, imms, A, M, k, D) \
  Shape{kToken_##A.src, kToken_##M.src, kToken_##D.dst, false},
#define WASMRT_SHAPE_AB(n, s, imms, A, B) \
  Shape{kToken_##A.src, kToken_##B.src, Dst::kNone, false},
#define WASMRT_SHAPE_CHAIN(o, i, s, imms, B) \
  Shape{Src::kStack, kToken_##B.src, Dst::kNone, false},
// The shapes of each family, in the order of its forms.
inline constexpr Shape kArithShapes[] = {WASMRT_ARITH_FORMS(WASMRT_SHAPE_AB_D, _)};
inline constexpr Shape kBranchShapes[] = {WASMRT_BRANCH_FORMS(WASMRT_SHAPE_BRANCH, _)};
inline constexpr Shape kLoadShapes[] = {WASMRT_LOAD_FORMS(WASMRT_SHAPE_LOAD, _)};
inline constexpr Shape kStoreShapes[] = {WASMRT_STORE_FORMS(WASMRT_SHAPE_STORE, _)};
inline constexpr Shape kMemShapes[] = {WASMRT_MEM_FORMS(WASMRT_SHAPE_MEM, _)};
inline constexpr Shape kSimdShapes[] = {WASMRT_SIMD_FORMS(WASMRT_SHAPE_AB, _)};
inline constexpr Shape kChainShapes[] = {WASMRT_CHAIN_FORMS(WASMRT_SHAPE_CHAIN, _, _)};
#undef WASMRT_SHAPE_AB_D
#undef WASMRT_SHAPE_BRANCH
#undef WASMRT_SHAPE_LOAD
#undef WASMRT_SHAPE_STORE
#undef WASMRT_SHAPE_MEM
#undef WASMRT_SHAPE_AB
#undef WASMRT_SHAPE_CHAIN

// The position of `shape` among a family's forms, or -1 when the family
// has no such form.
template <int N>
constexpr int FormIndex(const Shape (&shapes)[N], Shape shape) {
  for (int i = 0; i < N; ++i) {
    if (shapes[i] == shape) return i;
  }
  return -1;
}

// Within a family no two forms share a shape, so a shape names one form.
template <int N>
constexpr bool ShapesDistinct(const Shape (&shapes)[N]) {
  for (int i = 0; i < N; ++i) {
    if (FormIndex(shapes, shapes[i]) != i) return false;
  }
  return true;
}
static_assert(ShapesDistinct(kArithShapes) && ShapesDistinct(kBranchShapes) &&
              ShapesDistinct(kLoadShapes) && ShapesDistinct(kStoreShapes) &&
              ShapesDistinct(kMemShapes) && ShapesDistinct(kSimdShapes) &&
              ShapesDistinct(kChainShapes));

}  // namespace wasmrt::forms

#endif  // WASMRT_RUNTIME_CODE_FORMS_H_
