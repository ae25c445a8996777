# syntax=docker/dockerfile:1
# The pipeline service (and its CLI) as an image. Build: docker build -t pipeline .
# Run: docker run -p 8080:8080 pipeline   (embedded PostgreSQL; see README, "Deploying", for a real deployment)

# --- 1. build: the application jar and the Spark application jar, with Maven ---
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY db db
COPY pipeline-core pipeline-core
COPY pipeline-dags pipeline-dags
COPY pipeline-spark pipeline-spark
COPY pipeline-web pipeline-web
COPY bench bench
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl pipeline-web,pipeline-spark -am package \
 && cp pipeline-web/target/pipeline.jar /pipeline.jar \
 && cp pipeline-spark/target/pipeline-spark-*-app.jar /pipeline-spark-app.jar

# --- 2. extract: Spring Boot's layers (dependencies change less often than the application) ---
FROM eclipse-temurin:21-jre AS extract
WORKDIR /extract
COPY --from=build /pipeline.jar pipeline.jar
RUN java -Djarmode=tools -jar pipeline.jar extract --layers --launcher --destination layers

# --- 3. run: a JRE 21, a user without privileges, one layer per Spring Boot layer ---
FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 pipeline \
 && useradd --system --uid 10001 --gid pipeline --home-dir /var/lib/pipeline --create-home pipeline
WORKDIR /app
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./
COPY --from=build /pipeline-spark-app.jar /opt/pipeline/pipeline-spark-app.jar
USER pipeline
# Memory from the container's limit, not the host's; die on OutOfMemoryError so that the platform restarts the node
# (its running tries are failed as "node lost" and retried elsewhere).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    PIPELINE_DATA_DIR=/var/lib/pipeline \
    PIPELINE_SPARK_APP_JAR=/opt/pipeline/pipeline-spark-app.jar
EXPOSE 8080
# Readiness: database and a fresh scheduler heartbeat (see docs/decisions/deployment.md). The first start migrates
# the database, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=4 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness > /dev/null || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
