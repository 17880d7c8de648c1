# purpose: wait for the kafka broker at 10.0.1.10:9092 and for a required topic to exist, using kafka-python
import sys, time
from kafka import KafkaConsumer
from kafka.errors import NoBrokersAvailable
for _ in range(30):
    try:
        c = KafkaConsumer(bootstrap_servers="10.0.1.10:9092")
        if "orders" in c.topics():
            c.close(); sys.exit(0)
        c.close()
    except NoBrokersAvailable:
        pass
    time.sleep(2)
sys.exit(1)
