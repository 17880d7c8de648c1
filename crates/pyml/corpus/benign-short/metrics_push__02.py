# purpose: send statsd counters and timers over UDP to the local agent
import socket, time, random
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def send(metric):
    sock.sendto(metric.encode(), ("127.0.0.1", 8125))
t0 = time.perf_counter()
time.sleep(random.random() / 10)
send("worker.jobs.completed:1|c")
send(f"worker.jobs.latency:{(time.perf_counter() - t0) * 1000:.1f}|ms")
send("worker.queue.depth:42|g")
