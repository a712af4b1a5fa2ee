"""ClusterHistory: which etcd answer headers come from another cluster or history."""

from __future__ import annotations

from skyshift_tui.store.etcd.identity import ClusterHistory, Landmark, first_key_at, parse_identity


def header(cluster: str = "7", revision: int = 10, term: int = 3) -> dict[str, str]:
    return {"cluster_id": cluster, "revision": str(revision), "raft_term": str(term)}


def unused() -> dict[str, str]:
    raise AssertionError("no confirmation needed")


def test_the_same_cluster_moving_on_is_taken_in() -> None:
    history = ClusterHistory("7", 10)
    assert history.moved(header(revision=10, term=3), unused) is None
    assert history.moved(header(revision=15, term=4), unused) is None
    assert (history.revision, history.term) == (15, 4)


def test_another_cluster_id_is_another_cluster_even_ahead() -> None:
    history = ClusterHistory("7", 10)
    assert "cluster id 8, was 7" in str(history.moved(header("8", revision=99), unused))


def test_an_unknown_identity_is_learnt_from_the_first_answer() -> None:
    history = ClusterHistory("", 10)
    assert history.moved(header("8"), unused) is None
    assert history.moved(header("9"), unused) is not None


def test_a_history_behind_is_another_one_once_confirmed() -> None:
    history = ClusterHistory("7", 10)
    history.moved(header(revision=10, term=5), unused)
    assert "behind" in str(history.moved(header(revision=2, term=2), lambda: header(revision=2)))
    history = ClusterHistory("7", 10)
    history.moved(header(revision=10, term=5), unused)
    assert history.moved(header(revision=12, term=2), lambda: header(revision=12, term=2))


def test_a_lagging_member_is_not_another_history() -> None:
    history = ClusterHistory("7", 10)
    assert history.moved(header(revision=9), lambda: header(revision=11)) is None
    assert history.moved(header(revision=5), lambda: None) is None  # no answer: no verdict
    assert history.revision == 11


def test_a_snapshot_identity_carries_its_landmark() -> None:
    cluster, landmark = parse_identity("123/5:a2V5:2:3")
    assert cluster == "123" and landmark == Landmark(first_key_at(5), ("a2V5", 2, 3))
    assert parse_identity("123/5:-") == ("123", Landmark(first_key_at(5), None))
    assert parse_identity("123") == ("123", None)  # a bare cluster id: no landmark
    assert parse_identity("123/x:junk")[1] is None


def test_a_watchs_landmark_is_its_last_put_never_a_delete() -> None:
    def event(kind: str, key: str, revision: int) -> dict[str, object]:
        kv = {"key": key, "create_revision": "2", "mod_revision": str(revision)}
        return {"type": kind, "kv": kv}

    assert Landmark.of_events([event("DELETE", "a2V5", 9)]) is None
    mark = Landmark.of_events([event("PUT", "YQ==", 7), event("DELETE", "a2V5", 9)])
    assert mark == Landmark({"key": "YQ==", "revision": "7", "keys_only": True}, ("YQ==", 2, 7))
