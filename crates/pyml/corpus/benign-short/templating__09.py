# purpose: patch an XML server config (tomcat-style) setting connector port and max threads from env with ElementTree
import os
import xml.etree.ElementTree as ET

tree = ET.parse("/usr/local/tomcat/conf/server.xml")
for conn in tree.getroot().iter("Connector"):
    if conn.get("protocol", "").startswith("HTTP"):
        conn.set("port", os.environ.get("HTTP_PORT", "8080"))
        conn.set("maxThreads", os.environ.get("MAX_THREADS", "200"))
tree.write("/usr/local/tomcat/conf/server.xml", xml_declaration=True, encoding="utf-8")
