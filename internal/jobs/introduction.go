package jobs

import (
	"context"
	"fmt"
	"net/url"

	"github.com/kindredhq/kindred/internal/store"
)

// IntroductionMail is one member's half of an introduction: whom they are
// asked to meet, named as they may see that person, and the token of their
// acceptance link.
type IntroductionMail struct {
	MemberID        int64  // the recipient
	To, Name        string // the recipient's address and name
	Other, OtherOrg string // the person to meet, and their organization ("" when the recipient may not see it)
	By              string // who introduces them
	Reasons         string
	Message         string
	Token           string
}

// MailIntroduction composes one half of an introduction and sends it (see
// SendMail) in tx.
func (q *Queue) MailIntroduction(ctx context.Context, tx *store.Tx, in IntroductionMail) error {
	m, err := q.composer.Compose("introduction", in.To, map[string]any{"Name": in.Name, "Other": in.Other, "OtherOrg": in.OtherOrg,
		"By": in.By, "Reasons": in.Reasons, "Message": in.Message,
		"URL": q.baseURL + "/introductions/accept?token=" + url.QueryEscape(in.Token)})
	if err != nil {
		return fmt.Errorf("introduction mail: %w", err)
	}
	_, err = q.SendMail(ctx, tx, m)
	return err
}
