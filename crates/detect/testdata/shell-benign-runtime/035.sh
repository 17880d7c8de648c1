#!/bin/sh
# shrike-test-benign: tomcat setenv.sh tuning JVM options
CATALINA_OPTS="$CATALINA_OPTS -Xms512m -Xmx${JVM_MAX_HEAP:-1024m}"
CATALINA_OPTS="$CATALINA_OPTS -Djava.security.egd=file:/dev/./urandom"
CATALINA_OPTS="$CATALINA_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=200"
if [ -n "$JMX_PORT" ]; then
  CATALINA_OPTS="$CATALINA_OPTS -Dcom.sun.management.jmxremote.port=$JMX_PORT -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
fi
export CATALINA_OPTS
