__version__ = "0.1.0"
from . import _tvcompat  # must run before the first `import torchvision` / `import timm`
