# purpose: asyncio port waiter that checks many host:port pairs concurrently with a global timeout
import asyncio
import sys


async def probe(host, port):
    while True:
        try:
            _, w = await asyncio.open_connection(host, port)
            w.close()
            await w.wait_closed()
            return
        except OSError:
            await asyncio.sleep(0.5)


async def main(targets, timeout):
    tasks = [probe(h, int(p)) for h, p in (t.rsplit(":", 1) for t in targets)]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout)


try:
    asyncio.run(main(sys.argv[1:], 45))
except asyncio.TimeoutError:
    sys.exit("dependencies not ready")
