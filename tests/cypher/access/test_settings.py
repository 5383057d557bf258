"""Settings read from the environment (:mod:`cypher.access.settings`); no database needed."""

import pytest

from cypher.access.errors import InputError
from cypher.access.settings import SettingsError, load_settings, query_timeout


def test_defaults_use_local_server_on_7687(tmp_path):
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    assert settings.uses_local_server
    assert settings.local_uri == "bolt://127.0.0.1:7687"
    assert settings.home == tmp_path.resolve()


@pytest.mark.parametrize("uri", ["bolt://h:7687", "neo4j://h", "bolt+s://h", "neo4j+s://h:1"])
def test_uris_are_passed_unchanged(uri):
    settings = load_settings({"NEO4J_URI": uri, "NEO4J_USERNAME": "u",
                              "NEO4J_PASSWORD": "p", "NEO4J_DATABASE": "d"})
    assert (settings.uri, settings.username, settings.password, settings.database) == (
        uri, "u", "p", "d")
    assert not settings.uses_local_server


@pytest.mark.parametrize("port", ["x", "0", "70000"])
def test_bad_port_is_a_clear_error(port):
    with pytest.raises(SettingsError, match="EXPLORER_BOLT_PORT"):
        load_settings({"EXPLORER_BOLT_PORT": port})


def test_settings_read_the_database_name():
    settings = load_settings({"NEO4J_URI": "neo4j://db.example:7687", "NEO4J_PASSWORD": "x",
                              "NEO4J_DATABASE": "papers"})
    assert settings.uri == "neo4j://db.example:7687" and settings.database == "papers"


def test_a_bad_setting_is_the_users_input_error():
    """Web 400 and exit 2, not an internal error."""
    assert issubclass(SettingsError, InputError)


@pytest.mark.parametrize(("value", "seconds"), [(None, 10.0), ("", 10.0), ("0.1", 0.1),
                                                ("2.5", 2.5), ("3600", 3600.0)])
def test_query_timeout_reads_seconds(value, seconds):
    env = {} if value is None else {"EXPLORER_QUERY_TIMEOUT": value}
    assert query_timeout(env) == seconds
    assert load_settings({**env, "EXPLORER_HOME": "/tmp/h"}).query_timeout == seconds


@pytest.mark.parametrize("value", ["0", "0.05", "3601", "ten", "-1", "nan"])
def test_query_timeout_out_of_bounds_is_refused_naming_the_setting(value):
    with pytest.raises(SettingsError, match="EXPLORER_QUERY_TIMEOUT"):
        query_timeout({"EXPLORER_QUERY_TIMEOUT": value})


@pytest.mark.parametrize("value", ["0.05", "3601", "ten"])
def test_the_web_app_reads_the_query_timeout_with_the_same_parser(value):
    """One parser, one bound: the web app's config refuses what the graph layer
    refuses, with the same message (as its own ConfigError, which `explorer
    serve` reports as one line)."""
    from webui.config import ConfigError, from_environ

    env = {"EXPLORER_QUERY_TIMEOUT": value}
    with pytest.raises(SettingsError) as graph_layer:
        query_timeout(env)
    with pytest.raises(ConfigError) as web_app:
        from_environ(env)
    assert str(web_app.value) == str(graph_layer.value)
    assert from_environ({"EXPLORER_QUERY_TIMEOUT": "2.5"})["QUERY_TIMEOUT"] == 2.5


def test_the_local_servers_heap_follows_the_machine_unless_set():
    from cypher.access.settings import default_heap

    assert load_settings({}).heap == default_heap()
    assert load_settings({"EXPLORER_HEAP": "3g"}).heap == "3g"
    assert default_heap() in {f"{g}g" for g in range(2, 9)}
    assert [default_heap(g * 2**30) for g in (1, 8, 12, 40)] == ["2g", "2g", "3g", "8g"]
