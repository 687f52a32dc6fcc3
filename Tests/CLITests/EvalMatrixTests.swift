import Foundation
import Testing

/// `eval --matrix`: the dense matrix with matrix · input + bias = output, and the one-line refusal over 1,000,000
/// entries.
@Suite struct EvalMatrixTests {
    @Test func matrixTimesInputPlusBiasIsTheOutput() throws {
        let run = try convlens(["eval", "--matrix", "06", "14"])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdoutLines
        try #require(lines.count == 2, "\(run)")
        let direct = try jsonObject(lines[0])
        let matrix = try #require(direct["matrix"] as? [[Double]])
        #expect(matrix.count == 9 && matrix.allSatisfy { $0.count == 25 })
        // Row 4 (out[1,1]): the kernel 0 1 2 / 2 2 0 / 0 1 2 at the columns its window reads, = 17 with the input.
        #expect(
            matrix[4] == [0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 2, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0].map(Double.init))
        let transposed = try jsonObject(lines[1])
        let t = try #require(transposed["matrix"] as? [[Double]])
        #expect(t.count == 25 && t.allSatisfy { $0.count == 9 })
        let input: [Double] = [1, 2, 1, 0, 1, 2, 2, 1, 0]
        let output = (transposed["output"] as? [[[Double]]] ?? []).flatMap { $0.flatMap { $0 } }
        #expect(t.map { row in zip(row, input).reduce(0) { $0 + $1.0 * $1.1 } } == output)
    }

    @Test func tooLargeIsRefusedWithOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convlens-matrix-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.json")
        let json = #"{"title": "big", "input": {"shape": [1, 64, 64], "fill": "index"}, "kernel": [[[[1]]]]}"#
        try Data(json.utf8).write(to: file)
        let run = try convlens(["eval", "--matrix", file.path, "06"])
        #expect(run.status == 65, "\(run)")
        #expect(run.stderr == "\(file.path): the matrix would have 4096×4096 entries, more than 1000000 (--matrix)\n")
        #expect(run.stdoutLines.count == 1)  // 06 is still printed
    }
}
