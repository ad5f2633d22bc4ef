package gatherings

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// CandidateQuery asks for a page of the people an organizer may invite.
type CandidateQuery struct {
	GatheringID int64
	Filter      store.MemberFilter // After and Limit page the list (Limit <= 0: 50)
}

// Candidates is one page of the people matching a filter, and how many
// match in all: the page never stands for the whole.
type Candidates struct {
	Members  []*kindred.Member // as the viewer may see them
	Total    int               // everyone matching, on every page
	Next     string            // cursor of the next page, "" for the last
	Answered map[int64]kindred.RSVPStatus
	NoEmail  map[int64]bool // listed people who cannot be invited
}

// Candidates lists a page of the members matching q.Filter (on fields the
// viewer may see) with the true number matching, for the invite page. v
// must organize the gathering's city (EFORBIDDEN).
func (s *Service) Candidates(ctx context.Context, v *kindred.Viewer, q CandidateQuery) (*Candidates, error) {
	g, err := s.Organized(ctx, v, q.GatheringID)
	if err != nil {
		return nil, err
	}
	all, err := s.matching(ctx, v, q.Filter)
	if err != nil {
		return nil, err
	}
	out := &Candidates{Total: len(all), Answered: map[int64]kindred.RSVPStatus{}, NoEmail: map[int64]bool{}}
	out.Members, out.Next = pageOf(all, q.Filter.After, q.Filter.Limit)
	for i, m := range out.Members {
		out.NoEmail[m.ID] = m.Email == ""
		out.Members[i] = m.VisibleTo(v.Account)
	}
	rsvps, err := s.Store.ListRSVPs(ctx, g.ID)
	for _, r := range rsvps {
		out.Answered[r.MemberID] = r.Status
	}
	return out, err
}

// People searches the directory for a picker (hosts, guests): a page of
// members matching f, as v may see them, and how many match in all. Any
// organizer may search; others are EFORBIDDEN.
func (s *Service) People(ctx context.Context, v *kindred.Viewer, f store.MemberFilter) (*Candidates, error) {
	if !v.IsOrganizer() {
		return nil, kindred.Errorf(kindred.EFORBIDDEN, "Only organizers and administrators choose hosts.")
	}
	all, err := s.matching(ctx, v, f)
	if err != nil {
		return nil, err
	}
	out := &Candidates{Total: len(all)}
	out.Members, out.Next = pageOf(all, f.After, f.Limit)
	for i, m := range out.Members {
		out.Members[i] = m.VisibleTo(v.Account)
	}
	return out, nil
}

// pageOf cuts the page after the cursor from members in name order.
func pageOf(all []*kindred.Member, after string, limit int) ([]*kindred.Member, string) {
	if limit <= 0 {
		limit = 50
	}
	start := 0 // after the cursor's member, found by id: the database's collation ordered the list
	if _, id, ok := store.DecodeMemberCursor(after); ok {
		for i, m := range all {
			if m.ID == id {
				start = i + 1
				break
			}
		}
	}
	end := min(start+limit, len(all))
	page := all[start:end]
	if end < len(all) && len(page) > 0 {
		return page, store.MemberCursor(page[len(page)-1])
	}
	return page, ""
}

// matchBatch is how many members are read at a time to count a filter.
const matchBatch = 1000

// matching reads every member matching f's conditions on fields v may see,
// in name order: the whole list, so its length is the true count.
func (s *Service) matching(ctx context.Context, v *kindred.Viewer, f store.MemberFilter) ([]*kindred.Member, error) {
	batch := f
	batch.After, batch.Limit = "", matchBatch
	var out []*kindred.Member
	for {
		ms, next, err := s.Store.ListMembersShared(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("people matching: %w", err)
		}
		for _, m := range ms {
			if matchesVisibly(m, v.Account, f) {
				out = append(out, m)
			}
		}
		if next == "" {
			return out, nil
		}
		batch.After = next
	}
}

// matchesVisibly reports whether m matches f's field conditions on fields
// a may see (as directory listings do): a filter never finds someone by a
// field they keep to themselves.
func matchesVisibly(m *kindred.Member, a *kindred.Account, f store.MemberFilter) bool {
	checks := []struct {
		on    bool
		field kindred.Field
	}{
		{f.CityID != 0, kindred.FieldCity}, {f.OrganizationID != 0, kindred.FieldAffiliations},
		{f.Tag != "", kindred.FieldTags}, {f.Language != "", kindred.FieldLanguages},
	}
	for _, c := range checks {
		if c.on && !m.CanSee(a, c.field) {
			return false
		}
	}
	return true
}

// InviteAll invites everyone matching filter (as Candidates counts them)
// through background jobs, InviteBatchSize at a time, and returns the run
// whose progress the invite page shows. v must organize the gathering's
// city (EFORBIDDEN); a filter matching nobody is EINVALID.
func (s *Service) InviteAll(ctx context.Context, v *kindred.Viewer, gatheringID int64, filter store.MemberFilter) (*store.InviteRun, error) {
	g, err := s.Organized(ctx, v, gatheringID)
	if err != nil {
		return nil, err
	}
	all, err := s.matching(ctx, v, filter)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "No one matches these filters, so nobody was invited.",
			Fields: map[string]string{"member_ids": "none match"}}
	}
	ids := make([]int64, len(all))
	for i, m := range all {
		ids[i] = m.ID
	}
	var runID int64
	err = s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if runID, err = tx.CreateInviteRun(ctx, g.ID, len(ids), v.AccountID()); err != nil {
			return err
		}
		if err := s.Queue.InviteInBatches(ctx, tx, runID, g.ID, v.AccountID(), ids); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.invite", subject(g), fmt.Sprintf("all %d matching", len(ids)))
	})
	if err != nil {
		return nil, fmt.Errorf("invite all: %w", err)
	}
	return s.Store.LatestInviteRun(ctx, g.ID, runID)
}

// InviteRun reads the progress of an "invite all" (run 0: the latest), for
// organizers of the gathering's city. ENOTFOUND when there is none.
func (s *Service) InviteRun(ctx context.Context, v *kindred.Viewer, gatheringID, runID int64) (*store.InviteRun, error) {
	g, err := s.Organized(ctx, v, gatheringID)
	if err != nil {
		return nil, err
	}
	return s.Store.LatestInviteRun(ctx, g.ID, runID)
}

// Message is what an organizer writes to a group of guests.
type Message struct {
	GatheringID int64
	To          string // going, waitlist or came (kindred.GuestGroup)
	Subject     string
	Body        string
}

// MessageGuests emails the organizer's message to every guest of the group
// with an address, through the mail queue, and returns how many it goes
// to. v must organize the gathering's city (EFORBIDDEN); a bad group, an
// empty subject or message, or a group with nobody in it is EINVALID.
func (s *Service) MessageGuests(ctx context.Context, v *kindred.Viewer, in Message) (int, error) {
	g, err := s.Organized(ctx, v, in.GatheringID)
	if err != nil {
		return 0, err
	}
	group, err := validMessage(&in)
	if err != nil {
		return 0, err
	}
	rs, err := s.Store.ListRSVPs(ctx, g.ID, group.Statuses()...)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for _, r := range rs {
		if r.Email != "" {
			ids = append(ids, r.MemberID)
		}
	}
	if len(ids) == 0 {
		return 0, &kindred.Error{Code: kindred.EINVALID, Message: "Nobody in this group can be written to yet.",
			Fields: map[string]string{"to": "has nobody with an email address"}}
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := s.Queue.MessageGuests(ctx, tx, g.ID, in.Subject, in.Body, ids...); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.message", subject(g), fmt.Sprintf("%s: %d guests: %s", group, len(ids), in.Subject))
	})
	if err != nil {
		return 0, fmt.Errorf("message guests: %w", err)
	}
	return len(ids), nil
}

// validMessage trims the message and names each bad field.
func validMessage(in *Message) (kindred.GuestGroup, error) {
	var p kindred.Problems
	group, err := kindred.ParseGuestGroup(in.To)
	if err != nil {
		p.Add("to", "must be going, waitlist or came")
	}
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	switch {
	case in.Subject == "":
		p.Add("subject", "is required")
	case utf8.RuneCountInString(in.Subject) > 150 || strings.ContainsAny(in.Subject, "\r\n"):
		p.Add("subject", "must be one line of at most 150 characters")
	}
	switch {
	case in.Body == "":
		p.Add("message", "is required")
	case utf8.RuneCountInString(in.Body) > 10000:
		p.Add("message", "must be at most 10,000 characters")
	}
	return group, p.Err()
}

// GuestRow is one line of a guest list export.
type GuestRow struct {
	RSVP   *kindred.RSVP
	Member *kindred.Member // as the viewer may see them
}

// GuestList is the gathering's guests (every answer) with what v may see
// of each, for the export. v must organize the gathering's city.
func (s *Service) GuestList(ctx context.Context, v *kindred.Viewer, gatheringID int64) ([]GuestRow, error) {
	g, err := s.Organized(ctx, v, gatheringID)
	if err != nil {
		return nil, err
	}
	rs, err := s.Store.ListRSVPs(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	out := make([]GuestRow, 0, len(rs))
	for _, r := range rs {
		m, err := s.Store.Member(ctx, r.MemberID)
		if err != nil {
			return nil, err
		}
		out = append(out, GuestRow{RSVP: r, Member: m.VisibleTo(v.Account)})
	}
	return out, nil
}

// InviteByEmail invites people not (yet) in the directory by address:
// nothing of them shows anywhere but to the gathering's organizers until
// they accept (AcceptInvitation). Addresses of members are invited as
// members. It returns how many new invitations went out. v must organize
// the gathering's city; a malformed address is EINVALID on emails.
func (s *Service) InviteByEmail(ctx context.Context, v *kindred.Viewer, gatheringID int64, emails []string) (int, error) {
	g, err := s.Organized(ctx, v, gatheringID)
	if err != nil {
		return 0, err
	}
	if len(emails) == 0 {
		return 0, &kindred.Error{Code: kindred.EINVALID, Message: "Type at least one address.",
			Fields: map[string]string{"emails": "must be email addresses, one a line"}}
	}
	if err := checkAddresses(emails); err != nil {
		return 0, err
	}
	sent := 0
	err = s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		sent, err = s.inviteAddresses(ctx, tx, v, g, emails)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("invite by email: %w", err)
	}
	return sent, nil
}

// checkAddresses is EINVALID on emails naming any that is not an address.
func checkAddresses(emails []string) error {
	var bad []string
	for _, e := range emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != strings.TrimSpace(e) {
			bad = append(bad, e)
		}
	}
	if len(bad) > 0 {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Check these addresses: " + strings.Join(bad, ", ") + ".",
			Fields: map[string]string{"emails": "must be email addresses, one a line"}}
	}
	return nil
}

// inviteAddresses invites the (checked) addresses to g within tx, mails
// each new invitation and audits them, and returns how many were new.
func (s *Service) inviteAddresses(ctx context.Context, tx *store.Tx, v *kindred.Viewer, g *kindred.Gathering, emails []string) (int, error) {
	sent := 0
	for _, e := range emails {
		id, created, err := tx.InviteEmail(ctx, g.ID, e, v.AccountID())
		if err != nil {
			return 0, err
		}
		if created {
			sent++
			if err := s.Queue.MailEmailInvitation(ctx, tx, id); err != nil {
				return 0, err
			}
		}
	}
	if sent == 0 { // everyone had been invited already: nothing happened
		return 0, nil
	}
	return sent, tx.Audit(ctx, v.AccountID(), "gathering.invite.email", subject(g), strconv.Itoa(sent))
}

// EmailInvitation resolves the link of an invitation by address to its
// gathering and invitation. A forged link is EINVALID, an expired one
// EGONE, a cancelled gathering EGONE.
func (s *Service) EmailInvitation(ctx context.Context, token string) (*kindred.Gathering, *store.EmailInvitation, error) {
	key, err := s.Store.LinkKey(ctx, "email-invite")
	if err != nil {
		return nil, nil, err
	}
	tok, err := kindred.ParseRSVPToken(token, key, s.Store.Now())
	if err != nil {
		return nil, nil, err
	}
	inv, err := s.Store.EmailInvitation(ctx, tok.MemberID)
	if err != nil || inv.GatheringID != tok.GatheringID {
		return nil, nil, kindred.Errorf(kindred.EGONE, "This invitation no longer exists.")
	}
	g, err := s.Store.Gathering(ctx, inv.GatheringID)
	if err != nil {
		return nil, nil, kindred.Errorf(kindred.EGONE, "This gathering no longer exists.")
	}
	if g.Status == kindred.GatheringCancelled {
		return g, nil, kindred.Errorf(kindred.EGONE, "%q has been cancelled, so there is nothing to answer. We're sorry!", g.Title)
	}
	return g, inv, nil
}

// Acceptance is the answer of someone invited by address.
type Acceptance struct {
	Token  string
	Name   string
	Status string // going or declined
}

// AcceptInvitation records the answer to an invitation by address: going
// makes the person's member profile (their name and address, shown to the
// network only as its defaults allow) unless the address is a member's
// already, and their RSVP, in one transaction; declined makes nothing. It
// returns the RSVP (nil for declined). Errors: EmailInvitation's, EINVALID
// on name or status.
func (s *Service) AcceptInvitation(ctx context.Context, in Acceptance) (*kindred.RSVPResult, error) {
	g, inv, err := s.EmailInvitation(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	st, err := kindred.ParseRSVPStatus(in.Status)
	if err != nil || (st != kindred.RSVPGoing && st != kindred.RSVPDeclined) {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "You can answer going or declined.",
			Fields: map[string]string{"status": "must be going or declined"}}
	}
	if st == kindred.RSVPDeclined && inv.MemberID == 0 {
		return nil, nil
	}
	member := &kindred.Member{Name: strings.TrimSpace(in.Name), Email: inv.Email, CityID: g.CityID}
	if inv.MemberID == 0 && member.Name == "" {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Please tell us your name.", Fields: map[string]string{"name": "is required"}}
	}
	existing := inv.MemberID
	if existing == 0 { // read before the transaction: SQLite's one writer must not wait on a read
		m, err := s.Store.MemberByEmail(ctx, inv.Email)
		switch kindred.ErrorCode(err) {
		case "":
			existing = m.ID
		case kindred.ENOTFOUND:
		default:
			return nil, err
		}
	}
	var res *kindred.RSVPResult
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := s.inviteeMember(ctx, tx, inv.ID, existing, member)
		if err != nil {
			return err
		}
		req := kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: st}
		if err := g.AllowsRSVP(req); err != nil {
			return err
		}
		if res, err = tx.RSVP(ctx, req); err != nil {
			return err
		}
		if err := s.Queue.NotifyRSVP(ctx, tx, res); err != nil {
			return err
		}
		return tx.Audit(ctx, 0, "gathering.invite.accept", subject(g), fmt.Sprintf("invitation %d: %s", inv.ID, st))
	})
	if err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	return res, nil
}

// inviteeMember is the member an accepted invitation answers for: the one
// it made before or a member with the address (existing), or a new profile.
func (s *Service) inviteeMember(ctx context.Context, tx *store.Tx, invitationID, existing int64, m *kindred.Member) (int64, error) {
	id := existing
	if id == 0 {
		var err error
		if id, err = tx.CreateMember(ctx, m); err != nil {
			return 0, err
		}
	}
	return id, tx.AcceptEmailInvitation(ctx, invitationID, id)
}

// PublicGathering reads a gathering for its public page, which anyone may
// read without signing in: ENOTFOUND unless it is public
// (kindred.Gathering.MayShowPublicly), never telling which.
func (s *Service) PublicGathering(ctx context.Context, id int64) (*kindred.Gathering, error) {
	g, err := s.Store.Gathering(ctx, id)
	if err != nil || !g.MayShowPublicly() {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering, or it is not public.")
	}
	return g, nil
}

// Person reads one member for a picker, as v may see them; People's rule
// (organizers only, EFORBIDDEN), ENOTFOUND when there is no such member.
func (s *Service) Person(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Member, error) {
	if !v.IsOrganizer() {
		return nil, kindred.Errorf(kindred.EFORBIDDEN, "Only organizers and administrators choose hosts.")
	}
	m, err := s.Store.Member(ctx, id)
	if err != nil {
		return nil, err
	}
	return m.VisibleTo(v.Account), nil
}
