/// Finds the element that holds a page's article when the markup does not say (no usable
/// `<article>`), in the manner of readability: every paragraph votes for its parent (fully) and
/// grandparent (half) with a score for its length and commas; a container's votes are discounted
/// by its link density; the best container and those of its siblings that score close to it hold
/// the article.
enum ContentScorer {
    /// Paragraph-like elements that carry article text.
    static let paragraphTags = TagSet([.p, .pre, .blockquote, .td, .h2, .h3, .li])
    /// Elements whose presence keeps a `<div>` from reading as a paragraph (readability's list).
    static let divisionBlocks = TagSet([.blockquote, .dl, .div, .img, .ol, .p, .pre, .table, .ul, .section, .article,
                                        .h1, .h2, .h3, .h4, .h5, .h6])
    /// Containers whose own text (not inside a child element) votes.
    static let looseTextHolders = TagSet([.div, .section, .article, .main, .td])
    /// Paragraphs shorter than this (bytes of text) are captions, buttons or labels and do not vote.
    static let minimumParagraphBytes = 25

    /// The elements under `root` to extract, in document order.
    static func contentRoots(_ page: HTMLPage, root: Int) -> [Int] {
        let tree = page.tree
        let end = Int(tree[root].end)
        // Elements outside furniture in document order; per element (by node index minus root)
        // its own text (text nodes directly inside it) and the commas in it, then the visible
        // text and link text of its whole subtree.
        var elements: [Int] = []
        var ownText = [Int](repeating: 0, count: end - root)
        var ownCommas = ownText, linkBytes = ownText
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
                let (length, commas) = visibleLengthAndCommas(tree, i)
                ownText[parent] += length
                ownCommas[parent] += commas
                if inLink[parent] { linkBytes[parent] += length }
            }
            i += 1
        }
        // Children come after their parents: accumulate sums bottom-up.
        var textBytes = ownText, commaCount = ownCommas
        var holdsBlocks = [Bool](repeating: false, count: end - root)
        for index in elements.reversed() where index != root {
            let parent = Int(tree[index].parent) - root
            textBytes[parent] += textBytes[index - root]
            linkBytes[parent] += linkBytes[index - root]
            commaCount[parent] += commaCount[index - root]
            if holdsBlocks[index - root] || divisionBlocks.contains(tree[index].tag) { holdsBlocks[parent] = true }
        }
        var score = [Double](repeating: 0, count: end - root)
        func vote(bytes: Int, commas: Int) -> Double { 1 + Double(commas) + min(Double(bytes) / 100, 3) }
        for index in elements where index != root {
            let k = index - root
            let parent = Int(tree[index].parent)
            // A <div> holding only text and inline markup is a paragraph too (as readability reads it).
            let tag = tree[index].tag
            if paragraphTags.contains(tag) || (tag == Tag.div.rawValue && !holdsBlocks[k]) {
                let text = textBytes[k] - linkBytes[k]
                guard text >= minimumParagraphBytes else { continue }
                let v = vote(bytes: text, commas: commaCount[k])
                score[parent - root] += v
                if parent != root { score[Int(tree[parent].parent) - root] += v / 2 }
            } else if looseTextHolders.contains(tag), !inLink[k], ownText[k] >= minimumParagraphBytes {
                // Text written straight into a container beside its blocks (lines between <br>s)
                // votes as paragraphs inside that container would: for it, and half for its parent.
                let v = vote(bytes: ownText[k], commas: ownCommas[k])
                score[k] += v
                score[parent - root] += v / 2
            }
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

    /// Bytes of a text node not counting whitespace, and its commas.
    static func visibleLengthAndCommas(_ tree: HTMLTree, _ index: Int) -> (Int, Int) {
        var length = 0, commas = 0
        for byte in tree.bytes[Int(tree[index].from)..<Int(tree[index].to)] {
            if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { length += 1 }
            if byte == 0x2C { commas += 1 }
        }
        return (length, commas)
    }
}
