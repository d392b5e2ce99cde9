// SPDX-License-Identifier: EUPL-1.2
/*
 * Token buckets per key, for the publishing API (per token) and the public
 * validator (per client address); see publish.h.
 *
 * The table is a fixed array probed from the key's hash over a short
 * window: memory never grows with the number of clients, a lookup costs a
 * few comparisons, and when every slot of the window is taken the one used
 * longest ago is given to the new key. One mutex guards the table: the
 * work under it is a handful of arithmetic operations.
 */
#include "publish.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define KEY_MAX 80 /* longer keys are cut: ids and addresses fit */
#define WINDOW 8   /* slots probed per key */

typedef struct bucket
{
  uint64_t hash;
  char     key[KEY_MAX];
  double   tokens;
  double   last; /* time of the last refill; 0: slot free */
} bucket;

struct hdc_web_ratelimit
{
  pthread_mutex_t lock;
  double          per_second, burst;
  size_t          n;
  bucket         *slots;
};

double
hdc_web_ratelimit_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

hdc_web_ratelimit *
hdc_web_ratelimit_new(double per_minute, double burst, size_t max_keys)
{
  hdc_web_ratelimit *rl = hdc_calloc(1, sizeof *rl);
  if (!rl)
    return NULL;
  rl->per_second = per_minute > 0 ? per_minute / 60.0 : 0;
  rl->burst      = burst >= 1 ? burst : 1;
  rl->n          = max_keys < WINDOW ? WINDOW : max_keys;
  rl->slots      = hdc_calloc(rl->n, sizeof *rl->slots);
  if (!rl->slots || pthread_mutex_init(&rl->lock, NULL) != 0) {
    hdc_free(rl->slots);
    hdc_free(rl);
    return NULL;
  }
  return rl;
}

void
hdc_web_ratelimit_free(hdc_web_ratelimit *rl)
{
  if (!rl)
    return;
  pthread_mutex_destroy(&rl->lock);
  hdc_free(rl->slots);
  hdc_free(rl);
}

bool
hdc_web_ratelimit_take(hdc_web_ratelimit *rl,
                       const char        *key,
                       double             now,
                       unsigned          *retry_after)
{
  char    k[KEY_MAX];
  bool    ok = true;
  bucket *b = NULL, *oldest = NULL;
  if (!rl || rl->per_second <= 0)
    return true;
  /* Cut to the slot's size so that lookups and stores agree. */
  size_t len = key ? strlen(key) : 0;
  if (len >= KEY_MAX)
    len = KEY_MAX - 1;
  memcpy(k, key ? key : "", len);
  k[len]     = '\0';
  uint64_t h = hdc_hash64(k, len, 0x7261746500000000ULL);
  pthread_mutex_lock(&rl->lock);
  for (size_t i = 0; i < WINDOW; ++i) {
    bucket *s = &rl->slots[(h + i) % rl->n];
    if (s->last > 0 && s->hash == h && !strcmp(s->key, k)) {
      b = s;
      break;
    }
    if (!oldest || s->last < oldest->last)
      oldest = s;
  }
  if (!b) {
    /* A free slot has last == 0, so it is the "oldest" one. */
    b       = oldest;
    b->hash = h;
    memcpy(b->key, k, len + 1);
    b->tokens = rl->burst;
    b->last   = now;
  }
  if (now > b->last) {
    b->tokens += (now - b->last) * rl->per_second;
    if (b->tokens > rl->burst)
      b->tokens = rl->burst;
    b->last = now;
  }
  if (b->tokens >= 1) {
    b->tokens -= 1;
  } else {
    ok = false;
    if (retry_after) {
      double   wait = (1 - b->tokens) / rl->per_second;
      unsigned sec  = (unsigned)wait;
      *retry_after  = sec < wait ? sec + 1 : (sec ? sec : 1);
    }
  }
  pthread_mutex_unlock(&rl->lock);
  return ok;
}
