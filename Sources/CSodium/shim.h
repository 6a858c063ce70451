/* libsodium: randomness for every secret, keystore encryption, bridge signatures. */
#include <sodium.h>
