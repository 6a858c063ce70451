/* libsecp256k1 (Debian's libsecp256k1-dev): ECDSA with public-key recovery, for L1 transactions. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
