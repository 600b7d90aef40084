import CPrefetch
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
        // Most documents fill every bin (700 shingles leave one empty with probability 0.4%).
        var anyEmpty = SIMDMask<SIMD16<Int32>>()
        for offset in stride(from: 0, to: slots, by: 16) {
            let bins = UnsafeRawPointer(signature + offset).loadUnaligned(as: SIMD16<UInt32>.self)
            anyEmpty .|= bins .== SIMD16(repeating: empty)
        }
        guard any(anyEmpty) else { return }
        // Which bins received a shingle, as 128 bits (no allocation per document).
        var filled = (UInt64(0), UInt64(0))
        for bin in 0..<slots where signature[bin] != empty {
            if bin < 64 { filled.0 |= 1 << UInt64(bin) } else { filled.1 |= 1 << UInt64(bin - 64) }
        }
        guard filled != (0, 0), filled != (~0, ~0) else { return }
        func isFilled(_ bin: Int) -> Bool { (bin < 64 ? filled.0 >> UInt64(bin) : filled.1 >> UInt64(bin - 64)) & 1 != 0 }
        for bin in 0..<slots where !isFilled(bin) {
            var attempt: UInt64 = 0
            while true {
                let donor = Int(truncatingIfNeeded: WordShingles.finalize(UInt64(bin) << 32 | attempt) >> UInt64(64 - slotBits))
                if isFilled(donor) { signature[bin] = signature[donor]; break }
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
/// Each band of a document hashes to a 32-bit key. One open-addressed table (linear probing)
/// maps each key to the latest entry (`document × bands + band`) that had it, and a per-entry
/// array links back to the previous entry with the same key, so a probe usually costs one cache
/// miss and a chain holds only entries that share a key. Two different bands can share a key;
/// candidates are verified on their signatures anyway.
public struct BandIndex: Sendable {
    /// Bands and rows per band.
    public let bands: Int, rows: Int
    /// Key in the high 32 bits, latest entry + 1 in the low 32 bits; 0 when the slot is free.
    private var table: HugePageTable
    private var occupied = 0
    /// For each entry, the previous entry with the same key, or -1.
    private var previous: [Int32] = []

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
        table = HugePageTable(count: 1 << 12)
    }

    /// Documents indexed so far.
    public var count: Int { previous.count / bands }

    /// Earlier documents examined per band and insert. A longer chain means many documents with
    /// identical rows; the most recent ones stand for the rest (their pairs are found through
    /// them), which keeps a group of thousands of copies from costing quadratic time.
    static let chainLimit = 64

    /// The most occupied slots per slot: probes stay short (about two on a miss) while the table
    /// costs 8 / 0.7 ≈ 11.4 bytes per band.
    private static let maxLoad = 0.7

    /// Adds the next document, calling `candidate` for each earlier document that shares a band
    /// (possibly several times for the same document; up to ``chainLimit`` per band).
    public mutating func insert(_ signature: UnsafePointer<UInt32>, candidate: (Int32) -> Void) {
        if Double(occupied + bands) > Double(table.count) * Self.maxLoad { rehash(into: table.count * 2) }
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        let first = previous.count
        let table = UnsafeMutableBufferPointer(start: table.base, count: table.count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bands) { keys in
            // Every band's key first, with a prefetch of its slot: the probes fall at random in a
            // table of tens of megabytes, and issued together their cache misses overlap.
            for band in 0..<bands {
                keys[band] = Self.key(signature + band * rows, rows: rows, band: band)
                doppel_prefetch(table.baseAddress! + Self.slot(of: keys[band], in: table.count))
            }
            for band in 0..<bands {
                let key = keys[band]
                let entry = first + band
                var slot = Self.slot(of: key, in: table.count)
                while true {
                    let cell = table[slot]
                    if cell == 0 {
                        occupied += 1
                        previous.append(-1)
                        break
                    }
                    if UInt32(truncatingIfNeeded: cell >> 32) == key {
                        let latest = Int32(truncatingIfNeeded: cell) - 1
                        var earlier = latest
                        var examined = 0
                        while earlier >= 0 && examined < Self.chainLimit {
                            candidate(earlier / Int32(bands))
                            examined += 1
                            earlier = previous[Int(earlier)]
                        }
                        previous.append(latest)
                        break
                    }
                    slot = Self.next(slot, in: table.count)
                }
                table[slot] = UInt64(key) << 32 | UInt64(entry + 1)
            }
        }
    }

    /// Makes room for `documents` documents in all.
    public mutating func reserveCapacity(_ documents: Int) {
        previous.reserveCapacity(documents * bands)
        let size = Int(Double(documents * bands) / Self.maxLoad) + 1
        if size > table.count { rehash(into: size) }
    }

    private mutating func rehash(into size: Int) {
        let old = table
        table = HugePageTable(count: size)
        do {
            let table = UnsafeMutableBufferPointer(start: table.base, count: size)
            for cell in UnsafeBufferPointer(start: old.base, count: old.count) where cell != 0 {
                var slot = Self.slot(of: UInt32(truncatingIfNeeded: cell >> 32), in: size)
                while table[slot] != 0 { slot = Self.next(slot, in: size) }
                table[slot] = cell
            }
        }
    }

    /// A key's first slot: the key, a uniform hash, scaled to the table (no power of two needed).
    @inline(__always)
    private static func slot(of key: UInt32, in size: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* UInt64(size)) >> 32)
    }

    /// The slot probed after `slot` (linear probing, wrapping around).
    @inline(__always)
    private static func next(_ slot: Int, in size: Int) -> Int { slot + 1 == size ? 0 : slot + 1 }

    @inline(__always)
    static func key(_ rows: UnsafePointer<UInt32>, rows count: Int, band: Int) -> UInt32 {
        var hash = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for row in 0..<count { hash = (hash ^ UInt64(rows[row])) &* 0x100_0000_01B3 }
        return UInt32(truncatingIfNeeded: WordShingles.finalize(hash))
    }
}

/// Zeroed 64-bit cells for a large table probed at random, mapped directly so that the kernel
/// can back it with huge pages: with 4 KB pages nearly every probe of a table of tens of
/// megabytes also misses the TLB. (Shared between copies of its owner until one of them writes;
/// see ``copy()``.)
final class HugePageTable: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt64>
    let count: Int
    private let bytes: Int

    init(count: Int) {
        self.count = count
        bytes = max(count, 1) * 8
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED else { fatalError("out of memory for a table of \(bytes) bytes") }
        _ = madvise(memory, bytes, MADV_HUGEPAGE)  // advice only: 4 KB pages still work
        base = memory.bindMemory(to: UInt64.self, capacity: max(count, 1))
    }

    func copy() -> HugePageTable {
        let copy = HugePageTable(count: count)
        copy.base.update(from: base, count: count)
        return copy
    }

    deinit { munmap(base, bytes) }
}
