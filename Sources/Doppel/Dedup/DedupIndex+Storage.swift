import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Saving, loading and updating index files (the format is in IndexFormat.swift). Every error
/// is a ``DedupIndex/StorageError`` that names the file.
extension DedupIndex {
    /// Writes the index to `path` through a temporary file that is flushed to disk and renamed
    /// into place, so a failure or a crash keeps the old file whole. Changes to an index that
    /// other processes may change too go through ``update(at:threshold:waiting:_:)``.
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

    /// Loads the index at `path` (or starts one with `threshold` where there is none), lets
    /// `change` change it and saves it, holding an exclusive lock throughout (`flock` on
    /// `path.lock`, a file left beside the index): concurrent updates of one index take turns,
    /// each starting from the one before. When another process holds the lock, calls `waiting`
    /// and waits for it. Temporary files of saves that never finished are removed. Nothing is
    /// saved when `change` throws.
    @discardableResult
    public static func update<T>(at path: String, threshold: Double, waiting: () -> Void,
                                 _ change: (inout DedupIndex) throws -> T) throws -> T {
        if kind(of: path) == S_IFDIR { throw StorageError.isDirectory(path: path) }
        let lock = try lockFile(of: path, waiting: waiting)
        defer { close(lock) }
        removeStaleTemporaries(of: path)
        var index = DedupIndex(threshold: threshold)
        if kind(of: path) != nil {  // looked at under the lock: the previous holder may have created it
            index = try load(from: path)
            guard index.threshold == threshold else {
                throw StorageError.thresholdMismatch(path: path, stored: index.threshold, requested: threshold)
            }
        }
        let result = try change(&index)
        try index.save(to: path)
        return result
    }

    /// The ids listed in a file, one per line.
    public static func ids(listedIn path: String) throws -> Set<String> {
        let (descriptor, _) = try open(path)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw StorageError.cannotRead(path: path, reason: StorageError.reason()) }
            guard got > 0 else { break }
            bytes += chunk[..<got]
        }
        return Set(String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init))
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

    /// The file type bits of what is at `path` (following links), nil when there is nothing.
    private static func kind(of path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }

    /// A descriptor of `path.lock`, locked exclusively (the lock goes with the descriptor).
    private static func lockFile(of path: String, waiting: () -> Void) throws -> Int32 {
        let lockPath = path + ".lock"
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw StorageError.cannotLock(path: lockPath, reason: StorageError.reason()) }
        var locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        if !locked && errno == EWOULDBLOCK {
            waiting()
            repeat { locked = flock(descriptor, LOCK_EX) == 0 } while !locked && errno == EINTR
        }
        guard locked else {
            let error = StorageError.cannotLock(path: lockPath, reason: StorageError.reason())
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Removes the temporary files of saves of `path` that never finished (their writer died;
    /// with the lock held, no other update is saving), and `path.tmp`, which older versions used.
    private static func removeStaleTemporaries(of path: String) {
        let directory = FileOutput.directory(of: path)
        let name = String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...])
        let prefix = FileOutput.temporaryPrefix(of: name)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where entry.hasPrefix(prefix) || entry == name + ".tmp" {
            unlink(directory + "/" + entry)
        }
    }
}
