"Shared pytest set-up: offline hub, smoke profile, and a helper to write fixture paper notebooks."
import os
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ROBUSTBOOK_PROFILE", "smoke")
