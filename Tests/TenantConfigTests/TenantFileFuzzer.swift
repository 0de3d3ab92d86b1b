import ConnectorKit
import Foundation

@testable import TenantConfig

/// Mutates valid tenant files (truncation, byte flips, alias bombs, deep nesting, huge scalars,
/// secret references in odd places, …) from a seed and loads each one, checking that every
/// outcome is a tenant or errors with `file:line:column` and no secret value.
struct TenantFileFuzzer {
    /// Secret values the seeds reference; none may appear in any error or loaded tenant's description.
    static let secrets = ["FUZZ-ENV-SECRET-1187", "FUZZ-FALLBACK-SECRET-2291", "FUZZ-FILE-SECRET-6604", "FUZZ-OUTSIDE-SECRET-0950"]
    static let environment = [
        "FUZZ_TOKEN": secrets[0], "ACME_ZOOM_SECRET": "FUZZ-ZOOM-SECRET-3141", "ACME_ZOOM_WEBHOOK": "FUZZ-ZOOM-WEBHOOK-5926",
    ]

    /// What a campaign found.
    struct Report {
        var passed = 0
        var failed = 0
        var loaded = 0
        var refused = 0
        var byMutation: [String: Int] = [:]
        var failures: [String] = []
        var slowestSeconds = 0.0

        /// `N passed, N failed` and the counts.
        var summary: String {
            let kinds = byMutation.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "\(passed) passed, \(failed) failed (\(loaded) loaded, \(refused) refused with errors; mutations: \(kinds); "
                + "slowest load \(String(format: "%.3f", slowestSeconds)) s)"
        }
    }

    let directory: String
    var random: SplitMix64

    /// Prepares a tenants directory with a secrets folder and a secret outside it.
    init(seed: UInt64) throws {
        let root = NSTemporaryDirectory() + "switchyard-fuzz-" + UUID().uuidString
        directory = root + "/tenants"
        try FileManager.default.createDirectory(atPath: directory + "/secrets", withIntermediateDirectories: true)
        try Self.secrets[2].write(toFile: directory + "/secrets/app", atomically: true, encoding: .utf8)
        try Self.secrets[3].write(toFile: root + "/outside", atomically: true, encoding: .utf8)
        random = SplitMix64(seed: seed)
    }

    /// The seed files every mutation starts from.
    static var seeds: [String] {
        let complete = TenantFixtures.complete
            .replacingOccurrences(of: "${env:ACME_HUBSPOT_TOKEN}", with: "${env:FUZZ_TOKEN}")
            .replacingOccurrences(of: "fallback-app-secret", with: secrets[1])
            .replacingOccurrences(of: "${env:ACME_ZOOM_WEBHOOK}", with: "${file:secrets/app}")
        let minimal = TenantFixtures.minimal().replacingOccurrences(
            of: "${env:ACME_HUBSPOT_TOKEN}", with: "${env:UNSET_FUZZ:-\(secrets[1])}")
        return [complete, minimal]
    }

    /// Runs `count` mutated files, calling `progress` with the report so far every `every` files.
    mutating func run(_ count: Int, every: Int = .max, progress: (Int, Report) -> Void = { _, _ in }) -> Report {
        var report = Report()
        let loader = TenantLoader(registry: TenantFixtures.registry, environment: Self.environment)
        for index in 0..<count {
            let seed = Self.seeds[index % Self.seeds.count]
            let (name, bytes) = mutate(Array(seed.utf8))
            report.byMutation[name, default: 0] += 1
            let path = directory + "/fuzz.yaml"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let started = Date()
            let result = loader.loadFile(path)
            report.slowestSeconds = max(report.slowestSeconds, Date().timeIntervalSince(started))
            let problems = Self.problems(of: result, path: path)
            if case .success = result { report.loaded += 1 } else { report.refused += 1 }
            if problems.isEmpty {
                report.passed += 1
            } else {
                report.failed += 1
                if report.failures.count < 20 { report.failures.append("#\(index) \(name): " + problems.joined(separator: "; ")) }
                if let keep = ProcessInfo.processInfo.environment["SWITCHYARD_FUZZ_KEEP_FAILURES"] {
                    try? FileManager.default.copyItem(atPath: path, toPath: keep + "/failure-\(index).yaml")
                }
            }
            if (index + 1) % every == 0 { progress(index + 1, report) }
        }
        return report
    }

    /// What is wrong with an outcome: an error without a position, or any secret value shown.
    static func problems(of result: Result<TenantConfiguration, TenantFileError>, path: String) -> [String] {
        var problems: [String] = []
        let shown: String
        switch result {
        case .success(let tenant):
            shown = "\(tenant) \(String(reflecting: tenant))"
        case .failure(let error):
            shown = error.description
            if error.issues.isEmpty { problems.append("an error without issues") }
            for issue in error.issues {
                let prefix = "\(path):\(issue.location.line):\(issue.location.column): "
                if issue.location.line < 1 || issue.location.column < 1 || !issue.description.hasPrefix(prefix) {
                    problems.append("no file:line:column in \(issue.description.prefix(120))")
                }
            }
        }
        for secret in secrets + environment.values where shown.contains(secret) {
            problems.append("shows the secret \(secret)")
        }
        return problems
    }

    // MARK: Mutations

    private mutating func mutate(_ seed: [UInt8]) -> (String, [UInt8]) {
        let mutations: [(String, (inout Self, [UInt8]) -> [UInt8])] = [
            ("truncate", { $0.truncate($1) }), ("flip", { $0.flip($1) }), ("alias-bomb", { $0.aliasBomb($1) }),
            ("deep", { $0.deepNesting($1) }), ("huge-scalar", { $0.hugeScalar($1) }), ("secret-ref", { $0.secretReference($1) }),
            ("duplicate-line", { $0.duplicateLine($1) }), ("indicators", { $0.indicators($1) }),
        ]
        let (name, mutation) = mutations[random.next(below: mutations.count)]
        var bytes = mutation(&self, seed)
        if random.next(below: 4) == 0 {
            let (_, second) = mutations[random.next(below: mutations.count)]
            bytes = second(&self, bytes)
        }
        return (name, bytes)
    }

    private mutating func truncate(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix(random.next(below: bytes.count + 1)))
    }

    private mutating func flip(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0...random.next(below: 8) where !bytes.isEmpty {
            bytes[random.next(below: bytes.count)] ^= UInt8(truncatingIfNeeded: random.next(below: 255) + 1)
        }
        return bytes
    }

    private mutating func aliasBomb(_ bytes: [UInt8]) -> [UInt8] {
        let levels = 2 + random.next(below: 9)
        let fan = 2 + random.next(below: 9)
        var text = "\nbomb0: &b0 [" + Array(repeating: "lol", count: 1 + random.next(below: 5_000)).joined(separator: ",") + "]\n"
        for level in 1...levels {
            text += "bomb\(level): &b\(level) [" + Array(repeating: "*b\(level - 1)", count: fan).joined(separator: ",") + "]\n"
        }
        if random.next(below: 2) == 0 { text += "? *b\(levels)\n: key\n" }
        return insertAtLineStart(Array(text.utf8), into: bytes)
    }

    private mutating func deepNesting(_ bytes: [UInt8]) -> [UInt8] {
        let depth = 10 + random.next(below: 3_000)
        let flow = random.next(below: 2) == 0
        let text =
            flow
            ? "\ndeep: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
            : "\n" + (0..<min(depth, 400)).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        return insertAtLineStart(Array(text.utf8), into: bytes)
    }

    private mutating func hugeScalar(_ bytes: [UInt8]) -> [UInt8] {
        let length = random.next(below: 400_000)
        let text = "\nhuge: \"" + String(repeating: "Fuzz", count: length / 4) + "\"\n"
        return insertAtLineStart(Array(text.utf8), into: bytes)
    }

    private mutating func secretReference(_ bytes: [UInt8]) -> [UInt8] {
        let references = [
            "${env:UNSET_Q:-\(Self.secrets[1])}", "\"${env:BAD NAME:-\(Self.secrets[1])}\"", "${file:../outside}",
            "${file:/etc/passwd}", "${file:secrets/../../outside}", "${env:FUZZ_TOKEN}", "${file:secrets/app}",
            "${vault:x:-\(Self.secrets[1])}", "${env:UNSET_Q:-\(Self.secrets[1])}}}",
        ]
        let reference = Array(references[random.next(below: references.count)].utf8)
        // Replace the value after a random "key: " (or a key itself) with the reference.
        let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
        guard let colon = colons.isEmpty ? nil : colons[random.next(below: colons.count)] else { return bytes + reference }
        let lineEnd = bytes[colon...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        if random.next(below: 4) == 0 {
            let lineStart = (bytes[..<colon].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            let indent = bytes[lineStart..<colon].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }.count
            return Array(bytes[..<(lineStart + indent)]) + reference + Array(bytes[colon...])
        }
        return Array(bytes[...colon]) + [UInt8(ascii: " ")] + reference + Array(bytes[lineEnd...])
    }

    private mutating func duplicateLine(_ bytes: [UInt8]) -> [UInt8] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return bytes }
        let line = lines[random.next(below: lines.count)]
        lines.insert(line, at: random.next(below: lines.count + 1))
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    private mutating func indicators(_ bytes: [UInt8]) -> [UInt8] {
        let pieces = [
            "&a ", "*a", "!!binary ", "? ", "|", ">", "{", "[", "%YAML 1.1\n", "@", "\t", "---\n", "...\n", "<<: *a\n", "'", "\"", "#",
            "\u{FEFF}",
        ]
        var bytes = bytes
        for _ in 0...random.next(below: 4) {
            let piece = Array(pieces[random.next(below: pieces.count)].utf8)
            bytes.insert(contentsOf: piece, at: random.next(below: bytes.count + 1))
        }
        return bytes
    }

    private mutating func insertAtLineStart(_ text: [UInt8], into bytes: [UInt8]) -> [UInt8] {
        let starts = [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        let at = starts[random.next(below: starts.count)]
        return Array(bytes[..<at]) + text + Array(bytes[at...])
    }
}

/// A small deterministic random number generator (SplitMix64), so a seed replays a campaign.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }
}
