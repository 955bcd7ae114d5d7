import Testing
@testable import SimKernel

@Suite struct SimTimeTests {
    @Test func constructorsAgreeOnUnits() {
        #expect(SimTime.seconds(1).picoseconds == 1_000_000_000_000)
        #expect(SimTime.milliseconds(1.5).picoseconds == 1_500_000_000)
        #expect(SimTime.microseconds(10).picoseconds == 10_000_000)
        #expect(SimTime.nanoseconds(2.5).picoseconds == 2_500)
        #expect(SimTime.microseconds(134).microseconds == 134)
        #expect(SimTime.seconds(0.25).seconds == 0.25)
    }

    @Test func serializationIsExactForWholeResults() {
        // 1,500 B at 1 Gbit/s = 12 µs; at 10 Gbit/s = 1.2 µs; 64 B at 100 Gbit/s = 5.12 ns.
        #expect(SimTime.serialization(bytes: 1500, bitsPerSecond: 1_000_000_000) == .microseconds(12))
        #expect(SimTime.serialization(bytes: 1500, bitsPerSecond: 10_000_000_000).picoseconds == 1_200_000)
        #expect(SimTime.serialization(bytes: 64, bitsPerSecond: 100_000_000_000).picoseconds == 5_120)
        #expect(SimTime.serialization(bytes: 0, bitsPerSecond: 1_000).picoseconds == 0)
    }

    @Test func serializationRoundsUpToTheNextPicosecond() {
        // 1 B at 3 bit/s = 8/3 s = 2,666,666,666,666.67 ps -> 2,666,666,666,667.
        #expect(SimTime.serialization(bytes: 1, bitsPerSecond: 3).picoseconds == 2_666_666_666_667)
        // 1 B at 7 Gbit/s = 1142.857 ps -> 1143.
        #expect(SimTime.serialization(bytes: 1, bitsPerSecond: 7_000_000_000).picoseconds == 1_143)
    }

    @Test func serializationHandlesLargeProductsExactly() {
        // 10 MB at 1 bit/s: 8e7 s = 8e19 ps does not fit Int64; 1 MB at 1 Mbit/s = 8 s does.
        #expect(SimTime.serialization(bytes: 1_000_000, bitsPerSecond: 1_000_000) == .seconds(8))
        // bits × 10¹² exceeds 2⁶⁴ here (9.6e7 bits × 1e12): still exact through 128-bit math.
        #expect(SimTime.serialization(bytes: 12_000_000, bitsPerSecond: 96_000_000_000).picoseconds
                == 1_000_000_000)
    }

    @Test func arithmeticAndOrder() {
        let a = SimTime.microseconds(5), b = SimTime.microseconds(3)
        #expect(a + b == .microseconds(8))
        #expect(a - b == .microseconds(2))
        #expect(b < a)
        #expect(a * 3 == .microseconds(15))
    }

    @Test func descriptionUsesAnAdaptiveUnit() {
        #expect(SimTime.microseconds(12).description == "12us")
        #expect(SimTime.milliseconds(1.5).description == "1.5ms")
        #expect(SimTime.seconds(3).description == "3s")
        #expect(SimTime(picoseconds: 7).description == "7ps")
    }

    @Test func overflowTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = SimTime.max + SimTime(picoseconds: 1)
        }
    }
}
