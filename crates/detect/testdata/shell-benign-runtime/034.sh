#!/bin/bash
# shrike-test-benign: GKE workload identity check querying the metadata server for the project id
PROJECT=$(curl -s -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/project/project-id)
echo "running in project ${PROJECT:-unknown}"
gcloud config set project "$PROJECT" >/dev/null 2>&1
exec /app/worker --project "$PROJECT"
