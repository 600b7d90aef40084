import Foundation
import Testing
@testable import Doppel

/// Inputs shaped to make a parser super-linear (found by fuzzing, or the shapes each parser
/// invites): built here at test time, large enough that a quadratic step would take many seconds
/// even in a release build, and checked for the right output, not only for finishing.
@Suite struct HostileExtractionTests {
    static func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    // MARK: Markdown and text

    @Test func deeplyNestedLinksKeepTheirText() {
        let n = 16_000
        let line = Self.repeated("[", n) + "link](x)" + Self.repeated("](x)", n - 1)
        #expect(Markdown.inline(line) == "link")
        #expect(TextBlocks.blocks(of: "Intro line.\n\n" + line).map(\.text) == ["Intro line.", "link"])
        #expect(Markdown.inline("a [b [c](x) d](y) e") == "a b c d e")
    }

    @Test func unclosedLinkTargetsStayAsWritten() {
        let opened = Self.repeated("[a](", 20_000)
        #expect(Markdown.inline(opened) == opened)
        let brackets = Self.repeated("word [ ", 20_000)
        #expect(Markdown.inline(brackets) == brackets)
        let images = Self.repeated("![", 20_000) + "x"
        #expect(Markdown.inline(images) == images)
        // The last of many links' targets closes: each earlier one finds it too, and is one link.
        #expect(Markdown.inline(Self.repeated("[a](", 3) + "x)") == "a")
    }

    @Test func longRunsOfMarkersAndAngleBracketsStay() {
        let stars = "a " + Self.repeated("*", 100_000) + " b"
        #expect(Markdown.inline(stars) == stars)
        let underscores = "x" + Self.repeated("_", 100_000) + "y"
        #expect(Markdown.inline(underscores) == underscores)
        #expect(Markdown.inline("**bold** and _it_ and snake_case, 2 * 3") == "bold and it and snake_case, 2 * 3")
        let angles = Self.repeated("<", 100_000)
        #expect(Markdown.inline(angles) == angles)
        // Each "<" before the one ">" starts an autolink candidate: one is read, the rest stay.
        let autolinks = Self.repeated("<", 50_000) + "http://x.example>"
        #expect(Markdown.inline(autolinks) == Self.repeated("<", 49_999) + "http://x.example")
    }

    @Test func aLongHardWrappedParagraphIsJoinedInLinearTime() {
        let first = Self.repeated("É", 60) + " b"
        let lines = Self.repeated("É b\n", 20_000)
        let blocks = TextBlocks.blocks(of: "Intro.\n\n" + first + "\n" + lines)
        #expect(blocks.count == 2)
        #expect(blocks[1].text == first + Self.repeated(" É b", 20_000))
    }

    // MARK: HTML

    /// The places of an element's ancestors' tags, innermost first, up to the document.
    static func ancestors(_ tree: HTMLTree, _ index: Int) -> [String] {
        var names: [String] = []
        var i = Int(tree[index].parent)
        while i > 0 { names.append(tree.name(i)); i = Int(tree[i].parent) }
        return names
    }

    @Test func blocksInsideAButtonDoNotRescanTheOpenElements() {
        // Each <div> looks for an open <p> to close and stops at the <button>: once per tag, not
        // once per open element.
        let n = 20_000
        let tree = HTMLTree(Array(("<p><button>" + Self.repeated("<div>", n) + "text").utf8))
        let text = tree.count - 1
        #expect(tree.text(of: text) == "text")
        #expect(Self.ancestors(tree, text) == Array(repeating: "div", count: n) + ["button", "p"])
    }

    @Test func strayEndTagsBehindATableAreIgnoredInLinearTime() {
        let n = 20_000
        let tree = HTMLTree(Array(("<i><table>" + Self.repeated("<b>", n) + Self.repeated("</i>", n) + "text").utf8))
        let text = tree.count - 1
        #expect(Self.ancestors(tree, text) == Array(repeating: "b", count: n) + ["table", "i"])
        // Within reach, the same end tag closes what was opened after its element.
        #expect(HTMLTreeTests.outline("<i><b><b>x</i>y") == "#document(i(b(b(\"x\"))) \"y\")")
    }

    @Test func manySiblingArticlesAreMeasuredOnce() {
        let sentence = "The ferry resumed service on Friday after the storm damage to the pier was repaired by crews."
        let body = (1...8).map { "<p>\($0). \(sentence)</p>" }.joined()
        let teasers = Self.repeated("<article>teaser</article>", 20_000)
        let page = "<html><body><article>" + teasers + "</article><article>" + body + "</article></body></html>"
        let article = Fixtures.article(page, format: .html)
        #expect(article.paragraphs == (1...8).map { "\($0). \(sentence)" })
        let parsed = HTMLPage(HTMLTree(Array(page.utf8)))
        let articles = parsed.tree.elements(.article)
        let own = HTMLBlocks.ownText(of: articles, parsed)
        #expect(own[0] == 0 && own[1] == 6 && own.last == parsed.textBytes[articles.last!])
    }

    @Test func nestedFurnitureAndTimesAreReadInLinearTime() {
        let n = 20_000
        let words = Self.repeated("word ", 400)
        // Share bars nested in share bars: furniture, each with too few paragraphs to be the article.
        let shares = HTMLPage(HTMLTree(Array(("<body>" + Self.repeated("<div class=share>", n) + words).utf8)))
        #expect(shares.tree.elements(.div).allSatisfy { shares.isFurniture[$0] })
        let withParagraphs = HTMLPage(HTMLTree(Array(("<div class=share><p>" + words + "<p>a<p>b</div>").utf8)))
        #expect(!withParagraphs.isFurniture[withParagraphs.tree.elements(.div)[0]])
        // Dateless <time>s nested in a comment section, then the article's own.
        let page = "<html><body><div class=comments>" + Self.repeated("<time>", n) + "</div>"
            + "<p><time datetime=\"2024-05-06\">6 May</time> The pier reopened.</p></body></html>"
        #expect(Fixtures.article(page, format: .html).date?.iso == "2024-05-06")
    }

    // MARK: Index files

    @Test func aDamagedIndexFileIsRefusedBeforeAnythingIsAllocated() throws {
        let dir = Fixtures.scratch()
        defer { Fixtures.cleanUp(dir) }
        let text = (1...60).map { "word\($0)" }.joined(separator: " ")
        let lines = [["id": "a", "text": text], ["id": "b", "text": text + " more"]]
        let input = dir.appendingPathComponent("in.jsonl")
        try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) + "\n" }.joined()
            .write(to: input, atomically: true, encoding: .utf8)
        var index = DedupIndex(threshold: 0.8)
        _ = Deduplicator().run([input.path], into: &index, problem: { _ in })
        let path = dir.appendingPathComponent("x.index").path
        try index.save(to: path)
        let saved = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try DedupIndex.load(from: path).ids == ["a", "b"] && index.links.count == 1)
        /// The saved file with `value`'s bytes written at `offset` (from the end when negative).
        func damaged<T>(_ value: T, at offset: Int) -> [UInt8] {
            var bytes = saved
            let start = offset < 0 ? bytes.count + offset : offset
            withUnsafeBytes(of: value) { bytes.replaceSubrange(start..<(start + $0.count), with: $0) }
            return bytes
        }
        // Found by fuzzing (format 2: counts at 24, id lengths after the signatures, dates, added
        // days and sizes, the link last): each used to trap — a count beyond Int, a negative
        // length, a link to no document — or to allocate whatever the header said.
        let lengths = 40 + 2 * (4 * Sketch.slots + 12)
        for bytes in [damaged(UInt64(0x9797_9797_9797_9797), at: 24), damaged(UInt64(1) << 40, at: 24),
                      damaged(Int32(-5), at: lengths), damaged(Int32.max, at: lengths), damaged(Int32(99), at: -12)] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: DedupIndex.StorageError.self) { try DedupIndex.load(from: path) }
        }
    }

    // MARK: Reports

    @Test func theTextReportPrintsNoControlCharacters() {
        let article = Article(id: "evil\u{1B}[2J.html", format: .html, title: "Title\u{1B}]0;owned\u{07}\nurl: fake",
                              publisher: "Pub\u{9B}31m\u{08}", author: "Ana\tCosta",
                              paragraphs: ["One\u{1B}[1m bold\u{7F}.", "Two."],
                              removed: [RemovedBlock(text: "Sign\u{07} up", reason: .newsletter)])
        let report = TextReport.extraction([article], showRemoved: true)
        #expect(!report.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        #expect(report.contains("== evil[2J.html\n"))
        #expect(report.contains("title:     Title]0;owned url: fake\n"))
        #expect(report.contains("publisher: Pub31m\n"))
        #expect(report.contains("author:    Ana Costa\n"))
        #expect(report.contains("\nOne[1m bold.\n\nTwo.\n"))
        #expect(report.contains("[newsletter] Sign up\n"))
        #expect(TextReport.printable("plain “text” — café") == "plain “text” — café")
    }
}
