/// Finds the element that holds a page's article when the markup does not say (no usable
/// `<article>`), in the manner of readability: every paragraph votes for its parent (fully) and
/// grandparent (half) with a score for its length and commas; a container's votes are discounted
/// by its link density; the best container and those of its siblings that score close to it hold
/// the article.
enum ContentScorer {
    /// Paragraph-like elements that carry article text.
    static let paragraphTags = TagSet([.p, .pre, .blockquote, .td, .h2, .h3, .li])
    /// Paragraphs shorter than this (bytes of text) are captions, buttons or labels and do not vote.
    static let minimumParagraphBytes = 25

    /// The elements under `root` to extract, in document order.
    static func contentRoots(_ page: HTMLPage, root: Int) -> [Int] {
        let tree = page.tree
        let end = Int(tree[root].end)
        // Elements outside furniture in document order; visible text and link text per element.
        var elements: [Int] = []
        var textBytes = [Int](repeating: 0, count: end - root)  // by node index minus root
        var linkBytes = textBytes
        var inLink = [Bool](repeating: false, count: end - root)
        var i = root
        while i < end {
            let node = tree[i]
            let parent = Int(node.parent) - root
            if node.isElement {
                if i != root && page.isFurniture[i] {
                    i = Int(node.end)
                    continue
                }
                elements.append(i)
                if i != root { inLink[i - root] = inLink[parent] || node.tag == Tag.a.rawValue }
            } else if node.tag == HTMLNode.text {
                let length = visibleLength(tree, i)
                textBytes[parent] += length
                if inLink[parent] { linkBytes[parent] += length }
            }
            i += 1
        }
        // Children come after their parents: accumulate sums bottom-up.
        for index in elements.reversed() where index != root {
            let parent = Int(tree[index].parent) - root
            textBytes[parent] += textBytes[index - root]
            linkBytes[parent] += linkBytes[index - root]
        }
        var score = [Double](repeating: 0, count: end - root)
        for index in elements where paragraphTags.contains(tree[index].tag) && index != root {
            let text = textBytes[index - root] - linkBytes[index - root]
            guard text >= minimumParagraphBytes else { continue }
            let vote = 1 + Double(commas(tree, under: index)) + min(Double(text) / 100, 3)
            let parent = Int(tree[index].parent)
            score[parent - root] += vote
            if parent != root { score[Int(tree[parent].parent) - root] += vote / 2 }
        }
        for index in elements where score[index - root] > 0 {
            score[index - root] *= 1 - Double(linkBytes[index - root]) / Double(max(1, textBytes[index - root]))
        }
        guard let top = elements.max(by: { score[$0 - root] < score[$1 - root] }), score[top - root] > 0 else { return [root] }
        // Siblings that score close to the best container belong to the article too (a body
        // split into several divs).
        guard top != root else { return [top] }
        let parent = tree[top].parent
        let threshold = max(10, score[top - root] * 0.2)
        return elements.filter { $0 == top || ($0 != root && tree[$0].parent == parent && score[$0 - root] >= threshold) }
    }

    /// Bytes of a text node, not counting whitespace.
    static func visibleLength(_ tree: HTMLTree, _ index: Int) -> Int {
        tree.bytes[Int(tree[index].from)..<Int(tree[index].to)].reduce(0) {
            $0 + ($1 != 0x20 && $1 != 0x0A && $1 != 0x09 && $1 != 0x0D ? 1 : 0)
        }
    }

    /// Commas in the text under an element.
    static func commas(_ tree: HTMLTree, under index: Int) -> Int {
        (index..<Int(tree[index].end)).reduce(0) { count, i in
            tree[i].isElement ? count : tree.bytes[Int(tree[i].from)..<Int(tree[i].to)].reduce(count) { $0 + ($1 == 0x2C ? 1 : 0) }
        }
    }
}
