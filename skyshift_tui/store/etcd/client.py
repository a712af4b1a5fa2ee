"""An etcd v3 client over the JSON gateway: endpoints, failover, TLS, auth, and the KV calls.

`etcd://HOST:PORT[,HOST:PORT...]` (or `etcds://` for TLS) names the members; `USER:PASSWORD@`
before the first host, or $SKYSHIFT_ETCD_PASSWORD, logs in as etcdctl's `--user` does. A member
that does not answer is skipped for the next; only when none answers within the deadline is it
`cannot reach etcd at ...`. Keys and values travel base64-encoded, 64-bit numbers as strings,
and fields that are zero or false are left out: helpers here hide that.
"""

from __future__ import annotations

import base64
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from skyshift_tui.core.errors import ExitCode, InvalidInputError, OutcomeUnknownError, StoreError
from skyshift_tui.core.redaction import PASSWORD_ENV_VAR, remember_password, store_address
from skyshift_tui.store.etcd.http import Connection, GatewayError, HttpError, Stream

SCHEMES = ("etcd", "etcds")
DEADLINE_SECONDS = 3.5
"""How long a call may try every member before giving up. The promise (issue 9) is the whole
command in 5 s: process start and imports took up to ~1 s on a loaded machine, so a failing
call gets 3.5 s, every member's connect and answer included."""
LAST_TRY_SECONDS = 0.2
"""Less than this left of the deadline: give up rather than start another attempt."""
CONNECT_SECONDS = 2.0
"""One member's connection attempt; a dead host's SYN gets no answer at all."""
SCAN_PAGE = 5000
"""Key-values per range request of a scan: ~3.5 MB of JSON, ~0.1-0.2 s for the gateway."""
SCAN_FETCHERS = 3
"""Range requests of one scan in flight at once (`scan_ranges`); 2-4 measured alike."""
ATTEMPT_SECONDS = 2.0
"""One member's answer; a member whose leader just died holds a request until a new one is
elected (~1-2 s), so the next member gets the rest of the deadline."""

# gRPC status codes etcd's gateway reports.
UNAUTHENTICATED = 16
UNAVAILABLE = 14
DEADLINE_EXCEEDED = 4
OUT_OF_RANGE = 11
_RETRY_ELSEWHERE = (UNAVAILABLE, DEADLINE_EXCEEDED)
_TRANSIENT_MESSAGES = ("no leader", "timed out", "leader changed", "not capable", "stopped")


@dataclass(frozen=True)
class EtcdTarget:
    """Where and how to reach etcd, parsed from `etcd://...` and the TLS options."""

    endpoints: tuple[tuple[str, int], ...]
    tls: bool = False
    cacert: str | None = None
    cert: str | None = None
    key: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def location(self) -> str:
        """The URL without credentials: what the TUI's header and errors show."""
        hosts = ",".join(f"{host}:{port}" for host, port in self.endpoints)
        return f"{'etcds' if self.tls else 'etcd'}://{hosts}"


def parse_etcd_url(
    url: str,
    cacert: str | None = None,
    cert: str | None = None,
    key: str | None = None,
) -> EtcdTarget:
    """`etcd[s]://[USER[:PASSWORD]@]HOST:PORT[,HOST:PORT...]`; InvalidInputError when malformed."""
    scheme, _, rest = url.partition("://")
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise InvalidInputError(
            f"store URL {store_address(url)!r} must start with etcd:// or etcds://"
        )
    rest = rest.rstrip("/")
    user = password = None
    if "@" in rest:
        from urllib.parse import unquote  # deferred: ~8 ms, URLs with credentials only

        credentials, _, rest = rest.rpartition("@")
        user_text, colon, password_text = credentials.partition(":")
        user = unquote(user_text) or None
        password = unquote(password_text) if colon else None
    if user and password is None:
        password = os.environ.get(PASSWORD_ENV_VAR)
    remember_password(password)  # masked wherever it might appear (redaction.redact)
    endpoints = tuple(_host_port(part, url) for part in rest.split(","))
    if (cert is None) != (key is None):
        raise InvalidInputError("--etcd-cert and --etcd-key go together: give both or neither")
    for flag, path in zip(TLS_FLAGS, (cacert, cert, key), strict=True):
        if path is not None:
            _check_tls_file(flag, path)
    tls = scheme == "etcds" or bool(cacert or cert)
    return EtcdTarget(endpoints, tls, cacert, cert, key, user, password)


TLS_FLAGS = ("--etcd-cacert", "--etcd-cert", "--etcd-key")
_TLS_FILE_ROLES = {
    "--etcd-cacert": "the CA bundle (PEM) that signed etcd's certificate",
    "--etcd-cert": "the client certificate (PEM)",
    "--etcd-key": "the client certificate's key (PEM)",
}


class TlsFileError(StoreError):
    """A TLS file that is there but cannot be loaded, found at the first connection: the
    user's input (exit 2), yet a StoreError so the watcher and the TUI report it as a store
    that cannot be used."""

    exit_code = ExitCode.USAGE


def _check_tls_file(flag: str, path: str) -> None:
    """A TLS file that is not there is a usage error naming its flag, before any connection."""
    if not os.path.exists(path):
        problem = "no such file"
    elif not os.path.isfile(path):
        problem = "not a file"
    else:
        return
    raise InvalidInputError(f"{flag} {path}: {problem}; give the path of {_TLS_FILE_ROLES[flag]}")


def _host_port(part: str, url: str) -> tuple[str, int]:
    host, colon, port = part.strip().rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidInputError(
            f"store URL {store_address(url)!r}: {part.strip()!r} is not HOST:PORT; "
            "write etcd://HOST:PORT[,HOST:PORT...]"
        )
    return host.strip("[]"), int(port)


def b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def prefix_end(prefix: str) -> str:
    """The range_end that covers every key starting with `prefix` (etcdctl's --prefix)."""
    return b64(prefix_end_bytes(prefix))


def prefix_end_bytes(prefix: str) -> bytes:
    """The first key after every key starting with `prefix`."""
    raw = bytearray(prefix.encode())
    raw[-1] += 1  # our prefixes end in '/', never 0xff
    return bytes(raw)


class Unreachable(StoreError):
    """No member answered within the deadline; `sent`: a request went out unanswered."""

    def __init__(self, location: str, detail: str, sent: bool) -> None:
        super().__init__(f"cannot reach etcd at {location} ({detail})")
        self.location = location
        self.detail = detail
        self.sent = sent


class EtcdClient:
    """Calls on whichever member answers; one keep-alive connection at a time."""

    def __init__(
        self,
        target: EtcdTarget,
        deadline: float = DEADLINE_SECONDS,
        check_hint: Callable[[list[str]], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = target
        self.deadline = deadline
        self._clock = clock
        """Seconds, for the deadline only: tests pass a clock of their own to check it."""
        self.check_hint = check_hint
        """How a user checks what a write to these keys did (`skyctl get endpoints web -n
        dev`): the store's layout knows; without one, `etcdctl get KEY`."""
        self._local = threading.local()
        """Each thread its own keep-alive connection: the TUI's writers and its watcher call
        at the same time, and one HTTP/1.1 connection carries one request at a time."""
        self._current = 0
        self._token: str | None = None
        self._ssl_context: Any = None
        self.cluster_id = ""
        """The cluster that answered last (every answer's `header.cluster_id`): the store's
        identity. Another cluster at the same address (a fresh data dir) has another."""

    @property
    def endpoint_in_use(self) -> str:
        host, port = self.target.endpoints[self._current]
        return f"{host}:{port}"

    def forget_login(self) -> None:
        """Log in again at the next call (etcd's simple tokens last 5 minutes)."""
        self._token = None

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # -- the KV API ----------------------------------------------------------------------------
    def range(self, key: str, prefix: bool = False, **options: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"key": b64(key), **options}
        if prefix:
            body["range_end"] = prefix_end(key)
        return self.call("/v3/kv/range", body)  # type: ignore[no-any-return]

    def scan(
        self,
        prefix: str,
        revision: int | None = None,
        each: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """Every key-value under `prefix` at one revision (the current one unless given), read
        SCAN_PAGE at a time: the gateway writes a whole answer before its first byte, and
        100k values in one took longer than a member may take to answer (2 s).

        With `each`, every page goes to it instead of into the list returned (one page of
        raw values in memory at a time)."""
        kvs: list[dict[str, Any]] = []
        revision = self._scan_range(b64(prefix), prefix_end(prefix), revision, each or kvs.extend)
        return kvs, revision

    def scan_ranges(
        self,
        ranges: Sequence[tuple[str, str]],
        revision: int,
        each: Callable[[list[dict[str, Any]]], object],
        fetchers: int = SCAN_FETCHERS,
    ) -> None:
        """Every key-value in each `[start, end)` range (base64 keys), all at `revision`, read
        by up to `fetchers` threads at once, each on its own connection: the gateway turns one
        answer into JSON on one core, so with one request at a time etcd waited on us and we
        on it (100k sets: 1.5-1.9 s sequential, 0.8-1.3 s three at a time, same etcd CPU).
        Pages go to `each` from the fetching threads, as they arrive (in no set order)."""
        work: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        for part in ranges:
            work.put(part)
        failures: list[BaseException] = []

        def fetch() -> None:
            try:
                while not failures:
                    try:
                        start, end = work.get_nowait()
                    except queue.Empty:
                        return
                    self._scan_range(start, end, revision, each)
            except BaseException as error:  # raised in the caller's thread below
                failures.append(error)
            finally:
                self.close()  # this thread's connection: the thread ends here

        threads = [
            threading.Thread(target=fetch, name="etcd-scan", daemon=True)
            for _ in range(max(1, min(fetchers, len(ranges))))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]

    def _scan_range(
        self,
        start: str,
        end: str,
        revision: int | None,
        each: Callable[[list[dict[str, Any]]], object],
    ) -> int:
        """Pages of `[start, end)` to `each`; the revision read at."""
        while True:
            body: dict[str, Any] = {"key": start, "range_end": end, "limit": SCAN_PAGE}
            if revision is not None:
                body["revision"] = str(revision)
            answer = self.call("/v3/kv/range", body)
            if revision is None:
                revision = number(answer["header"].get("revision"))
            page = answer.get("kvs", [])
            more = answer.get("more") and page
            next_start = b64(unb64(page[-1]["key"]) + b"\0") if more else ""
            each(page)
            if not more:
                return revision
            start = next_start

    def txn(
        self,
        compare: list[dict[str, Any]],
        success: list[dict[str, Any]],
        failure: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """One transaction, on another member too if the first went silent after sending it.

        Every write of ours compares revisions, so a transaction applied twice fails the second
        time; when it fails after such a silence, the keys are read back, and if they hold what
        was written (and deleted keys are gone), the first one did it: `succeeded`, `ambiguous`.
        When no member answers before the deadline after one was sent the writes, nobody can
        say whether etcd applied them (a stopped member applies them when it resumes):
        OutcomeUnknownError, saying so and how to check, never a plain "cannot reach".
        """
        body = {"compare": compare, "success": success, "failure": failure or []}
        try:
            answer, ambiguous = self._call("/v3/kv/txn", body)
        except Unreachable as error:
            keys = written_keys(success)
            if not (error.sent and keys):
                raise
            check = self.check_hint(keys) if self.check_hint else f"`etcdctl get {keys[0]}`"
            raise OutcomeUnknownError(
                f"etcd at {error.location} did not answer after the write was sent "
                f"({error.detail}); the write may have been applied: check with {check} "
                "before writing it again"
            ) from None
        if ambiguous and compare and not answer.get("succeeded"):
            applied = self._applied_revision(success)
            if applied is not None:
                header = {**answer.get("header", {}), "revision": str(applied)}
                return {"succeeded": True, "header": header, "responses": [], "ambiguous": True}
        return answer  # type: ignore[no-any-return]

    def _applied_revision(self, success: list[dict[str, Any]]) -> int | None:
        """The revision at which `success`'s writes are all in place, or None."""
        revision = 0
        for request in success:
            kind, body = next(iter(request.items()))
            if kind == "request_put":
                kvs = self.call("/v3/kv/range", {"key": body["key"]}).get("kvs", [])
                if not kvs or kvs[0].get("value", "") != body["value"]:
                    return None
                revision = max(revision, number(kvs[0].get("mod_revision")))
            elif kind == "request_delete_range":
                query = {"key": body["key"], "count_only": True}
                if "range_end" in body:
                    query["range_end"] = body["range_end"]
                if number(self.call("/v3/kv/range", query).get("count")):
                    return None
        return revision or None

    def call(self, path: str, body: object) -> Any:
        """POST to the first member that answers; StoreError naming them all when none does."""
        return self._call(path, body)[0]

    def _call(self, path: str, body: object) -> tuple[Any, bool]:
        """The answer, and whether an earlier attempt may have been applied unanswered."""
        started = self._clock()
        problems: dict[str, str] = {}
        attempts = 0
        ambiguous = False
        members = len(self.target.endpoints)
        while True:
            attempts += 1
            endpoint = self.endpoint_in_use
            sent = reused = False
            try:
                connection = self._connect(started)
                reused = connection.used
                connection.set_timeout(min(ATTEMPT_SECONDS, self._remaining(started)))
                sent = True
                answer = self._post_with_login(connection, path, body)
                self.cluster_id = cluster_id(answer) or self.cluster_id
                return answer, ambiguous
            except GatewayError as error:
                if error.code not in _RETRY_ELSEWHERE and not _transient(error.message):
                    raise _gateway_failure(error, self.target) from None
                problems[endpoint] = error.message
                ambiguous = ambiguous or error.code == DEADLINE_EXCEEDED
            except (OSError, HttpError) as error:
                self.close()
                if sent and reused and attempts == 1:
                    attempts -= 1
                    continue  # the member closed an idle keep-alive connection: ask again
                problems[endpoint] = _why(error)
                ambiguous = ambiguous or sent
            self.close()
            self._current = (self._current + 1) % members
            left = self.deadline - (self._clock() - started)
            if attempts >= 2 * members + 1 or left < LAST_TRY_SECONDS:
                raise self.unreachable(problems, ambiguous)
            if attempts % members == 0:  # every member failed once: give an election a moment
                time.sleep(min(0.3, left - LAST_TRY_SECONDS))

    def unreachable(self, problems: dict[str, str], sent: bool = False) -> Unreachable:
        detail = "; ".join(f"{endpoint}: {why}" for endpoint, why in problems.items())
        return Unreachable(self.target.location, detail, sent)

    # -- watch ---------------------------------------------------------------------------------
    def open_watch(self, request: dict[str, Any], timeout: float) -> tuple[Connection, Stream]:
        """A new connection (never a thread's keep-alive one) streaming
        `{"create_request": request}`.

        Tries each member once; the caller decides when to try again.
        """
        problems: dict[str, str] = {}
        started = self._clock()
        attempts = [*self.target.endpoints, None]  # one more, for a login that expired
        relogged = False
        for _ in attempts:
            endpoint = self.endpoint_in_use
            try:
                host, port = self.target.endpoints[self._current]
                connection = Connection(
                    host, port, min(CONNECT_SECONDS, self.deadline), self._ssl()
                )
                try:
                    connection.set_timeout(self._remaining(started))
                    token = self._login_token(connection)
                    stream = connection.open_stream("/v3/watch", {"create_request": request}, token)
                    connection.set_timeout(timeout)
                    return connection, stream
                except BaseException:
                    connection.close()
                    raise
            except GatewayError as error:
                if error.code == UNAUTHENTICATED and self._token and not relogged:
                    self._token = None  # etcd's simple tokens last 5 minutes: log in again
                    relogged = True
                    continue
                if error.code not in _RETRY_ELSEWHERE and not _transient(error.message):
                    raise _gateway_failure(error, self.target) from None
                problems[endpoint] = error.message
            except (OSError, HttpError) as error:
                problems[endpoint] = _why(error)
            self._current = (self._current + 1) % len(self.target.endpoints)
        raise self.unreachable(problems)

    # -- plumbing ------------------------------------------------------------------------------
    def _remaining(self, started: float) -> float:
        return max(0.05, self.deadline - (self._clock() - started))

    def _connect(self, started: float) -> Connection:
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            host, port = self.target.endpoints[self._current]
            timeout = min(CONNECT_SECONDS, self._remaining(started))
            connection = self._local.connection = Connection(host, port, timeout, self._ssl())
        return connection

    def _ssl(self) -> Any:
        if not self.target.tls:
            return None
        if self._ssl_context is None:
            import ssl  # deferred: ~8 ms, etcds:// only

            target = self.target
            try:
                context = ssl.create_default_context(cafile=target.cacert)
            except (OSError, ssl.SSLError) as error:
                raise TlsFileError(
                    f"--etcd-cacert {target.cacert}: cannot load it ({_why(error)}); "
                    f"give the path of {_TLS_FILE_ROLES['--etcd-cacert']}"
                ) from None
            try:
                if target.cert:
                    context.load_cert_chain(target.cert, target.key)
            except (OSError, ssl.SSLError) as error:
                raise TlsFileError(
                    f"--etcd-cert {target.cert} --etcd-key {target.key}: cannot load them "
                    f"({_why(error)}); give a client certificate and its key (PEM)"
                ) from None
            self._ssl_context = context
        return self._ssl_context

    def _post_with_login(self, connection: Connection, path: str, body: object) -> Any:
        token = self._login_token(connection)
        try:
            return connection.post(path, body, token)
        except GatewayError as error:
            if error.code != UNAUTHENTICATED or not self.target.user:
                raise
        self._token = None  # expired (etcd's simple tokens last 5 minutes): log in again
        return connection.post(path, body, self._login_token(connection))

    def _login_token(self, connection: Connection) -> str | None:
        if not self.target.user:
            return None
        if self._token is None:
            if self.target.password is None:
                raise InvalidInputError(
                    f"etcd user {self.target.user!r} needs a password: put it in the URL "
                    f"(etcd://USER:PASSWORD@HOST:PORT) or in ${PASSWORD_ENV_VAR}"
                )
            body = {"name": self.target.user, "password": self.target.password}
            answer = connection.post("/v3/auth/authenticate", body)
            self._token = str(answer.get("token", ""))
        return self._token


def written_keys(requests: list[dict[str, Any]]) -> list[str]:
    """The keys a transaction's requests put or delete (nested transactions too), in order."""
    keys: list[str] = []
    for request in requests:
        for kind, body in request.items():
            if kind in ("request_put", "request_delete_range"):
                keys.append(unb64(body["key"]).decode("utf-8", "replace"))
            elif kind == "request_txn":
                keys += written_keys(body.get("success", []) + body.get("failure", []))
    return keys


def _transient(message: str) -> bool:
    return any(part in message for part in _TRANSIENT_MESSAGES)


def _why(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return str(text)


def _gateway_failure(error: GatewayError, target: EtcdTarget) -> StoreError:
    if error.code == UNAUTHENTICATED or "authentication failed" in error.message:
        return StoreError(
            f"etcd at {target.location} refused the credentials ({error.message}); "
            f"check the user in the URL and ${PASSWORD_ENV_VAR}"
        )
    return StoreError(f"etcd at {target.location} refused the request: {error.message}")


def cluster_id(answer: Any) -> str:
    """The `header.cluster_id` of an answer (a string: the gateway's 64-bit numbers are)."""
    header = answer.get("header") if isinstance(answer, dict) else None
    return str(header.get("cluster_id") or "") if isinstance(header, dict) else ""


def number(value: Any) -> int:
    """The gateway sends 64-bit integers as strings, and leaves out zeros."""
    return int(value) if value is not None else 0
