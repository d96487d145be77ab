# One image for every role: the coordinator and the workers run the same jar with different commands.
#
#   docker build -t mapreduce .                 # users: Maven runs inside the build stage
#   docker compose up --build                   # 1 coordinator + 3 workers (docker-compose.yml)
#
# Both images are build arguments, so that the project image can be made where no image registry
# is reachable (scripts/test-docker.sh does that: it makes a Debian base with a JRE from Debian's
# packages and passes it as BASE_IMAGE and BUILD_IMAGE).
#   BASE_IMAGE    the runtime: any image with a Java 17+ `java` on PATH, bash, and useradd
#   BUILD_IMAGE   the build stage: with Maven 3.8+ and JDK 17 unless PREBUILT_JAR=true
#   PREBUILT_JAR  true: take mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar from the build
#                 context (run `mvn -DskipTests package` first) instead of running Maven in the image;
#                 the image is then exactly the jar you built and tested on the host.
ARG BASE_IMAGE=eclipse-temurin:17-jre
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17

FROM ${BUILD_IMAGE} AS build
ARG PREBUILT_JAR=false
# Lets a test remove this stage's untagged image afterwards (the legacy builder keeps it).
LABEL dev.mapreduce.stage=build
WORKDIR /src
# .dockerignore keeps .git, benchmarks and every target/ out, except the runnable jar.
COPY . .
RUN set -e; jar=mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar; \
    if [ "$PREBUILT_JAR" = true ]; then \
      test -f "$jar" || { echo "PREBUILT_JAR=true but $jar is not in the build context: run 'mvn -DskipTests package' first" >&2; exit 1; }; \
    else \
      mvn -q -B -DskipTests package; \
    fi; \
    cp "$jar" /mapreduce.jar

FROM ${BASE_IMAGE}
# A fixed uid, so that a host directory bind-mounted on /data can be given to it (chown 10001).
RUN groupadd --system --gid 10001 mapreduce \
 && useradd --system --uid 10001 --gid mapreduce --home-dir /app --shell /usr/sbin/nologin mapreduce \
 && mkdir -p /app /data /work \
 && chown mapreduce:mapreduce /data /work
COPY --from=build /mapreduce.jar /app/mapreduce.jar
COPY scripts/docker/healthcheck.sh /app/healthcheck
RUN chmod 0755 /app/healthcheck
USER mapreduce
WORKDIR /app
# What the health check probes (see scripts/docker/healthcheck.sh): a coordinator's status page
# (http:8080), a worker's shuffle port (tcp:50061), or nothing for one-shot commands (none).
ENV MAPREDUCE_HEALTH=none
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["/app/healthcheck"]
# The throughput collector, as scripts/mapreduce picks it (see there why).
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-cp", "/app/mapreduce.jar", "dev.mapreduce.cli.MapReduceCli"]
CMD ["--help"]
