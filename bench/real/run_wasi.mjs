// Runs a WASI command in node's V8 (node:wasi, preview1) for the
// real-program benchmarks (bench/real/run): the same command line shape as
// wasmrun, so the runner can swap engines.
//   node run_wasi.mjs [--dir HOST::GUEST]... [--env K=V]... MODULE.wasm [ARGS...]
// stdin, stdout and stderr are the process's own; the exit status is the
// guest's. Run with --no-turbo-fast-api-calls (node 20's node:wasi can abort
// in uv_mutex_destroy on long runs without it).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const preopens = {};
const env = {};
let i = 2;
for (; i < argv.length && argv[i].startsWith('--'); i += 2) {
  const value = argv[i + 1] ?? '';
  if (argv[i] === '--dir') {
    const [host, guest] = value.split('::');
    preopens[guest ?? host] = host;
  } else if (argv[i] === '--env') {
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
  } else {
    console.error(`run_wasi.mjs: unknown option ${argv[i]}`);
    exit(2);
  }
}
const file = argv[i];
if (file === undefined) {
  console.error('usage: node run_wasi.mjs [--dir HOST::GUEST]... [--env K=V]... MODULE.wasm [ARGS...]');
  exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...argv.slice(i + 1)], env, preopens,
                        returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
