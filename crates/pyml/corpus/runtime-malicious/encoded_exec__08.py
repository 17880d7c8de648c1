# technique: payload rebuilt character by character with chr() from an integer list and passed to exec
exec("".join(chr(c) for c in [112,114,105,110,116,40,34,115,104,114,105,107,101,45,99,111,114,112,117,115,32,112,108,97,99,101,104,111,108,100,101,114,32,112,97,121,108,111,97,100,34,41]))
