/* A CoreMark-like mix: linked-list walks and reversal, small matrix
 * arithmetic, a byte-driven state machine and CRC-16 over the results. */
#include "bench.h"

#define LIST 256
#define MAT 16

struct node { struct node* next; int32_t value; int32_t index; };
static struct node nodes[LIST];

static uint16_t crc16(uint16_t crc, uint32_t data) {
  for (int i = 0; i < 32; ++i) {
    uint32_t bit = (crc ^ data) & 1;
    crc >>= 1;
    data >>= 1;
    if (bit) crc ^= 0xA001;
  }
  return crc;
}

static struct node* reverse(struct node* head) {
  struct node* prev = 0;
  while (head) {
    struct node* next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static int32_t list_work(uint32_t seed) {
  for (int i = 0; i < LIST; ++i) {
    nodes[i].value = (int32_t)((seed * (uint32_t)(i + 1)) & 0xffff);
    nodes[i].index = i;
    nodes[i].next = i + 1 < LIST ? &nodes[i + 1] : 0;
  }
  struct node* head = reverse(&nodes[0]);
  int32_t sum = 0;
  for (struct node* p = head; p; p = p->next) {
    if (p->value & 1) sum += p->value * p->index;
    else sum -= p->value;
  }
  return sum;
}

static int32_t matrix_work(uint32_t seed) {
  static int32_t a[MAT][MAT], b[MAT][MAT], c[MAT][MAT];
  for (int i = 0; i < MAT; ++i)
    for (int j = 0; j < MAT; ++j) {
      a[i][j] = (int32_t)((seed + i * 31 + j) % 97) - 48;
      b[i][j] = (int32_t)((seed ^ (i * 17 + j * 5)) % 89) - 44;
    }
  int32_t trace = 0;
  for (int i = 0; i < MAT; ++i)
    for (int j = 0; j < MAT; ++j) {
      int32_t s = 0;
      for (int k = 0; k < MAT; ++k) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  for (int i = 0; i < MAT; ++i) trace += c[i][i] + (c[i][MAT - 1 - i] >> 2);
  return trace;
}

enum state { START, INT, FRAC, EXP, BAD };

static int32_t state_work(uint32_t seed) {
  static const char alphabet[] = "0123456789.e-+x ";
  enum state s = START;
  int32_t counts[5] = {0, 0, 0, 0, 0};
  uint32_t x = seed | 1;
  for (int i = 0; i < 512; ++i) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    char ch = alphabet[x & 15];
    switch (s) {
      case START: s = (ch >= '0' && ch <= '9') ? INT : (ch == ' ' ? START : BAD); break;
      case INT: s = ch == '.' ? FRAC : ch == 'e' ? EXP : (ch >= '0' && ch <= '9') ? INT : START; break;
      case FRAC: s = ch == 'e' ? EXP : (ch >= '0' && ch <= '9') ? FRAC : START; break;
      case EXP: s = (ch == '-' || ch == '+' || (ch >= '0' && ch <= '9')) ? EXP : START; break;
      case BAD: s = ch == ' ' ? START : BAD; break;
    }
    counts[s]++;
  }
  return counts[0] * 3 + counts[1] * 5 + counts[2] * 7 + counts[3] * 11 + counts[4];
}

uint64_t run(uint32_t n) {
  uint16_t crc = 0;
  for (uint32_t i = 0; i < n; ++i) {
    crc = crc16(crc, (uint32_t)list_work(i));
    crc = crc16(crc, (uint32_t)matrix_work(i));
    crc = crc16(crc, (uint32_t)state_work(i));
  }
  return crc;
}
