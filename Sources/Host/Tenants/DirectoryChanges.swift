import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when the entries of a directory may have changed: on Linux from inotify (a file
/// written and closed, renamed in or out, deleted, or touched), elsewhere — or when inotify
/// cannot be used — once every `fallbackInterval`. Each element means "look again"; bursts
/// of events are coalesced into one.
///
/// The inotify descriptor is read by a dispatch source (an epoll-driven read readiness
/// handler, no thread blocked and no polling) and closed when iteration ends.
struct DirectoryChanges: AsyncSequence, Sendable {
    typealias Element = Void

    /// The OS's notifications, when they could be set up.
    private let events: AsyncStream<Void>?
    let fallbackInterval: Duration

    /// Starts watching at once (a change right after this returns is seen); iterate once.
    init(directory: String, fallbackInterval: Duration, logger: Logger) {
        #if canImport(Glibc)
            events = Self.inotifyStream(directory: directory, logger: logger)
        #else
            events = nil
        #endif
        self.fallbackInterval = fallbackInterval
    }

    /// Whether changes come from the OS's file notifications (false: the timed fallback).
    var isNotified: Bool { events != nil }

    func makeAsyncIterator() -> Iterator {
        Iterator(events: events?.makeAsyncIterator(), interval: fallbackInterval)
    }

    struct Iterator: AsyncIteratorProtocol {
        var events: AsyncStream<Void>.Iterator?
        let interval: Duration

        mutating func next() async -> Void? {
            if events != nil { return await events?.next() }
            do {
                try await Task.sleep(for: interval)
                return ()
            } catch {
                return nil
            }
        }
    }

    #if canImport(Glibc)
        /// Watches `directory` with inotify; nil (logged) when inotify cannot be set up.
        private static func inotifyStream(directory: String, logger: Logger) -> AsyncStream<Void>? {
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard fd >= 0 else {
                logger.warning(
                    "inotify is unavailable; checking the tenants directory periodically",
                    metadata: ["errno": .stringConvertible(errno)])
                return nil
            }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
            guard inotify_add_watch(fd, directory, mask) >= 0 else {
                logger.warning(
                    "cannot watch the tenants directory with inotify; checking it periodically",
                    metadata: ["directory": .string(directory), "errno": .stringConvertible(errno)])
                close(fd)
                return nil
            }
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let source = DispatchSource.makeReadSource(
                fileDescriptor: fd, queue: DispatchQueue(label: "switchyard.tenants-watch"))
            source.setEventHandler {
                // Drain what is pending; the events' details do not matter, only that the
                // directory changed (the registry compares every file's stat).
                var buffer = [UInt8](repeating: 0, count: 4096)
                while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
                continuation.yield(())
            }
            source.setCancelHandler { close(fd) }
            source.activate()
            let watch = Watch(source)
            continuation.onTermination = { _ in watch.stop() }
            return stream
        }
    #endif
}

/// The dispatch source reading the inotify descriptor, stopped (its descriptor closed) when
/// the consumer of the changes goes away.
private final class Watch: Sendable {
    private let source: Mutex<(any DispatchSourceRead)?>

    init(_ source: sending any DispatchSourceRead) {
        self.source = Mutex(source)
    }

    func stop() {
        source.withLock { source in
            source?.cancel()
            source = nil
        }
    }
}
