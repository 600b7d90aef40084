/// Finds share bars that a scraper flattened into text: runs of social-network names and share
/// buttons ("Send Facebook Twitter Google+ Whatsapp … Permalink <url>"), alone on a line or glued
/// to a paragraph.
///
/// The rule is on words alone and names no site: a run of share words separated only by spaces
/// (no comma, no full stop) that names three networks or more, or two with a share button
/// ("Share", "Send", "Email") or alone on its line; or a "Permalink" label with its URL.
/// Reporting that mentions networks ("Facebook said on Twitter that…", "Google, Facebook and
/// Twitter", "a WhatsApp group") never strings three names together bare, so it stays.
enum ShareWidget {
    /// Social networks whose names fill share and follow bars.
    static let networks: Set<String> = [
        "facebook", "twitter", "google+", "whatsapp", "tumblr", "linkedin", "stumbleupon", "stumble",
        "digg", "reddit", "newsvine", "pinterest", "telegram", "vk", "xing", "flipboard", "instagram",
        "youtube",
    ]

    /// Buttons of share bars besides network names.
    static let buttons: Set<String> = [
        "share", "send", "email", "e-mail", "mail", "print", "tweet", "sms", "copy", "link", "permalink", "follow",
    ]

    /// Words and separators that join a share bar's labels ("Share this article:", "Follow us on").
    static let joiners: Set<String> = ["this", "article", "story", "page", "us", "on", "via", "|", "·", "•"]

    /// `blocks` with every share bar cut out as a block of its own (the text around it, if any,
    /// kept as blocks before and after it), and the indices of the share-bar blocks.
    static func separate(_ blocks: [SourceBlock]) -> (blocks: [SourceBlock], shareBars: [Int]) {
        var result: [SourceBlock] = []
        var shareBars: [Int] = []
        result.reserveCapacity(blocks.count)
        for block in blocks {
            let bars = spans(in: block.text)
            guard !bars.isEmpty else {
                result.append(block)
                continue
            }
            let bytes = Array(block.text.utf8)
            func piece(_ range: Range<Int>) -> SourceBlock? {
                var piece = block
                piece.text = String(String(decoding: bytes[range], as: UTF8.self).trimmingSpaces)
                return piece.text.isEmpty ? nil : piece
            }
            var start = 0
            for bar in bars {
                if let before = piece(start..<bar.lowerBound) { result.append(before) }
                shareBars.append(result.count)
                result.append(piece(bar)!)
                start = bar.upperBound
            }
            if let after = piece(start..<bytes.count) { result.append(after) }
        }
        return (result, shareBars)
    }

    /// The byte ranges of the share bars in `text`, in order.
    static func spans(in text: String) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var run: Range<Int>?  // the current run of share words
        var names = Set<String>()  // the networks it names
        var hasButton = false
        var permalinkAt: Int?  // where a "Permalink" label starts, when it is the run's last word
        var text = text
        text.withUTF8 { b in
            func close() {
                if let r = run, names.count >= 3 || (names.count == 2 && (hasButton || isAlone(b, r))) {
                    found.append(r)
                }
                run = nil
                names.removeAll(keepingCapacity: true)
                hasButton = false
            }
            var i = 0
            while i < b.count {
                guard b[i] != 0x20 && b[i] != 0x09 else { i += 1; continue }
                var end = i
                while end < b.count && b[end] != 0x20 && b[end] != 0x09 { end += 1 }
                let word = shareWord(b, i..<end)
                if let label = permalinkAt, isURL(b, i..<end) {
                    // "Permalink <url>": a share bar's last item, or a bar of its own.
                    if names.count >= 2 { run = run!.lowerBound..<end } else { run = nil; found.append(label..<end) }
                    close()
                } else if let word {
                    run = (run?.lowerBound ?? i)..<end
                    if networks.contains(word) { names.insert(word) } else if buttons.contains(word) { hasButton = true }
                } else {
                    close()
                }
                // A label, not a word of a sentence: capitalized, or the block's first word.
                permalinkAt = word == "permalink" && (b[i] == 0x50 || i == 0) ? i : nil
                i = end
            }
            close()
        }
        return found
    }

    /// The share word (network or button) of the bytes in `range`, lowercased and without a
    /// trailing colon ("Share:"), or nil.
    static func shareWord(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var end = range.upperBound
        if end - range.lowerBound > 1 && b[end - 1] == 0x3A { end -= 1 }  // ":"
        guard end - range.lowerBound <= 12 else { return nil }
        let word = String(decoding: b[range.lowerBound..<end], as: UTF8.self).lowercased()
        return networks.contains(word) || buttons.contains(word) || joiners.contains(word) ? word : nil
    }

    /// Whether `range` holds all of `b` but spaces.
    static func isAlone(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        !b[..<range.lowerBound].contains { $0 != 0x20 && $0 != 0x09 } && !b[range.upperBound...].contains { $0 != 0x20 && $0 != 0x09 }
    }

    /// Whether the bytes in `range` are a web address.
    static func isURL(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let word = UnsafeBufferPointer(rebasing: b[range])
        return word.starts(with: "http://".utf8) || word.starts(with: "https://".utf8) || word.starts(with: "www.".utf8)
    }
}
