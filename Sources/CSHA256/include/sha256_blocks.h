#ifndef GONGKAI_SHA256_BLOCKS_H
#define GONGKAI_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// The 64 round constants of SHA-256 (FIPS 180-4, 4.2.2), for these rounds and the Swift ones.
extern const uint32_t gongkai_sha256_k[64];

/// Whether this processor has the x86 SHA extensions (and the SSSE3 and SSE4.1 they are used
/// with), so that `gongkai_sha256_blocks` can run.
int gongkai_sha256_available(void);

/// Compresses `count` 64-byte blocks at `data` into the SHA-256 state `state` (FIPS 180-4, with
/// the x86 SHA extensions). Call only where `gongkai_sha256_available()` is 1.
void gongkai_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t count);

#endif
