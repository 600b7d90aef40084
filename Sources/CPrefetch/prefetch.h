#ifndef DOPPEL_PREFETCH_H
#define DOPPEL_PREFETCH_H

/// Asks the processor to bring the cache line at `address` in, without waiting for it (Swift has
/// no prefetch of its own).
static inline void doppel_prefetch(const void *address) { __builtin_prefetch(address); }

#endif
