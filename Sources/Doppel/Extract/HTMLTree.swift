import Foundation

/// Element names the extractor works with, numbered; a page's other names get numbers from
/// `Tag.allCases.count` on, in the order they first appear.
enum Tag: Int32, CaseIterable {
    case document = 0  // the tree's root, named "#document": no element can be
    case html, head, body, title, meta, link, base, script, style, noscript, template, iframe, textarea
    case xmp, noembed, noframes, plaintext, svg, math, a, p, div, span, br, hr, img, li, ul, ol, dl, dd
    case dt, h1, h2, h3, h4, h5, h6, table, tbody, thead, tfoot, tr, td, th, caption, colgroup, col
    case article, main, section, nav, aside, header, footer, figure, figcaption, form, button, select
    case option, optgroup, input, blockquote, pre, address, details, summary, menu, dialog, area
    case embed, param, source, track, wbr, keygen, center, dir, fieldset, hgroup, listing, applet
    case marquee, object, time, b, big, code, em, font, i, nobr, s, small, strike, strong, tt, u
    case search, frame, frameset, basefont, bgsound

    /// The element name as written in lowercase.
    var name: String { self == .document ? "#document" : String(describing: self) }
}

/// A set of known tags, as a 128-bit mask.
struct TagSet {
    private var low: UInt64 = 0, high: UInt64 = 0

    init(_ tags: [Tag]) {
        for tag in tags {
            if tag.rawValue < 64 { low |= 1 << UInt64(tag.rawValue) } else { high |= 1 << UInt64(tag.rawValue - 64) }
        }
    }

    func contains(_ tag: Int32) -> Bool {
        switch tag {
        case 0..<64: return low & (1 << UInt64(tag)) != 0
        case 64..<128: return high & (1 << UInt64(tag - 64)) != 0
        default: return false
        }
    }

    func union(_ other: TagSet) -> TagSet {
        var result = self
        result.low |= other.low
        result.high |= other.high
        return result
    }

    func subtracting(_ tags: [Tag]) -> TagSet {
        var result = self
        let removed = TagSet(tags)
        result.low &= ~removed.low
        result.high &= ~removed.high
        return result
    }
}

/// One node of an `HTMLTree`: an element or a run of text.
struct HTMLNode {
    /// Text and the raw text of scripts and styles have these tags; elements have their name's number.
    static let text: Int32 = -1, rawText: Int32 = -2

    var tag: Int32
    var parent: Int32
    /// One past the last node of this node's subtree (nodes are stored in document order).
    var end: Int32
    /// Text: its byte range in the page. Element: its range in the tree's attributes.
    var from: Int32, to: Int32

    var isElement: Bool { tag >= 0 }
}

/// An attribute: name (lowercase) and value as byte ranges of the page.
struct HTMLAttribute {
    var name: Range<Int32>
    var value: Range<Int32>
}

/// A parsed HTML page: its elements and text as one array in document order over the page's
/// bytes, so that a subtree is a range of that array and walks need no recursion.
///
/// The parser is an error-tolerant HTML tokenizer with the tree-building rules that matter for
/// reading text: void elements, raw text (`script`, `style`, `title`, `textarea`), end tags
/// implied by the next start tag (`p`, `li`, `td`, `tr`, `option`, headings), end tags matched
/// within their scope and stray ones ignored, one `html`/`head`/`body` whatever the page repeats.
/// Unclosed tags close at the end of the page; nesting depth is unbounded; any bytes parse, in time
/// linear in the page: a tag finds the element it closes, and what would stop it, without a scan
/// of the open elements.
struct HTMLTree {
    /// The page, with tag and attribute names lowercased.
    private(set) var bytes: [UInt8]
    private(set) var nodes: [HTMLNode] = []
    private(set) var attributes: [HTMLAttribute] = []
    /// Names of tags beyond `Tag`, by number minus `Tag.allCases.count`.
    private(set) var otherNames: [String] = []

    init(_ page: [UInt8]) {
        bytes = page
        var builder = HTMLTreeBuilder()
        bytes.withUnsafeMutableBufferPointer { builder.parse($0) }
        nodes = builder.nodes
        attributes = builder.attributes
        otherNames = builder.otherNames
    }

    var count: Int { nodes.count }

    subscript(index: Int) -> HTMLNode { nodes[index] }

    /// The element name of a node.
    func name(_ index: Int) -> String {
        let tag = Int(nodes[index].tag)
        if tag < 0 { return "#text" }
        return tag < Tag.allCases.count ? Tag.allCases[tag].name : otherNames[tag - Tag.allCases.count]
    }

    /// The value of an attribute, character references decoded.
    func attribute(_ name: String, of index: Int) -> String? {
        guard let range = attributeValue(name, of: index) else { return nil }
        return decodedString(range)
    }

    /// The byte range of an attribute's value (undecoded), if the element has it.
    func attributeValue(_ name: String, of index: Int) -> Range<Int>? {
        let node = nodes[index]
        guard node.isElement, node.from < node.to else { return nil }
        let length = name.utf8.count
        for a in attributes[Int(node.from)..<Int(node.to)]
        where a.name.count == length && name.utf8.elementsEqual(bytes[Int(a.name.lowerBound)..<Int(a.name.upperBound)]) {
            return Int(a.value.lowerBound)..<Int(a.value.upperBound)
        }
        return nil
    }

    /// Bytes of the page, character references decoded, as a string.
    func decodedString(_ range: Range<Int>) -> String {
        var output: [UInt8] = []
        appendDecoded(range, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends bytes of the page with character references decoded.
    func appendDecoded(_ range: Range<Int>, into output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { HTMLEntities.decode($0, range, into: &output) }
    }

    /// Appends a text node's text: decoded, or as written for scripts and styles.
    func appendText(_ index: Int, into output: inout [UInt8]) {
        let node = nodes[index]
        if node.tag == HTMLNode.text {
            appendDecoded(Int(node.from)..<Int(node.to), into: &output)
        } else if node.tag == HTMLNode.rawText {
            output.append(contentsOf: bytes[Int(node.from)..<Int(node.to)])
        }
    }

    /// All text under a node (scripts included, as the DOM's `textContent`).
    func text(of index: Int) -> String { String(decoding: textBytes(of: index), as: UTF8.self) }

    /// All text under a node, as UTF-8.
    func textBytes(of index: Int) -> [UInt8] {
        var output: [UInt8] = []
        for i in index..<Int(nodes[index].end) { appendText(i, into: &output) }
        return output
    }

    /// An attribute's value with ASCII letters lowercased (for keywords: `property`, `rel`, `type`).
    func keyword(_ name: String, of index: Int) -> String? {
        attribute(name, of: index).map { String(decoding: $0.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self) }
    }

    /// The elements with a tag, in document order.
    func elements(_ tag: Tag, under root: Int = 0) -> [Int] {
        (root..<Int(nodes[root].end)).filter { nodes[$0].tag == tag.rawValue }
    }
}

/// Builds an `HTMLTree`: tokenizes the page and applies the tree-building rules.
private struct HTMLTreeBuilder {
    var nodes: [HTMLNode] = [HTMLNode(tag: Tag.document.rawValue, parent: -1, end: 0, from: 0, to: 0)]
    var attributes: [HTMLAttribute] = []
    var otherNames: [String] = []
    /// Open elements, the document first: each node's index and the place in `open` of the
    /// next open element of the same tag below it (0 for none).
    var open: [(node: Int32, sameTagBelow: Int32)] = [(0, 0)]
    /// Per tag: the place in `open` of its innermost open element (0 when none is open).
    var innermost = [Int32](repeating: 0, count: Tag.allCases.count)
    /// Per boundary: the places in `open` of the open elements of its set, innermost last.
    var boundaryElements = [[Int32]](repeating: [], count: Boundary.allCases.count)
    /// Open `svg`/`math` elements: inside them `/>` closes an element and nothing is raw text.
    var foreignDepth = 0
    var seenBody = false, seenHead = false, seenHTML = false
    /// Numbers of names by their bytes.
    var names: [PackedWord: Int32] = [:]

    static let void = TagSet([.area, .base, .br, .col, .embed, .hr, .img, .input, .link, .meta, .param,
                              .source, .track, .wbr, .keygen, .basefont, .bgsound, .frame])
    // `noscript` is read as markup (as with scripting off): pages put their lazy images there.
    static let rawText = TagSet([.script, .style, .xmp, .iframe, .noembed, .noframes, .plaintext])
    static let escapableRawText = TagSet([.title, .textarea])
    static let closesParagraph = TagSet([.address, .article, .aside, .blockquote, .center, .details, .dialog,
        .dir, .div, .dl, .fieldset, .figcaption, .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6,
        .header, .hgroup, .hr, .main, .menu, .nav, .ol, .p, .pre, .section, .table, .ul, .li, .dd, .dt,
        .listing, .plaintext, .xmp, .search, .summary])
    static let headings = TagSet([.h1, .h2, .h3, .h4, .h5, .h6])
    /// Elements beyond which an end tag does not look for its element.
    static let scope = TagSet([.applet, .caption, .html, .table, .td, .th, .marquee, .object, .template])
    static let buttonScope = scope.union(TagSet([.button]))
    static let tableScope = TagSet([.html, .table, .template])
    /// Where a table's own end tag, a new cell or a new row stops looking for what it closes.
    static let tableStop = TagSet([.html, .template])
    static let cellStop = tableScope.union(TagSet([.tr]))
    static let rowStop = tableScope.union(TagSet([.tbody, .thead, .tfoot]))
    static let cells: [Tag] = [.td, .th]
    static let rowGroups: [Tag] = [.tbody, .thead, .tfoot]
    static let definitionItems: [Tag] = [.dd, .dt]
    static let tableParts = TagSet([.table, .tbody, .thead, .tfoot, .tr, .td, .th, .caption, .colgroup])
    static let formatting = TagSet([.a, .b, .big, .code, .em, .font, .i, .nobr, .s, .small, .strike, .strong, .tt, .u])
    /// The HTML standard's "special" elements: blocks and structure.
    static let special = TagSet([.address, .applet, .area, .article, .aside, .base, .basefont, .bgsound,
        .blockquote, .body, .br, .button, .caption, .center, .col, .colgroup, .dd, .details, .dir, .div,
        .dl, .dt, .embed, .fieldset, .figcaption, .figure, .footer, .form, .frame, .frameset, .h1, .h2,
        .h3, .h4, .h5, .h6, .head, .header, .hgroup, .hr, .html, .iframe, .img, .input, .keygen, .li,
        .link, .listing, .main, .marquee, .menu, .meta, .nav, .noembed, .noframes, .noscript, .object,
        .ol, .p, .param, .plaintext, .pre, .script, .search, .section, .select, .source, .style,
        .summary, .table, .tbody, .td, .template, .textarea, .tfoot, .th, .thead, .title, .tr, .track,
        .ul, .wbr, .xmp])
    static let listItemStop = special.subtracting([.address, .div, .p, .li])
    static let definitionStop = special.subtracting([.address, .div, .p, .dd, .dt])

    /// The sets of elements beyond which an end tag, or an end implied by a start tag, does not
    /// look for the element it closes.
    enum Boundary: Int, CaseIterable {
        case scope, buttonScope, tableScope, tableStop, cellStop, rowStop, listItemStop, definitionStop, special

        var elements: TagSet {
            switch self {
            case .scope: HTMLTreeBuilder.scope
            case .buttonScope: HTMLTreeBuilder.buttonScope
            case .tableScope: HTMLTreeBuilder.tableScope
            case .tableStop: HTMLTreeBuilder.tableStop
            case .cellStop: HTMLTreeBuilder.cellStop
            case .rowStop: HTMLTreeBuilder.rowStop
            case .listItemStop: HTMLTreeBuilder.listItemStop
            case .definitionStop: HTMLTreeBuilder.definitionStop
            case .special: HTMLTreeBuilder.special
            }
        }
    }

    /// Per known tag: a bit for each boundary whose set holds it.
    static let boundaryBitsByTag: [UInt16] = Tag.allCases.map { tag in
        Boundary.allCases.reduce(0) { bits, boundary in boundary.elements.contains(tag.rawValue) ? bits | 1 << boundary.rawValue : bits }
    }

    static func boundaryBits(_ tag: Int32) -> UInt16 { Int(tag) < boundaryBitsByTag.count ? boundaryBitsByTag[Int(tag)] : 0 }

    static let knownNames: [PackedWord: Int32] = Dictionary(uniqueKeysWithValues:
        Tag.allCases.map { (PackedWord($0.name.utf8), $0.rawValue) })

    var current: Int32 { open[open.count - 1].node }

    mutating func parse(_ b: UnsafeMutableBufferPointer<UInt8>) {
        let n = b.count
        var i = 0
        while i < n {
            guard let lt = Self.find(0x3C, in: b, from: i) else {
                text(i, n)
                break
            }
            if lt > i { text(i, lt) }
            i = markup(b, at: lt)
        }
        while open.count > 1 { pop() }
        nodes[0].end = Int32(nodes.count)
    }

    /// Reads the markup that starts with the `<` at `lt`; returns where the text resumes.
    mutating func markup(_ b: UnsafeMutableBufferPointer<UInt8>, at lt: Int) -> Int {
        let n = b.count
        guard lt + 1 < n else { text(lt, n); return n }
        let c = b[lt + 1]
        if Self.isLetter(c) { return startTag(b, at: lt + 1) }
        switch c {
        case 0x2F:  // "</"
            if lt + 2 < n, Self.isLetter(b[lt + 2]) { return endTag(b, at: lt + 2) }
            if lt + 2 < n, b[lt + 2] == 0x3E { return lt + 3 }  // "</>"
            return Self.after(0x3E, in: b, from: lt + 2)  // a bogus comment
        case 0x21:  // "<!"
            if lt + 3 < n, b[lt + 2] == 0x2D, b[lt + 3] == 0x2D { return commentEnd(b, from: lt + 4) }
            return Self.after(0x3E, in: b, from: lt + 2)  // doctype, CDATA: skipped
        case 0x3F:  // "<?"
            return Self.after(0x3E, in: b, from: lt + 2)
        default:
            text(lt, lt + 1)
            return lt + 1
        }
    }

    /// Where the text resumes after a comment whose body starts at `from` ("-->", "--!>", or
    /// the end of the page for an unterminated one, as browsers read it).
    func commentEnd(_ b: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int {
        let n = b.count
        // "<!-->" and "<!--->" are empty comments.
        if from < n, b[from] == 0x3E { return from + 1 }
        if from + 1 < n, b[from] == 0x2D, b[from + 1] == 0x3E { return from + 2 }
        var i = from
        while let gt = Self.find(0x3E, in: b, from: i) {
            if gt >= from + 2, b[gt - 1] == 0x2D, b[gt - 2] == 0x2D { return gt + 1 }
            if gt >= from + 3, b[gt - 1] == 0x21, b[gt - 2] == 0x2D, b[gt - 3] == 0x2D { return gt + 1 }
            i = gt + 1
        }
        return n
    }

    // MARK: Tags

    mutating func startTag(_ b: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let n = b.count
        var i = start
        while i < n, !Self.endsName(b[i]) { b[i] = Self.lowercased(b[i]); i += 1 }
        let name = start..<i
        let tag = number(b, name)
        let firstAttribute = Int32(attributes.count)
        var selfClosing = false
        // Attributes, until ">" or the end of the page.
        while i < n {
            let c = b[i]
            if c == 0x3E { i += 1; break }
            if Self.isSpace(c) { i += 1; continue }
            if c == 0x2F {
                if i + 1 < n, b[i + 1] == 0x3E { selfClosing = true }
                i += 1
                continue
            }
            let nameStart = i
            i += 1  // a name's first byte may be "="
            while i < n, !Self.endsName(b[i]), b[i] != 0x3D { i += 1 }
            for k in nameStart..<i { b[k] = Self.lowercased(b[k]) }
            let attributeName = Int32(nameStart)..<Int32(i)
            while i < n, Self.isSpace(b[i]) { i += 1 }
            var value = Int32(i)..<Int32(i)
            if i < n, b[i] == 0x3D {
                i += 1
                while i < n, Self.isSpace(b[i]) { i += 1 }
                if i < n, b[i] == 0x22 || b[i] == 0x27 {
                    let close = Self.find(b[i], in: b, from: i + 1) ?? n
                    value = Int32(i + 1)..<Int32(close)
                    i = min(n, close + 1)
                } else {
                    let valueStart = i
                    while i < n, !Self.isSpace(b[i]), b[i] != 0x3E { i += 1 }
                    value = Int32(valueStart)..<Int32(i)
                }
            }
            attributes.append(HTMLAttribute(name: attributeName, value: value))
        }
        open(tag, attributes: firstAttribute..<Int32(attributes.count), selfClosing: selfClosing)
        guard foreignDepth == 0, current != 0, nodes[Int(current)].tag == tag,
              Self.rawText.contains(tag) || Self.escapableRawText.contains(tag) else { return i }
        // Raw text runs to the element's end tag.
        let close = rawTextEnd(b, name: name, from: i)
        if close > i { appendText(from: i, to: close, raw: Self.rawText.contains(tag)) }
        pop()
        return close < n ? Self.after(0x3E, in: b, from: close) : n
    }

    mutating func endTag(_ b: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var i = start
        while i < b.count, !Self.endsName(b[i]) { b[i] = Self.lowercased(b[i]); i += 1 }
        close(number(b, start..<i))
        return Self.after(0x3E, in: b, from: i)
    }

    /// Where the end tag `</name` of a raw text element starts, or the end of the page.
    func rawTextEnd(_ b: UnsafeMutableBufferPointer<UInt8>, name: Range<Int>, from: Int) -> Int {
        var i = from
        while let lt = Self.find(0x3C, in: b, from: i) {
            let after = lt + 2 + name.count
            if after <= b.count, b[lt + 1] == 0x2F,
               name.indices.allSatisfy({ Self.lowercased(b[lt + 2 + $0 - name.lowerBound]) == b[$0] }),
               after == b.count || Self.endsName(b[after]) {
                return lt
            }
            i = lt + 1
        }
        return b.count
    }

    // MARK: Tree building

    mutating func open(_ tag: Int32, attributes: Range<Int32>, selfClosing: Bool) {
        if foreignDepth == 0 {
            switch tag {
            case Tag.html.rawValue:
                if seenHTML { return }
                seenHTML = true
            case Tag.head.rawValue:
                if seenHead || seenBody { return }
                seenHead = true
            case Tag.body.rawValue:
                if seenBody { return }
                seenBody = true
                closeElement(Tag.head.rawValue, within: .scope)
            default:
                closeImplied(by: tag)
            }
        }
        let index = Int32(nodes.count)
        nodes.append(HTMLNode(tag: tag, parent: current, end: index + 1, from: attributes.lowerBound, to: attributes.upperBound))
        if Self.void.contains(tag) || (selfClosing && foreignDepth > 0) { return }
        if selfClosing && (tag == Tag.svg.rawValue || tag == Tag.math.rawValue) { return }
        push(index, tag)
        if tag == Tag.svg.rawValue || tag == Tag.math.rawValue { foreignDepth += 1 }
    }

    /// Closes the elements that a start tag ends by the HTML rules: a paragraph before a block,
    /// the previous list item, table cell or row, option, heading or link.
    mutating func closeImplied(by tag: Int32) {
        if Self.closesParagraph.contains(tag) { closeElement(Tag.p.rawValue, within: .buttonScope) }
        switch tag {
        case Tag.h1.rawValue, Tag.h2.rawValue, Tag.h3.rawValue, Tag.h4.rawValue, Tag.h5.rawValue, Tag.h6.rawValue:
            if Self.headings.contains(nodes[Int(current)].tag) { pop() }
        case Tag.li.rawValue:
            closeElement(Tag.li.rawValue, within: .listItemStop)
        case Tag.dd.rawValue, Tag.dt.rawValue:
            closeAny(Self.definitionItems, within: .definitionStop)
        case Tag.td.rawValue, Tag.th.rawValue:
            closeAny(Self.cells, within: .cellStop)
        case Tag.tr.rawValue:
            closeAny(Self.cells, within: .cellStop)
            closeElement(Tag.tr.rawValue, within: .rowStop)
        case Tag.tbody.rawValue, Tag.thead.rawValue, Tag.tfoot.rawValue:
            closeAny(Self.rowGroups, within: .tableScope)
        case Tag.option.rawValue:
            if nodes[Int(current)].tag == Tag.option.rawValue { pop() }
        case Tag.optgroup.rawValue:
            if nodes[Int(current)].tag == Tag.option.rawValue { pop() }
            if nodes[Int(current)].tag == Tag.optgroup.rawValue { pop() }
        case Tag.a.rawValue:
            closeElement(Tag.a.rawValue, within: .scope)  // links do not nest
        default:
            break
        }
    }

    /// The end tag of `tag`: closes the open element it names and those opened after it, if the
    /// element is within reach; otherwise (a stray or misplaced end tag) nothing.
    mutating func close(_ tag: Int32) {
        switch tag {
        case Tag.br.rawValue:
            open(tag, attributes: 0..<0, selfClosing: false)
        case Tag.html.rawValue, Tag.body.rawValue:
            break  // what follows still belongs to the body
        default:
            if Self.tableParts.contains(tag) {
                closeElement(tag, within: tag == Tag.table.rawValue ? .tableStop : .tableScope)
            } else if Self.special.contains(tag) || Self.formatting.contains(tag) || foreignDepth > 0 {
                closeElement(tag, within: tag == Tag.p.rawValue ? .buttonScope : .scope)
            } else {
                // Inline and unknown elements do not close the blocks opened inside them.
                closeElement(tag, within: .special)
            }
        }
    }

    /// Closes the innermost open `tag` unless an element of `boundary` is opened after it.
    mutating func closeElement(_ tag: Int32, within boundary: Boundary) {
        close(at: Int(tag) < innermost.count ? Int(innermost[Int(tag)]) : 0, within: boundary)
    }

    /// Closes the innermost open element of `tags` unless an element of `boundary` is opened after it.
    mutating func closeAny(_ tags: [Tag], within boundary: Boundary) {
        close(at: tags.reduce(0) { max($0, Int(innermost[Int($1.rawValue)])) }, within: boundary)
    }

    /// Closes the open element at `place` in `open` (0: none) and those after it, unless an
    /// element of `boundary` lies after it (the element itself may belong to the boundary).
    private mutating func close(at place: Int, within boundary: Boundary) {
        guard place > 0, place >= Int(boundaryElements[boundary.rawValue].last ?? 0) else { return }
        while open.count > place { pop() }
    }

    /// Opens the element `index`, of `tag`.
    private mutating func push(_ index: Int32, _ tag: Int32) {
        let place = Int32(open.count)
        if Int(tag) >= innermost.count { innermost.append(contentsOf: repeatElement(0, count: Int(tag) + 1 - innermost.count)) }
        open.append((index, innermost[Int(tag)]))
        innermost[Int(tag)] = place
        var bits = Self.boundaryBits(tag)
        while bits != 0 {
            boundaryElements[bits.trailingZeroBitCount].append(place)
            bits &= bits - 1
        }
    }

    mutating func pop() {
        let (node, sameTagBelow) = open.removeLast()
        nodes[Int(node)].end = Int32(nodes.count)
        let tag = nodes[Int(node)].tag
        innermost[Int(tag)] = sameTagBelow
        var bits = Self.boundaryBits(tag)
        while bits != 0 {
            boundaryElements[bits.trailingZeroBitCount].removeLast()
            bits &= bits - 1
        }
        if tag == Tag.svg.rawValue || tag == Tag.math.rawValue { foreignDepth -= 1 }
    }

    mutating func text(_ from: Int, _ to: Int) { appendText(from: from, to: to, raw: false) }

    /// Adds text to the current element, extending the text just before it when contiguous.
    mutating func appendText(from: Int, to: Int, raw: Bool) {
        let kind = raw ? HTMLNode.rawText : HTMLNode.text
        let last = nodes.count - 1
        if nodes[last].tag == kind, nodes[last].parent == current, nodes[last].to == Int32(from) {
            nodes[last].to = Int32(to)
            return
        }
        nodes.append(HTMLNode(tag: kind, parent: current, end: Int32(nodes.count + 1), from: Int32(from), to: Int32(to)))
    }

    // MARK: Names and bytes

    /// The number of a tag name (known, or numbered on first sight).
    mutating func number(_ b: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int32 {
        let key = PackedWord(b[range])
        if let known = Self.knownNames[key] { return known }
        if let seen = names[key] { return seen }
        let number = Int32(Tag.allCases.count + otherNames.count)
        otherNames.append(String(decoding: b[range], as: UTF8.self))
        names[key] = number
        return number
    }

    static func find(_ byte: UInt8, in b: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let found = memchr(b.baseAddress! + from, Int32(byte), b.count - from) else { return nil }
        return b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Just after the next `byte`, or the end of the page.
    static func after(_ byte: UInt8, in b: UnsafeMutableBufferPointer<UInt8>, from: Int) -> Int {
        find(byte, in: b, from: from).map { $0 + 1 } ?? b.count
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
    static func endsName(_ c: UInt8) -> Bool { isSpace(c) || c == 0x2F || c == 0x3E }
    static func lowercased(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
}
