/*
 * Four-limb Montgomery arithmetic for 254-bit primes: the hot kernel under
 * the Swift field types.
 *
 * Everything is `static inline`, so the Swift compiler inlines it into the
 * callers in Algebra and constant-folds the modulus. Multiplication is the
 * "no-carry" CIOS variant (gnark-crypto's), valid when the top limb of the
 * modulus is below (2^64 - 1) / 2 - 1, which both BN254 moduli satisfy (the
 * generator asserts it). Values are kept in [0, q).
 */
#ifndef FIELD_KERNEL_H
#define FIELD_KERNEL_H

#include <stdint.h>

/* Swift does not inline these by itself (they are too big for its inliner's
 * taste); a call costs a third of a multiplication, so force it. */
#define FK_INLINE static inline __attribute__((always_inline))

/** A 256-bit value as four little-endian 64-bit limbs. */
typedef struct { uint64_t l[4]; } fk_u256;

/** A modulus q and -q^-1 mod 2^64. */
typedef struct { fk_u256 q; uint64_t qinv; } fk_modulus;

typedef unsigned __int128 fk_u128;

/** Asks the cache for the line holding `address`, soon to be read: the
 * MSM reads points in an order the hardware cannot predict. */
FK_INLINE void fk_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/** a + b + carry, returning the low limb and updating carry. */
FK_INLINE uint64_t fk_adc(uint64_t a, uint64_t b, uint64_t *carry) {
    fk_u128 s = (fk_u128)a + b + *carry;
    *carry = (uint64_t)(s >> 64);
    return (uint64_t)s;
}

/** a - b - borrow, returning the low limb and updating borrow (0 or 1). */
FK_INLINE uint64_t fk_sbb(uint64_t a, uint64_t b, uint64_t *borrow) {
    fk_u128 d = (fk_u128)a - b - *borrow;
    *borrow = (uint64_t)(d >> 64) & 1;
    return (uint64_t)d;
}

/** t - q over 256 bits; borrow is 1 when t < q. */
FK_INLINE fk_u256 fk_minus_modulus(fk_u256 t, const fk_modulus *m, uint64_t *borrow) {
    fk_u256 d;
    *borrow = 0;
    d.l[0] = fk_sbb(t.l[0], m->q.l[0], borrow);
    d.l[1] = fk_sbb(t.l[1], m->q.l[1], borrow);
    d.l[2] = fk_sbb(t.l[2], m->q.l[2], borrow);
    d.l[3] = fk_sbb(t.l[3], m->q.l[3], borrow);
    return d;
}

/** Subtracts q when t >= q, by a select: whether a sum reaches q is a coin
 * toss the branch predictor would lose half the time. */
FK_INLINE fk_u256 fk_reduce_once(fk_u256 t, const fk_modulus *m) {
    uint64_t borrow;
    fk_u256 d = fk_minus_modulus(t, m, &borrow);
    uint64_t keep = 0 - borrow;
    fk_u256 r;
    r.l[0] = (t.l[0] & keep) | (d.l[0] & ~keep);
    r.l[1] = (t.l[1] & keep) | (d.l[1] & ~keep);
    r.l[2] = (t.l[2] & keep) | (d.l[2] & ~keep);
    r.l[3] = (t.l[3] & keep) | (d.l[3] & ~keep);
    return r;
}

/** Subtracts q when t >= q, by a branch: for a Montgomery product that
 * is rare, so the branch is well predicted and, unlike a select, stays off
 * the dependency chain of a run of multiplications. */
FK_INLINE fk_u256 fk_reduce_product(fk_u256 t, const fk_modulus *m) {
    uint64_t borrow;
    fk_u256 d = fk_minus_modulus(t, m, &borrow);
    return borrow ? t : d;
}

/** (a + b) mod q. Cannot overflow 256 bits since q < 2^254. */
FK_INLINE fk_u256 fk_add(fk_u256 a, fk_u256 b, const fk_modulus *m) {
    uint64_t carry = 0;
    fk_u256 t;
    t.l[0] = fk_adc(a.l[0], b.l[0], &carry);
    t.l[1] = fk_adc(a.l[1], b.l[1], &carry);
    t.l[2] = fk_adc(a.l[2], b.l[2], &carry);
    t.l[3] = fk_adc(a.l[3], b.l[3], &carry);
    return fk_reduce_once(t, m);
}

/** (a - b) mod q. */
FK_INLINE fk_u256 fk_sub(fk_u256 a, fk_u256 b, const fk_modulus *m) {
    uint64_t borrow = 0;
    fk_u256 t;
    t.l[0] = fk_sbb(a.l[0], b.l[0], &borrow);
    t.l[1] = fk_sbb(a.l[1], b.l[1], &borrow);
    t.l[2] = fk_sbb(a.l[2], b.l[2], &borrow);
    t.l[3] = fk_sbb(a.l[3], b.l[3], &borrow);
    /* Adds q & mask rather than branching on the borrow (see fk_reduce_once). */
    uint64_t mask = 0 - borrow, carry = 0;
    t.l[0] = fk_adc(t.l[0], m->q.l[0] & mask, &carry);
    t.l[1] = fk_adc(t.l[1], m->q.l[1] & mask, &carry);
    t.l[2] = fk_adc(t.l[2], m->q.l[2] & mask, &carry);
    t.l[3] = fk_adc(t.l[3], m->q.l[3] & mask, &carry);
    return t;
}

/** One outer step of no-carry CIOS: t = (t + a * bi + m * q) / 2^64. */
FK_INLINE void fk_mont_step(uint64_t t[4], const fk_u256 *a, uint64_t bi, const fk_modulus *m) {
    fk_u128 x = (fk_u128)a->l[0] * bi + t[0];
    uint64_t A = (uint64_t)(x >> 64);
    uint64_t t0 = (uint64_t)x;
    uint64_t mm = t0 * m->qinv;
    fk_u128 y = (fk_u128)mm * m->q.l[0] + t0;
    uint64_t C = (uint64_t)(y >> 64);

    x = (fk_u128)a->l[1] * bi + t[1] + A;
    A = (uint64_t)(x >> 64);
    y = (fk_u128)mm * m->q.l[1] + (uint64_t)x + C;
    C = (uint64_t)(y >> 64);
    t[0] = (uint64_t)y;

    x = (fk_u128)a->l[2] * bi + t[2] + A;
    A = (uint64_t)(x >> 64);
    y = (fk_u128)mm * m->q.l[2] + (uint64_t)x + C;
    C = (uint64_t)(y >> 64);
    t[1] = (uint64_t)y;

    x = (fk_u128)a->l[3] * bi + t[3] + A;
    A = (uint64_t)(x >> 64);
    y = (fk_u128)mm * m->q.l[3] + (uint64_t)x + C;
    C = (uint64_t)(y >> 64);
    t[2] = (uint64_t)y;

    t[3] = C + A;
}

/** Montgomery product a * b / 2^256 mod q, portable C. */
FK_INLINE fk_u256 fk_mont_mul_portable(fk_u256 a, fk_u256 b, const fk_modulus *m) {
    uint64_t t[4] = {0, 0, 0, 0};
    fk_mont_step(t, &a, b.l[0], m);
    fk_mont_step(t, &a, b.l[1], m);
    fk_mont_step(t, &a, b.l[2], m);
    fk_mont_step(t, &a, b.l[3], m);
    fk_u256 r = {{t[0], t[1], t[2], t[3]}};
    return fk_reduce_product(r, m);
}

#endif
