import pytest


@pytest.fixture
def author(make_user):
    return make_user(is_staff=True, full_name="Trần Biên Tập")
