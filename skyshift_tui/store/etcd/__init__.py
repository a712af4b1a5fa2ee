"""The etcd backend: etcd's v3 JSON gateway over HTTP/1.1, one key per object."""
