# shrike-test-benign: sourced env file exporting defaults for a container shell
export PATH="/opt/app/bin:$PATH"
export LANG=C.UTF-8
export PYTHONUNBUFFERED=1
: "${APP_PORT:=8080}"
export APP_PORT
