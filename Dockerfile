# One image for every role: the coordinator and the workers run the same jar with different commands.
# Build: docker build -t mapreduce .      (docker-compose.yml starts 1 coordinator and 3 workers)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY mapreduce-core mapreduce-core
COPY mapreduce-transport-inprocess mapreduce-transport-inprocess
COPY mapreduce-transport-grpc mapreduce-transport-grpc
COPY mapreduce-status-http mapreduce-status-http
COPY examples examples
COPY mapreduce-cli mapreduce-cli
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/mapreduce-cli/target/mapreduce-cli-0.1.0-SNAPSHOT-all.jar /app/mapreduce.jar
ENTRYPOINT ["java", "-cp", "/app/mapreduce.jar", "dev.mapreduce.cli.MapReduceCli"]
CMD ["--help"]
