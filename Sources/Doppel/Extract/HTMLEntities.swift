import Foundation

/// Decodes HTML character references (`&amp;`, `&#8217;`, `&#x2014;`) in text and attribute values.
enum HTMLEntities {
    /// The named references of HTML 4 (all at most 8 letters) and `apos`, as "name hex-codepoint".
    private static let table = """
        AElig c6 Aacute c1 Acirc c2 Agrave c0 Alpha 391 Aring c5 Atilde c3 Auml c4 Beta 392 Ccedil c7
        Chi 3a7 Dagger 2021 Delta 394 ETH d0 Eacute c9 Ecirc ca Egrave c8 Epsilon 395 Eta 397 Euml cb
        Gamma 393 Iacute cd Icirc ce Igrave cc Iota 399 Iuml cf Kappa 39a Lambda 39b Mu 39c Ntilde d1
        Nu 39d OElig 152 Oacute d3 Ocirc d4 Ograve d2 Omega 3a9 Omicron 39f Oslash d8 Otilde d5 Ouml d6
        Phi 3a6 Pi 3a0 Prime 2033 Psi 3a8 Rho 3a1 Scaron 160 Sigma 3a3 THORN de Tau 3a4 Theta 398
        Uacute da Ucirc db Ugrave d9 Upsilon 3a5 Uuml dc Xi 39e Yacute dd Yuml 178 Zeta 396 aacute e1
        acirc e2 acute b4 aelig e6 agrave e0 alefsym 2135 alpha 3b1 amp 26 and 2227 ang 2220 apos 27
        aring e5 asymp 2248 atilde e3 auml e4 bdquo 201e beta 3b2 brvbar a6 bull 2022 cap 2229
        ccedil e7 cedil b8 cent a2 chi 3c7 circ 2c6 clubs 2663 cong 2245 copy a9 crarr 21b5 cup 222a
        curren a4 dArr 21d3 dagger 2020 darr 2193 deg b0 delta 3b4 diams 2666 divide f7 eacute e9
        ecirc ea egrave e8 empty 2205 emsp 2003 ensp 2002 epsilon 3b5 equiv 2261 eta 3b7 eth f0 euml eb
        euro 20ac exist 2203 fnof 192 forall 2200 frac12 bd frac14 bc frac34 be frasl 2044 gamma 3b3
        ge 2265 gt 3e hArr 21d4 harr 2194 hearts 2665 hellip 2026 iacute ed icirc ee iexcl a1 igrave ec
        image 2111 infin 221e int 222b iota 3b9 iquest bf isin 2208 iuml ef kappa 3ba lArr 21d0
        lambda 3bb lang 2329 laquo ab larr 2190 lceil 2308 ldquo 201c le 2264 lfloor 230a lowast 2217
        loz 25ca lrm 200e lsaquo 2039 lsquo 2018 lt 3c macr af mdash 2014 micro b5 middot b7 minus 2212
        mu 3bc nabla 2207 nbsp a0 ndash 2013 ne 2260 ni 220b not ac notin 2209 nsub 2284 ntilde f1
        nu 3bd oacute f3 ocirc f4 oelig 153 ograve f2 oline 203e omega 3c9 omicron 3bf oplus 2295
        or 2228 ordf aa ordm ba oslash f8 otilde f5 otimes 2297 ouml f6 para b6 part 2202 permil 2030
        perp 22a5 phi 3c6 pi 3c0 piv 3d6 plusmn b1 pound a3 prime 2032 prod 220f prop 221d psi 3c8
        quot 22 rArr 21d2 radic 221a rang 232a raquo bb rarr 2192 rceil 2309 rdquo 201d real 211c
        reg ae rfloor 230b rho 3c1 rlm 200f rsaquo 203a rsquo 2019 sbquo 201a scaron 161 sdot 22c5
        sect a7 shy ad sigma 3c3 sigmaf 3c2 sim 223c spades 2660 sub 2282 sube 2286 sum 2211 sup 2283
        sup1 b9 sup2 b2 sup3 b3 supe 2287 szlig df tau 3c4 there4 2234 theta 3b8 thetasym 3d1
        thinsp 2009 thorn fe tilde 2dc times d7 trade 2122 uArr 21d1 uacute fa uarr 2191 ucirc fb
        ugrave f9 uml a8 upsih 3d2 upsilon 3c5 uuml fc weierp 2118 xi 3be yacute fd yen a5 yuml ff
        zeta 3b6 zwj 200d zwnj 200c
        """

    /// Named references by their name packed into a `UInt64` (see `pack`).
    private static let codepoints: [UInt64: UInt32] = {
        var result: [UInt64: UInt32] = [:]
        let words = table.split(whereSeparator: { $0 == " " || $0 == "\n" })
        for i in stride(from: 0, to: words.count, by: 2) {
            result[pack(words[i].utf8)] = UInt32(words[i + 1], radix: 16)
        }
        return result
    }()

    /// Up to 8 bytes packed little-endian into a `UInt64`.
    static func pack<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var key: UInt64 = 0
        for (shift, byte) in zip(stride(from: 0, to: 64, by: 8), bytes) { key |= UInt64(byte) << UInt64(shift) }
        return key
    }

    /// Windows-1252 code points that numeric references in 0x80–0x9F stand for, as browsers read them.
    private static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Appends `bytes[range]` to `output` with character references decoded; an unknown or
    /// malformed reference stays as written.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into output: inout [UInt8]) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            guard let found = memchr(bytes.baseAddress! + i, 0x26, end - i) else {
                output.append(contentsOf: bytes[i..<end])
                return
            }
            let amp = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            output.append(contentsOf: bytes[i..<amp])
            if let (codepoint, next) = reference(bytes, at: amp, end: end) {
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(codepoint) ?? "\u{FFFD}")!)  // valid: see reference
                i = next
            } else {
                output.append(0x26)
                i = amp + 1
            }
        }
    }

    /// The code point of the reference starting with the `&` at `start` (always a valid scalar), and where it ends.
    private static func reference(_ b: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (UInt32, Int)? {
        var i = start + 1
        if i < end && b[i] == 0x23 {  // '#'
            i += 1
            let hex = i < end && (b[i] | 0x20) == 0x78
            if hex { i += 1 }
            var value: UInt32 = 0
            let digits = i
            while i < end, i - digits < 8, let digit = digitValue(b[i], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                i += 1
            }
            guard i > digits else { return nil }
            if i < end && b[i] == 0x3B { i += 1 }
            if value >= 0x80 && value <= 0x9F { value = windows1252[Int(value - 0x80)] }
            if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { value = 0xFFFD }
            return (value, i)
        }
        let name = i
        while i < end, i - name < 8, Tokenizer.isASCIIAlnum(b[i]) { i += 1 }
        guard i > name, let codepoint = codepoints[pack(b[name..<i])] else { return nil }
        if i < end && b[i] == 0x3B { i += 1 }
        return (codepoint, i)
    }

    private static func digitValue(_ c: UInt8, hex: Bool) -> UInt32? {
        if c >= 0x30 && c <= 0x39 { return UInt32(c - 0x30) }
        let lower = c | 0x20
        if hex && lower >= 0x61 && lower <= 0x66 { return UInt32(lower - 0x61 + 10) }
        return nil
    }
}
