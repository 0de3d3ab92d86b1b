import Testing

@testable import Host

@Suite("Tenant assignment over replicas")
struct TenantAssignmentTests {
    private let tenants = (0..<100).map { "tenant-\($0)" }

    @Test("every tenant gets one owner, counts differ by at most one, and every replica computes the same")
    func even() {
        let replicas = ["r1", "r2", "r3"]
        let owners = TenantAssignment.assign(tenants: tenants, replicas: replicas)
        #expect(owners.count == 100)
        let counts = replicas.map { replica in owners.values.filter { $0 == replica }.count }
        #expect(counts.max()! - counts.min()! <= 1)
        #expect(TenantAssignment.assign(tenants: tenants.reversed(), replicas: replicas.reversed()) == owners)
    }

    @Test("a replica leaving moves its own tenants and few others; one joining takes its share")
    func fewMoves() {
        let three = TenantAssignment.assign(tenants: tenants, replicas: ["r1", "r2", "r3"])
        let two = TenantAssignment.assign(tenants: tenants, replicas: ["r1", "r2"])
        let moved = tenants.filter { three[$0] != "r3" && three[$0] != two[$0] }
        #expect(moved.count <= 10)  // the load bound moves a few more than its own
        let four = TenantAssignment.assign(tenants: tenants, replicas: ["r1", "r2", "r3", "r4"])
        let movedOnJoin = tenants.filter { three[$0] != four[$0] }
        #expect(movedOnJoin.count <= 35)
        #expect(four.values.filter { $0 == "r4" }.count == 25)
    }

    @Test("no live replica: nobody owns anything")
    func noReplicas() {
        #expect(TenantAssignment.assign(tenants: tenants, replicas: []).isEmpty)
    }
}
