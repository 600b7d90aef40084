#if canImport(Glibc)
import Glibc
#endif

/// Saving and loading index files (the format is in IndexFormat.swift). Every error
/// is a ``DedupIndex/StorageError`` that names the file.
extension DedupIndex {
    /// Writes the index to `path` through a temporary file that is flushed to disk and renamed
    /// into place, so a failure or a crash keeps the old file whole.
    public func save(to path: String) throws {
        let file = try FileOutput(path: path)
        try encode(to: file)
        try file.commit()
    }

    /// Reads an index written by ``save(to:)``. Any damage is an error
    /// (``DedupIndex/StorageError/damaged(path:_:)`` for inconsistent contents), found before
    /// more memory than the file's size is allocated.
    public static func load(from path: String) throws -> DedupIndex {
        let (descriptor, size) = try open(path)
        defer { close(descriptor) }
        return try decode(FileSource(descriptor: descriptor, path: path, size: size), name: path)
    }

    /// Reads an index from the bytes of a file written by ``save(to:)``, as ``load(from:)``
    /// does (`name` names it in errors): any bytes give an index or an error, never a trap.
    /// This is the entry point for fuzzing the loader.
    public static func load(bytes: [UInt8], name: String = "index") throws -> DedupIndex {
        try decode(MemorySource(bytes), name: name)
    }

    /// Opens a file that is not a directory for reading; returns its descriptor and size.
    private static func open(_ path: String) throws -> (descriptor: Int32, size: Int) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StorageError.cannotRead(path: path, reason: StorageError.reason()) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else {
            let error = status.st_mode & S_IFMT == S_IFDIR ? StorageError.isDirectory(path: path)
                                                            : .cannotRead(path: path, reason: StorageError.reason())
            close(descriptor)
            throw error
        }
        return (descriptor, Int(status.st_size))
    }
}
