#if canImport(Glibc)
import Glibc
#endif

/// A file being written, whose errors name it; nothing counts as written until ``commit()``.
///
/// A regular file (or a new one) is written to a uniquely named temporary file beside it, which
/// ``commit()`` flushes to disk and renames over the target (then flushes the directory): a reader
/// sees the old file or the new one, never a mix, and a failure leaves the old one as it was.
/// Anything else — standard output, a device, a pipe — is written in place.
public final class FileOutput {
    /// The target, as given (or "standard output").
    public let path: String
    private var descriptor: Int32
    /// The temporary file while it is there.
    private var temporary: String?
    private var buffer: [UInt8] = []
    private static let bufferBytes = 1 << 20

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
            descriptor = STDOUT_FILENO
            return
        }
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw DedupIndex.StorageError.isDirectory(path: path) }
            descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        } else {
            (descriptor, temporary) = Self.createTemporary(for: path)
        }
        guard descriptor >= 0 else { throw DedupIndex.StorageError.cannotWrite(path: path, reason: DedupIndex.StorageError.reason()) }
        buffer.reserveCapacity(Self.bufferBytes)
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
        if buffer.count + bytes.count > Self.bufferBytes { try flush() }
        if bytes.count >= Self.bufferBytes {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
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
        try flush()
        guard let temporary else { return }
        guard fsync(descriptor) == 0 else { throw failure() }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0, rename(temporary, path) == 0 else { throw failure() }
        self.temporary = nil
        try syncDirectory()
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw failure() }
            done += wrote
        }
    }

    /// Closes the file and removes the temporary one, if it is still there.
    private func abandon() {
        if descriptor > STDERR_FILENO { close(descriptor) }
        descriptor = -1
        if let temporary { unlink(temporary) }
        temporary = nil
    }

    private func failure() -> DedupIndex.StorageError {
        let error = DedupIndex.StorageError.cannotWrite(path: path, reason: DedupIndex.StorageError.reason())
        abandon()
        return error
    }

    /// Makes the rename durable.
    private func syncDirectory() throws {
        let fd = open(Self.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure() }
        defer { close(fd) }
        // Some file systems cannot sync a directory (EINVAL): the rename is as durable as they make it.
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure() }
    }
}
