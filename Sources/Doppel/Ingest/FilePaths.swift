#if canImport(Glibc)
import Glibc
#endif

/// A file system path as the kernel sees it: bytes, which need not be valid UTF-8.
public struct RawPath: Hashable, Sendable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    /// A path of raw bytes (a NUL byte ends it, as the kernel reads it).
    public init(bytes: [UInt8]) {
        self.bytes = Array(bytes.prefix { $0 != 0 })
    }

    /// The path a string names. A command-line argument that is not valid UTF-8 reaches Swift
    /// with its bad bytes replaced by U+FFFD: its raw bytes are taken back from the process's
    /// arguments.
    public init(_ string: String) {
        if string.unicodeScalars.contains("\u{FFFD}"), let raw = Self.rawArgument(decodingTo: string) {
            bytes = raw
        } else {
            bytes = Array(string.utf8)
        }
    }

    /// Whether the path names a directory (links followed).
    public var isDirectory: Bool { status().map { $0.st_mode & S_IFMT == S_IFDIR } ?? false }

    /// Whether the path names something that can only be read once: standard input, a FIFO,
    /// a socket or a device.
    public var isStream: Bool {
        guard self != .standardInput else { return true }
        guard let mode = status()?.st_mode else { return false }
        return mode & S_IFMT != S_IFREG && mode & S_IFMT != S_IFDIR
    }

    /// Standard input's conventional name.
    static let standardInput = RawPath("-")

    /// For messages and ids: valid UTF-8 as it is; invalid bytes and control bytes as `\xHH`.
    public var description: String { Self.escaped(bytes) }

    /// `self/name`.
    func appending(_ name: [UInt8]) -> RawPath {
        RawPath(bytes: bytes.last == UInt8(ascii: "/") ? bytes + name : bytes + [UInt8(ascii: "/")] + name)
    }

    /// The last component (after the last `/`).
    var lastComponent: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// `stat(2)` of the path, following symbolic links (`lstat` when `link` is true).
    func status(link: Bool = false) -> stat? {
        var status = stat()
        let result = withCString { link ? lstat($0, &status) : stat($0, &status) }
        return result == 0 ? status : nil
    }

    /// Escapes what is not printable UTF-8 as `\xHH`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        func hex(_ byte: UInt8) { out += "\\x" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true) }
        var position = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value < 0x20 || scalar.value == 0x7F { hex(UInt8(scalar.value)) } else { out.unicodeScalars.append(scalar) }
                position += encoded.count
            case .error(let length):
                for byte in bytes[position..<(position + length)] { hex(byte) }
                position += length
            case .emptyInput:
                return out
            }
        }
    }

    /// The raw bytes of the process argument whose lenient UTF-8 decoding is `string`.
    private static func rawArgument(decodingTo string: String) -> [UInt8]? {
        for index in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let raw = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
            if String(decoding: raw, as: UTF8.self) == string { return raw }
        }
        return nil
    }
}

/// Which file a path names: two paths name the same file when device and inode match (hard
/// links and symbolic links included).
public struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` (links followed), or nil when there is none.
    public init?(_ path: RawPath) {
        guard let status = path.status() else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// What kind of file a mode says, for messages.
func fileKind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a FIFO"
    case S_IFSOCK: return "a socket"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
}

/// Walks directories with the kernel's names (raw bytes), so that no name is lost to decoding.
enum FileWalker {
    /// A regular file found below a directory.
    struct Entry {
        let path: RawPath
        /// Its path relative to the directory walked.
        let relative: RawPath
    }

    /// The regular files (symbolic links followed to files) below `directory`, recursively,
    /// sorted by relative path; hidden entries (names starting with `.`) are left out. Anything
    /// else (FIFOs, sockets, devices, links to directories, broken links, unreadable
    /// directories) goes to `skipped` with its kind: reading one could block or loop.
    static func files(under directory: RawPath, skipped: (RawPath, SkipReason) -> Void) -> [Entry] {
        var entries: [Entry] = []
        walk(directory, relative: [], into: &entries, skipped: skipped)
        return entries.sorted { $0.relative.bytes.lexicographicallyPrecedes($1.relative.bytes) }
    }

    private static func walk(_ directory: RawPath, relative: [UInt8], into entries: inout [Entry],
                             skipped: (RawPath, SkipReason) -> Void) {
        guard let handle = directory.withCString({ opendir($0) }) else {
            skipped(directory, .unreadable(String(cString: strerror(errno))))
            return
        }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first != UInt8(ascii: ".") { names.append(name) }  // also "." and ".."
        }
        closedir(handle)
        for name in names {
            let path = directory.appending(name)
            let inside = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
            guard let link = path.status(link: true) else { continue }  // gone since listed
            if link.st_mode & S_IFMT == S_IFDIR {
                walk(path, relative: inside, into: &entries, skipped: skipped)
                continue
            }
            let target = link.st_mode & S_IFMT == S_IFLNK ? path.status() : link
            guard let target else { skipped(path, .brokenLink); continue }
            guard target.st_mode & S_IFMT == S_IFREG else {
                skipped(path, .notRegular(link.st_mode & S_IFMT == S_IFLNK ? "a symbolic link to \(fileKind(target.st_mode))" : fileKind(target.st_mode)))
                continue
            }
            entries.append(Entry(path: path, relative: RawPath(bytes: inside)))
        }
    }
}
