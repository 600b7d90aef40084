import Foundation
import Testing
@testable import Doppel

@Suite struct HTMLTreeTests {
    /// The tree as an outline: "tag(children)" for elements, quoted text for text (neighbouring
    /// text nodes, split where a comment or a stray tag stood, as one).
    static func outline(_ html: String) -> String {
        let tree = HTMLTree(Array(html.utf8))
        func render(_ index: Int) -> String {
            var children: [String] = []
            var text: String?
            var child = index + 1
            while child < Int(tree[index].end) {
                if tree[child].isElement {
                    if let pending = text { children.append("\"" + pending + "\"") }
                    text = nil
                    children.append(render(child))
                } else {
                    text = (text ?? "") + tree.text(of: child)
                }
                child = Int(tree[child].end)
            }
            if let pending = text { children.append("\"" + pending + "\"") }
            return tree.name(index) + (children.isEmpty ? "" : "(" + children.joined(separator: " ") + ")")
        }
        return render(0)
    }

    @Test func startTagsCloseWhatTheHTMLRulesClose() {
        #expect(Self.outline("<ul><li>one<li>two</ul>") == "#document(ul(li(\"one\") li(\"two\")))")
        #expect(Self.outline("<p>a<div>b</div>") == "#document(p(\"a\") div(\"b\"))")
        #expect(Self.outline("<p>a<span>b<p>c") == "#document(p(\"a\" span(\"b\")) p(\"c\"))")
        #expect(Self.outline("<table><tr><td>a<td>b<tr><td>c</table>")
                == "#document(table(tr(td(\"a\") td(\"b\")) tr(td(\"c\"))))")
        #expect(Self.outline("<dl><dt>term<dd>meaning<dt>next</dl>") == "#document(dl(dt(\"term\") dd(\"meaning\") dt(\"next\")))")
        #expect(Self.outline("<a href=1>one<a href=2>two") == "#document(a(\"one\") a(\"two\"))")
        #expect(Self.outline("<h2>a<h3>b") == "#document(h2(\"a\") h3(\"b\"))")
        // A list item inside a nested list does not close the outer one.
        #expect(Self.outline("<ul><li>a<ul><li>b</ul></ul>") == "#document(ul(li(\"a\" ul(li(\"b\")))))")
    }

    @Test func endTagsCloseWithinTheirScopeAndStrayOnesAreIgnored() {
        #expect(Self.outline("<div><p>x</span>y</p></div>z") == "#document(div(p(\"xy\")) \"z\")")
        #expect(Self.outline("<div><b>bold<i>both</b>after</div>") == "#document(div(b(\"bold\" i(\"both\")) \"after\"))")
        // An end tag does not reach out of a table cell.
        #expect(Self.outline("<div><table><tr><td>cell</div>still</td></tr></table></div>")
                == "#document(div(table(tr(td(\"cellstill\")))))")
        // One body, whatever the page repeats; text after </body> stays in it.
        #expect(Self.outline("<html><body><p>a</p></body><body>b</html>c") == "#document(html(body(p(\"a\") \"bc\")))")
        #expect(Self.outline("<P CLASS=x>Upper</P>") == "#document(p(\"Upper\"))")
    }

    @Test func rawTextCommentsAndEntities() {
        let page = "<title>A &amp; B</title><script>if (a < b) { s = \"</div><p>\" }</script>"
            + "<!-- <p>hidden</p> --><p>caf&eacute; &#8217;&#x2014;&nbsp;&bogus; &#150; 5 &lt; 6</p><style>p>b{}</STYLE >"
        let tree = HTMLTree(Array(page.utf8))
        let title = tree.elements(.title)[0], script = tree.elements(.script)[0], p = tree.elements(.p)[0]
        #expect(tree.text(of: title) == "A & B")
        #expect(tree.text(of: script) == "if (a < b) { s = \"</div><p>\" }")  // scripts are not decoded
        #expect(tree.elements(.p).count == 1)
        #expect(tree.text(of: p) == "café ’—\u{A0}&bogus; – 5 < 6")
        #expect(tree.text(of: tree.elements(.style)[0]) == "p>b{}")
        // An unterminated comment runs to the end of the page, as in browsers.
        #expect(Self.outline("<p>a</p><!-- <p>b</p>") == "#document(p(\"a\"))")
        #expect(Self.outline("<p>a<!--->b<!-->c</p>") == "#document(p(\"abc\"))")
        // noscript is read as markup: its images are not text.
        #expect(Self.outline("<noscript><img src=x.jpg alt=photo></noscript>") == "#document(noscript(img))")
    }

    @Test func attributesAreReadInEveryQuotingStyle() {
        let tree = HTMLTree(Array("<meta NAME=Author content='Ana &quot;Costa&quot;' data-x = \"1\" name=\"second\" disabled>".utf8))
        let meta = tree.elements(.meta)[0]
        #expect(tree.attribute("name", of: meta) == "Author")  // the first of two wins
        #expect(tree.keyword("name", of: meta) == "author")
        #expect(tree.attribute("content", of: meta) == "Ana \"Costa\"")
        #expect(tree.attribute("data-x", of: meta) == "1")
        #expect(tree.attribute("disabled", of: meta) == "")
        #expect(tree.attribute("missing", of: meta) == nil)
    }

    @Test func anyBytesParseWithoutLosingTheTreeShape() {
        let deep = String(repeating: "<div>", count: 10_000) + "x" + String(repeating: "</div>", count: 10_000) + "<p>after"
        let tree = HTMLTree(Array(deep.utf8))
        #expect(tree.count == 10_000 + 3 + 1)  // document, divs, "x", p, "after"
        #expect(tree.text(of: tree.elements(.p)[0]) == "after")
        #expect(Int(tree[1].end) == 10_002)  // the outermost div holds the divs and "x"
        for page in ["<", "<a", "</", "<!", "<!--", "<a href=\"unterminated", "</>x", "<?xml?>y", "&#", "&#x;", "a<3b"] {
            let tree = HTMLTree(Array(page.utf8))
            #expect(Int(tree[0].end) == tree.count)
            #expect(tree.nodes.allSatisfy { $0.end > 0 && Int($0.end) <= tree.count })
        }
        #expect(Self.outline("a<3b</>x") == "#document(\"a<3bx\")")
    }

    @Test func pageMetadataIncludesAuthorLanguageAndFallbackDates() {
        let page = """
        <html lang="pt_br"><head><title>Ponte reaberta - Diário</title>
        <script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ana Costa"}]}</script>
        <meta name="author" content="By Someone Else"></head>
        <body><div class="comments"><time datetime="2026-01-09">9 Jan</time></div>
        <article><h1>Ponte reaberta</h1><time datetime="2026-01-07T10:00">7 Jan</time>
        <p>A ponte foi reaberta ao trânsito na terça-feira depois de quatro anos de obras no rio.</p></article></body></html>
        """
        let article = Fixtures.article(page, format: .html)
        #expect(article.author == "Ana Costa")
        #expect(article.language == "pt-BR")
        #expect(article.date?.iso == "2026-01-07")  // not the comment's
        #expect(article.title == "Ponte reaberta")
        let meta = Fixtures.article("<html><head><meta name=author content=\"By Ana Costa\"><link rel=canonical href=\"https://x.example/2025/12/01/ponte\"></head><body><p>Texto.</p></body></html>", format: .html)
        #expect(meta.author == "Ana Costa")
        #expect(meta.date?.iso == "2025-12-01")
    }

    @Test func readsTextBetweenLineBreaksAndSkipsTeaserArticles() {
        let sentence = "The harbor reopened on Monday after crews cleared the wreck, repaired two moorings, and checked the quay."
        let lines = (1...4).map { "Line \($0): \(sentence)" }
        let page = "<html><body><div class=menu><a href=/>Home</a></div><div class=wrapper><div class=content>"
            + lines.joined(separator: "<br><br>") + "</div></div><div class=about><p>About us, in short.</p></div></body></html>"
        #expect(Fixtures.article(page, format: .html).paragraphs == lines)

        let teaser = "<article><h2>Other story</h2><p>\(sentence) More of another story follows here.</p></article>"
        let parts = (1...5).map { "Part \($0): \(sentence)" }
        let page2 = "<html><body><article><h1>Harbor reopens</h1>" + parts.map { "<p>\($0)</p>" }.joined() + "</article>"
            + "<article><h3>You may like</h3>" + String(repeating: teaser, count: 5) + "</article></body></html>"
        #expect(Fixtures.article(page2, format: .html).paragraphs == parts)
    }

    @Test func extractJSONIsKeyedByPageNameWithTheBodyAsArticleBody() throws {
        let articles = [Article(id: "dir/page.html.gz", format: .html, title: "T", paragraphs: ["Body one.", "Body two."]),
                        Article(id: "a.html", format: .html, paragraphs: []), Article(id: "a.txt", format: .text, paragraphs: [])]
        let json = try JSONSerialization.jsonObject(with: Data(JSONReport.extraction(articles).serialized().utf8)) as? [String: [String: Any]]
        let page = try #require(json?["dir/page"])
        #expect(page["articleBody"] as? String == "Body one.\n\nBody two.")
        #expect(page["id"] as? String == "dir/page.html.gz")
        #expect(page["title"] as? String == "T")
        #expect(Set(json!.keys) == ["dir/page", "a.html", "a.txt"])  // "a" would clash: whole ids
    }
}
