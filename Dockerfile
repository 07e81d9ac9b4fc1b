# syntax=docker/dockerfile:1
# Build: docker build -t pluginhost .   Run: docker run -p 8080:8080 pluginhost node --store postgres://... --listen 0.0.0.0:8080
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# clang and zlib for the Native AOT launcher (build/publish.sh: /app/pluginhost runs `wasm run`, /app/lib the CLI)
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN bash build/publish.sh /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the HEALTHCHECK only
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 pluginhost \
    && useradd --system --uid 10001 --gid pluginhost --home-dir /data --create-home pluginhost
WORKDIR /app
COPY --from=build /app .
ENV PLUGINHOST_DATA_DIR=/data DOTNET_gcServer=0
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/app/pluginhost"]
CMD ["node", "--listen", "0.0.0.0:8080"]
