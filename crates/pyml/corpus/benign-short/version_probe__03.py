# purpose: fail the image build if the python version is older than the minimum the app supports
import sys

MIN = (3, 10)
if sys.version_info < MIN:
    sys.stderr.write("python %d.%d+ required, found %s\n" % (MIN + (sys.version.split()[0],)))
    sys.exit(1)
print("python version ok:", sys.version.split()[0])
