import CGSL
import Testing
@testable import SimKernel

@Suite struct RandomStreamTests {
    func draws(_ s: RandomStream, _ n: Int = 1000) -> [UInt32] { (0..<n).map { _ in s.nextUInt32() } }

    @Test func sameTripleGivesIdenticalDraws() {
        let a = RandomStream(master: 42, name: "flow.web.interarrival", replication: 3)
        let b = RandomStream(master: 42, name: "flow.web.interarrival", replication: 3)
        #expect(draws(a) == draws(b))
    }

    @Test func anyDifferenceInTheTripleGivesDifferentDraws() {
        let base = draws(RandomStream(master: 42, name: "x", replication: 0))
        #expect(base != draws(RandomStream(master: 43, name: "x", replication: 0)))
        #expect(base != draws(RandomStream(master: 42, name: "y", replication: 0)))
        #expect(base != draws(RandomStream(master: 42, name: "x", replication: 1)))
    }

    @Test func addingAStreamDoesNotChangeExistingOnes() {
        // Model A has streams "a" and "b"; model B adds "new" before them.
        let f = RandomStreamFactory(masterSeed: 7, replication: 2)
        let a1 = draws(f.stream(named: "a")), b1 = draws(f.stream(named: "b"))
        let g = RandomStreamFactory(masterSeed: 7, replication: 2)
        _ = draws(g.stream(named: "new"))
        let b2 = draws(g.stream(named: "b")), a2 = draws(g.stream(named: "a"))
        #expect(a1 == a2)
        #expect(b1 == b2)
    }

    @Test func commonRandomNumbersAcrossAlternatives() {
        // Two alternatives built independently draw the same numbers for the same named
        // stream in the same replication.
        for r in 0..<5 {
            let optionA = RandomStreamFactory(masterSeed: 99, replication: r).stream(named: "iks-web.requests")
            let optionB = RandomStreamFactory(masterSeed: 99, replication: r).stream(named: "iks-web.requests")
            #expect(draws(optionA, 200) == draws(optionB, 200))
        }
    }

    @Test func seedsOfManyStreamsAreDistinct() {
        var seen = Set<UInt64>()
        for r in 0..<200 {
            for name in ["a", "b", "flow.1", "flow.2", "link.7.loss"] {
                seen.insert(StreamSeed(master: 1, stream: name, replication: r).value)
            }
        }
        #expect(seen.count == 1000)
    }

    /// Checks the full-state seeding against GSL's own: filling the state with the words
    /// MT19937's reference initialisation produces for a 32-bit seed must give exactly what
    /// `gsl_rng_set` gives. This pins the state layout the shim relies on.
    @Test func stateSeedingMatchesGSLLayout() {
        let seed: UInt32 = 5489
        var words = [UInt32](repeating: 0, count: 624)
        words[0] = seed
        for i in 1..<624 {
            let prev = words[i - 1]
            words[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(i)
        }
        let reference = RandomStream(gslSeed: seed)
        let custom = RandomStream(gslSeed: 1)
        let status = words.withUnsafeBufferPointer { hs_mt19937_set_state(custom.rng, $0.baseAddress) }
        #expect(status == 0)
        #expect(draws(reference, 2000) == draws(custom, 2000))
        // And the first output of MT19937 seeded with 5489 is the published 3499211612.
        #expect(RandomStream(gslSeed: 5489).nextUInt32() == 3_499_211_612)
    }

    @Test func uniformStaysInRange() {
        let s = RandomStream(master: 5, name: "u", replication: 0)
        for _ in 0..<10_000 {
            let u = s.uniform(), p = s.uniformPositive()
            #expect(u >= 0 && u < 1)
            #expect(p > 0 && p < 1)
        }
    }
}
