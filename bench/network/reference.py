# Reference measurements for bench/network: networkx centralities and
# modularity, python-igraph multilevel (Louvain) communities and timings.
# Usage: python3 reference.py EDGES PARTITIONS SEEDS EXACT_NX
#   PARTITIONS: lines "name node community" (partitions whose modularity to check)
#   EXACT_NX: 1 to compute betweenness/closeness with networkx, 0 to use igraph
# Prints one JSON object on stdout.
import json
import random
import sys
import time

import igraph as ig
import networkx as nx


def load(path):
    g = nx.Graph()
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and not parts[0].startswith("#") and parts[0] != parts[1]:
                g.add_edge(parts[0], parts[1])
    return g


def timed(fn):
    t = time.perf_counter()
    v = fn()
    return v, time.perf_counter() - t


def main():
    edges, partitions, seeds, exact_nx = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
    G = load(edges)
    names = list(G.nodes())
    index = {v: i for i, v in enumerate(names)}
    H = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in G.edges()])
    out = {"times": {}, "nx_times": {}}
    out["degree"], out["nx_times"]["degree"] = timed(lambda: nx.degree_centrality(G))
    n = len(names)
    if exact_nx:
        out["betweenness"], out["nx_times"]["betweenness"] = timed(lambda: nx.betweenness_centrality(G))
        out["closeness"], out["nx_times"]["closeness"] = timed(lambda: nx.closeness_centrality(G))
        out["centrality_reference"] = "networkx"
    else:
        # igraph is exact too; convert to networkx's normalisation.
        b = H.betweenness()
        scale = 1 / ((n - 1) * (n - 2) / 2)
        out["betweenness"] = {names[i]: b[i] * scale for i in range(n)}
        comp_size = {}
        for comp in H.connected_components():
            for v in comp:
                comp_size[v] = len(comp)
        c = H.closeness()
        out["closeness"] = {names[i]: (0.0 if c[i] != c[i] else c[i] * (comp_size[i] - 1) / (n - 1)) for i in range(n)}
        out["centrality_reference"] = "igraph"
    _, out["times"]["betweenness"] = timed(lambda: H.betweenness())
    _, out["times"]["closeness"] = timed(lambda: H.closeness())
    _, out["times"]["components"] = timed(lambda: H.connected_components())
    _, out["times"]["coreness"] = timed(lambda: H.coreness())
    _, out["times"]["constraint"] = timed(lambda: H.constraint())
    _, out["times"]["articulation"] = timed(lambda: H.articulation_points())

    parts = {}
    with open(partitions) as f:
        for line in f:
            name, node, comm = line.split()
            parts.setdefault(name, {}).setdefault(comm, set()).add(node)
    out["nx_modularity"] = {}
    for name, comms in parts.items():
        # networkx needs every node in exactly one community.
        covered = [c & set(G.nodes()) for c in comms.values()]
        out["nx_modularity"][name] = nx.community.modularity(G, [c for c in covered if c])

    runs = []
    for seed in range(1, seeds + 1):
        random.seed(seed)
        ig.set_random_number_generator(random)
        cl, t = timed(lambda: H.community_multilevel())
        runs.append({"seed": seed, "modularity": H.modularity(cl.membership), "seconds": t,
                     "membership": {names[i]: m for i, m in enumerate(cl.membership)}})
    out["multilevel"] = runs

    nx_runs = []
    for seed in range(1, seeds + 1):
        comms, t = timed(lambda: nx.community.louvain_communities(G, seed=seed))
        membership = {v: k for k, c in enumerate(comms) for v in c}
        nx_runs.append({"seed": seed, "modularity": nx.community.modularity(G, comms), "seconds": t,
                        "membership": membership})
    out["nx_louvain"] = nx_runs
    json.dump(out, sys.stdout)


main()
