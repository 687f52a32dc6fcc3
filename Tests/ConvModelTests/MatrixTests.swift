import ConvModel
import Foundation
import TestSupport
import Testing

/// The matrix of a layer (`ConvMatrix`) against Golden/golden_matrix.json, whose dense matrices numpy found by
/// probing the reference loops with unit vectors (make_golden.py), and against the layer's own output.
@Suite struct MatrixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let layer: ConvLayer?
        let matrix: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? readJSONFile("Tests/ConvModelTests/Golden/golden_matrix.json") as? [String: Any],
            let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { c in
            guard let s = c["scenario"] as? [String: Any], let m = c["matrix"] else { return nil }
            return Case(name: c["name"] as? String ?? "?", layer: GoldenTests.layer(s), matrix: numbers(m))
        }
    }()

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 6)
        #expect(Self.cases.allSatisfy { $0.layer != nil })
        #expect(Self.cases.contains { $0.layer?.op == .transposed && $0.layer?.input.channels ?? 0 > 1 })
    }

    @Test(arguments: cases) func denseMatchesReference(_ c: Case) throws {
        let layer = try #require(c.layer)
        let m = ConvMatrix(layer)
        #expect(m.rowCount == layer.outputShape.reduce(1, *))
        #expect(m.columnCount == layer.input.values.count)
        #expect(m.dense() == c.matrix)
        // Its transpose, built column by column, is the same numbers.
        let t = m.transposed()
        let dense = t.dense()
        for r in 0..<m.rowCount {
            for col in 0..<m.columnCount { #expect(dense[col * m.rowCount + r] == c.matrix[r * m.columnCount + col]) }
        }
    }

    /// An entry read alone (`weight`, the window formula solved for the tap) is the reference's number, and nil
    /// exactly where the row has no entry (a structural zero, even where the weight itself is 0); the transpose's
    /// entries are the same numbers swapped.
    @Test(arguments: cases) func entryByEntryIsTheReference(_ c: Case) throws {
        let layer = try #require(c.layer)
        let m = ConvMatrix(layer)
        let t = m.transposed()
        for r in 0..<m.rowCount {
            let present = Set(m.row(r).map(\.index))
            for col in 0..<m.columnCount {
                let w = m.weight(r, col)
                #expect((w ?? 0) == c.matrix[r * m.columnCount + col], "\(c.name) (\(r), \(col))")
                #expect((w != nil) == present.contains(col), "\(c.name) (\(r), \(col))")
                #expect(t.weight(col, r) == w)
            }
        }
    }

    /// C·x + b is the layer's output, exactly, row by row (the same numbers the screen shows).
    @Test(arguments: cases) func productIsTheOutput(_ c: Case) throws {
        let layer = try #require(c.layer)
        let m = ConvMatrix(layer)
        #expect((0..<m.rowCount).map { m.product(row: $0) } == layer.output().values)
    }

    /// A transposed layer's matrix is the transpose of its paired direct convolution's matrix (over the rows the
    /// direct convolution shares with the transposed input).
    @Test(arguments: cases) func transposedIsThePairedTranspose(_ c: Case) throws {
        let layer = try #require(c.layer)
        guard layer.op == .transposed else { return }
        let direct = try ConvMatrix.pairedDirect(layer)
        let d = ConvMatrix(direct)
        let (h, w) = (layer.input.height, layer.input.width)
        let out = direct.geometry.outputSize
        #expect(out.h >= h && out.w >= w)
        let mine = ConvMatrix(layer).transposed()
        for r in 0..<mine.rowCount {
            let (ch, y, x) = (r / (h * w), r % (h * w) / w, r % w)
            let theirs = d.row((ch * out.h + y) * out.w + x)
            #expect(mine.row(r).map(\.index) == theirs.map(\.index))
            #expect(mine.row(r).map(\.weight) == theirs.map(\.weight))
        }
    }

    /// ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ on random integer vectors, with Cᵀ built column by column.
    @Test(arguments: cases) func adjoint(_ c: Case) throws {
        let layer = try #require(c.layer)
        let m = ConvMatrix(layer)
        var rng = SplitMix(seed: 2026)
        for _ in 0..<5 {
            let x = (0..<m.columnCount).map { _ in Double(rng.next() % 9) - 4 }
            let y = (0..<m.rowCount).map { _ in Double(rng.next() % 9) - 4 }
            let cx = (0..<m.rowCount).map { r in m.row(r).reduce(0) { $0 + $1.weight * x[$1.index] } }
            let t = m.transposed()
            let ty = (0..<t.rowCount).map { r in t.row(r).reduce(0) { $0 + $1.weight * y[$1.index] } }
            #expect(zip(cx, y).reduce(0) { $0 + $1.0 * $1.1 } == zip(x, ty).reduce(0) { $0 + $1.0 * $1.1 })
        }
    }

    /// Rows and columns agree: entry (r, c) of row r is entry (r, c) of column c; each by index.
    @Test(arguments: cases) func rowsAndColumnsAgree(_ c: Case) throws {
        let layer = try #require(c.layer)
        let m = ConvMatrix(layer)
        var fromColumns = [Double](repeating: 0, count: m.rowCount * m.columnCount)
        for col in 0..<m.columnCount {
            for e in m.column(col) { fromColumns[e.index * m.columnCount + col] = e.weight }
        }
        #expect(fromColumns == m.dense())
        // Every line comes by index (the views page along it and the sums read it in that order), of C and of Cᵀ.
        for matrix in [m, m.transposed()] {
            let lines = (0..<matrix.rowCount).map(matrix.row) + (0..<matrix.columnCount).map(matrix.column)
            for line in lines { #expect(zip(line, line.dropFirst()).allSatisfy { $0.index < $1.index }) }
        }
    }

    /// Decimals: the products are the layer's exact output, 0.1 + 0.2 reads 0.3.
    @Test func exactDecimals() throws {
        let input = Tensor3([[[0.1, 0.2, 0.3]]])
        let kernel = Tensor4([[[[1, 1]]]])
        let layer = try ConvLayer(input: input, kernel: kernel, bias: [0], spec: ConvSpec())
        let m = ConvMatrix(layer)
        #expect(m.product(row: 0) == 0.3)
        #expect(m.product(row: 0) == layer.output().values[0])
    }
}
