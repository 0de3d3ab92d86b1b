/// Evaluates `condition` every `interval` until it holds or `seconds` have passed on the clock;
/// returns whether it held. The bound is a deadline, not a number of rounds: a condition that
/// is slow to answer (an HTTP call to a replica that is down waits out its own timeout) does
/// not stretch the wait, so a test that waits for something that never happens fails in time.
func poll(
    seconds: Double, every interval: Duration = .milliseconds(50), _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: interval)
    }
}
