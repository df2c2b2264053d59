"""Personal data sealed at rest: unreadable in the database, readable with any listed key, rotated to the first."""

from collections.abc import Callable

import pytest

from core.config import ConfigError, Settings, load_settings
from core.sealing import SealingError, new_key, reseal, seal, unseal
from tests.conftest import PERSONAL_DATA_KEY

ADDRESS = "王芳 · 138 0013 8000 · 上海市浦东新区世纪大道 100 号"


def test_a_sealed_text_holds_nothing_readable_and_unseals_to_the_same_text() -> None:
    token = seal(ADDRESS)
    assert "王芳" not in token and "138" not in token and token.isascii()
    assert seal(ADDRESS) != token  # sealed twice, two different values: equal addresses do not show as equal
    assert unseal(token) == ADDRESS


def test_rotation_new_key_first_old_values_still_read_then_resealed_under_the_new_key(
    override_settings: Callable[..., Settings],
) -> None:
    old = seal(ADDRESS)
    fresh = new_key()
    override_settings(personal_data_keys=f"{fresh},{PERSONAL_DATA_KEY}")
    assert unseal(old) == ADDRESS
    renewed = reseal(old)

    override_settings(personal_data_keys=fresh)  # the old key removed after the reseal
    assert unseal(renewed) == ADDRESS
    with pytest.raises(SealingError):
        unseal(old)


def test_no_key_refuses_to_store_personal_data_rather_than_store_it_in_the_clear(
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(personal_data_keys=None)
    with pytest.raises(SealingError, match="PERSONAL_DATA_KEYS is not set"):
        seal(ADDRESS)


def test_a_malformed_key_is_refused_at_start_naming_the_variable_not_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONAL_DATA_KEYS", f"{PERSONAL_DATA_KEY},not-a-key-at-all")
    with pytest.raises(ConfigError, match="PERSONAL_DATA_KEYS") as refused:
        load_settings()
    assert "not-a-key-at-all" not in str(refused.value) and PERSONAL_DATA_KEY not in str(refused.value)
