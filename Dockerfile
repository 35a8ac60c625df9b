# syntax=docker/dockerfile:1.7
# The Nexus IAM image: the service in production mode, extracted the way Spring Boot recommends,
# with a JDK 25 AOT cache made by one training run at build time. See docs/operations/deployment.md.
#
#   docker build -t nexus-iam:dev .
#
# Base images: Eclipse Temurin 25 on Ubuntu 24.04 (noble), pinned to the release CI builds with.
# noble rather than alpine: glibc, so that the training run can start the embedded PostgreSQL
# (whose binaries are built for glibc) and the cache is made on the same libc it runs on. The JRE
# image has neither curl nor wget; the health check speaks HTTP with bash's /dev/tcp instead.
ARG JDK_IMAGE=eclipse-temurin:25.0.3_9-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
ENV MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# the Maven repository (and the Maven the wrapper downloads) survive between builds
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
	./mvnw -q -B -DskipTests package \
	&& java -Djarmode=tools -jar target/nexus-iam.jar extract --destination /app

FROM ${JRE_IMAGE}
# the options the project measures with (bench/run.sh, docs/performance.md); the training run
# below uses them too, and the cache is only used by a JVM started with compatible options
ENV JAVA_OPTS="-Xmx160m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m" \
	MALLOC_ARENA_MAX=2
RUN groupadd --system --gid 10001 nexus \
	&& useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
		--shell /usr/sbin/nologin nexus \
	&& install -d -o 10001 -g 10001 -m 0750 /var/log/nexus-iam
# owned by root: the service cannot change its own code
COPY --from=build /app /app
# The AOT cache training run (docs/operations.md): start the application context, then exit. It
# runs in development mode, on an embedded PostgreSQL that lives only during this step, as the
# service's user (PostgreSQL refuses root). The cache must be made by this very JRE on these very
# jar files (size and time are checked), which is why it is made here and not in the build stage.
# What the development mode generated (data folder, keys, secrets, PostgreSQL) is deleted in the
# same step, so no layer of the image holds it.
RUN set -eu; \
	install -d -o 10001 -g 10001 /tmp/training; \
	cd /tmp/training; \
	if ! setpriv --reuid=10001 --regid=10001 --clear-groups \
		env HOME=/tmp/training NEXUS_MODE=development NEXUS_DATA_DIR=/tmp/training/data \
		java $JAVA_OPTS -XX:AOTCacheOutput=/tmp/training/nexus-iam.aot -Xlog:aot*=error,cds*=error \
			-Dspring.context.exit=onRefresh \
			-jar /app/nexus-iam.jar >training.log 2>&1; then \
		tail -n 60 training.log; exit 1; \
	fi; \
	if [ -f data/postgres/postmaster.pid ]; then kill "$(head -n 1 data/postgres/postmaster.pid)" || true; sleep 2; fi; \
	install -m 0444 nexus-iam.aot /app/nexus-iam.aot; \
	cd /; rm -rf /tmp/training /tmp/embedded-pg /tmp/*.tmp

USER 10001:10001
WORKDIR /app
ENV NEXUS_MODE=production
# 8080: the public HTTP port; 8081: the management port (health, /metrics), keep it internal
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
	CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${NEXUS_MANAGEMENT_PORT:-8081} && printf 'GET /health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r -t 4 _ status _ <&3 && [ \"$status\" = 200 ]"]
# exec: the JVM is process 1 and receives SIGTERM itself (graceful shutdown)
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/app/nexus-iam.aot -jar /app/nexus-iam.jar \"$@\"", "nexus-iam"]
