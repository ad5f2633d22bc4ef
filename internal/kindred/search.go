package kindred

// SearchDoc is one searchable thing (an account, member, practice, note…)
// in the full-text index. Kind and RefID point back at the original.
type SearchDoc struct {
	Kind  string
	RefID int64
	// Scope says who may find it; callers filter on it (e.g. "network",
	// "admins", or a table's own scope from TableScope for its off-the-record
	// notes, asked for only by that table's people). A scope only narrows the
	// search: callers still check each hit with its own visibility rule.
	Scope string
	Title string
	Body  string
}

// SearchQuery asks the index for documents.
type SearchQuery struct {
	Text   string
	Kinds  []string // empty means every kind
	Scopes []string // empty means every scope
	Limit  int
}

// SearchHit is one result. Title and Snippet mark matched words with
// HighlightStart and HighlightEnd, to be replaced after HTML escaping.
type SearchHit struct {
	Kind    string
	RefID   int64
	Scope   string
	Title   string
	Snippet string
	Rank    float64
}

// Markers around matched words in SearchHit titles and snippets.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)
