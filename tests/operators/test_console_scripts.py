"""Every console script works with every shipped ini file, copied outside
the checkout, on every configured database (SQLite, PostgreSQL, MariaDB).

``initialize_db production.ini`` once crashed on the pool settings that
production.ini gained (NullPool refuses them): running each script on each
real ini file is what catches that.
"""

from __future__ import annotations

import json

import pytest

from scratchpad.models.revision import code_head

from .running import SECRET, SHIPPED_INIS, copy_ini, get, operator_env, run, serving

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("ini_name", SHIPPED_INIS)
def test_every_script_works_with_the_shipped_ini(empty_db_url, tmp_path, ini_name):
    ini = copy_ini(ini_name, tmp_path)
    env = operator_env(
        SCRATCHPAD_DATABASE_URL=empty_db_url,
        SCRATCHPAD_SECRET=SECRET,
        SCRATCHPAD_BASE_URL="https://comments.example.org",
        SCRATCHPAD_ADMIN_PASSWORD="admin-password-1",
        SCRATCHPAD_BCRYPT_ROUNDS="10",
    )

    def ok(*args: str, stdin: str = "") -> str:
        result = run(list(args), env, tmp_path, stdin)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout

    assert f"upgraded to revision {code_head()}" in ok("initialize_db", str(ini))
    assert f"{code_head()} (head)" in ok("alembic", "-c", str(ini), "current")
    ok("manage_users", str(ini), "add", "bob", stdin="bob-password-1\n")
    assert "bob" in ok("manage_users", str(ini), "list")
    dump = ok("scratchpad_data", str(ini), "export")
    assert [user["username"] for user in json.loads(dump)["users"]] == ["admin", "bob"]
    count = "from sqlalchemy import func, select\n"
    count += "print('users', dbsession.scalar(select(func.count(User.id))))\n"
    assert "users 2" in ok("pshell", str(ini), stdin=count)
    with serving(ini, env) as (url, _, _):
        assert get(url + "/readyz") == (200, "ready\n")
        status, page = get(url + "/")
        assert status == 200 and "Scratchpad" in page
