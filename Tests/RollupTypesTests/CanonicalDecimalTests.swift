import RollupTypes
import Testing

/// One spelling per number: signs, leading zeros and spaces are refused.
struct CanonicalDecimalTests {
    @Test func canonicalSpellingsParse() {
        #expect(CanonicalDecimal.parse("0", as: UInt128.self) == 0)
        #expect(CanonicalDecimal.parse("1500", as: UInt128.self) == 1500)
        #expect(CanonicalDecimal.parse("340282366920938463463374607431768211455", as: UInt128.self) == .max)
        #expect(CanonicalDecimal.parse("4294967295", as: UInt32.self) == .max)
    }

    @Test func otherSpellingsAreRefused() {
        for text in ["", "+1500", "01501", "+0001500", "+1", "-0", "-1", " 1", "1 ", "00", "1_000", "1e3", "0x10", "１"] {
            #expect(CanonicalDecimal.parse(text, as: UInt128.self) == nil, "\(text)")
        }
        #expect(CanonicalDecimal.parse("340282366920938463463374607431768211456", as: UInt128.self) == nil)
        #expect(CanonicalDecimal.parse("4294967296", as: UInt32.self) == nil)
    }
}
