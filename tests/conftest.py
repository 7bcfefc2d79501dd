import sys
from pathlib import Path

# tests/golden.py is a helper module shared by the golden tests
sys.path.insert(0, str(Path(__file__).resolve().parent))
