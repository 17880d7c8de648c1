#!/bin/bash
# shrike-test-benign: periodic cache warmer hitting internal endpoints with curl
URLS=(
  http://localhost:8080/api/products?page=1
  http://localhost:8080/api/categories
  http://localhost:8080/sitemap.xml
)
for u in "${URLS[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$u")
  echo "$(date -Is) $code $u"
done
