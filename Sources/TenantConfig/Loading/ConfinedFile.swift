import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file only when it resolves (symbolic links followed) inside a given directory, is a
/// regular file, and is no larger than a limit: reading stops at the limit, so a huge file, a
/// device or a FIFO costs nothing. Problems name the file as given, never its target or contents.
enum ConfinedFile {
    /// Why a file was not read.
    enum Problem: Error, Equatable {
        /// The file does not exist (or a link points nowhere).
        case missing
        /// It resolves outside the directory.
        case outside
        /// It is not a regular file (a directory, device, FIFO or socket).
        case notRegular
        /// It is larger than the limit.
        case tooLarge(limit: Int)
        /// It exists but cannot be opened or read.
        case unreadable
    }

    /// The canonical path (every symbolic link resolved), or nil when it does not exist.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` (canonical) is `directory` (canonical) or inside it.
    static func isInside(_ path: String, _ directory: String) -> Bool {
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(root)
    }

    /// The file's bytes, when it resolves inside `directory` and has at most `maximumBytes`.
    static func read(_ path: String, inside directory: String, maximumBytes: Int) -> Result<Data, Problem> {
        guard let root = canonicalPath(directory) else { return .failure(.missing) }
        guard let resolved = canonicalPath(path) else {
            return .failure(FileManager.default.fileExists(atPath: path) ? .unreadable : .missing)
        }
        guard isInside(resolved, root) else { return .failure(.outside) }
        let descriptor = open(resolved, O_RDONLY | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return .failure(.unreadable) }
        defer { close(descriptor) }
        var information = stat()
        guard fstat(descriptor, &information) == 0 else { return .failure(.unreadable) }
        guard (information.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular) }
        guard Int(information.st_size) <= maximumBytes else { return .failure(.tooLarge(limit: maximumBytes)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while data.count <= maximumBytes {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return .failure(.unreadable) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        guard data.count <= maximumBytes else { return .failure(.tooLarge(limit: maximumBytes)) }
        return .success(data)
    }
}

/// `read(2)` (a name apart from ``ConfinedFile/read(_:inside:maximumBytes:)``).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
