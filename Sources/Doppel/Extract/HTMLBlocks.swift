import CLibXML2
import Foundation

/// Reads an HTML page with libxml2's error-tolerant parser into metadata hints and text blocks.
///
/// The body is taken from the page's `<article>` (else `<main>`, else `<body>`); navigation,
/// scripts, forms and elements whose class or id names page furniture (nav, footer, share,
/// related, newsletter, cookie, comment, …) are skipped. Each block element becomes one block;
/// the same boilerplate rules as for text then apply.
enum HTMLBlocks {
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg", "button",
        "select", "template", "figure", "figcaption", "header", "menu", "dialog",
    ]
    static let blockTags: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section",
        "article", "main", "td", "th", "tr", "dd", "dt", "br", "hr", "table", "ul", "ol", "body",
    ]
    static let furnitureHints: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment", "comments", "share",
        "sharing", "social", "related", "newsletter", "cookie", "cookies", "subscribe", "promo",
        "advert", "advertisement", "ad", "ads", "banner", "breadcrumb", "breadcrumbs", "popup",
        "modal", "signup", "recommended", "trending", "outbrain", "taboola",
    ]
    static let contentHints: Set<String> = ["article", "content", "entry", "main", "post", "story"]

    /// Initializes libxml2's globals once, before any thread parses (its manual requires it).
    static func prepareParser() { _ = parserReady }
    private static let parserReady: Void = xmlInitParser()

    static func parse(_ html: String, jsonLD: Bool = true) -> (blocks: [SourceBlock], hints: MetadataHints) {
        prepareParser()
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
            | XML_PARSE_HUGE.rawValue)  // lifts the 256-level depth limit: deep pages keep their text
        var html = html
        let doc: htmlDocPtr? = html.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let doc else { return ([], MetadataHints()) }
        defer { xmlFreeDoc(doc) }
        guard let rootElement = xmlDocGetRootElement(doc) else { return ([], MetadataHints()) }
        var hints = MetadataHints()
        readHead(rootElement, into: &hints)
        // The article element with the most text (pages list teasers in <article>s too), else
        // <main>, else <body>; a candidate with almost no text is no article.
        let articles = elements(named: "article", under: rootElement)
            .filter { !BlockWalker.isFurniture($0, tag: "article") }  // comments come as <article>s too
            .map { ($0, text($0).utf8.count) }
        let root = articles.max(by: { $0.1 < $1.1 }).flatMap { $0.1 >= minimumArticleBytes ? $0.0 : nil }
            ?? elements(named: "main", under: rootElement).first { text($0).utf8.count >= minimumArticleBytes }
            ?? elements(named: "body", under: rootElement).first ?? rootElement
        var walker = BlockWalker()
        let isArticle = HTMLBlocks.name(root) == "article"
        for node in isArticle ? [root] : ContentScorer.contentRoots(root, isFurniture: BlockWalker.isFurniture) {
            walker.walk(node)
            walker.flush()
        }
        // A page that renders its text with scripts may still state it in JSON-LD (sometimes as
        // markup, sometimes as escaped markup): used when it holds clearly more text.
        if jsonLD, let body = hints.articleBody {
            var stated = body.split(whereSeparator: \.isNewline).map { SourceBlock(text: String($0.trimmingSpaces)) }
                .filter { !$0.text.isEmpty }
            if body.contains("<") || body.contains("&lt;") {
                let markup = body.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
                stated = parse("<html><body>" + markup + "</body></html>", jsonLD: false).blocks
            }
            let length = { (blocks: [SourceBlock]) in blocks.reduce(0) { $0 + $1.text.utf8.count } }
            if Double(length(stated)) > 1.3 * Double(length(walker.blocks)) { return (stated, hints) }
        }
        return (walker.blocks, hints)
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func attribute(_ node: xmlNodePtr, _ key: String) -> String? {
        guard let value = xmlGetProp(node, key) else { return nil }
        defer { doppel_xmlFree(value) }
        return String(cString: value)
    }

    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { doppel_xmlFree(content) }
        return String(cString: content)
    }

    /// Below this many bytes of text an `<article>` or `<main>` is a teaser or a shell.
    static let minimumArticleBytes = 500

    /// The elements named `tag` in document order (iterative: deep pages must not overflow).
    static func elements(named tag: String, under root: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE && name(node) == tag { found.append(node) }
            stack.append(contentsOf: children(of: node).reversed())
        }
        return found
    }

    /// The children of a node, in document order.
    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var children: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child { children.append(c); child = c.pointee.next }
        return children
    }

    /// Whether an element holds at least `count` `<p>` elements.
    static func paragraphCount(_ root: xmlNodePtr, atLeast count: Int) -> Bool {
        var found = 0
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE && name(node) == "p" {
                found += 1
                if found >= count { return true }
            }
            stack.append(contentsOf: children(of: node))
        }
        return false
    }

    /// The first string value under `key` anywhere in parsed JSON.
    static func find(_ key: String, in value: Any) -> String? {
        if let object = value as? [String: Any] {
            if let string = object[key] as? String { return string }
            for name in object.keys.sorted() { if let found = find(key, in: object[name]!) { return found } }
        } else if let array = value as? [Any] {
            for child in array { if let found = find(key, in: child) { return found } }
        }
        return nil
    }

    /// The first valid `datePublished` of a JSON-LD script, ISO or written out ("19 Nov 2019"),
    /// read from the text so that scripts that are not strict JSON still count; placeholders
    /// such as `0001-01-01` are not dates.
    static func datePublished(inLinkedData json: String) -> String? {
        var rest = json[...]
        while let key = rest.range(of: "\"datePublished\"") {
            rest = rest[key.upperBound...]
            let value = rest.drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" }
            guard value.first == "\"", let end = value.dropFirst().firstIndex(of: "\"") else { continue }
            if let date = DateParser.firstDate(in: String(value[value.index(after: value.startIndex)..<end])) { return date }
        }
        return nil
    }

    /// Title, date, canonical URL and site name from `<head>` and JSON-LD.
    ///
    /// The title is `og:title`, else `twitter:title`, else `<title>` without its site part. The
    /// date is JSON-LD `datePublished`, else a published-time meta tag, else another date meta tag
    /// (some of which, like `sailthru.date`, are local times a day off).
    static func readHead(_ root: xmlNodePtr, into hints: inout MetadataHints) {
        var stack: [xmlNodePtr] = [root]
        var titleTag: String?, openGraphTitle: String?, twitterTitle: String?
        var linkedDataDate: String?, publishedDate: String?, otherDate: String?
        while let node = stack.popLast() {
            stack.append(contentsOf: children(of: node).reversed())  // document order
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            switch name(node) {
            case "title": titleTag = titleTag ?? text(node).trimmingSpaces.description
            case "meta":
                guard let content = attribute(node, "content"), !content.isEmpty else { break }
                let keys = ["property", "name", "itemprop"].compactMap { attribute(node, $0)?.lowercased() }
                for key in keys {
                    switch key {
                    case "og:title": openGraphTitle = openGraphTitle ?? content
                    case "twitter:title": twitterTitle = twitterTitle ?? content
                    case "og:site_name", "application-name": hints.publisher = hints.publisher ?? content
                    case "og:url": hints.url = hints.url ?? content
                    case "article:published_time", "article:published", "datepublished":
                        publishedDate = publishedDate ?? DateParser.firstDate(in: content)
                    case "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date":
                        otherDate = otherDate ?? DateParser.firstDate(in: content)
                    default: break
                    }
                }
            case "link":
                if attribute(node, "rel")?.lowercased() == "canonical", let href = attribute(node, "href") {
                    hints.url = href
                }
            case "script":
                if attribute(node, "type")?.lowercased() == "application/ld+json" {
                    let json = text(node)
                    linkedDataDate = linkedDataDate ?? Self.datePublished(inLinkedData: json)
                    if hints.articleBody == nil, json.contains("\"articleBody\""),
                       let value = try? JSONSerialization.jsonObject(with: Data(json.utf8)) {
                        hints.articleBody = Self.find("articleBody", in: value)
                    }
                }
            default: break
            }
        }
        hints.title = hints.title ?? openGraphTitle ?? twitterTitle
        hints.date = hints.date ?? linkedDataDate ?? publishedDate ?? otherDate
        if hints.title == nil, let titleTag, !titleTag.isEmpty {
            // "Headline | Site" or "Headline - Site": keep the longest part.
            let parts = titleTag.components(separatedBy: " | ").flatMap { $0.components(separatedBy: " - ") }
            hints.title = parts.max(by: { $0.count < $1.count })
        }
    }
}

/// Walks a DOM subtree collecting the text of block elements, skipping page furniture.
struct BlockWalker {
    var blocks: [SourceBlock] = []
    var buffer = ""
    var linkText = 0
    var linkDepth = 0
    var tableDepth = 0
    var heading = 0

    mutating func flush() {
        let text = buffer.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ")
        if !text.isEmpty {
            blocks.append(SourceBlock(text: text, heading: heading,
                                      linkDensity: Double(linkText) / Double(max(1, buffer.utf8.count)),
                                      inTable: tableDepth > 0))
        }
        buffer = ""
        linkText = 0
        heading = 0
    }

    mutating func walk(_ root: xmlNodePtr) {
        // Iterative walk with explicit exit markers, so 10,000 nested divs cannot overflow the stack.
        var stack: [(node: xmlNodePtr, exiting: Bool)] = [(root, false)]
        while let (node, exiting) = stack.popLast() {
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                if let content = node.pointee.content {
                    let text = String(cString: content)
                    buffer += text
                    if linkDepth > 0 { linkText += text.utf8.count }
                }
                continue
            }
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = HTMLBlocks.name(node)
            let isBlock = HTMLBlocks.blockTags.contains(tag)
            if exiting {
                if isBlock { flush() }
                if tag == "a" { linkDepth -= 1 }
                if tag == "table" { tableDepth -= 1 }
                continue
            }
            if node != root && Self.isFurniture(node, tag: tag) { continue }
            if isBlock { flush() }
            if tag == "a" { linkDepth += 1 }
            if tag == "table" { tableDepth += 1 }
            if tag.count == 2, tag.first == "h", let level = Int(tag.dropFirst()) { heading = level }
            stack.append((node, true))
            for c in HTMLBlocks.children(of: node).reversed() { stack.append((c, false)) }
        }
    }

    /// Page furniture: a skipped tag, or a class or id made of furniture words ("share-bar",
    /// "related_links") and none that marks content ("article-body", "post-content").
    static func isFurniture(_ node: xmlNodePtr, tag: String) -> Bool {
        if HTMLBlocks.skippedTags.contains(tag) { return true }
        let marks = ((HTMLBlocks.attribute(node, "class") ?? "") + " " + (HTMLBlocks.attribute(node, "id") ?? "")).lowercased()
        guard marks.count > 1 else { return false }
        let words = marks.split(whereSeparator: { !$0.isLetter })
        guard words.contains(where: { HTMLBlocks.furnitureHints.contains(String($0)) }) else { return false }
        if words.contains(where: { HTMLBlocks.contentHints.contains(String($0)) }) { return false }
        // Broken markup can leave the article inside a share bar or a sidebar: an element holding
        // several paragraphs of text is not furniture, unless it is a comment section.
        if !words.contains(where: { $0.hasPrefix("comment") }), HTMLBlocks.paragraphCount(node, atLeast: 3),
           HTMLBlocks.text(node).utf8.count >= 1500 {
            return false
        }
        return true
    }
}
