# purpose: asyncio TCP proxy used in integration tests to inject latency between the app and redis
import asyncio, os
DELAY = float(os.environ.get("PROXY_DELAY_MS", "50")) / 1000

async def pipe(reader, writer):
    try:
        while data := await reader.read(4096):
            await asyncio.sleep(DELAY)
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()

async def handle(cr, cw):
    ur, uw = await asyncio.open_connection("127.0.0.1", 6379)
    await asyncio.gather(pipe(cr, uw), pipe(ur, cw))

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 16379)
    async with server:
        await server.serve_forever()

asyncio.run(main())
