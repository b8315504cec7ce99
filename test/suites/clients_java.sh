#!/usr/bin/env bash
# Client suite: cx_metrics through JDBC (Debian's libpostgresql-jdbc-java), with binary
# transfer off and on.  See test/clients/java/CxClientsTest.java.
set -eu
. "$CX_ROOT/test/lib/common.sh"
cx_need_packages libpostgresql-jdbc-java
command -v javac >/dev/null 2>&1 || cx_need_packages default-jdk-headless
jar=/usr/share/java/postgresql.jar
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" -cp "$jar" "$CX_ROOT/test/clients/java/CxClientsTest.java"
"$CX_SYS_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics"
export CX_TCP_HOST=127.0.0.1
java -cp "$jar:$classes" CxClientsTest text
java -cp "$jar:$classes" CxClientsTest binary
