import Foundation

/// Recognizes blocks that are not part of an article: site chrome, appeals, widgets, credits.
///
/// Every rule is a phrase pattern on the block's comparison form; none names a site. The phrases
/// come from the boilerplate of the project's own fixtures and of common news templates
/// (newsletter boxes, donation appeals, audio players, share bars, related-link lists).
enum Boilerplate {
    /// Kinds of boilerplate with the phrases that mark them anywhere in a block.
    static let phrases: [(reason: RemovalReason, phrases: [String])] = [
        (.newsletter, ["newsletter", "sign up for", "sign up to", "subscribe to our", "subscribers agree",
                        "in your inbox", "to your inbox", "your mailbox", "unsubscribe", "privacy policy",
                        "enter your email", "email address"]),
        (.donationAppeal, ["donate", "donation", "every contribution", "make a contribution",
                             "support independent journalism", "support our journalism", "support us",
                             "not ready to support", "remind me later", "become a member",
                             "become a supporter", "dear reader", "a message from",
                             "your support", "please support", "independent journalism", "donate now",
                             "contribute now", "make a gift", "become a patron", "patreon", "chip in",
                             "buy me a coffee", "support our work", "support us today"]),
        (.audioPlayer, ["audio player", "listen to this article", "listen to this story",
                          "minute listen", "min listen", "text-to-speech"]),
        (.sharePrompt, ["share this article", "share this story", "share on facebook",
                          "share on twitter", "follow us", "find us on", "copy link", "click to share"]),
        (.advertisement, ["advertisement", "sponsored content", "scroll to continue", "paid content"]),
        (.navigation, ["skip to main content", "skip to content", "skip navigation", "back to top", "jump to"]),
        (.legalNotice, ["all rights reserved", "terms of use", "terms of service", "cookie policy",
                          "we use cookies", "this site uses cookies"]),
        (.photoCredit, ["photo:", "photo by", "photograph:", "image:", "credit:", "getty images",
                          "ap photo", "file photo", "/ handout", "/handout", "shutterstock",
                          "(photo", "illustration:"]),
    ]

    /// Phrases that, at the start of a block, mark a link to other content.
    static let linkPrefixes: [String] = [
        "related article", "related:", "related stories", "related coverage", "related news",
        "see also", "more from", "recommended", "you may also like", "also read", "read also",
        "read more", "continue reading", "click here", "most read", "most popular", "trending",
        "more on this", "read next", "watch:", "listen:",
    ]

    /// Headings that open what follows an article on a page, in a few languages.
    static let endMatter: [String] = [
        "comments", "comment", "leave a reply", "leave a comment", "about the author", "related",
        "related articles", "related stories", "related posts", "related content", "more stories",
        "more from", "more", "latest news", "latest", "topics", "tags", "share this", "like this",
        "tell us what you think", "you may also like", "recommended", "trending",
        "most read", "most popular", "see also", "post navigation", "read next",
        "материалы по теме", "теги", "terkait", "leia também", "veja também", "lesen sie auch",
        "à lire aussi", "ver también", "関連記事", "関連", "相关",
    ]

    /// Whether a short block is a heading that opens the end matter of a page.
    static func opensEndMatter(key: String) -> Bool {
        endMatter.contains(key.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .init(charactersIn: ":")))
    }

    /// Why `block` is boilerplate, or nil when it may be article text; `key` is its comparison
    /// form, `wordCount` its number of words.
    static func reason(for block: String, key: String, wordCount: Int) -> RemovalReason? {
        if wordCount == 0 { return .punctuationOnly }
        // A labelled link ("Related article: <headline>") may carry a long headline; a bare
        // prefix ("Recommended …", "More from …") may also open a sentence of reporting.
        for prefix in linkPrefixes where key.hasPrefix(prefix) {
            let labelled = prefix.hasSuffix(":") || key.dropFirst(prefix.count).hasPrefix(":")
            guard wordCount <= (labelled ? 30 : 12) else { continue }
            return prefix.hasPrefix("read more") || prefix == "continue reading" ? .readMore : .relatedLink
        }
        // A phrase marks a short block (a widget, a label, a credit line) or one that speaks to
        // the reader ("we", "you"); a paragraph of reporting may mention donations or a
        // newsletter without being either.
        let keyBytes = Array(key.utf8)
        let addresses = wordCount > 12 && addressesReader(block)
        for (reason, list) in phrases {
            // A caption with its credit ("… after the ruling. Photograph: Name/Agency") and a
            // copyright notice run longer.
            let limit = reason == .photoCredit || reason == .legalNotice ? 40 : 12
            guard wordCount <= limit || addresses else { continue }
            if list.contains(where: { keyBytes.containsBytes(of: $0) }) { return reason }
        }
        if key.hasPrefix("getting your") && key.contains("ready") { return .audioPlayer }
        if isMenu(block) { return .navigation }
        if wordCount <= 12, isCaption(block) { return .photoCredit }
        if wordCount <= 6, key.hasPrefix("support ") || key.hasPrefix("subscribe") { return .donationAppeal }
        return nil
    }

    /// Whether one sentence of a body is furniture by the same rules as a block: a sign-up line
    /// or an appeal that extraction left inside a paragraph of text.
    static func isFurniture(sentence: String, wordCount: Int) -> Bool {
        guard wordCount > 0 else { return false }
        return reason(for: sentence, key: Normalizer.comparisonForm(sentence), wordCount: wordCount) != nil
    }

    /// A line of section names between separators ("News | Politics | Sport").
    static func isMenu(_ block: String) -> Bool {
        // Most blocks have no separator at all: "|" or the UTF-8 of "·" (C2 B7) and "•" (E2 80 A2).
        guard block.utf8.contains(where: { $0 == 0x7C || $0 == 0xB7 || $0 == 0xA2 }) else { return false }
        let items = block.split(whereSeparator: { $0 == "|" || $0 == "·" || $0 == "•" })
        return items.count >= 3 && items.allSatisfy { Tokenizer.wordCount(String($0)) <= 3 }
    }

    /// A short line naming a picture's source: a domain ("Name. agency.org") with no sentence.
    static func isCaption(_ block: String) -> Bool {
        guard let last = block.split(separator: " ").last, last.contains(".") else { return false }
        let host = last.lowercased().trimmingCharacters(in: .init(charactersIn: "()[].,"))
        let parts = host.split(separator: ".")
        return parts.count >= 2 && parts.last!.count >= 2 && parts.last!.count <= 10
            && parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
            && !block.contains("“") && !block.contains("\"")
    }

    /// Whether a block speaks to the reader in the first or second person outside quotations,
    /// as appeals and sign-up boxes do and third-person reporting does not.
    static func addressesReader(_ block: String) -> Bool {
        guard personalWordStarts(block) >= 2 else { return false }  // most reporting has none
        let outside = Quotations.textOutsideQuotes(block)
        let words = Tokenizer.tokens(outside)
        guard !words.isEmpty else { return false }
        let personal = words.filter { ["we", "our", "us", "you", "your", "yours", "ours", "we're", "you're"].contains($0.word) }
        return personal.count >= 2 && personal.count * 30 >= words.count
    }

    /// An upper bound on the personal words of `block`: places where a word may start (after no
    /// ASCII letter) with "we", "our", "us" or "you", in any case.
    static func personalWordStarts(_ block: String) -> Int {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        var count = 0
        var previous: UInt8 = 0x20
        var a: UInt8 = 0, b: UInt8 = 0, c: UInt8 = 0  // the last three bytes lowercased (0 for no letter), c the latest
        var startA = false, startB = false, startC = false  // whether a word may start at a, b, c
        for byte in block.utf8 {
            (a, b, c) = (b, c, isLetter(byte) ? byte | 0x20 : 0)
            (startA, startB, startC) = (startB, startC, !isLetter(previous))
            if startB && ((b == 0x77 && c == 0x65) || (b == 0x75 && c == 0x73)) { count += 1 }  // "we", "us"
            if startA && ((a == 0x6F && b == 0x75 && c == 0x72) || (a == 0x79 && b == 0x6F && c == 0x75)) { count += 1 }  // "our", "you"
            previous = byte
        }
        return count
    }

    /// A short line without sentence punctuation: a menu word, a widget button, a label.
    static func isFragment(_ block: String, wordCount words: Int) -> Bool {
        guard let last = block.last else { return true }
        return words <= 4 && !".!?\"”。！？".contains(last)
    }
}

extension [UInt8] {
    /// Whether the UTF-8 of `needle` occurs in these bytes (a byte scan: far faster than
    /// Foundation's `String.contains` on Linux).
    func containsBytes(of needle: String) -> Bool { firstIndex(ofBytes: needle) != nil }

    /// Where the UTF-8 of `needle` first occurs at or after `start`.
    func firstIndex(ofBytes needle: String, from start: Int = 0) -> Int? {
        var needle = needle
        return needle.withUTF8 { n in  // a native string's own bytes: no copy
            guard let first = n.first, n.count <= count else { return n.isEmpty ? start : nil }
            return withUnsafeBufferPointer { h in
                var i = start
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}
