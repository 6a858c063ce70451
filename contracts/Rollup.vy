#pragma version 0.4.3
"""
@title The rollup's L1 contract
@notice Holds the rollup's ETH and accepts a state root only with a valid
    block proof. Deposits are payable priority requests that deposit blocks
    must consume in order; exits in a verified block become balances their
    L1 addresses withdraw; a deposit no block can hold is refunded to its
    depositor the same way (skipDeposits). One rollup unit is WEI_PER_UNIT wei. Blocks,
    pubdata and commitments are docs/PROTOCOL.md's ("Blocks",
    "Transactions"); the contract's interface is its "Settlement on L1".
"""

interface Verifier:
    def verifyProof(pA: uint256[2], pB: uint256[2][2], pC: uint256[2], pubSignals: uint256[4]) -> bool: view

# One rollup unit in wei (1 gwei): deposits are whole units, exits pay units x this.
WEI_PER_UNIT: public(constant(uint256)) = 10 ** 9
# The account field of a deposit that opens a new account.
NEW_ACCOUNT: public(constant(uint256)) = 2 ** 24 - 1
# Block types, by their transactions' tags.
DEPOSIT: constant(uint8) = 1
TRANSFER: constant(uint8) = 2
EXIT: constant(uint8) = 3
DEPOSIT_SLOT_BYTES: constant(uint256) = 52
TRANSFER_SLOT_BYTES: constant(uint256) = 14
EXIT_SLOT_BYTES: constant(uint256) = 42
# Bounds of one call: blocks per commit or prove, slots per block, deposits per skip.
MAX_BLOCKS: constant(uint256) = 16
MAX_SKIPS: constant(uint256) = 64
MAX_SLOTS: constant(uint256) = 32
MAX_PUBDATA: constant(uint256) = MAX_SLOTS * DEPOSIT_SLOT_BYTES
COMMITMENT_MASK: constant(uint256) = 2 ** 253 - 1


struct PriorityDeposit:
    # NEW_ACCOUNT, or the account topped up.
    account: uint256
    # The owner's packed BabyJubJub public key (docs/PROTOCOL.md).
    publicKey: bytes32
    # Rollup units.
    amount: uint256
    # Who paid it, and is refunded if no block can hold it (skipDeposits).
    depositor: address


struct BlockCommit:
    # DEPOSIT, TRANSFER or EXIT.
    blockType: uint8
    oldRoot: uint256
    newRoot: uint256
    totalFee: uint256
    pubdata: Bytes[MAX_PUBDATA]


struct BlockProof:
    a: uint256[2]
    b: uint256[2][2]
    c: uint256[2]


# A block committed and not yet proved. Its old root is not kept: blocks are
# proved in order, so it is the verified root when its proof comes. Blocks
# committed and proved in one commitAndProveBlocks are never stored.
struct StoredBlock:
    blockType: uint8
    newRoot: uint256
    commitment: uint256


struct Withdrawal:
    to: address
    # Rollup units.
    amount: uint256


event DepositRequested:
    serial: indexed(uint256)
    account: uint256
    publicKey: bytes32
    amount: uint256

event DepositRefunded:
    serial: indexed(uint256)
    depositor: indexed(address)
    amount: uint256

event BlockCommitted:
    number: indexed(uint256)
    blockType: uint8
    newRoot: uint256
    commitment: uint256

event BlockVerified:
    number: indexed(uint256)
    newRoot: uint256

event Withdrawn:
    to: indexed(address)
    amount: uint256


OPERATOR: public(immutable(address))
CHAIN_ID: public(immutable(uint256))

verifiers: public(HashMap[uint8, address])
slots: public(HashMap[uint8, uint256])

committedBlocks: public(uint256)
verifiedBlocks: public(uint256)
committedRoot: public(uint256)
verifiedRoot: public(uint256)
blocks: public(HashMap[uint256, StoredBlock])
exits: HashMap[uint256, DynArray[Withdrawal, MAX_SLOTS]]

# Priority deposits by serial id (0, 1, ...); those below depositsConsumed are in committed blocks.
deposits: public(HashMap[uint256, PriorityDeposit])
depositCount: public(uint256)
depositsConsumed: public(uint256)

# Wei each L1 address may withdraw.
withdrawable: public(HashMap[address, uint256])


@deploy
def __init__(operator: address, genesisChainId: uint256, genesisRoot: uint256, verifiers: address[3], slots: uint256[3]):
    """
    @param genesisChainId The chain's id at genesis, before it is bound to L1.
    @param verifiers The Groth16 verifiers of deposit, transfer and exit blocks, in that order.
    @param slots The slots per deposit, transfer and exit block of the chain.
    @dev CHAIN_ID, which every signature and proof of the chain binds, is
         SHA-256(genesis chain id (32) || L1 chain id (32) || this contract's
         address (20)) below 2^253: computed here, so that no deployment can
         take another's chain id, and a signature made for one deployment is
         worth nothing at any other.
    """
    assert genesisChainId < 2**253, "a chain id is below 2^253"
    OPERATOR = operator
    binding: bytes32 = sha256(concat(convert(genesisChainId, bytes32), convert(chain.id, bytes32), convert(self, bytes20)))
    CHAIN_ID = convert(binding, uint256) & (2**253 - 1)
    self.committedRoot = genesisRoot
    self.verifiedRoot = genesisRoot
    kinds: uint8[3] = [DEPOSIT, TRANSFER, EXIT]
    for i: uint256 in range(3):
        assert verifiers[i] != empty(address), "a verifier per block type"
        assert slots[i] > 0 and slots[i] <= MAX_SLOTS, "slots per block are 1 to 32"
        self.verifiers[kinds[i]] = verifiers[i]
        self.slots[kinds[i]] = slots[i]


@external
@payable
def deposit(publicKey: bytes32, account: uint256):
    """
    @notice Deposits msg.value (whole rollup units) to a new account of
        publicKey (account NEW_ACCOUNT) or to the existing account; the
        next deposit block consumes it, crediting an account of publicKey
        (a new one if the named account is not publicKey's).
    """
    assert msg.value > 0, "a deposit is more than 0"
    assert msg.value % WEI_PER_UNIT == 0, "a deposit is whole rollup units"
    amount: uint256 = msg.value // WEI_PER_UNIT
    assert amount < 2 ** 128, "a deposit is below 2^128 units"
    assert account <= NEW_ACCOUNT, "an account id is below 2^24"
    serial: uint256 = self.depositCount
    self.deposits[serial] = PriorityDeposit(account=account, publicKey=publicKey, amount=amount, depositor=msg.sender)
    self.depositCount = serial + 1
    log DepositRequested(serial=serial, account=account, publicKey=publicKey, amount=amount)


@internal
@pure
def _field(padded: Bytes[MAX_PUBDATA + 32], start: uint256, length: uint256) -> uint256:
    # The big-endian integer of pubdata[start : start + length], length <= 32;
    # `padded` is the pubdata followed by 32 zero bytes, so one word read is in bounds.
    return convert(extract32(padded, start, output_type=bytes32), uint256) >> (256 - 8 * length)


@internal
@pure
def _slotBytes(blockType: uint8) -> uint256:
    if blockType == DEPOSIT:
        return DEPOSIT_SLOT_BYTES
    if blockType == TRANSFER:
        return TRANSFER_SLOT_BYTES
    return EXIT_SLOT_BYTES


@internal
def _consumeDeposits(number: uint256, pubdata: Bytes[MAX_PUBDATA + 32], slots: uint256):
    next: uint256 = self.depositsConsumed
    for slot: uint256 in range(MAX_SLOTS):
        if slot >= slots:
            break
        start: uint256 = slot * DEPOSIT_SLOT_BYTES
        tag: uint256 = self._field(pubdata, start, 1)
        if tag == 0:
            continue
        assert tag == convert(DEPOSIT, uint256), "a deposit block holds deposits and padding only"
        assert next < self.depositCount, "a deposit block consumes a deposit nobody made"
        # The account is not checked: the rollup may credit a top-up to a new
        # account of the same key (when the named account is not that key's),
        # so that no deposit can stall the queue; the funds stay the key's.
        # Only the two fields checked are read (a storage read each).
        assert self._field(pubdata, start + 4, 16) == self.deposits[next].amount, "a deposit block alters a deposit's amount"
        assert extract32(pubdata, start + 20, output_type=bytes32) == self.deposits[next].publicKey, "a deposit block alters a deposit's public key"
        next += 1
    self.depositsConsumed = next


@internal
def _recordExits(number: uint256, pubdata: Bytes[MAX_PUBDATA + 32], slots: uint256):
    for slot: uint256 in range(MAX_SLOTS):
        if slot >= slots:
            break
        start: uint256 = slot * EXIT_SLOT_BYTES
        tag: uint256 = self._field(pubdata, start, 1)
        if tag == 0:
            continue
        assert tag == convert(EXIT, uint256), "an exit block holds exits and padding only"
        to: address = convert(convert(self._field(pubdata, start + 22, 20), uint160), address)
        self.exits[number].append(Withdrawal(to=to, amount=self._field(pubdata, start + 4, 16)))


@internal
def _commit(commits: DynArray[BlockCommit, MAX_BLOCKS]) -> DynArray[StoredBlock, MAX_BLOCKS]:
    # Checks and counts the blocks; returns them, numbered from the first
    # after the committed ones before, for the caller to prove or store.
    assert msg.sender == OPERATOR, "only the operator commits blocks"
    assert len(commits) > 0, "no blocks to commit"
    committed: DynArray[StoredBlock, MAX_BLOCKS] = []
    for commit: BlockCommit in commits:
        slots: uint256 = self.slots[commit.blockType]
        assert slots > 0, "unknown block type"
        assert len(commit.pubdata) == slots * self._slotBytes(commit.blockType), "the pubdata's length is not its block type's"
        assert commit.oldRoot == self.committedRoot, "the old root is not the last committed root"
        assert commit.totalFee < 2 ** 128, "a total fee is below 2^128"
        number: uint256 = self.committedBlocks + 1
        assert number < 2 ** 32, "block numbers are 32 bits"
        preimage: Bytes[20 + MAX_PUBDATA] = concat(slice(convert(number, bytes32), 28, 4), slice(convert(commit.totalFee, bytes32), 16, 16), commit.pubdata)
        commitment: uint256 = convert(sha256(preimage), uint256) & COMMITMENT_MASK
        if commit.blockType == DEPOSIT:
            self._consumeDeposits(number, concat(commit.pubdata, empty(bytes32)), slots)
        elif commit.blockType == EXIT:
            self._recordExits(number, concat(commit.pubdata, empty(bytes32)), slots)
        committed.append(StoredBlock(blockType=commit.blockType, newRoot=commit.newRoot, commitment=commitment))
        self.committedBlocks = number
        self.committedRoot = commit.newRoot
        log BlockCommitted(number=number, blockType=commit.blockType, newRoot=commit.newRoot, commitment=commitment)
    return committed


@internal
def _store(committed: DynArray[StoredBlock, MAX_BLOCKS]):
    # Keeps the blocks of committed (the last ones committed) that are not
    # proved yet, for proveBlocks.
    first: uint256 = self.committedBlocks + 1 - len(committed)
    for i: uint256 in range(MAX_BLOCKS):
        if i >= len(committed):
            break
        if first + i > self.verifiedBlocks:
            self.blocks[first + i] = committed[i]


@internal
def _verify(stored: StoredBlock, proof: BlockProof):
    # Verifies the next block, stored, with proof: [old root, new root,
    # commitment, chain id], its old root the verified root.
    number: uint256 = self.verifiedBlocks + 1
    assert number <= self.committedBlocks, "no committed block to prove"
    inputs: uint256[4] = [self.verifiedRoot, stored.newRoot, stored.commitment, CHAIN_ID]
    assert staticcall Verifier(self.verifiers[stored.blockType]).verifyProof(proof.a, proof.b, proof.c, inputs), "the block proof does not verify"
    for exit: Withdrawal in self.exits[number]:
        self.withdrawable[exit.to] += exit.amount * WEI_PER_UNIT
    self.verifiedBlocks = number
    self.verifiedRoot = stored.newRoot
    log BlockVerified(number=number, newRoot=stored.newRoot)


@internal
def _prove(proofs: DynArray[BlockProof, MAX_BLOCKS], committed: DynArray[StoredBlock, MAX_BLOCKS]):
    # Proves the next blocks: those committed in this call (committed, the
    # last ones) from memory, the ones before from storage.
    assert len(proofs) > 0, "no proofs"
    first: uint256 = self.committedBlocks + 1 - len(committed)
    for proof: BlockProof in proofs:
        number: uint256 = self.verifiedBlocks + 1
        if number >= first and number - first < len(committed):
            self._verify(committed[number - first], proof)
        else:
            self._verify(self.blocks[number], proof)


@external
def skipDeposits(count: uint256):
    """
    @notice Refunds the next `count` priority deposits to their depositors
        instead of crediting them (operator only), for deposits no block
        can hold: a key that is no BabyJubJub point, or a new account when
        the tree is full. Each deposit's wei becomes its depositor's to
        withdraw, and the deposit counts as consumed, so no block credits it.
    """
    assert msg.sender == OPERATOR, "only the operator skips deposits"
    assert count > 0 and count <= MAX_SKIPS, "a skip is 1 to 64 deposits"
    first: uint256 = self.depositsConsumed
    assert first + count <= self.depositCount, "a skip of a deposit nobody made"
    for serial: uint256 in range(first, first + count, bound=MAX_SKIPS):
        request: PriorityDeposit = self.deposits[serial]
        self.withdrawable[request.depositor] += request.amount * WEI_PER_UNIT
        log DepositRefunded(serial=serial, depositor=request.depositor, amount=request.amount)
    self.depositsConsumed = first + count


@external
def commitBlocks(commits: DynArray[BlockCommit, MAX_BLOCKS]):
    """
    @notice Commits the next blocks, in order (operator only). Each block's
        commitment is recomputed from its number, total fee and pubdata; its
        old root must be the last committed root; a deposit block must
        consume the next priority deposits exactly as its pubdata states
        them; an exit block's exits are recorded for when it is verified.
    """
    self._store(self._commit(commits))


@external
def proveBlocks(proofs: DynArray[BlockProof, MAX_BLOCKS]):
    """
    @notice Verifies the next committed blocks, in order, each with its
        type's verifier and the public inputs [old root, new root,
        commitment, chain id]; a verified exit block's exits become
        withdrawable. Anyone may prove.
    """
    self._prove(proofs, [])


@external
def commitAndProveBlocks(commits: DynArray[BlockCommit, MAX_BLOCKS], proofs: DynArray[BlockProof, MAX_BLOCKS]):
    """
    @notice commitBlocks then proveBlocks, in one transaction (operator
        only). The blocks it commits and proves are never stored.
    """
    committed: DynArray[StoredBlock, MAX_BLOCKS] = self._commit(commits)
    self._prove(proofs, committed)
    self._store(committed)


@external
@nonreentrant
def withdraw(owner: address):
    """
    @notice Pays owner everything verified exits left it (a pull payment;
        anyone may call it for any address).
    """
    amount: uint256 = self.withdrawable[owner]
    assert amount > 0, "nothing to withdraw"
    self.withdrawable[owner] = 0
    raw_call(owner, b"", value=amount)
    log Withdrawn(to=owner, amount=amount)
