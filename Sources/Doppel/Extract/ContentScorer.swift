import CLibXML2

/// Finds the element that holds a page's article when the markup does not say (no usable
/// `<article>`), in the manner of readability: every paragraph votes for its parent (fully) and
/// grandparent (half) with a score for its length and commas; a container's votes are discounted
/// by its link density; the best container and those of its siblings that score close to it hold
/// the article.
enum ContentScorer {
    /// Paragraph-like elements that carry article text.
    static let paragraphTags: Set<String> = ["p", "pre", "blockquote", "td", "h2", "h3", "li"]
    /// Paragraphs shorter than this (bytes of text) are captions, buttons or labels and do not vote.
    static let minimumParagraphBytes = 25

    /// The elements to extract, in document order.
    static func contentRoots(_ root: xmlNodePtr, isFurniture: (xmlNodePtr, String) -> Bool) -> [xmlNodePtr] {
        // Pre-order list of elements with parent indexes; text and link bytes per element.
        var nodes: [xmlNodePtr] = []
        var parents: [Int] = []
        var textBytes: [Int] = []
        var linkBytes: [Int] = []
        var stack: [(xmlNodePtr, Int, Bool)] = [(root, -1, false)]  // node, parent index, inside a link
        while let (node, parent, inLink) = stack.popLast() {
            if node.pointee.type == XML_TEXT_NODE, parent >= 0, let content = node.pointee.content {
                let length = visibleLength(content)
                textBytes[parent] += length
                if inLink { linkBytes[parent] += length }
                continue
            }
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = HTMLBlocks.name(node)
            if node != root && isFurniture(node, tag) { continue }
            let index = nodes.count
            nodes.append(node)
            parents.append(parent)
            textBytes.append(0)
            linkBytes.append(0)
            for c in HTMLBlocks.children(of: node).reversed() { stack.append((c, index, inLink || tag == "a")) }
        }
        // Children come after their parents: accumulate sums bottom-up.
        for index in stride(from: nodes.count - 1, to: 0, by: -1) where parents[index] >= 0 {
            textBytes[parents[index]] += textBytes[index]
            linkBytes[parents[index]] += linkBytes[index]
        }
        var score = [Double](repeating: 0, count: nodes.count)
        for index in nodes.indices where paragraphTags.contains(HTMLBlocks.name(nodes[index])) {
            let text = textBytes[index] - linkBytes[index]
            guard text >= minimumParagraphBytes else { continue }
            let commas = Double(HTMLBlocks.text(nodes[index]).utf8.reduce(0) { $0 + ($1 == 0x2C ? 1 : 0) })
            let vote = 1 + commas + min(Double(text) / 100, 3)
            let parent = parents[index]
            if parent >= 0 {
                score[parent] += vote
                if parents[parent] >= 0 { score[parents[parent]] += vote / 2 }
            }
        }
        for index in nodes.indices where score[index] > 0 {
            score[index] *= 1 - Double(linkBytes[index]) / Double(max(1, textBytes[index]))
        }
        guard let top = nodes.indices.max(by: { score[$0] < score[$1] }), score[top] > 0 else { return [root] }
        // Siblings that score close to the best container belong to the article too (a body
        // split into several divs).
        let parent = parents[top]
        guard parent >= 0 else { return [nodes[top]] }
        let threshold = max(10, score[top] * 0.2)
        return nodes.indices.filter { $0 == top || (parents[$0] == parent && score[$0] >= threshold) }.map { nodes[$0] }
    }

    /// Bytes of text in a text node, not counting whitespace.
    static func visibleLength(_ content: UnsafePointer<xmlChar>) -> Int {
        var count = 0
        var p = content
        while p.pointee != 0 {
            let b = p.pointee
            if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { count += 1 }
            p += 1
        }
        return count
    }
}
