/// The word 5-grams that near-duplicate detection compares, hashed to 64 bits.
///
/// A word is a run of letters, digits and underscore after lowercasing, as Python's
/// `re.findall(r"\w+", text.lower())` finds them, so similarities agree with the usual peers
/// (datasketch, rensa). A text of one to four words is a single shingle of all its words.
/// Greek final sigma is lowercased to σ, not ς (Python's context rule is not applied).
public enum WordShingles {
    /// Words per shingle.
    public static let width = 5

    /// Calls `body` with the hash of each shingle of a UTF-8 text, in order (repeats included);
    /// returns the number of words.
    @discardableResult
    @inline(__always)
    public static func forEach(in text: UnsafeRawBufferPointer, _ body: (UInt64) -> Void) -> Int {
        var words = WordHashes(text)
        var (w0, w1, w2, w3) = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var count = 0
        while let word = words.next() {
            count += 1
            if count >= width { body(shingle(w0, w1, w2, w3, word)) }
            (w0, w1, w2, w3) = (w1, w2, w3, word)
        }
        if count > 0 && count < width {
            // Fewer words than a shingle: one shingle of all of them (the missing ones are zero).
            body(shingle(w0, w1, w2, w3, UInt64(count)))
        }
        return count
    }

    /// The sorted, distinct shingle hashes of a text.
    public static func set(of text: UnsafeRawBufferPointer) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(text.count / 5)
        forEach(in: text) { hashes.append($0) }
        sortUniform(&hashes)
        var unique = 0
        for hash in hashes where unique == 0 || hashes[unique - 1] != hash {
            hashes[unique] = hash
            unique += 1
        }
        hashes.removeLast(hashes.count - unique)
        return hashes
    }

    /// Sorts uniformly distributed hashes: a counting pass scatters them into about one bucket
    /// per value by their top bits, and an insertion pass orders the nearly sorted result.
    static func sortUniform(_ values: inout [UInt64]) {
        guard values.count > 32 else { values.sort(); return }
        let bits = UInt64(Int.bitWidth - (values.count - 1).leadingZeroBitCount)
        var counts = [Int](repeating: 0, count: (1 << bits) + 1)
        for value in values { counts[Int(value >> (64 - bits)) + 1] += 1 }
        for bucket in 1..<counts.count { counts[bucket] += counts[bucket - 1] }
        var sorted = [UInt64](repeating: 0, count: values.count)
        for value in values {
            let bucket = Int(value >> (64 - bits))
            sorted[counts[bucket]] = value
            counts[bucket] += 1
        }
        for i in 1..<sorted.count {
            let value = sorted[i]
            var j = i
            while j > 0 && sorted[j - 1] > value {
                sorted[j] = sorted[j - 1]
                j -= 1
            }
            sorted[j] = value
        }
        values = sorted
    }

    /// The Jaccard similarity of two sorted, distinct hash sets.
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }

    @inline(__always)
    static func shingle(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64) -> UInt64 {
        // Odd multipliers make the combination order-sensitive; the finalizer spreads the bits
        // so that any bit range of the result can serve as a bucket or a value.
        finalize(w0 &* 0x9E37_79B9_7F4A_7C15 &+ w1 &* 0xC2B2_AE3D_27D4_EB4F &+ w2 &* 0x1656_67B1_9E37_79F9
                 &+ w3 &* 0x85EB_CA77_C2B2_AE63 &+ w4)
    }

    /// The murmur3 64-bit finalizer.
    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Hashes of the lowercased words of a UTF-8 text, in order.
    ///
    /// A first pass marks the bytes that belong to words in a bit mask, eight ASCII bytes at a
    /// time; words are then the runs of set bits. A word's hash is taken over its lowercased
    /// UTF-8 bytes eight at a time: ASCII words, the common case, are lowercased in place; a word
    /// with other characters is lowercased into a small buffer first, so equal words hash equally.
    struct WordHashes {
        private let base: UnsafePointer<UInt8>
        private let count: Int
        private let mask: [UInt64]
        private var position = 0
        private var lowered: [UInt8] = []

        private static let ones: UInt64 = 0x0101_0101_0101_0101
        private static let high: UInt64 = 0x8080_8080_8080_8080

        init(_ text: UnsafeRawBufferPointer) {
            base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
            count = text.baseAddress == nil ? 0 : text.count
            mask = Self.wordMask(base, count)
        }

        /// The next word's hash, or nil at the end.
        @inline(__always)
        mutating func next() -> UInt64? {
            guard let start = nextBit(from: position, set: true) else { return nil }
            let end = nextBit(from: start, set: false) ?? count
            position = end
            return hash(start, end)
        }

        /// The first position at or after `from` whose bit is `set`.
        @inline(__always)
        private func nextBit(from: Int, set: Bool) -> Int? {
            var word = from >> 6
            guard word < mask.count else { return nil }
            let flip: UInt64 = set ? 0 : ~0
            var bits = (mask[word] ^ flip) & (~0 << UInt64(from & 63))
            while bits == 0 {
                word += 1
                guard word < mask.count else { return nil }
                bits = mask[word] ^ flip
            }
            let found = word << 6 | bits.trailingZeroBitCount
            return found < count ? found : nil
        }

        /// For each byte, whether it belongs to a word character.
        private static func wordMask(_ base: UnsafePointer<UInt8>, _ count: Int) -> [UInt64] {
            // One spare word: a mark near the end may spill (zero) bits into it.
            var mask = [UInt64](repeating: 0, count: count / 64 + 2)
            mask.withUnsafeMutableBufferPointer { mask in
                @inline(__always) func mark(_ bits: UInt64, at i: Int) {
                    mask[i >> 6] |= bits << UInt64(i & 63)
                    if i & 63 > 56 { mask[(i >> 6) + 1] |= bits >> UInt64(64 - i & 63) }
                }
                var i = 0
                while i < count {
                    if i + 8 <= count {
                        let chunk = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                        if chunk & high == 0 {
                            mark(asciiWordBits(chunk), at: i)
                            i += 8
                            continue
                        }
                    }
                    // One character at a time until the next ASCII run.
                    if base[i] < 0x80 {
                        if CharacterTable.asciiPointer[Int(base[i])] != 0 { mark(1, at: i) }
                        i += 1
                    } else {
                        let (scalar, length) = decode(base, i, count)
                        if CharacterTable.startsWord(scalar) { mark((1 << UInt64(length)) - 1, at: i) }
                        i += length
                    }
                }
            }
            return mask
        }

        /// One bit per byte of eight ASCII bytes: set for letters, digits and underscore.
        @inline(__always)
        private static func asciiWordBits(_ x: UInt64) -> UInt64 {
            let letters = within(x | 0x20 &* ones, 0x61, 0x7A)
            let marks = within(x, 0x30, 0x39) | letters | within(x, 0x5F, 0x5F)
            // Gather the high bits into one byte: bit i of the result is byte i's mark.
            return ((marks >> 7) &* 0x0102_0408_1020_4080) >> 56
        }

        /// The high bit of each of eight bytes (all below 0x80) that lies in `lo...hi`. Adding
        /// below 0x80 never carries into the next byte: the high bit of x + (0x80 - lo) says
        /// x ≥ lo, that of x + (0x7F - hi) says x > hi.
        @inline(__always)
        private static func within(_ x: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
            (x &+ (0x80 - lo) &* ones) & ~(x &+ (0x7F - hi) &* ones) & high
        }

        /// The hash of the word in `start..<end`.
        @inline(__always)
        private mutating func hash(_ start: Int, _ end: Int) -> UInt64 {
            Self.hash(base + start, end - start, readable: count - start, lowercasing: true) ?? unicodeHash(start, end)
        }

        /// Hashes `length` bytes eight at a time; `readable` bytes from `bytes` may be loaded (at
        /// least `length`). Lowercasing, the bytes must be ASCII (else nil) and A–Z become a–z.
        @inline(__always)
        private static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int, readable: Int,
                                 lowercasing: Bool) -> UInt64? {
            var hash = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
            var offset = 0
            while offset < length {
                let take = min(8, length - offset)
                var chunk: UInt64 = 0
                if offset + 8 <= readable {
                    // A whole word load, masked to the bytes that belong to the word.
                    chunk = UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self) & ~0 >> UInt64(64 - take * 8)
                } else {
                    for k in 0..<take { chunk |= UInt64(bytes[offset + k]) << UInt64(k * 8) }
                }
                if lowercasing {
                    if chunk & high != 0 { return nil }
                    chunk |= within(chunk, 0x41, 0x5A) >> 2  // bit 5 set on A–Z
                }
                let mixed = (hash ^ chunk) &* 0xC2B2_AE3D_27D4_EB4F
                hash = mixed ^ mixed >> 29
                offset += 8
            }
            return hash
        }

        /// The hash of a word with characters beyond ASCII: lowercased into a buffer, then hashed
        /// eight bytes at a time like an ASCII word. (A lowercase of several characters keeps its
        /// word characters: İ gives i.)
        private mutating func unicodeHash(_ start: Int, _ end: Int) -> UInt64 {
            lowered.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
                if base[i] < 0x80 {
                    lowered.append(CharacterTable.asciiPointer[Int(base[i])])
                    i += 1
                    continue
                }
                let (scalar, length) = decode(base, i, count)
                let entry = CharacterTable.lookup(scalar)
                if entry & CharacterTable.expands != 0 {
                    for character in CharacterTable.expansion(scalar) where CharacterTable.isWordCharacter(character) {
                        lowered.append(contentsOf: UTF8.encode(character)!)
                    }
                } else {
                    lowered.append(contentsOf: UTF8.encode(Unicode.Scalar(entry & CharacterTable.scalarMask)!)!)
                }
                i += length
            }
            // Never empty: a word starts with a character whose lowercase is a word character.
            return lowered.withUnsafeBufferPointer {
                Self.hash($0.baseAddress!, $0.count, readable: $0.count, lowercasing: false)!
            }
        }
    }

    /// Decodes one UTF-8 sequence starting at a byte ≥ 0x80; an invalid one is U+FFFD of length 1.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (UInt32, Int) {
        let lead = UInt32(p[i])
        @inline(__always) func continuation(_ k: Int) -> UInt32? {
            guard i + k < count, p[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(p[i + k] & 0x3F)
        }
        if lead >= 0xC2 && lead < 0xE0, let c1 = continuation(1) {
            return ((lead & 0x1F) << 6 | c1, 2)
        }
        if lead >= 0xE0 && lead < 0xF0, let c1 = continuation(1), let c2 = continuation(2) {
            let value = (lead & 0x0F) << 12 | c1 << 6 | c2
            if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (value, 3) }
        }
        if lead >= 0xF0 && lead < 0xF5, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
            let value = (lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if value >= 0x10000 && value <= 0x10FFFF { return (value, 4) }
        }
        return (0xFFFD, 1)
    }
}

/// What tokenizing needs to know of a character: is it a word character once lowercased, and
/// what is its lowercase form. Built once from the standard library's Unicode properties.
enum CharacterTable {
    static let word: UInt32 = 1 << 31
    static let expands: UInt32 = 1 << 30
    static let scalarMask: UInt32 = 0x1F_FFFF

    /// For each ASCII byte: its lowercase form if it is a word character, else 0. A pointer for
    /// the tokenizer's inner loop (allocated once, never freed).
    nonisolated(unsafe) static let asciiPointer: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for byte in UInt8(0)..<128 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): table[Int(byte)] = byte + 32
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): table[Int(byte)] = byte
            default: table[Int(byte)] = 0
            }
        }
        return UnsafePointer(table)
    }()

    /// Entries for the Basic Multilingual Plane; other planes are looked up directly.
    static let basicPlane: [UInt32] = (0..<0x10000).map { entry(for: UInt32($0)) }

    /// Whether a word starts with this character (once lowercased).
    static func startsWord(_ value: UInt32) -> Bool {
        let entry = lookup(value)
        if entry & word != 0 { return true }
        guard entry & expands != 0, let first = expansion(value).first else { return false }
        return isWordCharacter(first)
    }

    @inline(__always)
    static func lookup(_ value: UInt32) -> UInt32 {
        value < 0x10000 ? basicPlane[Int(value)] : entry(for: value)
    }

    static func entry(for value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return 0xFFFD }
        let properties = scalar.properties
        guard properties.changesWhenLowercased else {
            return isWordCharacter(scalar) ? value | word : value
        }
        let lowered = Array(properties.lowercaseMapping.unicodeScalars)
        if lowered.count != 1 { return value | expands }
        return isWordCharacter(lowered[0]) ? lowered[0].value | word : lowered[0].value
    }

    /// The lowercase form of a character whose lowercase has several characters.
    static func expansion(_ value: UInt32) -> [Unicode.Scalar] {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// Python's `\w`: a letter (Lu, Ll, Lt, Lm, Lo), anything with a numeric value, or underscore.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return properties.numericType != nil
        }
    }
}
