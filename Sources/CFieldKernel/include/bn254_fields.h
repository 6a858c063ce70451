/*
 * The kernel bound to the two BN254 moduli: one entry point per operation
 * and field, so Swift calls a function whose modulus is a compile-time
 * constant. The `_portable` entry points skip the ADX kernel, so tests and
 * benchmarks can compare the two.
 */
#ifndef BN254_FIELDS_H
#define BN254_FIELDS_H

#include "field_kernel.h"
#include "field_kernel_adx.h"
#include "field_constants.h"

/** The Montgomery product with the fastest kernel this CPU runs. */
FK_INLINE fk_u256 fk_mont_mul(fk_u256 a, fk_u256 b, const fk_modulus *m) {
#if defined(__x86_64__)
    if (fk_cpu_has_adx) return fk_mont_mul_adx(&a, &b, m);
#endif
    return fk_mont_mul_portable(a, b, m);
}

/** 1 when the ADX kernel is in use, 0 for the portable one. */
FK_INLINE int fk_uses_adx_kernel(void) {
#if defined(__x86_64__)
    return fk_cpu_has_adx;
#else
    return 0;
#endif
}

FK_INLINE fk_u256 fk_fr_add(fk_u256 a, fk_u256 b) { return fk_add(a, b, &FK_FR); }
FK_INLINE fk_u256 fk_fr_sub(fk_u256 a, fk_u256 b) { return fk_sub(a, b, &FK_FR); }
FK_INLINE fk_u256 fk_fr_mul(fk_u256 a, fk_u256 b) { return fk_mont_mul(a, b, &FK_FR); }
FK_INLINE fk_u256 fk_fr_mul_portable(fk_u256 a, fk_u256 b) { return fk_mont_mul_portable(a, b, &FK_FR); }

FK_INLINE fk_u256 fk_fq_add(fk_u256 a, fk_u256 b) { return fk_add(a, b, &FK_FQ); }
FK_INLINE fk_u256 fk_fq_sub(fk_u256 a, fk_u256 b) { return fk_sub(a, b, &FK_FQ); }
FK_INLINE fk_u256 fk_fq_mul(fk_u256 a, fk_u256 b) { return fk_mont_mul(a, b, &FK_FQ); }
FK_INLINE fk_u256 fk_fq_mul_portable(fk_u256 a, fk_u256 b) { return fk_mont_mul_portable(a, b, &FK_FQ); }

#endif
