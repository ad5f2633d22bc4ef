package emergence

// NameIDs exposes nameIDs to tests.
func NameIDs(r *Report, reason string, ids []string) string { return r.nameIDs(reason, ids) }
