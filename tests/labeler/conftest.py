import pytest

from labelaudit import Labeler


@pytest.fixture(scope="session")
def labeler() -> Labeler:
    return Labeler()
