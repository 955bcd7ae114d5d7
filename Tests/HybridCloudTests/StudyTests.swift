import NetModel
import SimKernel
import Testing
@testable import HybridCloud

@Suite struct StudyTests {
    /// Every documented flow completes request/response transactions in both directions
    /// under every option, without drops or failures, at its default load.
    @Test(arguments: IntegrationOption.allCases)
    func everyFlowCompletesTransactions(_ option: IntegrationOption) throws {
        let arch = try CompiledEstate(option: option)
        var net = arch.network
        for flow in DocumentedFlow.documented { try net.addFlow(try flow.spec(in: arch)) }
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 7, replication: 0), warmup: .milliseconds(500),
                            duration: .seconds(2))
        for (i, flow) in DocumentedFlow.documented.enumerated() {
            let f = r.flows[i]
            #expect(f.transactions.count > 20, "\(flow.rawValue)/\(option.rawValue): \(f.transactions.count) transactions")
            #expect(f.failedTransactions == 0 && f.dropped == 0,
                    "\(flow.rawValue)/\(option.rawValue): failed \(f.failedTransactions), drops \(DropReason.allCases.filter { f.drops[$0] > 0 })")
        }
    }
}

@Suite struct CrossClusterTests {
    /// IKS <-> ICP through both strongSwan pods: whole transactions, replies included.
    @Test(arguments: IntegrationOption.allCases)
    func iksToICPCompletesTransactions(_ option: IntegrationOption) throws {
        let arch = try CompiledEstate(option: option)
        var net = arch.network
        try net.addFlow(try DocumentedFlow.iksWebToICPWeb.spec(in: arch))
        let r = try net.run(streams: RandomStreamFactory(masterSeed: 3, replication: 0), warmup: .milliseconds(300), duration: .seconds(1))
        #expect(r.flows[0].transactions.count > 100 && r.flows[0].failedTransactions == 0 && r.flows[0].dropped == 0)
    }
}
