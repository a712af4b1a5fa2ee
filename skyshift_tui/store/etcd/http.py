"""HTTP/1.1 to etcd's JSON gateway (`/v3/kv/range`, `/v3/kv/txn`, `/v3/watch`) on bare sockets.

Why not a library: a command's whole wall time is what users feel, and the client is imported
by every command. Measured here (fresh process doing one range, median of 25): `http.client`
80 ms, `urllib.request` 107 ms, grpc clients 124-133 ms (they import grpc: ~100 ms), a bare
`python -c pass` 33 ms. `http.client` alone costs ~16 ms of imports (the `email` package); the
gateway needs only POST with a JSON body and a Content-Length or chunked answer, which this
module does with `socket` (~3 ms to import), and `ssl` only for `etcds://`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import orjson

MAX_HEADER_BYTES = 64 * 1024
"""A gateway's headers are ~300 bytes; anything longer is not etcd."""


class HttpError(Exception):
    """A transport failure: the connection is unusable afterwards."""


class GatewayError(Exception):
    """etcd answered with an error (`{"error": ..., "code": N}`); the connection stays usable."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class Connection:
    """One keep-alive connection to one member; `post` and `stream` never interleave."""

    def __init__(
        self,
        host: str,
        port: int,
        timeout: float,
        ssl_context: Any = None,
    ) -> None:
        self.host, self.port = host, port
        # An ASCII host as bytes: a str one makes getaddrinfo import the idna codec (~1 ms).
        address = host.encode("ascii") if host.isascii() else host
        sock = socket.create_connection((address, port), timeout=timeout)  # type: ignore[arg-type]
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if ssl_context is not None:
            try:
                sock = ssl_context.wrap_socket(sock, server_hostname=host)
            except Exception:
                sock.close()
                raise
        self.sock = sock
        self._buffer = bytearray()
        self.used = False
        """Whether a request went through: a reused connection may have been closed idle."""

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def set_timeout(self, seconds: float | None) -> None:
        self.sock.settimeout(seconds)

    # -- requests ------------------------------------------------------------------------------
    def send(self, path: str, body: object, token: str | None = None) -> None:
        payload = orjson.dumps(body)
        lines = [
            f"POST {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            f"Content-Length: {len(payload)}",
        ]
        if token:
            lines.append(f"Authorization: {token}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)

    def post(self, path: str, body: object, token: str | None = None) -> Any:
        """POST `body` as JSON and return the parsed answer; GatewayError for etcd's errors."""
        self.send(path, body, token)
        status, headers = self._read_head()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            raw = b"".join(self._chunks())
        else:
            raw = self._read_exactly(int(headers.get("content-length", "0")))
        self.used = True
        return _answer(status, raw)

    def open_stream(self, path: str, body: object, token: str | None = None) -> Stream:
        """POST `body` and return the streamed answer (a watch), read message by message."""
        self.send(path, body, token)
        status, headers = self._read_head()
        if headers.get("transfer-encoding", "").lower() != "chunked":
            raw = self._read_exactly(int(headers.get("content-length", "0")))
            _answer(status, raw)  # an error answer raises here
            raise HttpError("the watch answer is not a stream")
        return Stream(self, status)

    # -- reading -------------------------------------------------------------------------------
    def _fill(self) -> None:
        data = self.sock.recv(262144)
        if not data:
            raise HttpError("the connection was closed")
        self._buffer += data

    def _read_line(self) -> bytes:
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 2]
                return line
            if len(self._buffer) > MAX_HEADER_BYTES:
                raise HttpError("the answer is not HTTP")
            self._fill()

    def _read_exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def _read_head(self) -> tuple[int, dict[str, str]]:
        status_line = self._read_line()
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
            raise HttpError(f"the answer is not HTTP ({status_line[:40]!r})")
        headers: dict[str, str] = {}
        while True:
            line = self._read_line()
            if not line:
                return int(parts[1]), headers
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()

    def _chunks(self) -> Iterator[bytes]:
        """The chunks of a chunked body, read to its end."""
        while True:
            size = self._chunk_size()
            if size == 0:
                return
            chunk = self._read_exactly(size)
            self._read_line()
            yield chunk

    def _chunk_size(self) -> int:
        size_line = self._read_line()
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            raise HttpError(f"bad chunk size {size_line[:20]!r}") from None
        if size == 0:
            while self._read_line():  # trailers, then the blank line
                pass
        return size


class Stream:
    """A chunked answer of one JSON object per line, read one object at a time.

    Every read step either completes or leaves all state as it was, so a socket timeout (set
    with `Connection.set_timeout`) can surface as `TimeoutError` between steps and the caller
    can look at its stop flag and call `next_message` again.
    """

    def __init__(self, connection: Connection, status: int) -> None:
        self._connection = connection
        self._status = status
        self._line = bytearray()
        self._chunk_left = 0
        self._chunk_end_due = False
        self.ended = False

    def next_message(self) -> Any | None:
        """The next JSON object; None once the stream has ended."""
        conn = self._connection
        while True:
            end = self._line.find(b"\n")
            if end >= 0:
                line = bytes(self._line[:end])
                del self._line[: end + 1]
                if line.strip():
                    return _answer(self._status, line)
                continue
            if self.ended:  # the last message had no newline: give it once, then None
                line, self._line = bytes(self._line), bytearray()
                return _answer(self._status, line) if line.strip() else None
            if self._chunk_end_due:
                conn._read_line()  # the CRLF after a chunk's data
                self._chunk_end_due = False
            if self._chunk_left == 0:
                size = conn._chunk_size()
                if size == 0:
                    self.ended = True
                    continue
                self._chunk_left = size
            if not conn._buffer:
                conn._fill()
            take = min(len(conn._buffer), self._chunk_left)
            self._line += conn._buffer[:take]
            del conn._buffer[:take]
            self._chunk_left -= take
            self._chunk_end_due = self._chunk_left == 0


def _answer(status: int, raw: bytes) -> Any:
    try:
        answer = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        raise HttpError(f"HTTP {status} with a body that is not JSON: {raw[:80]!r}") from None
    if isinstance(answer, dict) and ("error" in answer and "code" in answer):
        error = answer.get("error")
        if isinstance(error, dict):  # a streamed error: {"error": {"code": .., "message": ..}}
            raise GatewayError(status, int(error.get("code", 2)), str(error.get("message")))
        raise GatewayError(status, int(answer["code"]), str(answer.get("message") or error))
    if status != 200:  # no error of etcd's own: something else listens there
        raise HttpError(f"HTTP {status} without an etcd error; is this etcd's client port?")
    return answer
