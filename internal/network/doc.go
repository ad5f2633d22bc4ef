// Package network analyses the relationship ledger as a graph: members are
// nodes with string ids and attributes (organization, city, role…), ties are
// weighted undirected edges (see TieWeights for weights from kind and
// recency). It measures how far a network has grown toward a community of
// practice and suggests the introductions that would help most.
//
// The package is pure: plain Go values in, plain Go values out, no database,
// no HTTP, no package-level state. Randomised steps take a seed and are
// deterministic for it, on any number of cores.
//
// What it measures, and how:
//
//   - Connectivity: Components, Density, TwoStepReach (Kumu's reach).
//   - Centralization: DegreeCentralization and BetweennessCentralization
//     (Freeman), Hubs (degree above mean + 2 SD).
//   - Brokers: betweenness (Brandes), Burt's Constraint and EffectiveSize,
//     Fragility (articulation points and bridges with what breaks off).
//   - Bridging: EIIndex (Krackhardt–Stern E–I and share of cross-group ties)
//     for any attribute; TieMatrix (organization × organization).
//   - Core–periphery: FindCorePeriphery — k-core numbers, the k-core that best
//     fits Borgatti–Everett's discrete model, and their continuous coreness.
//   - Communities: Leiden (Communities, BestCommunities) and Modularity.
//   - Over time: SnapshotOf, MatchCommunities (Jaccard), AssessStage
//     (lifecycle stage with reasons in plain words).
//   - Weaving: SuggestIntroductions, SuggestCoreLinks, FragileBrokers.
//
// Exchange: Export writes an ExportGraph (plain values: nodes with labels
// and typed attributes, ties with weights and attributes) as GEXF 1.3,
// GraphML or Kumu's JSON blueprint, streaming; Import reads them back (and
// other programs' GEXF and GraphML); ExportGraph.Graph, AddMetrics and
// ExportGraphOf connect them to Graph and Analysis.
//
// Analyze runs all of it. Path-based measures (betweenness, closeness, reach,
// articulation points) count steps and ignore tie weights; weights matter for
// communities, modularity and Burt's constraint.
//
// Exact where cheap: betweenness and closeness are exact up to
// DefaultExactLimit members (closeness and betweenness then equal networkx's
// within 1e-9). Above it, betweenness is estimated from DefaultPivots source
// members (DefaultLargePivots above LargeNetwork members) drawn with the seed
// and scaled by n/pivots (Brandes & Pich 2007): the estimate is unbiased but
// noisy for single members, and its error depends mostly on the number of
// sources rather than on the network's size. Measured against exact on the 30,000-member
// benchmark ledger (go run ./bench/network --accuracy-only, seeds 1–3): with
// 500 sources 9–10 of the exact top 10 brokers are in the sampled top 10,
// 18–20 of the top 20 and 42–45 of the top 50, the rank correlation over the
// exact top 1,000 is 0.86 and the ten largest values are within 14–22% of
// exact; with 200 sources, 8–9, 17–20 and 37–41, 0.82–0.84 and 27–34%.
// Betweenness centralization (from the largest of noisy estimates) reads
// 2–12% high with 500 sources, 15% low to 21% high with 200. Use it to rank
// brokers, not to compare small differences. Closeness and average path
// length are not reported for sampled networks.
package network
