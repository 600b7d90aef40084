import Foundation

/// Reads an HTML page into metadata hints and text blocks.
///
/// The body is taken from the page's `<article>` (else `<main>`, else the container that
/// `ContentScorer` finds in `<body>`); navigation, scripts, forms and elements whose class or id
/// names page furniture (nav, footer, share, related, newsletter, cookie, comment, …) are
/// skipped. Each block element becomes one block; the same boilerplate rules as for text then apply.
enum HTMLBlocks {
    static func parse(_ html: String, jsonLD: Bool = true) -> (blocks: [SourceBlock], hints: MetadataHints) {
        let page = HTMLPage(HTMLTree(Array(html.utf8)))
        let tree = page.tree
        var hints = jsonLD ? PageMetadata.read(page) : MetadataHints()  // a stated body's own page has none to add
        let statedBody = hints.articleBody  // read here, not passed on
        hints.articleBody = nil
        // The article element with the most text (pages list teasers in <article>s too), else
        // <main>, else <body>; a candidate with almost no text is no article.
        // Comments come as <article>s too; an <article> listing teasers in <article>s of their own
        // is measured by its text outside them.
        let articles = tree.elements(.article).filter { !page.isFurniture[$0] }
        let sizes = zip(articles, ownText(of: articles, page))
        let root = sizes.max(by: { $0.1 < $1.1 }).flatMap { $0.1 >= minimumArticleBytes ? $0.0 : nil }
            ?? tree.elements(.main).first { page.textBytes[$0] >= minimumArticleBytes }
            ?? tree.elements(.body).first ?? 0
        var walker = BlockWalker(page: page)
        for node in tree[root].tag == Tag.article.rawValue ? [root] : ContentScorer.contentRoots(page, root: root) {
            walker.walk(node)
        }
        // A page that renders its text with scripts may still state it in JSON-LD (sometimes as
        // markup, sometimes as escaped markup): used when it holds clearly more text.
        if jsonLD, let body = statedBody {
            let stated: [SourceBlock]
            if body.utf8.contains(0x3C) || body.contains("&lt;") {
                var markup: [UInt8] = []  // escaped markup ("&lt;p&gt;") unescaped
                Array(body.utf8).withUnsafeBufferPointer { HTMLEntities.decode($0, 0..<$0.count, into: &markup) }
                stated = parse("<html><body>" + String(decoding: markup, as: UTF8.self) + "</body></html>", jsonLD: false).blocks
            } else {
                stated = body.split(whereSeparator: \.isNewline).map { SourceBlock(text: String($0.trimmingSpaces)) }
                    .filter { !$0.text.isEmpty }
            }
            let length = { (blocks: [SourceBlock]) in blocks.reduce(0) { $0 + $1.text.utf8.count } }
            if Double(length(stated)) > 1.3 * Double(length(walker.blocks)) { return (stated, hints) }
        }
        return (walker.blocks, hints)
    }

    /// Below this many bytes of text an `<article>` or `<main>` is a teaser or a shell.
    static let minimumArticleBytes = 500

    /// The bytes of text of each of `articles` (in document order) outside the others inside it.
    static func ownText(of articles: [Int], _ page: HTMLPage) -> [Int] {
        var own = articles.map { page.textBytes[$0] }
        var enclosing: [Int] = []  // places in `articles` of those around the current one, innermost last
        for (k, article) in articles.enumerated() {
            while let last = enclosing.last, Int(page.tree[articles[last]].end) <= article { enclosing.removeLast() }
            if let last = enclosing.last { own[last] -= page.textBytes[article] }
            enclosing.append(k)
        }
        return own
    }
}

/// A parsed page with what extraction asks of every element: its text size and whether it is
/// page furniture.
struct HTMLPage {
    let tree: HTMLTree
    /// Bytes of text under each node (scripts included, as the DOM's `textContent`).
    let textBytes: [Int]
    /// Whether each node is page furniture (see `isFurniture`).
    let isFurniture: [Bool]

    static let skippedTags = TagSet([.script, .style, .noscript, .nav, .footer, .aside, .form, .iframe, .svg,
                                     .button, .select, .template, .figure, .figcaption, .header, .menu, .dialog])
    static let furnitureHints = PackedWords([
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment", "comments", "share",
        "sharing", "social", "related", "newsletter", "cookie", "cookies", "subscribe", "promo",
        "advert", "advertisement", "ad", "ads", "banner", "breadcrumb", "breadcrumbs", "popup",
        "modal", "signup", "recommended", "trending", "outbrain", "taboola",
    ])
    static let contentHints = PackedWords(["article", "content", "entry", "main", "post", "story"])

    init(_ tree: HTMLTree) {
        self.tree = tree
        var textBytes = [Int](repeating: 0, count: tree.count)
        var paragraphs = [Int32](repeating: 0, count: tree.count)  // <p> elements in each subtree
        for i in stride(from: tree.count - 1, to: 0, by: -1) {
            let node = tree[i]
            if !node.isElement { textBytes[i] = Int(node.to - node.from) }
            if node.tag == Tag.p.rawValue { paragraphs[i] += 1 }
            textBytes[Int(node.parent)] += textBytes[i]
            paragraphs[Int(node.parent)] += paragraphs[i]
        }
        self.textBytes = textBytes
        isFurniture = (0..<tree.count).map { Self.isFurniture(tree, $0, textBytes: textBytes, paragraphs: paragraphs) }
    }

    /// Page furniture: a skipped tag, or a class or id made of furniture words ("share-bar",
    /// "related_links") and none that marks content ("article-body", "post-content").
    static func isFurniture(_ tree: HTMLTree, _ index: Int, textBytes: [Int], paragraphs: [Int32]) -> Bool {
        let tag = tree[index].tag
        guard tag >= 0 else { return false }
        if skippedTags.contains(tag) { return true }
        var furniture = false, content = false, comment = false
        for name in ["class", "id"] {
            guard let range = tree.attributeValue(name, of: index) else { continue }
            tree.bytes.withUnsafeBufferPointer { b in
                PackedWords.forEachWord(in: b, range) { word in
                    if furnitureHints.contains(word) { furniture = true }
                    if contentHints.contains(word) { content = true }
                    if word.hasPrefix("comment") { comment = true }
                }
            }
        }
        guard furniture, !content else { return false }
        // Broken markup can leave the article inside a share bar or a sidebar: an element holding
        // several paragraphs of text is not furniture, unless it is a comment section.
        if !comment, textBytes[index] >= 1500, paragraphs[index] >= 3 { return false }
        return true
    }
}

/// Short lowercase ASCII words packed into integers, for class and id names.
struct PackedWords {
    private let words: Set<PackedWord>

    init(_ list: [String]) { words = Set(list.map { PackedWord($0.utf8) }) }

    func contains(_ word: PackedWord) -> Bool { words.contains(word) }

    /// Calls `body` with each run of letters in `b[range]`, lowercased.
    static func forEachWord(in b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (PackedWord) -> Void) {
        var i = range.lowerBound
        while i < range.upperBound {
            guard isLetter(b[i]) else { i += 1; continue }
            let start = i
            while i < range.upperBound, isLetter(b[i]) { i += 1 }
            body(PackedWord(b[start..<i].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }))
        }
    }

    /// ASCII letters and any byte of a non-ASCII character.
    static func isLetter(_ c: UInt8) -> Bool { c >= 0x80 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }
}

/// A short name or word packed into integers, as a dictionary key: up to 16 bytes whole, a
/// longer one as its first 8 bytes and a hash of all; `length` tells prefixes apart.
struct PackedWord: Hashable {
    private var low: UInt64 = 0, high: UInt64 = 0
    private var length = 0

    init<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, for names over 16 bytes
        for byte in bytes {
            if length < 8 { low |= UInt64(byte) << UInt64(8 * length) } else if length < 16 { high |= UInt64(byte) << UInt64(8 * (length - 8)) }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            length += 1
        }
        if length > 16 { high = hash }
    }

    /// Whether the word starts with `prefix` (at most 8 bytes).
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard count <= 8, length >= count else { return false }
        let packed = prefix.withUTF8Buffer { PackedWord($0) }
        let mask: UInt64 = count == 8 ? .max : (1 << UInt64(8 * count)) - 1
        return low & mask == packed.low
    }
}

/// Walks a subtree collecting the text of block elements, skipping page furniture.
struct BlockWalker {
    let page: HTMLPage
    var blocks: [SourceBlock] = []
    private var buffer: [UInt8] = []
    private var linkText = 0
    private var linkDepth = 0
    private var tableDepth = 0
    private var heading = 0

    static let blockTags = TagSet([.p, .h1, .h2, .h3, .h4, .h5, .h6, .li, .blockquote, .pre, .div, .section,
                                   .article, .main, .td, .th, .tr, .dd, .dt, .br, .hr, .table, .ul, .ol, .body])

    init(page: HTMLPage) { self.page = page }

    /// Adds the blocks under `root` (included even if it is furniture itself).
    mutating func walk(_ root: Int) {
        let tree = page.tree
        var entered: [Int] = []  // elements whose end is still ahead, innermost last
        var i = root
        let end = Int(tree[root].end)
        while i < end {
            while let last = entered.last, Int(tree[last].end) <= i { exit(tree[entered.removeLast()].tag) }
            let node = tree[i]
            guard node.isElement else {
                let before = buffer.count
                tree.appendText(i, into: &buffer)
                if linkDepth > 0 { linkText += buffer.count - before }
                i += 1
                continue
            }
            if i != root && page.isFurniture[i] {
                i = Int(node.end)
                continue
            }
            if Self.blockTags.contains(node.tag) { flush() }
            if node.tag == Tag.a.rawValue { linkDepth += 1 }
            if node.tag == Tag.table.rawValue { tableDepth += 1 }
            if node.tag >= Tag.h1.rawValue && node.tag <= Tag.h6.rawValue { heading = Int(node.tag - Tag.h1.rawValue) + 1 }
            entered.append(i)
            i += 1
        }
        while let last = entered.popLast() { exit(tree[last].tag) }
        flush()
    }

    private mutating func exit(_ tag: Int32) {
        if Self.blockTags.contains(tag) { flush() }
        if tag == Tag.a.rawValue { linkDepth -= 1 }
        if tag == Tag.table.rawValue { tableDepth -= 1 }
    }

    /// Ends the current block: its whitespace collapsed, its link share measured.
    private mutating func flush() {
        var text: [UInt8] = []
        text.reserveCapacity(buffer.count)
        var space = false
        for byte in buffer {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                space = !text.isEmpty
            } else {
                if space { text.append(0x20); space = false }
                text.append(byte)
            }
        }
        if !text.isEmpty {
            blocks.append(SourceBlock(text: String(decoding: text, as: UTF8.self), heading: heading,
                                      linkDensity: Double(linkText) / Double(max(1, buffer.count)),
                                      inTable: tableDepth > 0))
        }
        buffer.removeAll(keepingCapacity: true)
        linkText = 0
        heading = 0
    }
}
