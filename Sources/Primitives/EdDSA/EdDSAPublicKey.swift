import Algebra

/// An EdDSA-Poseidon public key: a point A of BabyJubJub's prime subgroup.
public struct EdDSAPublicKey: Equatable, Sendable {
    public let point: BabyJubJubPoint
    public let x: Fr
    public let y: Fr

    /// The key (x, y), checked to be on the curve, in the subgroup and not
    /// the identity (which the circuits cannot carry either).
    public init(x: Fr, y: Fr) throws {
        let point = BabyJubJubPoint(x: x, y: y)
        guard point.isOnCurve else { throw EdDSAError.publicKeyNotOnCurve }
        guard point != .identity else { throw EdDSAError.publicKeyIsIdentity }
        guard point.isInSubgroup else { throw EdDSAError.publicKeyNotInSubgroup }
        self.point = point
        self.x = x
        self.y = y
    }

    /// A key read back from the node's own storage, which checked it when it
    /// entered: only the (cheap) curve equation is checked again, not the
    /// subgroup, so that restoring 100k accounts stays fast.
    public init(storedX x: Fr, y: Fr) throws {
        let point = BabyJubJubPoint(x: x, y: y)
        guard point.isOnCurve else { throw EdDSAError.publicKeyNotOnCurve }
        self.init(trusted: point)
    }

    /// A point already known to be valid (derived from a private key).
    init(trusted point: BabyJubJubPoint) {
        self.point = point
        (x, y) = point.affine
    }

    /// The key from iden3's 32-byte packed form.
    public init(packed: [UInt8]) throws {
        let point: BabyJubJubPoint
        do {
            point = try BabyJubJubPoint(packed: packed)
        } catch BabyJubJubPoint.PackingError.wrongLength(let count) {
            throw EdDSAError.wrongKeyLength(count)
        } catch {
            throw EdDSAError.publicKeyNotOnCurve
        }
        let (x, y) = point.affine
        try self.init(x: x, y: y)
    }

    /// iden3's 32-byte packed form.
    public var packed: [UInt8] { point.packed }
}

extension EdDSAPublicKey: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(x)
        hasher.combine(y)
    }
}
