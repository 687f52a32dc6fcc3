import ConvModel
import Testing

/// Every relationship of Dumoulin & Visin with a hand-computed case (the paper's figures where it has one): the
/// number, the law in letters, the law with numbers, and the size `Geometry` computes for the same layer.
@Suite struct RelationshipTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let op: Op
        let i: Int, k: Int, s: Int, p: Int, d: Int, a: Int
        let number: Int
        let law: String
        let substituted: String
        var testDescription: String { "\(number): \(substituted)" }
    }

    static let cases: [Case] = [
        Case(
            op: .conv, i: 4, k: 3, s: 1, p: 0, d: 1, a: 0, number: 1, law: "o = i − k + 1",
            substituted: "o = 4 − 3 + 1 = 2"),
        Case(
            op: .conv, i: 5, k: 4, s: 1, p: 2, d: 1, a: 0, number: 2, law: "o = i − k + 2p + 1",
            substituted: "o = 5 − 4 + 2⋅2 + 1 = 6"),
        Case(
            op: .conv, i: 5, k: 3, s: 1, p: 1, d: 1, a: 0, number: 3, law: "o = i + 2p − (k − 1)",
            substituted: "o = 5 + 2⋅1 − (3 − 1) = 5"),
        Case(
            op: .conv, i: 5, k: 3, s: 1, p: 2, d: 1, a: 0, number: 4, law: "o = i + (k − 1)",
            substituted: "o = 5 + (3 − 1) = 7"),
        Case(
            op: .conv, i: 5, k: 3, s: 2, p: 0, d: 1, a: 0, number: 5, law: "o = ⌊(i − k)/s⌋ + 1",
            substituted: "o = ⌊(5 − 3)/2⌋ + 1 = 2"),
        Case(
            op: .conv, i: 5, k: 3, s: 2, p: 1, d: 1, a: 0, number: 6, law: "o = ⌊(i + 2p − k)/s⌋ + 1",
            substituted: "o = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"),
        Case(
            op: .conv, i: 6, k: 3, s: 2, p: 1, d: 1, a: 0, number: 6, law: "o = ⌊(i + 2p − k)/s⌋ + 1",
            substituted: "o = ⌊(6 + 2⋅1 − 3)/2⌋ + 1 = 3"),
        Case(
            op: .transposed, i: 2, k: 3, s: 1, p: 0, d: 1, a: 0, number: 8, law: "o′ = i′ + (k − 1)",
            substituted: "o′ = 2 + (3 − 1) = 4"),
        Case(
            op: .transposed, i: 6, k: 4, s: 1, p: 2, d: 1, a: 0, number: 9, law: "o′ = i′ + (k − 1) − 2p",
            substituted: "o′ = 6 + (4 − 1) − 2⋅2 = 5"),
        Case(
            op: .transposed, i: 5, k: 3, s: 1, p: 1, d: 1, a: 0, number: 10, law: "o′ = i′ + (k − 1) − 2p",
            substituted: "o′ = 5 + (3 − 1) − 2⋅1 = 5"),
        Case(
            op: .transposed, i: 7, k: 3, s: 1, p: 2, d: 1, a: 0, number: 11, law: "o′ = i′ + (k − 1) − 2p",
            substituted: "o′ = 7 + (3 − 1) − 2⋅2 = 5"),
        Case(
            op: .transposed, i: 2, k: 3, s: 2, p: 0, d: 1, a: 0, number: 12, law: "o′ = s(i′ − 1) + k",
            substituted: "o′ = 2⋅(2 − 1) + 3 = 5"),
        Case(
            op: .transposed, i: 3, k: 3, s: 2, p: 1, d: 1, a: 0, number: 13, law: "o′ = s(i′ − 1) + k − 2p",
            substituted: "o′ = 2⋅(3 − 1) + 3 − 2⋅1 = 5"),
        Case(
            op: .transposed, i: 3, k: 3, s: 2, p: 1, d: 1, a: 1, number: 14, law: "o′ = s(i′ − 1) + a + k − 2p",
            substituted: "o′ = 2⋅(3 − 1) + 1 + 3 − 2⋅1 = 6"),
        Case(
            op: .conv, i: 7, k: 3, s: 1, p: 0, d: 2, a: 0, number: 15,
            law: "o = ⌊(i + 2p − k − (k − 1)(d − 1))/s⌋ + 1",
            substituted: "o = ⌊(7 + 2⋅0 − 3 − (3 − 1)(2 − 1))/1⌋ + 1 = 3"),
        // Not in the paper: a dilated transposed layer takes k̂ = 5 in place of k.
        Case(
            op: .transposed, i: 3, k: 3, s: 1, p: 0, d: 2, a: 0, number: 8, law: "o′ = i′ + (k̂ − 1)",
            substituted: "o′ = 3 + (5 − 1) = 7"),
        Case(
            op: .transposed, i: 3, k: 3, s: 1, p: 0, d: 2, a: 1, number: 14, law: "o′ = s(i′ − 1) + a + k̂ − 2p",
            substituted: "o′ = 1⋅(3 − 1) + 1 + 5 − 2⋅0 = 8"),
    ]

    static func geometry(_ c: Case) throws -> Geometry {
        let spec = ConvSpec(
            op: c.op, stride: Pair(both: c.s), padding: Padding(Pair(both: c.p)), dilation: Pair(both: c.d),
            outputPadding: Pair(both: c.a))
        return try Geometry.compute(input: Pair(both: c.i), kernel: Pair(both: c.k), spec: spec)
    }

    @Test(arguments: cases) func handComputed(_ c: Case) throws {
        let g = try Self.geometry(c)
        let r = Relationship.of(g)
        #expect(r.isSame)
        #expect(r.height.number == c.number)
        #expect(r.height.law == c.law)
        #expect(r.height.substituted == c.substituted)
        #expect(r.height.lawValue == g.outputSize.h)
    }

    @Test func everyRelationshipButPoolingIsReached() {
        let reached = Set(Self.cases.map(\.number))
        #expect(reached == Set(Relationship.Kind.allCases.map(\.number)).subtracting([7]))
        #expect(Relationship.Kind.pooling.number == 7)
    }

    @Test func dilatedKernelLaw() throws {
        let g = try Self.geometry(Self.cases.first { $0.number == 15 }!)
        #expect(Relationship.of(g).height.kernelLaw == "k̂ = k + (k − 1)(d − 1) = 3 + 2⋅1 = 5")
        #expect(Relationship.of(try Self.geometry(Self.cases[0])).height.kernelLaw == nil)
    }

    /// `"same"` with an even kernel pads 1 before and 2 after: the law is written with p₀ + p₁.
    @Test func unevenPaddingAndRectangularAxes() throws {
        let spec = ConvSpec(
            padding: Padding.same(kernel: Pair(4, 3), dilation: Pair(both: 1)))
        let g = try Geometry.compute(input: Pair(5, 6), kernel: Pair(4, 3), spec: spec)
        let r = Relationship.of(g)
        #expect(!r.isSame)
        #expect(r.height.number == 2)
        #expect(r.height.law == "o = i − k + (p₀ + p₁) + 1")
        #expect(r.height.substituted == "o = 5 − 4 + 1 + 2 + 1 = 5")
        #expect(r.width.number == 3)
        #expect(r.width.substituted == "o = 6 + 2⋅1 − (3 − 1) = 6")
    }

    /// The paper's laws, evaluated on their own, agree with `Geometry` on every small layer.
    @Test func lawsAgreeWithGeometry() {
        var checked = 0
        for op in Op.allCases {
            for i in 1...7 {
                for k in 1...4 {
                    for s in 1...3 {
                        for p in 0...3 {
                            for d in 1...3 {
                                for a in 0..<(op.scatters ? max(s, d) : 1) {
                                    let spec = ConvSpec(
                                        op: op, stride: Pair(both: s), padding: Padding(Pair(both: p)),
                                        dilation: Pair(both: d), outputPadding: Pair(both: a))
                                    guard
                                        let g = try? Geometry.compute(input: Pair(i, i), kernel: Pair(k, k), spec: spec)
                                    else { continue }
                                    let r = Relationship.of(g).height
                                    #expect(r.lawValue == g.outputSize.h, "\(r.substituted)")
                                    checked += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 2000)
    }
}
