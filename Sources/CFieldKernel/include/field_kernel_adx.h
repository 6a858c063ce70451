/*
 * Montgomery multiplication with MULX/ADCX/ADOX (BMI2 + ADX, x86-64): the
 * same no-carry CIOS as fk_mont_step, with the a·b[i] and m·q products
 * accumulated on two independent carry chains (CF via ADCX, OF via ADOX).
 * Used when the CPU has both extensions (fk_cpu_has_adx, set at load time).
 */
#ifndef FIELD_KERNEL_ADX_H
#define FIELD_KERNEL_ADX_H

#include "field_kernel.h"

#if defined(__x86_64__)

/** Non-zero when the CPU supports BMI2 and ADX; set by a load-time constructor. */
extern int fk_cpu_has_adx;

/* t[0..3] = a * b[0], A = carry word. The limbs of a are in registers a0..a3. */
#define FK_ADX_FIRST_ROUND                                  \
    "xorl %%eax, %%eax\n\t"                                 \
    "movq 0(%[b]), %%rdx\n\t"                               \
    "mulxq %[a0], %[t0], %[t1]\n\t"                         \
    "mulxq %[a1], %%rax, %[t2]\n\t"                         \
    "adoxq %%rax, %[t1]\n\t"                                \
    "mulxq %[a2], %%rax, %[t3]\n\t"                         \
    "adoxq %%rax, %[t2]\n\t"                                \
    "mulxq %[a3], %%rax, %[A]\n\t"                          \
    "adoxq %%rax, %[t3]\n\t"                                \
    "movl $0, %%eax\n\t"                                    \
    "adoxq %%rax, %[A]\n\t"

/* (A, t[0..3]) = t + a * b[i]. */
#define FK_ADX_ROUND(OFFSET)                                \
    "xorl %%eax, %%eax\n\t"                                 \
    "movq " #OFFSET "(%[b]), %%rdx\n\t"                     \
    "mulxq %[a0], %%rax, %[A]\n\t"                         \
    "adoxq %%rax, %[t0]\n\t"                                \
    "adcxq %[A], %[t1]\n\t"                                 \
    "mulxq %[a1], %%rax, %[A]\n\t"                         \
    "adoxq %%rax, %[t1]\n\t"                                \
    "adcxq %[A], %[t2]\n\t"                                 \
    "mulxq %[a2], %%rax, %[A]\n\t"                         \
    "adoxq %%rax, %[t2]\n\t"                                \
    "adcxq %[A], %[t3]\n\t"                                 \
    "mulxq %[a3], %%rax, %[A]\n\t"                         \
    "adoxq %%rax, %[t3]\n\t"                                \
    "movl $0, %%eax\n\t"                                    \
    "adcxq %%rax, %[A]\n\t"                                 \
    "adoxq %%rax, %[A]\n\t"

/* t = (A, t) + m * q shifted down one word, m = t[0] * qinv. */
#define FK_ADX_REDUCE                                       \
    "movq %[t0], %%rdx\n\t"                                 \
    "imulq %[qinv], %%rdx\n\t"                             \
    "xorl %%eax, %%eax\n\t"                                 \
    "mulxq %[q0], %%rax, %[h]\n\t"                        \
    "adcxq %[t0], %%rax\n\t"                                \
    "movq %[h], %[t0]\n\t"                                  \
    "adcxq %[t1], %[t0]\n\t"                                \
    "mulxq %[q1], %%rax, %[t1]\n\t"                       \
    "adoxq %%rax, %[t0]\n\t"                                \
    "adcxq %[t2], %[t1]\n\t"                                \
    "mulxq %[q2], %%rax, %[t2]\n\t"                      \
    "adoxq %%rax, %[t1]\n\t"                                \
    "adcxq %[t3], %[t2]\n\t"                                \
    "mulxq %[q3], %%rax, %[t3]\n\t"                      \
    "adoxq %%rax, %[t2]\n\t"                                \
    "movl $0, %%eax\n\t"                                    \
    "adcxq %%rax, %[t3]\n\t"                                \
    "adoxq %[A], %[t3]\n\t"

/** Montgomery product a * b / 2^256 mod q with BMI2/ADX. The limbs of a
 * stay in registers (they are read 16 times); b and the modulus are memory
 * operands. */
FK_INLINE fk_u256 fk_mont_mul_adx(const fk_u256 *a, const fk_u256 *b, const fk_modulus *m) {
    uint64_t t0, t1, t2, t3, A, h;
    uint64_t a0 = a->l[0], a1 = a->l[1], a2 = a->l[2], a3 = a->l[3];
    __asm__(
        FK_ADX_FIRST_ROUND FK_ADX_REDUCE
        FK_ADX_ROUND(8) FK_ADX_REDUCE
        FK_ADX_ROUND(16) FK_ADX_REDUCE
        FK_ADX_ROUND(24) FK_ADX_REDUCE
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [A] "=&r"(A), [h] "=&r"(h)
        : [a0] "r"(a0), [a1] "r"(a1), [a2] "r"(a2), [a3] "r"(a3), [b] "r"(b), "m"(*b),
          [q0] "m"(m->q.l[0]), [q1] "m"(m->q.l[1]), [q2] "m"(m->q.l[2]), [q3] "m"(m->q.l[3]), [qinv] "m"(m->qinv)
        : "rax", "rdx", "cc");
    fk_u256 r = {{t0, t1, t2, t3}};
    return fk_reduce_product(r, m);
}

#endif
#endif
