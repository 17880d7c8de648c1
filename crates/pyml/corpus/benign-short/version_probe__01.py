# purpose: print interpreter and platform details for build logs
import platform, sys
print("python", sys.version.replace("\n", " "))
print("implementation", platform.python_implementation())
print("platform", platform.platform())
