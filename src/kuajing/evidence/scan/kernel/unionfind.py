"""Union-find over subject links, compiled (numba): the loop of ``count.resolve_roots``."""

from __future__ import annotations

from numba import njit

__all__ = ["link_roots"]


@njit(cache=True, _nrt=False)
def _find(par, x):
    root = x
    while par[root] != root:
        root = par[root]
    while par[x] != root:
        nxt = par[x]
        par[x] = root
        x = nxt
    return root


@njit(cache=True, _nrt=False)
def link_roots(parent, weak, anchor):
    """Join each ``weak[i]`` to ``anchor[i]``, in order, the anchor's side staying the root
    (``parent[root of weak] = root of anchor``); then point every id to its root."""
    for i in range(weak.shape[0]):
        rw = _find(parent, weak[i])
        ra = _find(parent, anchor[i])
        if rw != ra:
            parent[rw] = ra
    for x in range(parent.shape[0]):
        parent[x] = _find(parent, x)
