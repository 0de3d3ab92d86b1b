/// A deterministic random number generator (SplitMix64).
///
/// The sandbox uses it everywhere randomness is needed (scenario data, fault injection),
/// so the same seed gives the same data and the same faults on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Codable {
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
