from pathlib import Path

# The project's checkout, and the files the tests read.
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
