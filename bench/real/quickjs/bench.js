// QuickJS workload of the real-program benchmarks (bench/real): calls,
// objects and classes, arrays, strings, regular expressions, JSON, Map/Set,
// closures and typed arrays, each printing a checksum so native and wasm
// runs can be compared line by line.
//   qjs_bench < bench.js        (print is the driver's only host function)
'use strict';

let seed = 42;
function rand(m) {  // a linear congruential generator: the same numbers everywhere
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return (seed >>> 16) % m;
}

function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function arrays(n) {
  const a = [];
  for (let i = 0; i < n; i++) a.push(rand(1000000));
  a.sort((x, y) => y - x);
  let sum = 0;
  for (let i = 0; i < n; i += 7) sum += a[i];
  const evens = a.filter(x => x % 2 === 0).map(x => x >> 1);
  return [sum, evens.length, evens.reduce((s, x) => (s + x) % 1000000007, 0)].join(' ');
}

function strings(n) {
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(`${i}:${'ab'.repeat(i % 5)}:${(i * 31).toString(16)}`);
  const s = parts.join(',');
  const replaced = s.replace(/ab/g, 'X');
  let digits = 0;
  for (const m of s.matchAll(/\d+/g)) digits += m[0].length;
  return [s.length, replaced.length, digits, s.indexOf('99:abab')].join(' ');
}

class Vec {
  constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y); }
  scale(k) { return new Vec(this.x * k, this.y * k); }
  len2() { return this.x * this.x + this.y * this.y; }
}

function objects(n) {
  let acc = new Vec(0, 0);
  for (let i = 0; i < n; i++) {
    acc = acc.add(new Vec(i % 17, i % 23).scale(0.5));
    if (acc.len2() > 1e12) acc = new Vec(acc.x / 1024, acc.y / 1024);
  }
  return acc.x.toFixed(6) + ' ' + acc.y.toFixed(6);
}

function collections(n) {
  const map = new Map();
  const set = new Set();
  for (let i = 0; i < n; i++) {
    const k = 'k' + rand(5000);
    map.set(k, (map.get(k) || 0) + 1);
    set.add(rand(20000));
  }
  let sq = 0;
  for (const v of map.values()) sq += v * v;
  return [map.size, set.size, sq].join(' ');
}

function json(n) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push({id: i, name: 'row' + i, tags: ['a', 'b', String(i % 7)], v: i / 8});
  const text = JSON.stringify(rows);
  const back = JSON.parse(text);
  let total = 0;
  for (const r of back) total += r.v + r.tags[2].length;
  return text.length + ' ' + total;
}

function typed(n) {
  const f = new Float64Array(n);
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) { f[i] = Math.sin(i) * 1000; u[i] = (i * 2654435761) >>> 0; }
  let s = 0, x = 0;
  for (let r = 0; r < 10; r++) for (let i = 0; i < n; i++) { s += f[i] * (r + 1); x ^= u[i] >>> r; }
  return s.toFixed(3) + ' ' + x;
}

function closures(n) {
  const makers = [];
  for (let i = 0; i < 64; i++) { let base = i; makers.push(x => (base += x)); }
  let total = 0;
  for (let i = 0; i < n; i++) total += makers[i % 64](i % 5);
  return total;
}

const ROUNDS = 2;  // sized for about 1.5 s natively (gcc -O2)
for (let round = 1; round <= ROUNDS; round++) {
  print('round', round);
  print('fib', fib(25));
  print('arrays', arrays(100000));
  print('strings', strings(60000));
  print('objects', objects(300000));
  print('collections', collections(200000));
  print('json', json(30000));
  print('typed', typed(100000));
  print('closures', closures(500000));
}
