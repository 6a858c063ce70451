#!/usr/bin/env python3
"""Generates Sources/Primitives/Poseidon/PoseidonConstants.swift: the round
constants and MDS matrices of Poseidon over BN254's Fr, as circomlib uses
them (x^5 S-box, 8 full rounds, partial rounds per width from circomlib's
table), for widths t = 2 ... 7 (1 to 6 inputs).

    python3 scripts/gen_poseidon_constants.py > Sources/Primitives/Poseidon/PoseidonConstants.swift

The procedure is the Poseidon paper's reference one (generate_parameters_grain):
a Grain LFSR in self-shrinking mode seeded with (field = 1, S-box = 0,
n = 254, t, R_F, R_P), 160 bits discarded; each round constant is the next
n bits read big-endian, redrawn while not below p; then the MDS matrix is the
Cauchy matrix 1 / (x_i + y_j) from 2t further n-bit draws reduced mod p
(redrawn if any two coincide). Tests check the result against circomlibjs'
vectors.
"""

P = 21888242871839275222246405745257275088548364400416034343698204186575808495617
N_BITS = 254
FULL_ROUNDS = 8
PARTIAL_ROUNDS = {2: 56, 3: 57, 4: 56, 5: 60, 6: 60, 7: 63}  # circomlib's N_ROUNDS_P by t


class Grain:
    def __init__(self, t, full_rounds, partial_rounds):
        def bits(value, width):
            return [int(b) for b in bin(value)[2:].zfill(width)]

        self.state = bits(1, 2) + bits(0, 4) + bits(N_BITS, 12) + bits(t, 12) + bits(full_rounds, 10) + bits(partial_rounds, 10) + [1] * 30
        for _ in range(160):
            self._step()

    def _step(self):
        s = self.state
        bit = s[62] ^ s[51] ^ s[38] ^ s[23] ^ s[13] ^ s[0]
        s.pop(0)
        s.append(bit)
        return bit

    def bit(self):
        # Self-shrinking: read pairs (a, b); output b when a is 1.
        while True:
            first = self._step()
            second = self._step()
            if first == 1:
                return second

    def integer(self, width):
        value = 0
        for _ in range(width):
            value = (value << 1) | self.bit()
        return value


def parameters(t):
    rounds = FULL_ROUNDS + PARTIAL_ROUNDS[t]
    grain = Grain(t, FULL_ROUNDS, PARTIAL_ROUNDS[t])
    constants = []
    while len(constants) < rounds * t:
        value = grain.integer(N_BITS)
        if value < P:
            constants.append(value)
    while True:
        draws = [grain.integer(N_BITS) % P for _ in range(2 * t)]
        if len(set(draws)) == len(draws):
            break
    xs, ys = draws[:t], draws[t:]
    mds = [[pow((x + y) % P, -1, P) for y in ys] for x in xs]
    return constants, mds


# The optimized form (Poseidon paper, appendix B), which the native hash runs:
# 1. each partial round's constants for elements 1..t-1 are moved forward,
#    through the S-box (which leaves them alone) and the MDS matrix, into the
#    next round's constants, so partial rounds add a constant to element 0 only;
# 2. walking back from the last partial round, each accumulated matrix A is
#    factored as A = M'' . M' with M' = diag(1, A[1..][1..]) and M'' sparse
#    ([[a00, w^T], [a1, I]], w = A[1..][1..]^-T a0); M' commutes with the
#    partial round's S-box and constant and moves into the previous round, and
#    the last one into the last full round of the first half ("pre" matrix).
# tests check the optimized permutation against the plain one for every width.

def inv(x): return pow(x, -1, P)

def mat_mul(A, B):
    n, m, k = len(A), len(B[0]), len(B)
    return [[sum(A[i][l] * B[l][j] for l in range(k)) % P for j in range(m)] for i in range(n)]

def mat_vec(A, v):
    return [sum(A[i][j] * v[j] for j in range(len(v))) % P for i in range(len(A))]

def mat_inv(A):
    n = len(A)
    M = [row[:] + [1 if i == j else 0 for j in range(n)] for i, row in enumerate(A)]
    for c in range(n):
        piv = next(r for r in range(c, n) if M[r][c] % P)
        M[c], M[piv] = M[piv], M[c]
        f = inv(M[c][c]); M[c] = [x * f % P for x in M[c]]
        for r in range(n):
            if r != c and M[r][c]:
                g = M[r][c]; M[r] = [(x - g * y) % P for x, y in zip(M[r], M[c])]
    return [row[n:] for row in M]

def optimize(t):
    C, mds = parameters(t)
    RF, RP = FULL_ROUNDS, PARTIAL_ROUNDS[t]
    rounds = RF + RP
    c = [C[r*t:(r+1)*t] for r in range(rounds)]
    half = RF // 2
    # Step A: fold partial-round constants of elements 1.. forward.
    c = [row[:] for row in c]
    for r in range(half, half + RP):
        rest = [0] + c[r][1:]
        c[r] = [c[r][0]] + [0] * (t - 1)
        moved = mat_vec(mds, rest)
        c[r + 1] = [(a + b) % P for a, b in zip(c[r + 1], moved)]
    # Step B: factor matrices backward.
    sparse = [None] * RP
    A = mds
    for k in range(RP - 1, -1, -1):
        a00 = A[0][0]; a0 = A[0][1:]; a1 = [A[i][0] for i in range(1, t)]
        Ahat = [row[1:] for row in A[1:]]
        Ahat_inv_T = [list(x) for x in zip(*mat_inv(Ahat))]
        w = mat_vec(Ahat_inv_T, a0)
        sparse[k] = (a00, w, a1)   # M'' = [[a00, w^T], [a1, I]]
        Mprime = [[1] + [0] * (t - 1)] + [[0] + row for row in Ahat]
        A = mat_mul(Mprime, mds)   # the previous round's matrix
    pre = A  # matrix of the last first-half full round
    return c, sparse, pre, mds, RP


def emit(name, doc, table):
    print("")
    print("    /// " + doc)
    print("    static let %s: [Int: [String]] = [" % name)
    for t in sorted(table):
        print("        %d: [" % t)
        print("\n".join('            "%064x",' % v for v in table[t]))
        print("        ],")
    print("    ]")


print("// Generated by scripts/gen_poseidon_constants.py (Grain LFSR, as the Poseidon")
print("// reference and circomlib; then the optimized form). Do not edit.")
print("")
print("/// Poseidon's constants for widths 2 ... 7 as 64-digit hex strings (big-endian),")
print("/// parsed once when first used: the plain round constants and MDS matrix")
print("/// (circomlib's), and the optimized form the native hash runs.")
print("enum PoseidonConstants {")
print("    /// Partial rounds by width t (circomlib's table); full rounds are 8.")
print("    static let partialRounds: [Int: Int] = %s" % "[" + ", ".join("%d: %d" % (t, r) for t, r in sorted(PARTIAL_ROUNDS.items())) + "]")
plain_c, plain_m, full_c, partial_c, pre_m, sparse_m = {}, {}, {}, {}, {}, {}
for t in sorted(PARTIAL_ROUNDS):
    constants, mds = parameters(t)
    plain_c[t] = constants
    plain_m[t] = [v for row in mds for v in row]
    c, sparse, pre, _, rp = optimize(t)
    full_c[t] = [v for r in list(range(4)) + list(range(4 + rp, 8 + rp)) for v in c[r]]
    partial_c[t] = [c[4 + k][0] for k in range(rp)]
    pre_m[t] = [v for row in pre for v in row]
    sparse_m[t] = [v for (a00, w, a1) in sparse for v in [a00] + w + a1]
emit("roundConstantsHex", "Round constants: (8 + partial rounds) * t values, round-major.", plain_c)
emit("mdsHex", "MDS matrices, row-major (t * t values).", plain_m)
emit("optimizedFullRoundConstantsHex", "Optimized: the 8 full rounds' constants (t each), the first after the partial rounds folded.", full_c)
emit("optimizedPartialRoundConstantsHex", "Optimized: one constant per partial round, added to element 0.", partial_c)
emit("preSparseMatrixHex", "Optimized: the matrix of the 4th full round, row-major.", pre_m)
emit("sparseMatricesHex", "Optimized: per partial round a00, w (t - 1), a1 (t - 1).", sparse_m)
print("}")
