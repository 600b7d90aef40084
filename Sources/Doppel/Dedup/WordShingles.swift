/// The word 5-grams that near-duplicate detection compares, hashed to 64 bits.
///
/// A word is a run of letters, digits and underscore after lowercasing, as Python's
/// `re.findall(r"\w+", text.lower())` finds them, so similarities agree with the usual peers
/// (datasketch, rensa). A text of one to four words is a single shingle of all its words.
/// Greek final sigma is lowercased to σ, not ς (Python's context rule is not applied).
public enum WordShingles {
    /// Words per shingle.
    public static let width = 5

    /// How many shingles a text of `words` words has (repeats included).
    static func shingleCount(words: Int) -> Int {
        words < width ? min(words, 1) : words - width + 1
    }

    /// Calls `body` with the hash of each shingle of a text's word hashes (see
    /// ``wordHashes(of:into:)``), in order.
    @inline(__always)
    static func forEachShingle(of words: UnsafeBufferPointer<UInt64>, _ body: (UInt64) -> Void) {
        guard let w = words.baseAddress, words.count >= width else {
            // Fewer words than a shingle: one shingle of all of them (the missing ones are zero).
            guard !words.isEmpty else { return }
            var last = [UInt64](repeating: 0, count: width - 1)
            last.replaceSubrange((width - 1 - words.count)..., with: words)
            body(shingle(last[0], last[1], last[2], last[3], UInt64(words.count)))
            return
        }
        for i in (width - 1)..<words.count {
            body(shingle(w[i - 4], w[i - 3], w[i - 2], w[i - 1], w[i]))
        }
    }

    /// The sorted, distinct shingle hashes of a text.
    public static func set(of text: UnsafeRawBufferPointer) -> [UInt64] {
        var words: [UInt64] = []
        let count = wordHashes(of: text, into: &words)
        var hashes = words.withUnsafeBufferPointer { words in
            [UInt64](unsafeUninitializedCapacity: shingleCount(words: count)) { buffer, initialized in
                forEachShingle(of: UnsafeBufferPointer(rebasing: words[..<count])) { hash in
                    buffer[initialized] = hash
                    initialized += 1
                }
            }
        }
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
        let count = values.count
        guard count > 32 else { values.sort(); return }
        let bits = Int.bitWidth - (count - 1).leadingZeroBitCount
        let shift = UInt64(64 - bits)
        values = values.withUnsafeBufferPointer { values in
            [UInt64](unsafeUninitializedCapacity: count) { sorted, initialized in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: (1 << bits) + 1) { starts in
                    starts.initialize(repeating: 0)
                    for value in values { starts[Int(value >> shift) + 1] += 1 }
                    for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
                    for value in values {
                        let bucket = Int(value >> shift)
                        sorted[starts[bucket]] = value
                        starts[bucket] += 1
                    }
                }
                for i in 1..<count {
                    let value = sorted[i]
                    var j = i
                    while j > 0 && sorted[j - 1] > value {
                        sorted[j] = sorted[j - 1]
                        j -= 1
                    }
                    sorted[j] = value
                }
                initialized = count
            }
        }
    }

    /// The Jaccard similarity of two sorted, distinct hash sets.
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                // A merge without branches on the data: equal values advance both sides.
                var i = 0, j = 0, shared = 0
                while i < a.count && j < b.count {
                    let (x, y) = (a[i], b[j])
                    shared &+= x == y ? 1 : 0
                    i &+= x <= y ? 1 : 0
                    j &+= y <= x ? 1 : 0
                }
                return shared
            }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }

    @inline(__always)
    static func shingle(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64) -> UInt64 {
        // Odd multipliers make the combination order-sensitive. Word hashes are uniform 64-bit
        // values (see `mix`), and so is a sum of odd multiples of them, in any range of bits: no
        // finalizer is needed (as datasketch's permutations, this is a linear hash of hashes).
        w0 &* 0x9E37_79B9_7F4A_7C15 &+ w1 &* 0xC2B2_AE3D_27D4_EB4F &+ w2 &* 0x1656_67B1_9E37_79F9
            &+ w3 &* 0x85EB_CA77_C2B2_AE63 &+ w4
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

    /// Writes the hashes of the lowercased words of a UTF-8 text, in order, to the start of
    /// `hashes` (grown as needed, never shrunk, so that one buffer serves many texts); returns
    /// how many there are.
    ///
    /// The text is read in blocks of 64 bytes. A bit mask marks the bytes of a block that belong
    /// to words, and words are found at the edges of its runs of set bits, with no branch per
    /// byte. A word of up to 16 ASCII bytes, the common case, is loaded as two 64-bit values,
    /// case-folded in place and hashed with one multiplication; a longer word or one with other
    /// characters is lowercased into a buffer first and hashed the same way, so equal words hash
    /// equally.
    static func wordHashes(of text: UnsafeRawBufferPointer, into hashes: inout [UInt64]) -> Int {
        guard let start = text.baseAddress, text.count > 0 else { return 0 }
        let base = start.assumingMemoryBound(to: UInt8.self)
        let count = text.count
        let most = count / 2 + 1  // words are at least one byte and one apart
        if hashes.count < most { hashes = [UInt64](repeating: 0, count: max(most, 2 * hashes.count)) }
        return hashes.withUnsafeMutableBufferPointer { hashes in
            let output = hashes.baseAddress!
            var words = 0
            var lowered: [UInt8] = []
            var scan = WordMaskScanner()
            var inWordBefore: UInt64 = 0  // 1 when the byte before the block belongs to a word
            var openWord = -1             // the start of a word that began in an earlier block
            var block = 0
            while block < count {
                let mask = scan.mask(base, count, block: block)
                // A start is a set bit after a clear one, an end a clear bit after a set one
                // (bits past the text are clear, so a word that ends a partial block ends in it).
                let before = mask << 1 | inWordBefore
                var starts = mask & ~before
                var ends = ~mask & before
                inWordBefore = mask >> 63
                if openWord >= 0 && ends != 0 {
                    let end = block &+ ends.trailingZeroBitCount
                    ends &= ends &- 1
                    output[words] = wordHash(base, openWord, end, count, buffer: &lowered)
                    words &+= 1
                    openWord = -1
                }
                while ends != 0 {
                    let end = block &+ ends.trailingZeroBitCount
                    ends &= ends &- 1
                    output[words] = wordHash(base, block &+ starts.trailingZeroBitCount, end, count, buffer: &lowered)
                    words &+= 1
                    starts &= starts &- 1
                }
                if starts != 0 { openWord = block &+ starts.trailingZeroBitCount }
                block &+= 64
            }
            if openWord >= 0 {
                output[words] = wordHash(base, openWord, count, count, buffer: &lowered)
                words += 1
            }
            return words
        }
    }

    /// Marks the bytes of a text that belong to words, one block of 64 bytes at a time.
    private struct WordMaskScanner {
        /// Bytes before this one have been marked.
        private var marked = 0
        /// Bits of the next block, set by a character that crosses into it.
        private var spill: UInt64 = 0

        /// Bit i says whether byte `block + i` belongs to a word; blocks must come in order.
        @inline(__always)
        mutating func mask(_ base: UnsafePointer<UInt8>, _ count: Int, block: Int) -> UInt64 {
            if marked == block && block + 64 <= count {
                // The common case: 64 ASCII bytes, eight at a time.
                let p = UnsafeRawPointer(base + block)
                var any: UInt64 = 0
                var mask: UInt64 = 0
                for k in 0..<8 {
                    let chunk = p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)
                    any |= chunk
                    mask |= asciiWordBits(chunk) << UInt64(8 * k)
                }
                if any & high == 0 {
                    marked = block + 64
                    return mask
                }
            }
            var mask = spill
            spill = 0
            @inline(__always) func mark(_ bits: UInt64, at offset: Int) {
                mask |= bits &<< UInt64(offset)
                if offset > 56 { spill |= bits &>> UInt64(64 - offset) }
            }
            let end = min(block + 64, count)
            while marked < end {
                if (marked - block) & 7 == 0 && marked + 8 <= end {
                    let chunk = UnsafeRawPointer(base + marked).loadUnaligned(as: UInt64.self)
                    if chunk & high == 0 {
                        mark(asciiWordBits(chunk), at: marked - block)
                        marked += 8
                        continue
                    }
                }
                // One character at a time until the next aligned ASCII run.
                if base[marked] < 0x80 {
                    if CharacterTable.asciiPointer[Int(base[marked])] != 0 { mark(1, at: marked - block) }
                    marked += 1
                } else {
                    let (scalar, length) = decode(base, marked, count)
                    if CharacterTable.startsWord(scalar) { mark((1 &<< UInt64(length)) &- 1, at: marked - block) }
                    marked += length
                }
            }
            return mask
        }
    }

    /// The hash of the word in `start..<end` of a text of `count` bytes.
    @inline(__always)
    private static func wordHash(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ count: Int,
                                 buffer lowered: inout [UInt8]) -> UInt64 {
        shortWordHash(base + start, end &- start, readable: count &- start)
            ?? loweredWordHash(base, start, end, count, buffer: &lowered)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

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

    /// The hash of a word of at most 16 ASCII bytes, case-folded on the fly; nil for a longer word
    /// or one with other characters. `readable` bytes from `word` may be loaded (at least `length`).
    @inline(__always)
    private static func shortWordHash(_ word: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> UInt64? {
        guard length <= 16 else { return nil }
        // Bytes in each half: 1...8 and 0...8. (Wrapping arithmetic: nothing here can overflow,
        // and the hot loop is spared the checks.)
        let first = min(length, 8), second = length &- first
        let loMask: UInt64 = ~0 &>> UInt64(truncatingIfNeeded: 64 &- 8 &* first)
        let hiMask: UInt64 = second == 0 ? 0 : ~0 &>> UInt64(truncatingIfNeeded: 64 &- 8 &* second)
        let lo = readable >= 8 ? UnsafeRawPointer(word).loadUnaligned(as: UInt64.self) : partialLoad(word, first)
        let hi = readable >= 16 ? UnsafeRawPointer(word + 8).loadUnaligned(as: UInt64.self) : partialLoad(word + 8, second)
        guard (lo & loMask | hi & hiMask) & high == 0 else { return nil }
        return mix((lo | caseBits) & loMask, (hi | caseBits) & hiMask)
    }

    /// Bit 5 of every byte. Setting it folds the ASCII word characters to one case without
    /// merging any two of them: A–Z become a–z, digits keep it, and only `_` changes (to 0x7F,
    /// which is not a word character).
    private static let caseBits: UInt64 = 0x2020_2020_2020_2020

    /// The hash of the word in `start..<end`, lowercased into `buffer` first. (A lowercase of
    /// several characters keeps its word characters: İ gives i.)
    private static func loweredWordHash(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ count: Int,
                                        buffer lowered: inout [UInt8]) -> UInt64 {
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
        // ASCII bytes folded as in shortWordHash; pieces of 16, zero-padded, so that a first
        // piece hashes as there. (Never empty: a word starts with a character whose lowercase
        // is a word character.)
        for k in lowered.indices where lowered[k] < 0x80 { lowered[k] |= 0x20 }
        let length = lowered.count
        lowered.append(contentsOf: repeatElement(0, count: 16))
        return lowered.withUnsafeBytes { bytes in
            var hash: UInt64 = 0
            for offset in stride(from: 0, to: length, by: 16) {
                var lo = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                var hi = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
                lo &= ~0 &>> UInt64(64 - 8 * min(8, length - offset))
                hi &= length - offset <= 8 ? 0 : ~0 &>> UInt64(64 - 8 * min(8, length - offset - 8))
                hash = offset == 0 ? mix(lo, hi) : mix(hash ^ lo, hi ^ UInt64(offset))
            }
            return hash
        }
    }

    /// Up to eight bytes, little-endian.
    private static func partialLoad(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<count { value |= UInt64(bytes[k]) << UInt64(k * 8) }
        return value
    }

    /// Folds 128 bits into 64 with one full-width multiplication (as wyhash does).
    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = (a ^ 0x2D35_8DCC_AA6C_78A5).multipliedFullWidth(by: b ^ 0x8BB8_4B93_962E_ACC9)
        return product.high ^ product.low
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
