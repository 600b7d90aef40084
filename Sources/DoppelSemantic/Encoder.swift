import COpenBLAS
import Foundation

/// A BERT encoder of MiniLM's size (6 layers, 384 wide, 12 heads), run on the CPU through BLAS.
struct Encoder: Sendable {
    static let width = 384, heads = 12, inner = 1536, layers = 6, positions = 512

    private struct Linear: Sendable {
        let weight: [Float]  // out × in, row-major
        let bias: [Float]
    }
    private struct Norm: Sendable {
        let weight: [Float]
        let bias: [Float]
    }
    private struct Layer: Sendable {
        let query, key, value, attentionOut, intermediate, output: Linear
        let attentionNorm, outputNorm: Norm
    }

    private let words: [Float]
    private let positionsTable: [Float]
    private let tokenType: [Float]
    private let embeddingNorm: Norm
    private let stack: [Layer]

    init(_ file: SafeTensors, path: String) throws(SemanticError) {
        let w = Self.width
        func linear(_ name: String, _ out: Int, _ input: Int) throws(SemanticError) -> Linear {
            Linear(weight: try file.tensor(name + ".weight", [out, input], in: path), bias: try file.tensor(name + ".bias", [out], in: path))
        }
        func norm(_ name: String) throws(SemanticError) -> Norm {
            Norm(weight: try file.tensor(name + ".weight", [w], in: path), bias: try file.tensor(name + ".bias", [w], in: path))
        }
        words = try file.tensor("embeddings.word_embeddings.weight", [30522, w], in: path)
        positionsTable = try file.tensor("embeddings.position_embeddings.weight", [Self.positions, w], in: path)
        tokenType = try file.tensor("embeddings.token_type_embeddings.weight", [2, w], in: path)
        embeddingNorm = try norm("embeddings.LayerNorm")
        var stack: [Layer] = []
        for l in 0..<Self.layers {
            let p = "encoder.layer.\(l)."
            stack.append(Layer(query: try linear(p + "attention.self.query", w, w), key: try linear(p + "attention.self.key", w, w),
                               value: try linear(p + "attention.self.value", w, w),
                               attentionOut: try linear(p + "attention.output.dense", w, w),
                               intermediate: try linear(p + "intermediate.dense", Self.inner, w),
                               output: try linear(p + "output.dense", w, Self.inner),
                               attentionNorm: try norm(p + "attention.output.LayerNorm"), outputNorm: try norm(p + "output.LayerNorm")))
        }
        self.stack = stack
    }

    var vocabularySize: Int { words.count / Self.width }

    /// The mean of the last layer's token vectors for `ids` (at most `positions` of them).
    func meanPooled(_ ids: [Int32]) -> [Float] {
        let n = ids.count, w = Self.width
        var x = [Float](repeating: 0, count: n * w)
        for (t, id) in ids.enumerated() {
            for j in 0..<w { x[t * w + j] = words[Int(id) * w + j] + positionsTable[t * w + j] + tokenType[j] }
        }
        layerNorm(&x, embeddingNorm)
        for layer in stack { x = apply(layer, x, n) }
        var mean = [Float](repeating: 0, count: w)
        for t in 0..<n { for j in 0..<w { mean[j] += x[t * w + j] } }
        return mean.map { $0 / Float(n) }
    }

    private func apply(_ layer: Layer, _ x: [Float], _ n: Int) -> [Float] {
        let w = Self.width, d = w / Self.heads
        let q = project(x, n, layer.query, w, w), k = project(x, n, layer.key, w, w), v = project(x, n, layer.value, w, w)
        var context = [Float](repeating: 0, count: n * w)
        var scores = [Float](repeating: 0, count: n * n)
        for h in 0..<Self.heads {
            q.withUnsafeBufferPointer { q in k.withUnsafeBufferPointer { k in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d), 1 / Float(d).squareRoot(),
                            q.baseAddress! + h * d, Int32(w), k.baseAddress! + h * d, Int32(w), 0, &scores, Int32(n))
            } }
            for r in 0..<n { softmax(&scores, row: r, width: n) }
            v.withUnsafeBufferPointer { v in context.withUnsafeMutableBufferPointer { c in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(n), 1,
                            scores, Int32(n), v.baseAddress! + h * d, Int32(w), 0, c.baseAddress! + h * d, Int32(w))
            } }
        }
        var attended = project(context, n, layer.attentionOut, w, w)
        for i in attended.indices { attended[i] += x[i] }
        layerNorm(&attended, layer.attentionNorm)
        var hidden = project(attended, n, layer.intermediate, w, Self.inner)
        for i in hidden.indices { hidden[i] = 0.5 * hidden[i] * (1 + erf(hidden[i] / Float(2).squareRoot())) }
        var out = project(hidden, n, layer.output, Self.inner, w)
        for i in out.indices { out[i] += attended[i] }
        layerNorm(&out, layer.outputNorm)
        return out
    }

    /// `x` (n × input) times the layer's weights, transposed, plus its bias.
    private func project(_ x: [Float], _ n: Int, _ linear: Linear, _ input: Int, _ output: Int) -> [Float] {
        var y = [Float](repeating: 0, count: n * output)
        for t in 0..<n { for j in 0..<output { y[t * output + j] = linear.bias[j] } }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(output), Int32(input), 1,
                    x, Int32(input), linear.weight, Int32(input), 1, &y, Int32(output))
        return y
    }

    private func layerNorm(_ x: inout [Float], _ norm: Norm) {
        let w = Self.width
        for r in 0..<x.count / w {
            let row = r * w
            var mean: Float = 0
            for j in 0..<w { mean += x[row + j] }
            mean /= Float(w)
            var variance: Float = 0
            for j in 0..<w { variance += (x[row + j] - mean) * (x[row + j] - mean) }
            let scale = 1 / (variance / Float(w) + 1e-12).squareRoot()
            for j in 0..<w { x[row + j] = (x[row + j] - mean) * scale * norm.weight[j] + norm.bias[j] }
        }
    }

    private func softmax(_ s: inout [Float], row: Int, width: Int) {
        let base = row * width
        var top = -Float.infinity
        for j in 0..<width { top = max(top, s[base + j]) }
        var sum: Float = 0
        for j in 0..<width { s[base + j] = exp(s[base + j] - top); sum += s[base + j] }
        for j in 0..<width { s[base + j] /= sum }
    }
}
