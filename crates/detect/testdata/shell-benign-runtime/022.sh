#!/bin/sh
# shrike-test-benign: jenkins agent entrypoint fetching agent.jar from the controller and running it
set -e
JENKINS_URL=${JENKINS_URL:?}
curl -fsSL -o /usr/share/jenkins/agent.jar "$JENKINS_URL/jnlpJars/agent.jar"
exec java $JAVA_OPTS -jar /usr/share/jenkins/agent.jar -url "$JENKINS_URL" -secret "$JENKINS_SECRET" -name "$JENKINS_AGENT_NAME" -workDir /home/jenkins/agent
