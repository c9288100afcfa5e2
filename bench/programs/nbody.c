/* Floating point: a 5-body gravitational simulation (no libm needed:
 * the inverse square root is computed with the hardware sqrt builtin). */
#include "bench.h"

#define BODIES 5

struct body { double x, y, z, vx, vy, vz, mass; };

static void advance(struct body* b, double dt) {
  for (int i = 0; i < BODIES; ++i) {
    for (int j = i + 1; j < BODIES; ++j) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      b[i].vx -= dx * b[j].mass * mag;
      b[i].vy -= dy * b[j].mass * mag;
      b[i].vz -= dz * b[j].mass * mag;
      b[j].vx += dx * b[i].mass * mag;
      b[j].vy += dy * b[i].mass * mag;
      b[j].vz += dz * b[i].mass * mag;
    }
  }
  for (int i = 0; i < BODIES; ++i) {
    b[i].x += dt * b[i].vx;
    b[i].y += dt * b[i].vy;
    b[i].z += dt * b[i].vz;
  }
}

static double energy(const struct body* b) {
  double e = 0;
  for (int i = 0; i < BODIES; ++i) {
    e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < BODIES; ++j) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].mass * b[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

uint64_t run(uint32_t n) {
  struct body b[BODIES] = {
      {0, 0, 0, 0, 0, 0, 39.47841760435743},
      {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037},
      {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
      {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
      {15.37, -25.91, 0.179, 0.979, 0.594, -0.034, 0.002},
  };
  for (uint32_t i = 0; i < n; ++i) advance(b, 0.01);
  double e = energy(b);
  /* A checksum that tolerates nothing: the bits of the result. */
  union { double d; uint64_t u; } bits = {e};
  return bits.u;
}
