/// A 64-bit checksum that catches damage to the sections of an index file (not a defence
/// against deliberate tampering).
///
/// Bytes are taken 16 at a time in four independent lanes, each step one full-width
/// multiplication folded to 64 bits (as wyhash mixes), so it runs at memory speed; each buffer
/// added is folded in with its length, so the same bytes split differently check differently.
struct Checksum {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    /// Adds the bytes of one buffer.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        value = Self.mix(value ^ Self.hash(bytes), UInt64(bytes.count) ^ 0x1319_8A2E_0370_7344)
    }

    /// Adds the bytes of an array's elements.
    mutating func add<T>(_ values: [T]) { values.withUnsafeBytes { add($0) } }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let keys: (UInt64, UInt64, UInt64, UInt64) = (0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89,
                                                      0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C)
        var lanes = keys
        var offset = 0
        func word(_ at: Int) -> UInt64 { bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
        while offset + 64 <= bytes.count {
            lanes.0 = mix(lanes.0 ^ word(offset), word(offset + 8) ^ keys.0)
            lanes.1 = mix(lanes.1 ^ word(offset + 16), word(offset + 24) ^ keys.1)
            lanes.2 = mix(lanes.2 ^ word(offset + 32), word(offset + 40) ^ keys.2)
            lanes.3 = mix(lanes.3 ^ word(offset + 48), word(offset + 56) ^ keys.3)
            offset += 64
        }
        // The last 0–63 bytes, zero-padded to 16.
        var tail = [UInt8](repeating: 0, count: 64)
        if offset < bytes.count {
            tail.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
        }
        tail.withUnsafeBytes { rest in
            for at in stride(from: 0, to: bytes.count - offset, by: 16) {
                lanes.0 = mix(lanes.0 ^ rest.load(fromByteOffset: at, as: UInt64.self),
                              rest.load(fromByteOffset: at + 8, as: UInt64.self) ^ keys.0)
            }
        }
        return mix(mix(lanes.0, lanes.1) ^ lanes.2, lanes.3 ^ UInt64(bytes.count))
    }

    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
