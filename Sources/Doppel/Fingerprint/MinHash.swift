/// MinHash signatures of shingle sets: the fraction of equal slots of two signatures estimates
/// the Jaccard similarity of the sets.
public struct MinHasher: Sendable {
    public let permutations: Int
    private let a: [UInt64]
    private let b: [UInt64]

    /// Creates `permutations` hash functions from a fixed seed (signatures are reproducible).
    public init(permutations: Int = 128, seed: UInt64 = 0x5eed) {
        self.permutations = permutations
        var state = seed
        func next() -> UInt64 {
            state = state &+ 0x9e3779b97f4a7c15
            return mixHash(state, 0)
        }
        a = (0..<permutations).map { _ in next() | 1 }
        b = (0..<permutations).map { _ in next() }
    }

    /// The signature of a set of 64-bit shingle hashes.
    public func signature<S: Sequence>(_ shingles: S) -> [UInt64] where S.Element == UInt64 {
        var signature = [UInt64](repeating: .max, count: permutations)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                signature.withUnsafeMutableBufferPointer { sig in
                    for shingle in shingles {
                        for k in 0..<sig.count {
                            let h = (a[k] &* shingle) &+ b[k]
                            if h < sig[k] { sig[k] = h }
                        }
                    }
                }
            }
        }
        return signature
    }
}

/// Banded locality-sensitive hashing over MinHash signatures: documents whose signatures agree
/// on every row of at least one band become candidate pairs.
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    private var buckets: [[UInt64: [Int]]]

    /// `bands * rows` must not exceed the signature length. With 32 bands of 4 rows a pair at
    /// Jaccard 0.5 is found with probability 0.87 and at 0.6 with 0.99 (1 - (1 - J^4)^32).
    public init(bands: Int = 32, rows: Int = 4) {
        self.bands = bands
        self.rows = rows
        buckets = Array(repeating: [:], count: bands)
    }

    /// Adds a document's signature under `id`.
    public mutating func insert(_ signature: [UInt64], id: Int) {
        for band in 0..<bands {
            buckets[band][key(signature, band), default: []].append(id)
        }
    }

    /// Every pair of inserted ids that share a bucket, each once, as (smaller, larger).
    public func candidatePairs() -> Set<Pair> {
        var pairs = Set<Pair>()
        for band in buckets {
            for ids in band.values where ids.count > 1 {
                for i in 0..<ids.count {
                    for j in (i + 1)..<ids.count { pairs.insert(Pair(ids[i], ids[j])) }
                }
            }
        }
        return pairs
    }

    private func key(_ signature: [UInt64], _ band: Int) -> UInt64 {
        var h: UInt64 = UInt64(band)
        for r in 0..<rows { h = mixHash(h, signature[band * rows + r]) }
        return h
    }
}

/// An unordered pair of document indexes, stored smaller first.
public struct Pair: Hashable, Sendable, Comparable {
    public let first: Int
    public let second: Int
    public init(_ a: Int, _ b: Int) {
        first = min(a, b)
        second = max(a, b)
    }
    public static func < (l: Pair, r: Pair) -> Bool { (l.first, l.second) < (r.first, r.second) }
}
