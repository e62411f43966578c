"""The local secret key: created owner-only, never loosening or changing what it did not create;
a key file named by the user is only read, never created."""

from __future__ import annotations

import os
import stat

import pytest

from kuajing.errors import InputError
from kuajing.secrets import load_key, load_or_create_key


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_key_in_a_new_folder_is_owner_only(tmp_path):
    key = load_or_create_key(tmp_path / "home" / "secret.key")
    assert len(key) == 32
    assert _mode(tmp_path / "home" / "secret.key") == 0o600
    assert _mode(tmp_path / "home") == 0o700
    assert load_or_create_key(tmp_path / "home" / "secret.key") == key


def test_key_in_an_existing_folder_leaves_the_folder_alone(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    os.chmod(folder, 0o755)
    load_or_create_key(folder / "secret.key")
    assert _mode(folder) == 0o755
    assert _mode(folder / "secret.key") == 0o600


@pytest.mark.parametrize("content", [b"zz" * 32, b"\xff" * 64, b"abc"])
def test_a_damaged_key_is_an_input_error_not_a_traceback(tmp_path, content):
    path = tmp_path / "secret.key"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    with pytest.raises(InputError, match="damaged"):
        load_or_create_key(path)


def test_a_key_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "k" / "secret.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(InputError, match="readable by other users"):
        load_or_create_key(path)


def test_a_named_key_that_does_not_exist_is_refused_and_nothing_is_created(tmp_path):
    path = tmp_path / "typo" / "ledger.key"
    with pytest.raises(InputError, match="does not exist") as exc:
        load_key(path, "--key-file")
    assert str(path) in str(exc.value) and "leave out --key-file" in str(exc.value)
    assert not (tmp_path / "typo").exists()


def test_an_existing_key_is_read_by_both(tmp_path):
    path = tmp_path / "secret.key"
    key = load_or_create_key(path)
    assert load_key(path) == key


@pytest.mark.parametrize("reader", [load_key, load_or_create_key], ids=["named", "installation"])
def test_a_folder_as_key_is_an_input_error(tmp_path, reader):
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o700)
    with pytest.raises(InputError, match="is a folder, not a file") as exc:
        reader(folder)
    assert str(folder) in str(exc.value)


@pytest.mark.parametrize("reader", [load_key, load_or_create_key], ids=["named", "installation"])
def test_a_key_below_a_file_is_an_input_error(tmp_path, reader):
    (tmp_path / "home").write_text("not a folder")
    path = tmp_path / "home" / "secret.key"
    with pytest.raises(InputError, match="a file where a folder should be") as exc:
        reader(path)
    assert str(path) in str(exc.value)
