# purpose: pytest conftest that loads fixture plugins from the tests/fixtures directory
import pathlib
here = pathlib.Path(__file__).parent
pytest_plugins = [
    f"tests.fixtures.{p.stem}" for p in sorted((here / "fixtures").glob("*.py")) if p.stem != "__init__"
]
