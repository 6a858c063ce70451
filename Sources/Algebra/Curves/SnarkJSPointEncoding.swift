/// Points in the JSON form snarkjs writes: decimal strings, G1 as
/// [x, y, "1"] and G2 as [[x0, x1], [y0, y1], ["1", "0"]] (x = x0 + x1·u).
/// The identity is ["0", "1", "0"] and [["0","0"], ["1","0"], ["0","0"]].
/// Decoding checks the curve equation and subgroup membership.
extension AffinePoint where C == G1Curve {
    /// [x, y, "1"], or ["0", "1", "0"] for the identity.
    public var snarkjs: [String] {
        isInfinity ? ["0", "1", "0"] : [x.decimalString, y.decimalString, "1"]
    }

    /// Reads [x, y, z] with z = "1" (or z = "0" for the identity) and checks
    /// that the point is on the curve.
    public init(snarkjs value: [String]) throws {
        guard value.count == 3 else { throw CurveDecodingError.wrongShape("a G1 point has 3 coordinates, got \(value.count)") }
        switch value[2] {
        case "0": self = .infinity
        case "1":
            do {
                self.init(x: try Fq(decimal: value[0]), y: try Fq(decimal: value[1]))
            } catch let error as FieldEncodingError {
                throw CurveDecodingError.badCoordinate(error)
            }
            guard isOnCurve else { throw CurveDecodingError.notOnCurve }
        default:
            throw CurveDecodingError.wrongShape("a G1 point's third coordinate must be \"1\" (or \"0\" for infinity)")
        }
    }
}

extension AffinePoint where C == G2Curve {
    /// [[x0, x1], [y0, y1], ["1", "0"]], or the identity's form.
    public var snarkjs: [[String]] {
        if isInfinity { return [["0", "0"], ["1", "0"], ["0", "0"]] }
        return [[x.c0.decimalString, x.c1.decimalString], [y.c0.decimalString, y.c1.decimalString], ["1", "0"]]
    }

    /// Reads the snarkjs form and checks the curve equation and membership
    /// in the prime-order subgroup.
    public init(snarkjs value: [[String]]) throws {
        guard value.count == 3, value.allSatisfy({ $0.count == 2 }) else {
            throw CurveDecodingError.wrongShape("a G2 point is three pairs of decimal strings")
        }
        switch value[2] {
        case ["0", "0"]: self = .infinity
        case ["1", "0"]:
            do {
                self.init(
                    x: Fq2(try Fq(decimal: value[0][0]), try Fq(decimal: value[0][1])),
                    y: Fq2(try Fq(decimal: value[1][0]), try Fq(decimal: value[1][1])))
            } catch let error as FieldEncodingError {
                throw CurveDecodingError.badCoordinate(error)
            }
            guard isOnCurve else { throw CurveDecodingError.notOnCurve }
            guard G2Curve.isInPrimeOrderSubgroup(self) else { throw CurveDecodingError.notInSubgroup }
        default:
            throw CurveDecodingError.wrongShape("a G2 point's third coordinate must be [\"1\", \"0\"] (or [\"0\", \"0\"] for infinity)")
        }
    }
}
