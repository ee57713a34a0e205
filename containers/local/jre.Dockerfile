# A JRE 17 on the Debian base that build-images.sh makes with debootstrap: the app images' base where
# public images cannot be pulled (BASE_IMAGE=localhost/event-pipeline/jre:17).
FROM localhost/event-pipeline/debian:bookworm
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
