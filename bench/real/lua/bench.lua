-- Lua workload of the real-program benchmarks (bench/real): calls, tables,
-- strings, closures, metatables and floating point, each printing a checksum
-- so native and wasm runs can be compared line by line.
--   lua - SCALE < bench.lua
-- The wasm build has no longjmp (bench/real/wasi/include/setjmp.h): this
-- script must never raise an error (no error(), pcall of failing code, or
-- coroutine.yield), or the wasm run aborts.
local scale = tonumber(arg and arg[1]) or 1

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- A small linear congruential generator: the same numbers everywhere.
local seed = 42
local function rand(m)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed // 65536) % m
end

local function tables(n)
  local t = {}
  for i = 1, n do t[i] = rand(1000000) end
  table.sort(t, function(a, b) return a > b end)
  local sum = 0
  for i = 1, n, 7 do sum = sum + t[i] end
  local counts = {}
  for i = 1, n do
    local k = "k" .. (t[i] % 997)
    counts[k] = (counts[k] or 0) + 1
  end
  local keys = 0
  for _, v in pairs(counts) do keys = keys + v * v end
  return sum, keys
end

local function strings(n)
  local parts = {}
  for i = 1, n do
    parts[#parts + 1] = string.format("%d:%s:%x", i, ("ab"):rep(i % 5), i * 31)
  end
  local s = table.concat(parts, ",")
  local replaced, count = s:gsub("ab", "X")
  local digits = 0
  for d in s:gmatch("%d+") do digits = digits + #d end
  return #s, #replaced, count, digits, s:find("99:abab", 1, true) or 0
end

local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec:scale(k) return Vec.new(self.x * k, self.y * k) end
function Vec:len2() return self.x * self.x + self.y * self.y end

local function objects(n)
  local acc = Vec.new(0, 0)
  for i = 1, n do
    acc = acc + Vec.new(i % 17, i % 23):scale(0.5)
    if acc:len2() > 1e12 then acc = Vec.new(acc.x / 1024, acc.y / 1024) end
  end
  return string.format("%.6f %.6f", acc.x, acc.y)
end

local function closures(n)
  local makers = {}
  for i = 1, 64 do
    local base = i
    makers[i] = function(x) base = base + x; return base end
  end
  local total = 0
  for i = 1, n do total = total + makers[i % 64 + 1](i % 5) end
  return total
end

local function mandelbrot(size)
  local inside = 0
  for py = 0, size - 1 do
    local ci = py * 2.0 / size - 1.0
    for px = 0, size - 1 do
      local cr = px * 3.0 / size - 2.0
      local zr, zi, k = 0.0, 0.0, 0
      while k < 100 and zr * zr + zi * zi <= 4.0 do
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        k = k + 1
      end
      if k == 100 then inside = inside + 1 end
    end
  end
  return inside
end

for round = 1, scale do
  print("round", round)
  print("fib", fib(27))
  print("tables", tables(200000))
  print("strings", strings(100000))
  print("objects", objects(600000))
  print("closures", closures(1000000))
  print("mandelbrot", mandelbrot(250))
end
