package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// demoPractices are practices networks like the demo's really share.
var demoPractices = []struct {
	title, summary, area, body string
	tags                       []string
}{
	{"Relational one-to-ones before every campaign", "Thirty-minute conversations with members about what they care about, before any ask.", "Membership engagement",
		"## How it works\n\n1. Each organizer holds five one-to-ones a week.\n2. Ask about stories, not issues.\n3. Write down one thing the person wants to change.\n\nCampaigns start from what people said, so turnout follows.", []string{"relational organizing", "listening"}},
	{"SMS reminders the day before", "A short, personal text the evening before an action roughly doubles turnout.", "Technology platforms",
		"Use peer-to-peer texting so replies reach a person. Keep it under 160 characters and name the organizer who will be there.", []string{"sms", "turnout"}},
	{"Distributed house meetings", "Volunteer hosts run small meetings in their homes with a shared guide.", "Organizational design",
		"A two-page guide, a ten-minute host call and a form to report back. Hosts recruit the next hosts.", []string{"distributed organizing", "volunteer leadership"}},
	{"Member dues by sliding scale", "Members choose what they pay; the median went up when the scale was visible.", "Membership engagement",
		"Show the scale with what each level pays for. Follow up personally with people who lapse.", []string{"fundraising", "dues"}},
	{"Shared CRM across coalition partners", "Coalition partners share one contact database with clear ownership rules.", "Technology platforms",
		"Agree who may contact whom before merging. Tag records with the partner that brought them in.", []string{"data and crm", "coalition building"}},
	{"Rotating facilitation", "Every meeting is facilitated by a different member, with a buddy from the last one.", "Organizational design",
		"Builds leaders quickly and spreads the load. Keep a one-page facilitation checklist.", []string{"facilitation", "leadership development"}},
	{"Story circles to open campaigns", "Members tell short stories about the problem before deciding on tactics.", "Membership engagement",
		"Groups of five, three minutes each, one listener notes what repeats.", []string{"narrative and storytelling"}},
	{"Power mapping with members, not for them", "Members draw the power map together on paper at the first meeting.", "Organizational design",
		"Bring big paper and three colours. Ask who has already met each decision-maker.", []string{"power mapping"}},
	{"Bilingual by default", "Every meeting and message in the two main languages of the membership.", "Membership engagement",
		"Budget interpretation from the start; recruit bilingual members as co-facilitators.", []string{"language justice"}},
	{"Digital sign-in at the door", "A phone form at the door replaces paper sign-in sheets and feeds the CRM the same night.", "Technology platforms",
		"Use a QR code at the entrance and one volunteer with a tablet for people without phones.", []string{"digital tools", "data and crm"}},
}

// createPractices adds the demo's practices with contacts, sources and
// adoptions spread over the last year, more recent ones more often.
func (l *loader) createPractices(ctx context.Context, rng *rand.Rand, now time.Time) error {
	if len(l.people) == 0 || len(l.orgIDs) == 0 {
		return nil
	}
	for i, d := range demoPractices {
		author := l.people[rng.IntN(len(l.people))]
		p := &kindred.Practice{Title: d.title, Summary: d.summary, Body: d.body, ThemeArea: d.area, Tags: d.tags,
			Stage:    []kindred.Stage{kindred.StageEmerging, kindred.StageTried, kindred.StageEstablished}[i%3],
			Contacts: []kindred.Contact{{MemberID: author.id}},
			Sources: []kindred.PracticeSource{{Kind: "member", RefID: author.id, Label: "Shared by a member"},
				{Kind: "gathering", Label: "Community of Practice dinner"}}}
		if _, err := l.tx.CreatePractice(ctx, p, 0); err != nil {
			return fmt.Errorf("demo practice %q: %w", d.title, err)
		}
		for k := 0; k < 2+rng.IntN(8); k++ {
			a := &kindred.Adoption{PracticeID: p.ID, OrganizationID: l.orgIDs[rng.IntN(len(l.orgIDs))],
				Outcome:   []kindred.Outcome{kindred.OutcomeWorked, kindred.OutcomeWorked, kindred.OutcomeTried, kindred.OutcomeDidNotWork}[rng.IntN(4)],
				AdoptedOn: now.AddDate(0, -int(12*rng.Float64()*rng.Float64()), -rng.IntN(28))}
			if err := l.tx.AddAdoption(ctx, a, 0); err != nil {
				return fmt.Errorf("demo adoption: %w", err)
			}
		}
	}
	return nil
}
