import Doppel

/// Standard output, written with every write checked.
enum StandardOutput {
    /// Prints `text` and a newline; throws when it could not all be written (a full disk,
    /// `/dev/full`), so that the command exits non-zero instead of losing it silently.
    static func print(_ text: String) throws {
        let output = try OutputFile(path: nil)
        try output.write(text)
        try output.write("\n")
        try output.close()
    }
}

/// `compare` reads two article files, not folders.
struct CompareNeedsTwoArticles: Error, CustomStringConvertible {
    let paths: [String]
    let documents: Int
    var description: String {
        let folders = paths.filter { RawPath($0).isDirectory }
        if !folders.isEmpty {
            return "compare takes two article files, not folders (\(folders.joined(separator: ", "))); use scan to compare the documents of a folder"
        }
        return "compare takes two readable articles; \(paths.joined(separator: " and ")) gave \(documents)"
    }
}
