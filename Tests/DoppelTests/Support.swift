import Foundation
@testable import Doppel

/// Test helpers: fixture locations and a scratch directory.
enum Fixtures {
    /// The repository's `examples/` folder.
    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples").path
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    static func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("doppel-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func cleanUp(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    static func article(_ text: String, id: String = "a.txt", format: DocumentFormat = .text) -> Article {
        Extractor.extract(RawDocument(id: id, origin: id, text: text, format: format))
    }
}
