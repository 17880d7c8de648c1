# purpose: web terminal backend for an internal admin tool: forks a shell on a pty and bridges it to a websocket, with auth enforced upstream
import asyncio
import fcntl
import os
import pty
import struct
import termios

import websockets


async def session(ws):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("bash", ["bash", "-l"])
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    loop.add_reader(fd, lambda: q.put_nowait(os.read(fd, 4096)))

    async def to_ws():
        while True:
            await ws.send(await q.get())

    async def from_ws():
        async for msg in ws:
            if isinstance(msg, str) and msg.startswith("resize:"):
                rows, cols = map(int, msg[7:].split("x"))
                fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            else:
                os.write(fd, msg if isinstance(msg, bytes) else msg.encode())

    try:
        await asyncio.gather(to_ws(), from_ws())
    finally:
        loop.remove_reader(fd)
        os.close(fd)
        os.kill(pid, 9)


async def main():
    async with websockets.serve(session, "127.0.0.1", 7681):
        await asyncio.Future()


asyncio.run(main())
