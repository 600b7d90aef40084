#if canImport(Glibc)
import Glibc
#endif

/// Why an output cannot be written.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output is the same file as an input (same device and inode): writing would destroy it.
    case overwritesInput(output: String, input: String)
    /// Two outputs are the same file.
    case sameFile(String, String)
    /// The kernel's reason for refusing to open the output.
    case cannotOpen(path: String, reason: String)
    /// The kernel's reason for a failed write or close (a full disk, an I/O error).
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .overwritesInput(let output, let input): return "\(output) is the input \(input): refusing to write over it"
        case .sameFile(let a, let b): return "\(a) and \(b) are the same file: give each output its own"
        case .cannotOpen(let path, let reason): return "cannot write \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "writing \(path) failed: \(reason)"
        }
    }
}

/// A file, or standard output, written through a buffer with every `write(2)` and the final
/// close checked: a full disk, `/dev/full` or an I/O error is an error, never a silent loss. The
/// file is written in place (never replaced by a renamed temporary), so a device or a FIFO
/// stays what it is.
public final class OutputFile {
    /// The path, or `standard output`, for messages.
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: OutputFile.bufferBytes, alignment: 16)
    private var buffered = 0
    private var closed = false
    /// The first write that failed: every later write and the close throw it too.
    public private(set) var failure: OutputError?
    private static let bufferBytes = 1 << 20

    /// Opens `path` for writing, created or truncated; nil is standard output.
    public init(path: String?) throws(OutputError) {
        guard let path else {
            name = "standard output"
            descriptor = STDOUT_FILENO
            ownsDescriptor = false
            return
        }
        name = path
        descriptor = RawPath(path).withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else {
            buffer.deallocate()
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        ownsDescriptor = true
    }

    /// Writes to an open `descriptor`, closed by ``close()``; `name` is for messages.
    public init(descriptor: Int32, name: String) {
        self.name = name
        self.descriptor = descriptor
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor && !closed { Glibc.close(descriptor) }
        buffer.deallocate()
    }

    /// Writes bytes (buffered).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let failure { throw failure }
        if buffered + bytes.count > Self.bufferBytes { try flush() }
        if bytes.count >= Self.bufferBytes { try writeAll(bytes); return }
        if let source = bytes.baseAddress { (buffer + buffered).copyMemory(from: source, byteCount: bytes.count) }
        buffered += bytes.count
    }

    /// Writes bytes and a newline (buffered).
    public func writeLine(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        try write(bytes)
        if buffered == Self.bufferBytes { try flush() }
        buffer.storeBytes(of: 0x0A, toByteOffset: buffered, as: UInt8.self)
        buffered += 1
    }

    /// Writes a string's UTF-8 (buffered).
    public func write(_ text: String) throws(OutputError) {
        var text = text
        try text.withUTF8 { utf8 in Result { () throws(OutputError) in try write(UnsafeRawBufferPointer(utf8)) } }.get()
    }

    /// Writes what is buffered and flushes the file to disk.
    public func synchronize() throws(OutputError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: name, reason: String(cString: strerror(errno))) }
    }

    /// Writes what is buffered, then closes the file; throws when any of it failed.
    public func close() throws(OutputError) {
        guard !closed else { return }
        closed = true
        try flush()
        if ownsDescriptor && Glibc.close(descriptor) != 0 { throw .cannotWrite(path: name, reason: String(cString: strerror(errno))) }
    }

    private func flush() throws(OutputError) {
        let count = buffered
        buffered = 0
        try writeAll(UnsafeRawBufferPointer(start: buffer, count: count))
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let failure { throw failure }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = OutputError.cannotWrite(path: name, reason: String(cString: strerror(count < 0 ? errno : EIO)))
                failure = error
                throw error
            }
            written += count
        }
    }

    /// Refuses, before anything is read or written, outputs that are an input file (same device
    /// and inode, so hard and symbolic links count; directories are walked as the readers walk
    /// them) or the same file as one another.
    public static func check(outputs: [String], against inputs: [String]) throws(OutputError) {
        var outputIdentities: [(String, FileIdentity?)] = []
        for output in outputs {
            let identity = FileIdentity(RawPath(output))
            if let other = outputIdentities.first(where: { $0.0 == output || (identity != nil && $0.1 == identity) }) {
                throw .sameFile(other.0, output)
            }
            outputIdentities.append((output, identity))
        }
        let existing = outputIdentities.compactMap { output, identity in identity.map { ($0, output) } }
        guard !existing.isEmpty else { return }
        let byIdentity = Dictionary(existing, uniquingKeysWith: { a, _ in a })
        for input in inputs.map(RawPath.init) where input != .standardInput {
            guard let status = input.status() else { continue }
            let files = status.st_mode & S_IFMT == S_IFDIR ? FileWalker.files(under: input) { _, _ in }.map(\.path) : [input]
            for file in files {
                if let identity = FileIdentity(file), let output = byIdentity[identity] {
                    throw .overwritesInput(output: output, input: file.description)
                }
            }
        }
    }
}
