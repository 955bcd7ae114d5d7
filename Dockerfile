# hybridsim in a container: the Swift runtime image plus GSL, with the shipped scenarios.
# docker build -t hybridsim . && docker run --rm hybridsim hybridsim run
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libgsl-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY bench ./bench
COPY Tests ./Tests
RUN swift build -c release --product hybridsim --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgsl27 libgslcblas0 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/hybridsim /usr/local/bin/hybridsim
COPY scenarios /scenarios
WORKDIR /work
ENTRYPOINT []
CMD ["hybridsim", "--help"]
