package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// BrightSpotsSlug is the demo's open listening campaign.
const BrightSpotsSlug = "bright-spots"

// BrightSpots returns the demo campaign, open from 90 days before today to
// 30 days after it (today as YYYY-MM-DD is taken from the store's clock).
func BrightSpots(today time.Time) kindred.Campaign {
	return kindred.Campaign{
		Slug:  BrightSpotsSlug,
		Title: "Bright spots in people-powered campaigning",
		Prompt: "Tell us about a time recently when people-powered campaigning worked better than you expected. " +
			"What happened, who made it happen, and what made the difference?",
		Audience:  kindred.AudienceOpen,
		Languages: []string{"en", "es", "fr", "pt", "de", "ar"},
		StartsOn:  today.AddDate(0, 0, -90).Format(time.DateOnly),
		EndsOn:    today.AddDate(0, 0, 30).Format(time.DateOnly),
		Signifiers: []kindred.Signifier{
			{Key: "energy", Kind: kindred.KindSlider, Prompt: "Where did the energy come from?", Labels: []string{"Staff", "Volunteers"}},
			{Key: "surprise", Kind: kindred.KindSlider, Prompt: "How surprising was it?", Labels: []string{"As planned", "Total surprise"}},
			{Key: "drivers", Kind: kindred.KindTriad, Prompt: "What made it work?", Labels: []string{"Relationships", "Tools", "Timing"}},
			{Key: "scale", Kind: kindred.KindChoice, Prompt: "How far did it reach?", Labels: []string{"Local", "National", "Global"}},
			{Key: "tactics", Kind: kindred.KindMulti, Prompt: "Which tactics were part of it?", Labels: []string{"Digital organizing", "Door to door", "Events", "Media", "Coalitions"}},
		},
		Context: []kindred.ContextQuestion{
			{Key: "region", Prompt: "Region", Options: regions},
			{Key: "organization", Prompt: "Organization"},
			{Key: "role", Prompt: "Your role", Options: []string{"Staff", "Volunteer", "Partner"}},
		},
	}
}

var regions = []string{"Africa", "Asia Pacific", "Europe", "Latin America", "Middle East", "North America"}

var demoOrgs = []string{"Greenfield Alliance", "Open Doors", "Tenant Power", "Rivers United", "Youth Climate Hub", "Fair Wages Now"}

// storySeeds are openings and middles per language; a story joins one of each.
var storySeeds = map[string][2][]string{
	"en": {{"Last spring our volunteers took over the phone bank.", "A WhatsApp group of twelve parents grew to four hundred in a week.",
		"We stopped sending petitions and started hosting kitchen-table conversations.", "A local radio host invited our members to speak every Friday."},
		{"Turnout doubled because people called their own neighbours.", "The council changed its vote after three hundred handwritten letters.",
			"New leaders emerged who had never spoken in public before.", "Partners we had never met joined the coalition on their own."}},
	"es": {{"La primavera pasada nuestras voluntarias organizaron asambleas en cada barrio.", "Un grupo de WhatsApp de madres creció de doce a cuatrocientas personas.",
		"Dejamos de enviar peticiones y empezamos a conversar en las cocinas.", "Una radio comunitaria nos abrió su micrófono cada viernes."},
		{"La participación se duplicó porque la gente llamó a sus propios vecinos.", "El ayuntamiento cambió su voto después de trescientas cartas escritas a mano.",
			"Surgieron liderazgos nuevos que nunca habían hablado en público."}},
	"fr": {{"Au printemps, nos bénévoles ont pris en main les appels.", "Un groupe de parents est passé de douze à quatre cents membres en une semaine."},
		{"La mobilisation a doublé parce que chacun appelait ses voisins.", "La mairie a changé son vote après trois cents lettres manuscrites."}},
	"pt": {{"No ano passado, as voluntárias organizaram rodas de conversa em cada bairro.", "Um grupo de mães no WhatsApp cresceu de doze para quatrocentas pessoas."},
		{"A participação dobrou porque as pessoas ligaram para os vizinhos.", "Novas lideranças surgiram entre jovens que nunca tinham falado em público."}},
	"ar": {{"في الربيع الماضي تولّى المتطوعون حملة الاتصالات بأنفسهم.", "نمت مجموعة واتساب للأهالي من اثني عشر شخصاً إلى أربعمائة في أسبوع."},
		{"تضاعفت المشاركة لأن الناس اتصلوا بجيرانهم.", "ظهرت قيادات جديدة لم تتحدث أمام الناس من قبل."}},
	"sw": {{"Mwaka jana vijana wa kujitolea waliongoza mikutano ya kijiji.", "Kikundi cha WhatsApp cha wazazi kilikua kutoka kumi na wawili hadi mia nne."},
		{"Ushiriki uliongezeka mara mbili kwa sababu watu waliwapigia majirani zao.", "Viongozi wapya walijitokeza ambao hawakuwahi kuzungumza hadharani."}},
}

var demoLangs = []string{"en", "en", "en", "es", "es", "fr", "pt", "ar", "sw"}

// GenerateStories creates the bright-spots campaign with n stories told over
// the last 90 days; the same seed gives the same stories. Most are approved,
// some wait for moderation; consent and anonymity vary.
func GenerateStories(ctx context.Context, st *store.Store, n int, seed uint64) (*kindred.Campaign, error) {
	rng := rand.New(rand.NewPCG(seed^0x5f0ca57, seed+7))
	today := st.Now()
	var c *kindred.Campaign
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = tx.CreateCampaign(ctx, BrightSpots(today)); err != nil {
			return fmt.Errorf("demo campaign: %w", err)
		}
		for i := 0; i < n; i++ {
			if err := demoStory(ctx, tx, rng, c, today); err != nil {
				return fmt.Errorf("demo story %d: %w", i, err)
			}
		}
		return nil
	})
	return c, err
}

func demoStory(ctx context.Context, tx *store.Tx, rng *rand.Rand, c *kindred.Campaign, today time.Time) error {
	n := newDemoStory(rng, c, today, nil)
	st, _, err := tx.CreateStory(ctx, c, n)
	if err != nil {
		return err
	}
	return tx.ModerateStory(ctx, c.ID, st.ID, demoState(rng), false)
}

// newDemoStory draws one story told in the 90 days before today: its
// language and text (from storySeeds, or from text when set), signifiers,
// context and consent.
func newDemoStory(rng *rand.Rand, c *kindred.Campaign, today time.Time, text func() (lang, body string)) kindred.NewStory {
	lang := demoLangs[rng.IntN(len(demoLangs))]
	seeds := storySeeds[lang]
	body := pick(rng, seeds[0]) + " " + pick(rng, seeds[1])
	if text != nil {
		lang, body = text()
	}
	told := today.Add(-time.Duration(rng.IntN(90*24)) * time.Hour)
	region := regions[rng.IntN(len(regions))]
	volunteerish := rng.IntN(101)
	return kindred.NewStory{
		Text: body, Lang: lang, Consent: []kindred.Consent{kindred.ConsentPublic, kindred.ConsentPublic, kindred.ConsentNetwork, kindred.ConsentOrganizers}[rng.IntN(4)],
		Anonymous: rng.IntN(3) == 0, Source: "form", ToldAt: &told,
		Signifiers: map[string]kindred.SignifierValue{
			"energy":   {Slider: &volunteerish},
			"surprise": {Slider: ptr(clamp(volunteerish/2 + rng.IntN(50)))},
			"drivers":  kindred.TriadWeights(rng.Float64()+float64(volunteerish)/100, rng.Float64(), rng.Float64()*0.6),
			"scale":    {Choice: pick(rng, c.Signifiers[3].Labels)},
			"tactics":  {Choices: []string{pick(rng, c.Signifiers[4].Labels)}},
		},
		Context: map[string]string{"region": region, "organization": pick(rng, demoOrgs), "role": pick(rng, []string{"Staff", "Volunteer", "Partner"})},
	}
}

// demoState is how moderation left a demo story: most approved, one in six
// waiting.
func demoState(rng *rand.Rand) kindred.StoryState {
	if rng.IntN(6) == 0 {
		return kindred.StatePending
	}
	return kindred.StateApproved
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func ptr(i int) *int { return &i }

func clamp(i int) int { return min(max(i, 0), kindred.SliderMax) }
