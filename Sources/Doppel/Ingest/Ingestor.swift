import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads files and directories into `RawDocument`s.
///
/// Directories are walked recursively in a stable (sorted) order. Files named `.txt`, `.md`,
/// `.markdown`, `.html` or `.htm`, optionally with `.gz`, are read; anything else, binary content,
/// unreadable, empty or oversized files are reported as an `IngestProblem` and skipped, and the
/// rest goes on.
public struct Ingestor: Sendable {
    /// The largest document accepted, in bytes (after decompression). News articles are a few
    /// kilobytes; a file beyond this is almost certainly not an article.
    public var maxBytes: Int

    /// An ingestor accepting documents up to `maxBytes` (after decompression).
    public init(maxBytes: Int = 16 << 20) {
        self.maxBytes = maxBytes
    }

    /// The documents of JSON Lines held in memory (`id`, `text` or `html`, `title`, `url`,
    /// `date`, as in a `.jsonl` file), in order; a line that gives none goes to `problem`, named
    /// as line N of `name`, and does not stop the rest.
    public static func documents(jsonLines bytes: [UInt8], name: String, problem: (RecordProblem) -> Void) -> [RawDocument] {
        let block = LineBlock(source: BlockSource(index: 0, name: name, rereadable: false), firstLine: 1, offset: 0,
                              bytes: BlockBytes(bytes))
        var documents: [RawDocument] = []
        RecordDecoder.rawDocuments(.lines(block), problem: problem) { documents.append($0) }
        return documents
    }

    /// Reads every document under `paths`; problems go to `problem` and do not stop the rest.
    public func read(_ paths: [String], problem: (IngestProblem) -> Void) -> [RawDocument] {
        var documents: [RawDocument] = []
        var ids = Set<String>()
        /// Ids are unique: a clash (the same relative path under two arguments) gets a suffix.
        func unique(_ id: String) -> String {
            var candidate = id
            var n = 2
            while !ids.insert(candidate).inserted { candidate = "\(id)#\(n)"; n += 1 }
            return candidate
        }
        for path in paths.map(RawPath.init) {
            if path == .standardInput || Self.holdsRecords(path.description) {
                readRecords(path, problem: problem) { documents.append($0.renamed(unique($0.id))) }
                continue
            }
            guard let status = path.status() else {
                problem(IngestProblem(path: path.description, cause: errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))))
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                let files = FileWalker.files(under: path) { problem(IngestProblem(path: $0.description, cause: $1)) }
                for file in files {
                    if Self.holdsRecords(file.relative.description) {
                        readRecords(file.path, problem: problem) { documents.append($0.renamed(unique($0.id))) }
                    } else if let document = read(file: file.path, id: unique(file.relative.description), problem: problem) {
                        documents.append(document)
                    }
                }
            } else if let document = read(file: path, id: unique(RawPath.escaped(path.lastComponent)), problem: problem) {
                documents.append(document)
            }
        }
        return documents
    }

    /// Whether a file's name says it holds records (JSON Lines or WARC, optionally gzipped).
    static func holdsRecords(_ name: String) -> Bool {
        let format = RecordReader.format(ofFileNamed: name)
        return format == .jsonLines || format == .warc
    }

    /// Reads every record of a JSON Lines or WARC file (or standard input) as a document.
    func readRecords(_ path: RawPath, problem: (IngestProblem) -> Void, document: (RawDocument) -> Void) {
        let reader = RecordReader(rawPaths: [path], maxRecordBytes: maxBytes)
        func report(_ problems: ProblemList) {
            for found in problems.kept { problem(IngestProblem(path: found.position, cause: found.cause)) }
        }
        while let block = reader.next() {
            report(reader.takeProblems())
            var found = ProblemList()
            RecordDecoder.rawDocuments(block, problem: { found.add($0) }, document: document)
            report(found)
        }
        report(reader.takeProblems())
    }

    /// The format a file name announces, or nil when it is not an article format.
    public static func format(ofFileNamed name: String) -> (format: DocumentFormat, gzipped: Bool)? {
        var lower = name.lowercased()
        let gzipped = lower.hasSuffix(".gz")
        if gzipped { lower.removeLast(3) }
        switch (lower as NSString).pathExtension {
        case "txt", "text": return (.text, gzipped)
        case "md", "markdown": return (.markdown, gzipped)
        case "html", "htm", "xhtml": return (.html, gzipped)
        default: return nil
        }
    }

    /// Reads one file, or reports why it cannot be used.
    public func read(file path: String, id: String, problem: (IngestProblem) -> Void) -> RawDocument? {
        read(file: RawPath(path), id: id, problem: problem)
    }

    /// Reads one file by its raw path, or reports why it cannot be used.
    func read(file path: RawPath, id: String, problem: (IngestProblem) -> Void) -> RawDocument? {
        let name = path.description
        guard let (format, _) = Self.format(ofFileNamed: name) else {
            problem(IngestProblem(path: name, cause: .unknownName(accepted: ".txt, .md or .html (optionally .gz)")))
            return nil
        }
        let bytes: [UInt8]
        do throws(SkipReason) {
            let stream = try ByteStream(path: path)
            bytes = try stream.readAll(limit: maxBytes)
            if let damage = stream.takeDamage().first { throw damage.cause }
        } catch {
            problem(IngestProblem(path: name, cause: error))
            return nil
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            problem(IngestProblem(path: name, cause: .empty))
            return nil
        }
        if Self.looksBinary(bytes) {
            problem(IngestProblem(path: name, cause: .binary))
            return nil
        }
        if format == .html, let encoding = Self.declaredEncoding(bytes), encoding != .utf8,
           let text = String(data: Data(bytes), encoding: encoding) {
            return RawDocument(id: id, origin: name, bytes: Array(text.utf8), format: format)
        }
        return RawDocument(id: id, origin: name, bytes: bytes, format: format)
    }

    /// The character set a page declares in its first 4 KiB (`<meta charset>` or the
    /// `http-equiv` content type), when Foundation can decode it.
    static func declaredEncoding(_ bytes: [UInt8]) -> String.Encoding? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        guard let meta = head.range(of: "<meta"), let range = head[meta.lowerBound...].range(of: "charset=") else { return nil }
        let name = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
            .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        switch name {
        case "utf-8", "utf8": return .utf8
        case "windows-1252", "cp1252", "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii":
            return .windowsCP1252  // browsers read Latin-1 and ASCII as windows-1252
        case "iso-8859-2", "windows-1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "shift_jis", "shift-jis", "sjis": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        default: return nil
        }
    }

    /// Binary when the first 8 KiB hold a NUL byte or more than 10% control bytes; text files,
    /// even in legacy encodings, have neither.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        var control = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { control += 1 }
        }
        return control * 10 > head.count
    }
}
