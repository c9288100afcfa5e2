/* zlib workload of the real-program benchmarks (bench/real): compresses a
 * deterministic, text-like buffer at levels 1, 6 and 9, inflates each result
 * back, checks the round trip, and prints sizes and checksums, so native and
 * wasm runs can be compared line by line.
 *   zbench [MEGABYTES] [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zlib.h"

/* Words drawn by a fixed LCG, with occasional numbers: compresses like prose
 * or logs (about 3:1), so both the match finder and the Huffman coder work. */
static void fill(unsigned char *buf, size_t size) {
  static const char *const kWords[] = {
      "the",   "quick", "brown",  "fox",    "jumps", "over",   "lazy",   "dog",
      "wasm",  "stack", "memory", "table",  "call",  "branch", "module", "import",
      "zlib",  "data",  "block",  "window", "match", "length", "tree",   "code",
      "alpha", "beta",  "gamma",  "delta",  "omega", "sigma",  "kappa",  "theta"};
  unsigned int state = 12345u;
  size_t pos = 0;
  while (pos < size) {
    state = state * 1103515245u + 12345u;
    unsigned int r = state >> 16;
    char word[24];
    int n = (r % 7 == 0) ? snprintf(word, sizeof word, "%u", r % 100000)
                         : snprintf(word, sizeof word, "%s", kWords[r % 32]);
    word[n++] = (r % 13 == 0) ? '\n' : ' ';
    for (int i = 0; i < n && pos < size; ++i) buf[pos++] = (unsigned char)word[i];
  }
}

/* Deflates `in` at `level` into `out` (capacity *out_len); 0 on success. */
static int squeeze(const unsigned char *in, size_t in_len, unsigned char *out,
                   size_t *out_len, int level) {
  z_stream s;
  memset(&s, 0, sizeof s);
  if (deflateInit(&s, level) != Z_OK) return -1;
  s.next_in = (unsigned char *)in;
  s.avail_in = (uInt)in_len;
  s.next_out = out;
  s.avail_out = (uInt)*out_len;
  int rc = deflate(&s, Z_FINISH);
  *out_len = s.total_out;
  deflateEnd(&s);
  return rc == Z_STREAM_END ? 0 : -1;
}

/* Inflates `in` into `out` (capacity *out_len); 0 on success. */
static int expand(const unsigned char *in, size_t in_len, unsigned char *out, size_t *out_len) {
  z_stream s;
  memset(&s, 0, sizeof s);
  if (inflateInit(&s) != Z_OK) return -1;
  s.next_in = (unsigned char *)in;
  s.avail_in = (uInt)in_len;
  s.next_out = out;
  s.avail_out = (uInt)*out_len;
  int rc = inflate(&s, Z_FINISH);
  *out_len = s.total_out;
  inflateEnd(&s);
  return rc == Z_STREAM_END ? 0 : -1;
}

int main(int argc, char **argv) {
  size_t size = (size_t)(argc > 1 ? atoi(argv[1]) : 4) << 20;
  int rounds = argc > 2 ? atoi(argv[2]) : 1;
  static const int kLevels[] = {1, 6, 9};
  unsigned char *data = malloc(size);
  size_t cap = compressBound((uLong)size);
  unsigned char *packed = malloc(cap);
  unsigned char *back = malloc(size);
  if (data == NULL || packed == NULL || back == NULL) {
    fputs("zbench: out of memory\n", stderr);
    return 1;
  }
  fill(data, size);
  printf("input %zu bytes crc32 %08lx adler32 %08lx\n", size,
         crc32(0L, data, (uInt)size), adler32(1L, data, (uInt)size));
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < 3; ++i) {
      size_t packed_len = cap, back_len = size;
      if (squeeze(data, size, packed, &packed_len, kLevels[i]) != 0 ||
          expand(packed, packed_len, back, &back_len) != 0 || back_len != size ||
          memcmp(back, data, size) != 0) {
        printf("round %d level %d: round trip FAILED\n", round, kLevels[i]);
        return 1;
      }
      if (round == 0) {
        printf("level %d: %zu bytes crc32 %08lx\n", kLevels[i], packed_len,
               crc32(0L, packed, (uInt)packed_len));
      }
    }
  }
  printf("%d rounds ok\n", rounds);
  free(back);
  free(packed);
  free(data);
  return 0;
}
