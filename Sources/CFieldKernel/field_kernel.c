/* The kernel is header-only but for the CPU check that picks the ADX path. */
#include <stdlib.h>
#include "bn254_fields.h"

#if defined(__x86_64__)
#include <cpuid.h>

int fk_cpu_has_adx = 0;

/* CPUID leaf 7: EBX bit 8 is BMI2 (MULX), bit 19 is ADX (ADCX/ADOX). The
 * environment variable FK_PORTABLE=1 forces the portable kernel. */
__attribute__((constructor)) static void fk_detect_cpu(void) {
    unsigned eax, ebx, ecx, edx;
    const char *portable = getenv("FK_PORTABLE");
    if (portable && portable[0] == '1') return;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        fk_cpu_has_adx = ((ebx >> 8) & 1) && ((ebx >> 19) & 1);
    }
}
#endif
