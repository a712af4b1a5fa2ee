"""etcds://: TLS with a CA and a client certificate, as etcdctl's --cacert/--cert/--key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from etcd_fixtures import Member

from skyshift_tui.core.errors import InvalidInputError, StoreError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import open_store

TLS = Path(__file__).resolve().parents[1] / "tls"


@pytest.fixture(scope="module")
def tls_member(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Member]:
    folder = tmp_path_factory.mktemp("etcd-tls")
    member = Member("tls", folder / "data", tls=TLS)
    member.start()
    member.wait_healthy()
    yield member
    member.kill()


def test_tls_with_a_client_certificate(tls_member: Member) -> None:
    store = open_store(
        f"etcds://{tls_member.endpoint}",
        etcd_cacert=str(TLS / "ca.pem"),
        etcd_cert=str(TLS / "client.pem"),
        etcd_key=str(TLS / "client-key.pem"),
    )
    store.create_endpoints(EndpointsForm(name="web").to_endpoints())
    assert [o["metadata"]["name"] for o in store.list_endpoints()] == ["web"]
    assert store.location == f"etcds://{tls_member.endpoint}"


def test_tls_without_the_ca_or_the_certificate_is_refused(tls_member: Member) -> None:
    unknown_ca = open_store(f"etcds://{tls_member.endpoint}")
    with pytest.raises(StoreError, match="cannot reach etcd at etcds://.*CERTIFICATE_VERIFY"):
        unknown_ca.list_endpoints()
    no_client_cert = open_store(f"etcds://{tls_member.endpoint}", etcd_cacert=str(TLS / "ca.pem"))
    with pytest.raises(StoreError, match="cannot reach etcd at etcds://"):
        no_client_cert.list_endpoints()


def test_missing_tls_files_are_named(tls_member: Member) -> None:
    with pytest.raises(InvalidInputError, match="--etcd-cacert /nonexistent/ca.pem: no such"):
        open_store(f"etcds://{tls_member.endpoint}", etcd_cacert="/nonexistent/ca.pem")
