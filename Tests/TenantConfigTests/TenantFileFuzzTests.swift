import Foundation
import Testing

@testable import TenantConfig

/// The tenant-file fuzz campaign: a few hundred mutated files in the normal suite; set
/// `SWITCHYARD_FUZZ_INPUTS` (and `SWITCHYARD_FUZZ_SEED`) for a long run, as
/// `scripts/fuzz-tenant-files` does.
@Suite("Tenant files: fuzz campaign")
struct TenantFileFuzzTests {
    @Test("mutated tenant files never crash the loader; every error has file:line:column and no secret")
    func campaign() throws {
        let environment = ProcessInfo.processInfo.environment
        let inputs = environment["SWITCHYARD_FUZZ_INPUTS"].flatMap(Int.init) ?? 300
        let seed = environment["SWITCHYARD_FUZZ_SEED"].flatMap(UInt64.init) ?? 15
        var fuzzer = try TenantFileFuzzer(seed: seed)
        for (index, text) in TenantFileFuzzer.seeds.enumerated() {
            let seedFile = fuzzer.directory + "/seed-\(index).yaml"
            try text.write(toFile: seedFile, atomically: true, encoding: .utf8)
            let loaded = TenantLoader(registry: TenantFixtures.registry, environment: TenantFileFuzzer.environment).loadFile(seedFile)
            #expect(loaded.failure == nil, "seed \(index): \(loaded.failure?.description ?? "")")
        }
        let report = fuzzer.run(inputs, every: 5_000) { done, sofar in
            print("tenant-file fuzz (seed \(seed)) after \(done): \(sofar.passed) passed, \(sofar.failed) failed")
        }
        print("tenant-file fuzz (seed \(seed)): \(report.summary); peak memory of the test process \(Self.peakMegabytes()) MB")
        for failure in report.failures { print("  \(failure)") }
        #expect(report.failed == 0, "\(report.failures)")
        #expect(report.passed == inputs)
        #expect(report.loaded > 0 && report.refused > 0)
    }

    /// The process's peak resident memory in MB (`getrusage`).
    static func peakMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss) / 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}
