/*
 * wasm_export.h: the embedding C API of wasmrt, source-compatible with the
 * WebAssembly Micro Runtime's API of the same names for everything its
 * embedding guide uses. An embedder written against WAMR recompiles and
 * relinks against //runtime/capi:wasm_export.
 *
 * Life cycle: wasm_runtime_init (or wasm_runtime_full_init) -> register
 * natives -> wasm_runtime_load -> wasm_runtime_instantiate ->
 * wasm_runtime_lookup_function / wasm_runtime_create_exec_env ->
 * wasm_runtime_call_wasm -> destroy the exec env -> deinstantiate -> unload
 * -> wasm_runtime_destroy.
 */
#ifndef WASMRT_WASM_EXPORT_H_
#define WASMRT_WASM_EXPORT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded (decoded, validated, translated) module. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_module_t;

/* An instance of a module: its memory, globals, tables and exception. */
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;

/* A function of an instance, as found by wasm_runtime_lookup_function. */
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;

/* An execution environment: what a call runs in; natives receive it first. */
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;

/* A host function offered to modules. `signature` is "(params)result" with
 * i = i32, I = i64, f = f32, F = f64, and for i32 parameters:
 *   '*'  an address in the instance's memory, bounds-checked (one byte, or
 *        the length that follows as '~') and passed as a native pointer;
 *   '~'  the byte length of the preceding '*' buffer;
 *   '$'  a NUL-terminated string that must end inside the memory.
 * The result character (none for void) follows ')'. The native's C function
 * takes wasm_exec_env_t first, then the parameters. */
typedef struct NativeSymbol {
  const char *symbol;
  void *func_ptr;
  const char *signature;
  void *attachment; /* see wasm_runtime_get_function_attachment */
} NativeSymbol;

#define EXPORT_WASM_API(symbol) \
  { #symbol, (void *)(symbol), NULL, NULL }
#define EXPORT_WASM_API2(symbol) \
  { #symbol, (void *)(symbol##_wrapper), NULL, NULL }
#define EXPORT_WASM_API_WITH_SIG(symbol, signature) \
  { #symbol, (void *)(symbol), signature, NULL }
#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) \
  { #symbol, (void *)(symbol##_wrapper), signature, NULL }
#define EXPORT_WASM_API_WITH_ATT(symbol, signature, attachment) \
  { #symbol, (void *)(symbol), signature, attachment }

/* Where the runtime takes its memory from. */
typedef enum {
  Alloc_With_Pool = 0,            /* only from mem_alloc_option.pool */
  Alloc_With_Allocator,           /* from the embedder's functions */
  Alloc_With_System_Allocator     /* from malloc (and mmap for memories) */
} mem_alloc_type_t;

typedef union MemAllocOption {
  struct {
    void *heap_buf;
    uint32_t heap_size;
  } pool;
  struct {
    /* void *malloc(unsigned int size); void *realloc(void *p, unsigned int
     * size); void free(void *p). realloc may be NULL. */
    void *malloc_func;
    void *realloc_func;
    void *free_func;
  } allocator;
} MemAllocOption;

/* How an instance's functions run (WAMR's names and values).
 *   Mode_Interp    the interpreter; supported everywhere.
 *   Mode_Fast_JIT  machine code for the functions the compiler handles (the
 *                  others stay interpreted; results, traps and fuel are the
 *                  same); supported on x86-64 with the system allocator only
 *                  (the code needs executable pages the runtime maps itself,
 *                  which neither a pool nor the embedder's malloc provides).
 *   Mode_LLVM_JIT, Mode_Multi_Tier_JIT  not supported.
 * Code is made when a module is loaded: wasm_runtime_load compiles machine
 * code while the default running mode is Mode_Fast_JIT, which it is unless
 * the embedder sets Mode_Interp (or Mode_Fast_JIT is not supported: then
 * Mode_Interp). An instance starts in Mode_Fast_JIT when its module has
 * machine code, else in Mode_Interp, where it enters no machine code at all,
 * not even that of registered modules it imports from (once their start
 * functions ran); wasm_runtime_set_running_mode can then move it to
 * Mode_Interp and back (interpreter code always exists). */
typedef enum RunningMode {
  Mode_Interp = 1,
  Mode_Fast_JIT,
  Mode_LLVM_JIT,
  Mode_Multi_Tier_JIT
} RunningMode;

typedef struct RuntimeInitArgs {
  mem_alloc_type_t mem_alloc_type;
  MemAllocOption mem_alloc_option;

  /* Natives registered by wasm_runtime_full_init (n_native_symbols may be
   * 0). The array must stay valid while the runtime is initialised. */
  const char *native_module_name;
  NativeSymbol *native_symbols;
  uint32_t n_native_symbols;

  /* Accepted for source compatibility; unused. */
  uint32_t max_thread_num;
  char ip_addr[128];
  int unused;
  int instance_port;
  uint32_t fast_jit_code_cache_size;
  uint32_t gc_heap_size;

  /* The default running mode (wasm_runtime_set_default_running_mode); 0
   * keeps the default (Mode_Fast_JIT where supported, else Mode_Interp).
   * wasm_runtime_full_init fails when it is not supported with the chosen
   * allocator. */
  RunningMode running_mode;

  /* Accepted for source compatibility; unused. */
  uint32_t llvm_jit_opt_level;
  uint32_t llvm_jit_size_level;
  uint32_t segue_flags;
  bool enable_linux_perf;
} RuntimeInitArgs;

/* Statistics of the pool (Alloc_With_Pool only). */
typedef struct mem_alloc_info_t {
  uint32_t total_size;
  uint32_t total_free_size;
  uint32_t highmark_size;
} mem_alloc_info_t;

/* Initialises the runtime with the system allocator. */
bool wasm_runtime_init(void);

/* Initialises the runtime as `init_args` says. In pool mode every allocation
 * the runtime makes afterwards (modules, code, instances, linear memories,
 * stacks, exec envs, app heaps) comes from the buffer; false when the
 * arguments are invalid or the runtime is already initialised. */
bool wasm_runtime_full_init(RuntimeInitArgs *init_args);

/* Releases what the runtime holds; every module, instance and exec env must
 * have been released before. */
void wasm_runtime_destroy(void);

/* Whether `running_mode` can be used now (see RunningMode). */
bool wasm_runtime_is_running_mode_supported(RunningMode running_mode);
/* The mode wasm_runtime_load compiles modules for from now on; modules
 * already loaded keep their code. Back to the default (see RunningMode)
 * after wasm_runtime_destroy. False when the mode is not supported or the runtime
 * is not initialised. */
bool wasm_runtime_set_default_running_mode(RunningMode running_mode);

/* Memory from the runtime's allocator (the pool in pool mode). */
void *wasm_runtime_malloc(unsigned int size);
void *wasm_runtime_realloc(void *ptr, unsigned int size);
void wasm_runtime_free(void *ptr);
bool wasm_runtime_get_mem_alloc_info(mem_alloc_info_t *mem_alloc_info);

/* Offers `n_native_symbols` natives to imports of module `module_name`. The
 * array and its strings must stay valid while the runtime is initialised.
 * False when a signature is malformed or the runtime is not initialised. */
bool wasm_runtime_register_natives(const char *module_name, NativeSymbol *native_symbols,
                                   uint32_t n_native_symbols);
bool wasm_runtime_unregister_natives(const char *module_name, NativeSymbol *native_symbols);

/* Lazy linking, off by default (and again after wasm_runtime_destroy): when
 * enabled, wasm_runtime_instantiate accepts function imports that no
 * registered native satisfies, as WAMR does, and they trap only when called.
 * Affects later instantiations. False when the runtime is not initialised. */
bool wasm_runtime_set_lazy_linking(bool enable);
bool wasm_runtime_is_lazy_linking_enabled(void);

/* Decodes, validates and translates `buf` (copied; the buffer may be freed
 * afterwards). On failure returns NULL and writes the reason into error_buf,
 * truncated to error_buf_size bytes including the NUL. */
wasm_module_t wasm_runtime_load(uint8_t *buf, uint32_t size, char *error_buf,
                                uint32_t error_buf_size);
/* Unloading a module also unregisters it (wasm_runtime_register_module). */
void wasm_runtime_unload(wasm_module_t module);

/* Registers a loaded module under `module_name` (WAMR's multi-module mode):
 * imports of that module name that no native satisfies link to the exports
 * of an instance of `module`, created for each importing instance and freed
 * with it; such imports may be functions, tables, memories or globals. The
 * module stays registered until it is unloaded. Registering the same module
 * again under its name succeeds; another module under a taken name fails. */
bool wasm_runtime_register_module(const char *module_name, wasm_module_t module,
                                  char *error_buf, uint32_t error_buf_size);
/* The module registered under `module_name`, or NULL. */
wasm_module_t wasm_runtime_find_module_registered(const char *module_name);

/* Links the module's imports to registered natives and creates an instance:
 * `default_stack_size` bytes of value stack; `host_managed_heap_size` bytes of
 * app heap added to memory 0 for wasm_runtime_module_malloc unless the module
 * exports malloc and free. Fails, writing the reason naming the import
 * (module and field) into error_buf, when an import cannot be linked:
 *   "unknown import: ..."           no native of that module and name, and
 *                                   no registered module of that name with
 *                                   such an export (a table, memory or
 *                                   global import can only come from a
 *                                   registered module);
 *   "incompatible import type ..."  the native's signature does not match
 *                                   the function import's type, the name is
 *                                   a native but the import is not a
 *                                   function, or the registered module's
 *                                   export is of another kind or type.
 * With lazy linking on (wasm_runtime_set_lazy_linking), a function import
 * with no native links to a stub instead, and calling it traps with
 * "failed to call unlinked import function (module, name)". */
wasm_module_inst_t wasm_runtime_instantiate(const wasm_module_t module,
                                            uint32_t default_stack_size,
                                            uint32_t host_managed_heap_size, char *error_buf,
                                            uint32_t error_buf_size);
void wasm_runtime_deinstantiate(wasm_module_inst_t module_inst);

/* Switches how the instance's functions run, and those of the instances of
 * registered modules it imports from (they belong to it): Mode_Interp always
 * (where the instance's mode is Mode_Fast_JIT, its machine code is simply no
 * longer entered); Mode_Fast_JIT only when the instance's module was loaded
 * with machine code (the functions of modules loaded without it stay
 * interpreted). Not while a call runs on the instance (from a native):
 * false then, as for an unsupported mode or a NULL instance. */
bool wasm_runtime_set_running_mode(wasm_module_inst_t module_inst, RunningMode running_mode);
/* The instance's mode: Mode_Interp or Mode_Fast_JIT (Mode_Interp for NULL). */
RunningMode wasm_runtime_get_running_mode(wasm_module_inst_t module_inst);

/* The exported function `name`, or NULL. `signature` is ignored. */
wasm_function_inst_t wasm_runtime_lookup_function(wasm_module_inst_t const module_inst,
                                                  const char *name, const char *signature);

wasm_exec_env_t wasm_runtime_create_exec_env(wasm_module_inst_t module_inst,
                                             uint32_t stack_size);
void wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env);
wasm_module_inst_t wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);
void wasm_runtime_set_user_data(wasm_exec_env_t exec_env, void *user_data);
void *wasm_runtime_get_user_data(wasm_exec_env_t exec_env);
/* Inside a native: the attachment of its NativeSymbol. */
void *wasm_runtime_get_function_attachment(wasm_exec_env_t exec_env);

/* Calls `function` with `argc` 32-bit cells (i32/f32 take one cell, i64/f64
 * two, low word first); the results are written back from argv[0]. False on
 * a trap or a bad argument; the reason is wasm_runtime_get_exception. */
bool wasm_runtime_call_wasm(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                            uint32_t argc, uint32_t argv[]);

/* "Exception: <reason>" of the last failed call, or NULL. */
const char *wasm_runtime_get_exception(wasm_module_inst_t module_inst);
void wasm_runtime_set_exception(wasm_module_inst_t module_inst, const char *exception);
void wasm_runtime_clear_exception(wasm_module_inst_t module_inst);

/* Allocates `size` bytes in the instance's memory (the module's exported
 * malloc, else the app heap) and returns the app address, 0 on failure;
 * *p_native_addr (if not NULL) receives the native address. A native
 * address stays valid until the memory grows. */
uint32_t wasm_runtime_module_malloc(wasm_module_inst_t module_inst, uint32_t size,
                                    void **p_native_addr);
void wasm_runtime_module_free(wasm_module_inst_t module_inst, uint32_t ptr);
/* module_malloc(size) and a copy of `src` into it. */
uint32_t wasm_runtime_module_dup_data(wasm_module_inst_t module_inst, const char *src,
                                      uint32_t size);

/* Whether [app_offset, app_offset + size) lies in the instance's memory; if
 * not, sets the exception "out of bounds memory access". */
bool wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst, uint32_t app_offset,
                                    uint32_t size);
/* Whether a NUL-terminated string starts at app_str_offset inside memory. */
bool wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst,
                                        uint32_t app_str_offset);
bool wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst, void *native_ptr,
                                       uint32_t size);
/* Translations; NULL / 0 when the address is outside the memory. */
void *wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint32_t app_offset);
uint32_t wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void *native_ptr);

/* Shorthands for natives, which have `exec_env` and `module_inst` at hand. */
#define get_module_inst(exec_env) wasm_runtime_get_module_inst(exec_env)
#define validate_app_addr(offset, size) \
  wasm_runtime_validate_app_addr(module_inst, offset, size)
#define validate_app_str_addr(offset) wasm_runtime_validate_app_str_addr(module_inst, offset)
#define validate_native_addr(addr, size) \
  wasm_runtime_validate_native_addr(module_inst, addr, size)
#define addr_app_to_native(offset) wasm_runtime_addr_app_to_native(module_inst, offset)
#define addr_native_to_app(ptr) wasm_runtime_addr_native_to_app(module_inst, ptr)
#define module_malloc(size, p_native_addr) \
  wasm_runtime_module_malloc(module_inst, size, p_native_addr)
#define module_free(offset) wasm_runtime_module_free(module_inst, offset)

#ifdef __cplusplus
}
#endif

#endif /* WASMRT_WASM_EXPORT_H_ */
