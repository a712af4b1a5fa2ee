"""`create endpoints --cluster C=N[:exposed]`: a set spanning clusters, made in one line."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from skyshift_tui.core.errors import InvalidInputError

if TYPE_CHECKING:
    from skyshift_tui.core.documents import ValidDocument

_CLUSTER_RE = re.compile(r"(?P<cluster>[^=:]+)=(?P<count>[^:]*)(?::(?P<flag>exposed))?")


def parse_clusters(specs: tuple[str, ...]) -> dict[str, tuple[str, bool]]:
    """`C=N[:exposed]` arguments as {cluster: (count text, exposed)}, in the order given.

    The count and the cluster name are checked by the model (one set of rules); this only
    reads the shape, and refuses a cluster named twice.
    """
    clusters: dict[str, tuple[str, bool]] = {}
    for spec in specs:
        match = _CLUSTER_RE.fullmatch(spec.strip())
        if match is None:
            raise InvalidInputError(
                f"--cluster {spec!r} is malformed; write CLUSTER=N or CLUSTER=N:exposed"
            )
        cluster = match["cluster"].strip()
        if cluster in clusters:
            raise InvalidInputError(f"--cluster names {cluster!r} twice; give each cluster once")
        clusters[cluster] = (match["count"].strip(), match["flag"] is not None)
    return clusters


def with_clusters(endpoints: ValidDocument, clusters: dict[str, tuple[str, bool]]) -> ValidDocument:
    """`endpoints` with the extra clusters added, validated like everything else."""
    from skyshift_tui.core.documents import validate_document

    document = copy.deepcopy(endpoints)
    for cluster, (count, exposed) in clusters.items():
        if not re.fullmatch(r"[0-9]+", count):
            raise InvalidInputError(
                f"--cluster {cluster}={count}: the number of endpoints must be a whole number, "
                "0 or more"
            )
        document["spec"]["endpoints"][cluster] = {
            "num_endpoints": int(count),
            "exposed_to_cluster": exposed,
        }
    # A primary cluster not among them keeps the --num_endpoints/--exposed entry the form made.
    try:
        return validate_document(document)
    except InvalidInputError as error:
        raise InvalidInputError(f"--cluster: {error}") from None
