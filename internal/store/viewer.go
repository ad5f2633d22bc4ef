package store

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
)

// Viewer resolves who is asking, once per request: the account (nil for
// an anonymous visitor) and its own member profile (see ViewerMember).
// Only a failing database is an error; an account without a profile is a
// viewer without a Member.
func (s *Store) Viewer(ctx context.Context, acct *kindred.Account) (*kindred.Viewer, error) {
	v := &kindred.Viewer{Account: acct}
	if acct == nil {
		return v, nil
	}
	m, err := s.ViewerMember(ctx, acct)
	switch kindred.ErrorCode(err) {
	case "":
		v.Member = m
	case kindred.ENOTFOUND:
	default:
		return nil, fmt.Errorf("resolve viewer: %w", err)
	}
	return v, nil
}
