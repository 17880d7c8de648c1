# purpose: print numpy/scipy build configuration and BLAS info to debug performance differences between images
import numpy as np
print("numpy", np.__version__)
np.show_config()
try:
    import scipy
    print("scipy", scipy.__version__)
except ImportError:
    print("scipy not installed")
