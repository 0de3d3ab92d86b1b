import Foundation

/// What a line reader produces: a line (without its `\n`), or notice of one that was too long
/// and was skipped up to its end.
public enum LineEvent: Sendable, Equatable {
    /// A complete line.
    case line(Data)
    /// A line longer than the limit; its bytes were dropped.
    case tooLong(limit: Int)
}

/// The protocol's limit on one message line: 64 MiB.
public let connectorMaxLineLength = 64 << 20

/// Splits a byte stream into lines, bounding their length.
public struct LineSplitter: Sendable {
    /// Longest line kept, in bytes (without the newline).
    public let maxLineLength: Int
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var skipping = false

    /// Creates a splitter.
    public init(maxLineLength: Int = connectorMaxLineLength) {
        self.maxLineLength = maxLineLength
    }

    /// Feeds bytes; returns the events they complete.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [LineEvent] {
        buffer.append(contentsOf: chunk)
        var events: [LineEvent] = []
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == 0x0A {
                if skipping {
                    skipping = false
                } else {
                    var end = index
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    if end - start > maxLineLength {
                        events.append(.tooLong(limit: maxLineLength))
                    } else if end > start {
                        events.append(.line(Data(buffer[start..<end])))
                    }
                }
                start = index + 1
            }
            index += 1
        }
        buffer.removeFirst(start)
        scanned = buffer.count
        if buffer.count > maxLineLength {
            if !skipping { events.append(.tooLong(limit: maxLineLength)) }
            skipping = true
            buffer.removeAll(keepingCapacity: false)
            scanned = 0
        }
        return events
    }

    /// The last line when the stream ends without a newline.
    public mutating func finish() -> [LineEvent] {
        defer {
            buffer = []
            scanned = 0
        }
        guard !skipping, !buffer.isEmpty else { return [] }
        return [.line(Data(buffer))]
    }
}

/// Reads lines from a file handle on a dedicated thread (blocking reads never occupy the
/// concurrency pool) and delivers them as an async stream that ends at end of file.
public enum FileHandleLineReader {
    /// The lines of `handle` until end of file or a read error.
    public static func lines(from handle: FileHandle, maxLineLength: Int = connectorMaxLineLength, name: String = "line-reader")
        -> AsyncStream<LineEvent>
    {
        let (stream, continuation) = AsyncStream<LineEvent>.makeStream(bufferingPolicy: .unbounded)
        let thread = Thread {
            var splitter = LineSplitter(maxLineLength: maxLineLength)
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                for event in splitter.feed(chunk) { continuation.yield(event) }
            }
            for event in splitter.finish() { continuation.yield(event) }
            continuation.finish()
        }
        thread.name = name
        thread.start()
        return stream
    }
}

/// Where a protocol peer writes its lines.
public protocol LineSink: Sendable {
    /// Writes one message followed by `\n`. Writes never interleave.
    func send(_ line: Data) async
}

/// Writes lines to a file handle, one at a time; write errors (a closed pipe) end writing.
public actor FileHandleLineWriter: LineSink {
    private let handle: FileHandle
    private var closed = false

    /// Creates a writer.
    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Writes `line` and a newline in one write.
    public func send(_ line: Data) {
        guard !closed else { return }
        var data = line
        data.append(0x0A)
        do {
            try handle.write(contentsOf: data)
        } catch {
            closed = true
        }
    }

    /// Closes the handle (the peer sees end of file).
    public func close() {
        guard !closed else { return }
        closed = true
        try? handle.close()
    }
}
