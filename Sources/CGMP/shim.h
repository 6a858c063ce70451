/* GMP, the big-number foundation: conversions and the test oracle for the fields. */
#include <gmp.h>
