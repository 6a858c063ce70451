import Algebra

/// Small gadgets every circuit needs: booleans, equality and selection.
extension ConstraintSystem {
    /// A private witness constrained to 0 or 1 (1 constraint: b·(1 − b) = 0).
    public mutating func allocateBoolean(_ annotation: @autoclosure () -> String, value: Bool?) throws -> Variable {
        let name = annotation()
        let bit = try allocate(name, value: value.map { $0 ? Fr.one : Fr.zero })
        enforce("\(name) is boolean", LinearCombination(bit), LinearCombination(constant: .one) - bit, .zero)
        return bit
    }

    /// Constrains a = b (1 constraint: (a − b)·1 = 0).
    public mutating func enforceEqual(_ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination) {
        enforce(annotation(), a - b, LinearCombination(constant: .one), .zero)
    }

    /// condition ? ifTrue : ifFalse for a boolean `condition` (1 constraint:
    /// condition·(ifTrue − ifFalse) = result − ifFalse).
    public mutating func select(
        _ annotation: @autoclosure () -> String, condition: Variable,
        _ ifTrue: LinearCombination, _ ifFalse: LinearCombination
    ) throws -> Variable {
        let name = annotation()
        var resultValue: Fr?
        if let bit = value(of: condition), let t = value(of: ifTrue), let f = value(of: ifFalse) {
            resultValue = bit.isZero ? f : t
        }
        let result = try allocate(name, value: resultValue)
        enforce("\(name) select", LinearCombination(condition), ifTrue - ifFalse, LinearCombination(result) - ifFalse)
        return result
    }

    /// A private witness equal to a·b (1 constraint).
    public mutating func multiply(_ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination) throws -> Variable {
        let name = annotation()
        var product: Fr?
        if let x = value(of: a), let y = value(of: b) { product = x * y }
        let result = try allocate(name, value: product)
        enforce("\(name) product", a, b, LinearCombination(result))
        return result
    }
}
