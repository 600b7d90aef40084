import Foundation

/// MinHash signatures by one-permutation hashing (Li, Owen & Zhang 2012) with optimal
/// densification (Shrivastava 2017).
///
/// Each shingle hash falls into one of ``slots`` bins by its top bits, and each bin keeps the
/// smallest low 32 bits it receives, so a signature costs one comparison per shingle instead of
/// one per permutation. A bin that received nothing (short texts) copies a non-empty bin chosen
/// by a fixed hash sequence, the same for every document, which keeps the estimate unbiased.
/// The fraction of equal slots of two signatures estimates the Jaccard similarity of the sets.
public enum Sketch {
    /// Slots per signature.
    public static let slots = 128
    static let slotBits = 7
    /// The value of a slot that no shingle reached (a new signature has only these).
    public static let empty = UInt32.max

    /// Adds one 64-bit shingle hash (well mixed, e.g. from ``WordShingles``).
    @inline(__always)
    public static func add(_ hash: UInt64, to signature: UnsafeMutablePointer<UInt32>) {
        let bin = Int(truncatingIfNeeded: hash >> UInt64(64 - slotBits))
        // The value drops the bits that chose the bin; `empty` is never a value.
        let value = min(UInt32(truncatingIfNeeded: hash), empty - 1)
        signature[bin] = min(value, signature[bin])  // branch-free: the store always hits L1
    }

    /// Fills empty bins once every shingle is added; a signature with no shingle stays empty.
    public static func densify(_ signature: UnsafeMutablePointer<UInt32>) {
        var filled = [Bool](repeating: false, count: slots)
        var any = false
        for bin in 0..<slots where signature[bin] != empty { filled[bin] = true; any = true }
        guard any else { return }
        for bin in 0..<slots where !filled[bin] {
            var attempt: UInt64 = 0
            while true {
                let donor = Int(truncatingIfNeeded: WordShingles.finalize(UInt64(bin) << 32 | attempt) >> UInt64(64 - slotBits))
                if filled[donor] { signature[bin] = signature[donor]; break }
                attempt += 1
            }
        }
    }

    /// The signature of a sequence of shingle hashes.
    public static func signature<S: Sequence<UInt64>>(of shingles: S) -> [UInt32] {
        var signature = [UInt32](repeating: empty, count: slots)
        signature.withUnsafeMutableBufferPointer { sig in
            for hash in shingles { add(hash, to: sig.baseAddress!) }
            densify(sig.baseAddress!)
        }
        return signature
    }

    /// The estimated Jaccard similarity: the fraction of equal slots, compared 16 at a time.
    @inline(__always)
    public static func similarity(_ a: UnsafePointer<UInt32>, _ b: UnsafePointer<UInt32>) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var equal = SIMD16<UInt32>()
        for offset in stride(from: 0, to: slots * 4, by: 64) {
            let x = ra.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self)
            let y = rb.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self)
            equal &+= SIMD16<UInt32>(repeating: 0).replacing(with: 1, where: x .== y)
        }
        return Double(equal.wrappedSum()) / Double(slots)
    }

    /// The estimated Jaccard similarity of two signatures.
    public static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in similarity(a.baseAddress!, b.baseAddress!) } }
    }
}

/// Locality-sensitive hashing over signatures: documents whose signatures agree on every row of
/// at least one band become candidates.
///
/// The table is one open hash of 32-bit band keys chained through arrays indexed by
/// `document × bands + band`, so it grows by doubling without storing signatures twice. Two
/// different bands can share a 32-bit key; candidates are verified on their signatures anyway.
public struct BandIndex: Sendable {
    /// Bands and rows per band.
    public let bands: Int, rows: Int
    private var heads: [Int32]
    private var keys: [UInt32] = []
    private var next: [Int32] = []

    /// Chooses the banding for a similarity threshold: the most rows per band (fewest false
    /// candidates) such that a pair exactly at the threshold is missed with probability ≤ 1e-4.
    /// At 0.8 that is 25 bands of 5 rows (miss 5e-5 at 0.8, candidates 2% at 0.5).
    public init(threshold: Double) {
        var rows = 1
        for r in 1...16 {
            let bands = Sketch.slots / r
            let miss = pow(1 - pow(threshold, Double(r)), Double(bands))
            if miss <= 1e-4 { rows = r }
        }
        self.init(rows: rows)
    }

    /// Bands of `rows` rows each (as many as the signature holds).
    public init(rows: Int) {
        self.rows = rows
        bands = Sketch.slots / rows
        heads = [Int32](repeating: -1, count: 1 << 16)
    }

    /// Documents indexed so far.
    public var count: Int { keys.count / bands }

    /// Earlier documents examined per band and insert. A longer chain means many documents with
    /// identical rows; the most recent ones stand for the rest (their pairs are found through
    /// them), which keeps a group of thousands of copies from costing quadratic time.
    static let chainLimit = 64

    /// Adds the next document, calling `candidate` for each earlier document that shares a band
    /// (possibly several times for the same document; up to ``chainLimit`` per band).
    public mutating func insert(_ signature: UnsafePointer<UInt32>, candidate: (Int32) -> Void) {
        if (keys.count + bands) * 2 > heads.count { grow() }
        let mask = heads.count - 1
        for band in 0..<bands {
            let key = Self.key(signature + band * rows, rows: rows, band: band)
            let slot = Int(key) & mask
            var entry = heads[slot]
            var examined = 0
            while entry >= 0 && examined < Self.chainLimit {
                if keys[Int(entry)] == key {
                    candidate(entry / Int32(bands))
                    examined += 1
                }
                entry = next[Int(entry)]
            }
            next.append(heads[slot])
            heads[slot] = Int32(keys.count)
            keys.append(key)
        }
    }

    /// Makes room for `documents` documents in all.
    public mutating func reserveCapacity(_ documents: Int) {
        keys.reserveCapacity(documents * bands)
        next.reserveCapacity(documents * bands)
        var size = heads.count
        while size < documents * bands * 2 { size *= 2 }
        if size > heads.count { rehash(into: size) }
    }

    private mutating func grow() { rehash(into: heads.count * 2) }

    private mutating func rehash(into size: Int) {
        heads = [Int32](repeating: -1, count: size)
        let mask = heads.count - 1
        for entry in keys.indices {
            let slot = Int(keys[entry]) & mask
            next[entry] = heads[slot]
            heads[slot] = Int32(entry)
        }
    }

    @inline(__always)
    static func key(_ rows: UnsafePointer<UInt32>, rows count: Int, band: Int) -> UInt32 {
        var hash = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for row in 0..<count { hash = (hash ^ UInt64(rows[row])) &* 0x100_0000_01B3 }
        return UInt32(truncatingIfNeeded: WordShingles.finalize(hash))
    }
}
