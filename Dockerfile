# Commerce.Cqrs API image. Build: docker build -t commerce-cqrs-api . (or docker compose build)

# ---- build ----------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src

# Restore inputs first, so the restore layer stays cached until a package reference changes:
# package sources, central package versions, the repo-local feed (two restore-only stand-ins)
# and the project files of the API and the projects it references.
COPY nuget.config Directory.*.props ./
COPY build/packages/ build/packages/
COPY src/Domain/Domain.csproj src/Domain/
COPY src/Projections/Projections.csproj src/Projections/
COPY src/Api/Api.csproj src/Api/
ARG TARGETARCH
RUN dotnet restore src/Api/Api.csproj -a $TARGETARCH

COPY . .
# For the target architecture, so the assemblies are precompiled (ReadyToRun, see src/Api/Api.csproj).
RUN dotnet publish src/Api/Api.csproj -c Release -a $TARGETARCH --self-contained false -o /app --no-restore -p:UseAppHost=false

# ---- runtime --------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the container health check (the aspnet image has none).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared so that ASPNETCORE_URLS alone decides.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
# non-root user provided by the base image
USER $APP_UID
ENTRYPOINT ["dotnet", "Commerce.Api.dll"]
