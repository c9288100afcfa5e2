// Runs a freestanding kernel's run(n) in node's V8 and prints the checksum
// (stdout) and the time of run(n) alone (stderr "time_ms X").
//   node run_node.mjs MODULE.wasm N
import { readFileSync } from 'node:fs';

const [file, nArg] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const n = Number(nArg);
const start = process.hrtime.bigint();
const result = instance.exports.run(n);
const end = process.hrtime.bigint();
console.log(BigInt.asIntN(64, BigInt(result)).toString());
console.error(`time_ms ${(Number(end - start) / 1e6).toFixed(3)}`);
