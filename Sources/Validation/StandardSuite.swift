import SimKernel

extension ValidationSuite {
    /// The standard analytic validation of the kernel. Service means are 1 ms (μ = 1,000/s).
    ///
    /// | model | what | reference |
    /// |---|---|---|
    /// | M/M/1 ρ=0.5 | mean sojourn | 1/(μ−λ) |
    /// | M/M/1 ρ=0.9 | mean and p99 sojourn | 1/(μ−λ), −ln(0.01)/(μ−λ) |
    /// | M/D/1 ρ=0.8 | mean sojourn | Pollaczek–Khinchine |
    /// | M/M/4 ρ=0.8 | mean sojourn | Erlang C |
    /// | M/G/1 lognormal (cv 1.5) ρ=0.7 | mean sojourn | P–K with E[S²] |
    /// | 3-station Jackson tandem, ρ = 0.5, 0.625, 0.8 | mean end-to-end sojourn | Σ 1/(μᵢ−λ) |
    ///
    /// `scale` multiplies every run length (1 = the shipped suite, ≈ 6 × 10⁷ station visits;
    /// smaller values for quick checks, which then may not meet the tolerances).
    public static func standard(scale: Double = 1, masterSeed: UInt64 = 20_261_121) throws -> ValidationSuite {
        let mu = 1000.0
        let serviceMean = 1 / mu
        let warmup = SimTime.seconds(20)
        func exp(_ mean: Double) throws -> Distribution { try .exponential(mean: mean) }
        func run(_ customers: Double, _ lambda: Double) -> SimTime { .seconds(customers * scale / lambda) }
        func poisson(_ lambda: Double) throws -> [SourceSpec] {
            [SourceSpec(name: "arrivals", interarrival: try exp(1 / lambda), station: 0)]
        }
        let lognormal = try Distribution.lognormal(mean: serviceMean, stdev: 1.5 * serviceMean)

        let models = [
            ValidationModel(name: "M/M/1 rho=0.5",
                            stations: [StationSpec(name: "server", service: try exp(serviceMean))],
                            sources: try poisson(500), warmup: warmup, duration: run(3e5, 500), replications: 10),
            ValidationModel(name: "M/M/1 rho=0.9",
                            stations: [StationSpec(name: "server", service: try exp(serviceMean))],
                            sources: try poisson(900), warmup: warmup, duration: run(2e6, 900), replications: 10),
            ValidationModel(name: "M/D/1 rho=0.8",
                            stations: [StationSpec(name: "server", service: try .constant(serviceMean))],
                            sources: try poisson(800), warmup: warmup, duration: run(5e5, 800), replications: 10),
            ValidationModel(name: "M/M/4 rho=0.8",
                            stations: [StationSpec(name: "servers", servers: 4, service: try exp(serviceMean))],
                            sources: try poisson(3200), warmup: warmup, duration: run(1e6, 3200), replications: 10),
            ValidationModel(name: "M/G/1 lognormal rho=0.7",
                            stations: [StationSpec(name: "server", service: lognormal)],
                            sources: try poisson(700), warmup: warmup, duration: run(1e6, 700), replications: 10),
            ValidationModel(name: "Jackson tandem x3",
                            stations: [
                                StationSpec(name: "s1", service: try exp(1 / 1000), next: 1),
                                StationSpec(name: "s2", service: try exp(1 / 800), next: 2),
                                StationSpec(name: "s3", service: try exp(1 / 625)),
                            ],
                            sources: try poisson(500), warmup: warmup, duration: run(5e5, 500), replications: 10),
        ]
        let cases = [
            ValidationCase(name: "M/M/1 rho=0.5", model: 0, metric: .meanSojourn,
                           analytic: QueueingFormulas.mm1MeanSojourn(arrivalRate: 500, serviceRate: mu),
                           tolerance: 0.02),
            ValidationCase(name: "M/M/1 rho=0.9", model: 1, metric: .meanSojourn,
                           analytic: QueueingFormulas.mm1MeanSojourn(arrivalRate: 900, serviceRate: mu),
                           tolerance: 0.02),
            ValidationCase(name: "M/M/1 rho=0.9", model: 1, metric: .sojournPercentile(99),
                           analytic: QueueingFormulas.mm1SojournQuantile(0.99, arrivalRate: 900, serviceRate: mu),
                           tolerance: 0.03),
            ValidationCase(name: "M/D/1 rho=0.8", model: 2, metric: .meanSojourn,
                           analytic: QueueingFormulas.md1MeanSojourn(arrivalRate: 800, serviceTime: serviceMean),
                           tolerance: 0.02),
            ValidationCase(name: "M/M/4 rho=0.8 (Erlang C)", model: 3, metric: .meanSojourn,
                           analytic: QueueingFormulas.mmcMeanSojourn(servers: 4, arrivalRate: 3200, serviceRate: mu),
                           tolerance: 0.02),
            ValidationCase(name: "M/G/1 lognormal cv=1.5 rho=0.7", model: 4, metric: .meanSojourn,
                           analytic: QueueingFormulas.mg1MeanSojourn(
                               arrivalRate: 700, serviceMean: lognormal.mean,
                               serviceSecondMoment: lognormal.secondMoment),
                           tolerance: 0.02),
            ValidationCase(name: "Jackson tandem 3 stations", model: 5, metric: .meanSojourn,
                           analytic: QueueingFormulas.mm1MeanSojourn(arrivalRate: 500, serviceRate: 1000)
                               + QueueingFormulas.mm1MeanSojourn(arrivalRate: 500, serviceRate: 800)
                               + QueueingFormulas.mm1MeanSojourn(arrivalRate: 500, serviceRate: 625),
                           tolerance: 0.02),
        ]
        return ValidationSuite(models: models, cases: cases, masterSeed: masterSeed)
    }
}
