package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// demoNotes are what note-takers write at the demo's tables, by prompt card.
var demoNotes = map[string][]string{
	kindred.DefaultHarvestPrompts[0]: {
		"We moved volunteer onboarding to a 20-minute video call with a buddy; retention after three months went up.",
		"Text-banking run entirely by members: staff only write the first script.",
		"A shared calendar of actions across partner groups so nobody books the same evening.",
		"Member-led budget circles: every chapter votes on how a tenth of the dues is spent.",
	},
	kindred.DefaultHarvestPrompts[1]: {
		"Looking for anyone who has moved their CRM without losing a year of notes.",
		"Who has trained interpreters for large member meetings? We need a pool.",
		"We'd like a partner to pilot a joint house-meeting guide with.",
	},
	kindred.DefaultHarvestPrompts[2]: {
		"Older members answered texts more than younger ones did.",
		"The smallest chapter recruited the most new leaders: they ask everyone to host once.",
		"People stayed an hour after the meeting when we served dinner first.",
	},
}

// Harvest adds the demo's harvest to its held dinners, table by table of
// their plans: each table's note-taker and notes (mostly shared, some
// without names, a few off the record), mutual nominations of table mates
// that became follow-up ties (some confirmed), and a practice made from a
// Chatham House note.
func Harvest(ctx context.Context, st *store.Store, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x68617276657374))
	held, err := st.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 50})
	if err != nil {
		return err
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		var fromNote *kindred.HarvestNote
		for _, g := range held {
			n, err := harvestDinner(ctx, tx, g, rng)
			if err != nil {
				return fmt.Errorf("demo harvest of %s: %w", g.Title, err)
			}
			if fromNote == nil {
				fromNote = n
			}
		}
		if fromNote == nil {
			return nil
		}
		p := &kindred.Practice{Title: "Budget circles in every chapter", Summary: "Members decide together how part of the dues is spent.",
			Body: "> " + fromNote.Text, ThemeArea: "Membership engagement", Stage: kindred.StageEmerging, Tags: []string{"dues", "member voice"},
			Sources: fromNote.PracticeSources()}
		_, err := tx.CreatePractice(ctx, p, 0)
		return err
	})
}

// harvestDinner writes one held dinner's tables, notes and follow-ups and
// returns a Chatham House note a practice can be made from.
func harvestDinner(ctx context.Context, tx *store.Tx, g *kindred.Gathering, rng *rand.Rand) (*kindred.HarvestNote, error) {
	tables, err := tablesWhoCame(ctx, tx, g.ID)
	if err != nil {
		return nil, err
	}
	var chatham *kindred.HarvestNote
	for i, seated := range tables {
		table := i + 1
		if len(seated) < 2 {
			continue
		}
		n, err := harvestTable(ctx, tx, g, table, seated[0], rng)
		if err != nil {
			return nil, err
		}
		if chatham == nil {
			chatham = n
		}
		if err := demoFollowUps(ctx, tx, g.ID, seated[0], seated[1], table%2 == 1); err != nil {
			return nil, err
		}
	}
	return chatham, nil
}

// tablesWhoCame lists, for each table of the dinner's plan (from table 1),
// the guests who came and sat there in any round.
func tablesWhoCame(ctx context.Context, tx *store.Tx, gatheringID int64) ([][]int64, error) {
	plan, err := tx.TablePlan(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	came, err := tx.ListRSVPs(ctx, gatheringID, kindred.RSVPAttended)
	if err != nil {
		return nil, err
	}
	tables := make([][]int64, plan.TableCount())
	for _, seat := range plan.Seats {
		t := seat.Table - 1
		if slices.ContainsFunc(came, func(v *kindred.RSVP) bool { return v.MemberID == seat.MemberID }) && !slices.Contains(tables[t], seat.MemberID) {
			tables[t] = append(tables[t], seat.MemberID)
		}
	}
	return tables, nil
}

// harvestTable writes one table's note-taker and three notes, one per
// prompt card.
func harvestTable(ctx context.Context, tx *store.Tx, g *kindred.Gathering, table int, taker int64, rng *rand.Rand) (*kindred.HarvestNote, error) {
	if err := tx.SetNoteTaker(ctx, g.ID, table, taker); err != nil {
		return nil, err
	}
	var chatham *kindred.HarvestNote
	for i, prompt := range kindred.DefaultHarvestPrompts {
		texts := demoNotes[prompt]
		consent := []kindred.NoteConsent{kindred.ConsentAttributable, kindred.ConsentChatham, kindred.ConsentAttributable,
			kindred.ConsentOffRecord}[(table+i)%4]
		text := texts[rng.IntN(len(texts))]
		if table == 1 && i == 0 { // shared without names: the practice made from a note
			text = texts[len(texts)-1]
		}
		n := &kindred.HarvestNote{GatheringID: g.ID, Table: table, AuthorID: taker, Prompt: prompt,
			Text: text, Consent: consent, ClientKey: fmt.Sprintf("demo-%d-%d", table, i)}
		if consent == kindred.ConsentOffRecord {
			n.Text = "Off the record: " + strings.ToLower(n.Text[:1]) + n.Text[1:]
		}
		if _, err := tx.AddHarvestNote(ctx, n); err != nil {
			return nil, err
		}
		if table == 1 && i == 0 {
			chatham = n
		}
	}
	return chatham, nil
}

// demoFollowUps has two table mates nominate each other; confirmed says
// whether one later said the follow-up happened.
func demoFollowUps(ctx context.Context, tx *store.Tx, gatheringID, a, b int64, confirmed bool) error {
	if _, err := tx.SetNominations(ctx, gatheringID, a, []int64{b}); err != nil {
		return err
	}
	made, err := tx.SetNominations(ctx, gatheringID, b, []int64{a})
	if err != nil || len(made) == 0 || !confirmed {
		return err
	}
	return tx.AnswerFollowUp(ctx, gatheringID, made[0].TieID, a, true)
}
