#if canImport(Glibc)
import Glibc
#endif

/// A file replaced whole, whose errors name it; nothing counts as written until ``commit()``.
/// Bytes go through an ``OutputFile``.
///
/// A regular file (or a new one) is written to a uniquely named temporary file beside it, which
/// ``commit()`` flushes to disk and renames over the target (then flushes the directory): a reader
/// sees the old file or the new one, never a mix, and a failure leaves the old one as it was.
/// Anything else — standard output, a device, a pipe — is written in place.
public final class FileOutput {
    /// The target, as given (or "standard output").
    public let path: String
    /// Writes the temporary file, or the target in place.
    private let file: OutputFile
    /// The temporary file while it is there.
    private var temporary: String?

    /// The prefix of every temporary name for `path`.
    static func temporaryPrefix(of path: String) -> String { path + ".tmp-" }

    /// The directory that holds `path`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Opens `path` for writing, standard output when nil.
    public init(path: String?) throws {
        guard let path else {
            self.path = "standard output"
            file = try OutputFile(path: nil)
            return
        }
        self.path = path
        var status = stat()
        let descriptor: Int32
        if stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw DedupIndex.StorageError.isDirectory(path: path) }
            descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        } else {
            (descriptor, temporary) = Self.createTemporary(for: path)
        }
        guard descriptor >= 0 else { throw DedupIndex.StorageError.cannotWrite(path: path, reason: DedupIndex.StorageError.reason()) }
        file = OutputFile(descriptor: descriptor, name: path)
    }

    deinit { abandon() }

    /// A new temporary file beside `path` (readable as the umask allows, like any new file).
    private static func createTemporary(for path: String) -> (Int32, String?) {
        for _ in 0..<16 {
            let name = temporaryPrefix(of: path) + "\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, name) }
            guard errno == EEXIST else { break }
        }
        return (-1, nil)
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        do { try file.write(bytes) } catch { throw failure(error) }
    }

    /// Appends the bytes of an array's elements.
    public func write<T>(_ values: [T]) throws { try values.withUnsafeBytes { try write($0) } }

    /// Appends a string's UTF-8 bytes.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes out what is buffered and, for a regular file, flushes it to disk and puts it in
    /// place of the target.
    public func commit() throws {
        guard let temporary else {
            do { try file.close() } catch { throw failure(error) }
            return
        }
        do {
            try file.synchronize()
            try file.close()
        } catch { throw failure(error) }
        guard rename(temporary, path) == 0 else { throw failure(nil) }
        self.temporary = nil
        try syncDirectory()
    }

    /// Removes the temporary file, if it is still there.
    private func abandon() {
        if let temporary { unlink(temporary) }
        temporary = nil
    }

    /// The error naming the target for a failed write (`error`) or system call (`errno`).
    private func failure(_ error: OutputError?) -> DedupIndex.StorageError {
        let reason: String
        if case .cannotWrite(_, let why)? = error { reason = why } else { reason = DedupIndex.StorageError.reason() }
        abandon()
        return DedupIndex.StorageError.cannotWrite(path: path, reason: reason)
    }

    /// Makes the rename durable.
    private func syncDirectory() throws {
        let fd = open(Self.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(nil) }
        defer { close(fd) }
        // Some file systems cannot sync a directory (EINVAL): the rename is as durable as they make it.
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure(nil) }
    }
}
