package kindred

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Audience says who may tell stories to a campaign.
type Audience string

// Audiences: anyone with the link, signed-in members, or people an organizer
// invited (who also need to be signed in).
const (
	AudienceOpen    Audience = "open"
	AudienceMembers Audience = "members"
	AudienceInvited Audience = "invited"
)

// SignifierKind is how a teller interprets their own story on one signifier.
type SignifierKind string

// Signifier kinds, after SenseMaker: a slider between two poles, a triad
// (a point in a triangle of three qualities), single and multiple choice.
const (
	KindSlider SignifierKind = "slider"
	KindTriad  SignifierKind = "triad"
	KindChoice SignifierKind = "choice"
	KindMulti  SignifierKind = "multi"
)

// Signifier is one question the teller answers about their own story.
// Labels are the two poles of a slider, the three corners of a triad or the
// options of a choice.
type Signifier struct {
	Key    string        `json:"key"`
	Kind   SignifierKind `json:"kind"`
	Prompt string        `json:"prompt"`
	Labels []string      `json:"labels"`
}

// ContextQuestion asks about the teller's context (region, country,
// organization, role). Without options the answer is free text.
type ContextQuestion struct {
	Key     string   `json:"key"`
	Prompt  string   `json:"prompt"`
	Options []string `json:"options,omitempty"`
}

// Campaign is a listening campaign: a prompt, dates, an audience and the
// signifiers and context questions every story is told with. A campaign
// belongs to a city, whose organizers run it, or (CityID 0) to the whole
// network, run by those who organize the network.
type Campaign struct {
	ID         int64
	CityID     int64 // 0: the whole network
	Slug       string
	Title      string
	Prompt     string
	Audience   Audience
	Languages  []string // UI languages offered on the form, e.g. en, es, ar
	StartsOn   string   // YYYY-MM-DD, inclusive
	EndsOn     string   // YYYY-MM-DD, inclusive; "" means open-ended
	Signifiers []Signifier
	Context    []ContextQuestion
	// SourceLang is the language the campaign's own words are written in
	// ("" means en); Translations are those words in other languages.
	SourceLang   string
	Translations map[string]CampaignText
	// MinStoryLength is the shortest story the campaign takes, in
	// characters (0 means DefaultMinStoryRunes).
	MinStoryLength int
	CreatedAt      time.Time
	// ReportPublished is when an organizer made the "What we heard"
	// report a public page; nil while it is not published.
	ReportPublished *time.Time
}

// Limits on campaigns and stories.
const (
	MaxStoryRunes = 10000 // about four pages; longer stories are refused with a message
	MinStoryRunes = 1
	// DefaultMinStoryRunes is a campaign's shortest story unless its
	// organizers choose otherwise: "Hi" is not a story to quote.
	DefaultMinStoryRunes = 40
	MaxMinStoryRunes     = 2000
	MaxTitleRunes        = 160
	MaxPromptRunes       = 2000
	MaxAnswerRunes       = 200
	SliderMax            = 100 // slider values run from 0 (first pole) to 100 (second)
	TriadTotal           = 100 // triad weights are percentages summing to 100
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$`)

// UILanguages are the languages the story form's own text is translated into.
var UILanguages = []string{"en", "es", "fr", "pt", "de", "ar", "sw", "hi", "zh", "id"}

// OpenOn reports whether the campaign takes stories on day (YYYY-MM-DD). It
// returns nil when open, an EGONE *Error once the campaign has ended and an
// EFORBIDDEN one before it starts.
func (c *Campaign) OpenOn(day string) error {
	if c.StartsOn != "" && day < c.StartsOn {
		return Errorf(EFORBIDDEN, "This campaign opens on %s.", c.StartsOn)
	}
	if c.EndsOn != "" && day > c.EndsOn {
		return Errorf(EGONE, "This campaign closed on %s and takes no more stories.", c.EndsOn)
	}
	return nil
}

// Signifier returns the campaign's signifier with key, or nil.
func (c *Campaign) Signifier(key string) *Signifier {
	for i := range c.Signifiers {
		if c.Signifiers[i].Key == key {
			return &c.Signifiers[i]
		}
	}
	return nil
}

// Validate normalizes the campaign and returns an EINVALID error naming each
// bad field.
func (c *Campaign) Validate() error {
	var p Problems
	c.Slug = strings.ToLower(strings.TrimSpace(c.Slug))
	c.Title = strings.TrimSpace(c.Title)
	c.Prompt = strings.TrimSpace(c.Prompt)
	if !slugPattern.MatchString(c.Slug) {
		p.Add("slug", "must be 3 to 64 lower-case letters, digits or dashes")
	}
	requireRunes(c.Title, "title", MaxTitleRunes, &p)
	requireRunes(c.Prompt, "prompt", MaxPromptRunes, &p)
	switch c.Audience {
	case AudienceOpen, AudienceMembers, AudienceInvited:
	case "":
		c.Audience = AudienceOpen
	default:
		p.Add("audience", "must be open, members or invited")
	}
	c.validateDates(&p)
	c.validateLanguages(&p)
	validateSignifiers(c.Signifiers, &p)
	validateContext(c.Context, &p)
	c.validateTranslations(&p)
	switch {
	case c.MinStoryLength == 0:
		c.MinStoryLength = DefaultMinStoryRunes
	case c.MinStoryLength < MinStoryRunes || c.MinStoryLength > MaxMinStoryRunes:
		p.Add("min_story_runes", "must be a number from 1 to "+itoa(MaxMinStoryRunes))
	}
	return p.Err()
}

func requireRunes(s, field string, max int, p *Problems) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		p.Add(field, "is required")
	case n > max:
		p.Add(field, "is too long")
	}
}

func (c *Campaign) validateDates(p *Problems) {
	for field, d := range map[string]string{"starts_on": c.StartsOn, "ends_on": c.EndsOn} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			p.Add(field, "is not a date (like 2026-03-01)")
		}
	}
	if c.StartsOn != "" && c.EndsOn != "" && c.EndsOn < c.StartsOn {
		p.Add("ends_on", "is before the start date")
	}
}

func (c *Campaign) validateLanguages(p *Problems) {
	if len(c.Languages) == 0 {
		c.Languages = []string{"en"}
	}
	for _, l := range c.Languages {
		if !isUILanguage(l) {
			p.Add("languages", "may only list "+strings.Join(UILanguages, ", "))
		}
	}
	if c.SourceLang == "" {
		c.SourceLang = "en"
	}
	if !isUILanguage(c.SourceLang) {
		p.Add("source_lang", "may only be one of "+strings.Join(UILanguages, ", "))
	}
}

func isUILanguage(l string) bool {
	for _, u := range UILanguages {
		if u == l {
			return true
		}
	}
	return false
}

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// validateSignifiers names each problem by the question's place, as the
// campaign form names its fields: "signifiers.2.prompt" (counted from 1).
func validateSignifiers(sigs []Signifier, p *Problems) {
	seen := map[string]bool{}
	want := map[SignifierKind]int{KindSlider: 2, KindTriad: 3}
	for i, s := range sigs {
		field := "signifiers." + itoa(i+1) + "."
		if !keyPattern.MatchString(s.Key) {
			p.Add(field+"key", "must be lower-case letters, digits and _, starting with a letter")
		} else if seen[s.Key] {
			p.Add(field+"key", "is used by another question")
		}
		seen[s.Key] = true
		if strings.TrimSpace(s.Prompt) == "" {
			p.Add(field+"prompt", "is required")
		}
		switch s.Kind {
		case KindSlider, KindTriad:
			if len(s.Labels) != want[s.Kind] {
				p.Add(field+"labels", "need 2 poles for a slider and 3 corners for a triad, one per line")
			}
		case KindChoice, KindMulti:
			if len(s.Labels) < 2 {
				p.Add(field+"labels", "need at least two options, one per line")
			}
		default:
			p.Add(field+"kind", "must be slider, triad, choice or multi")
		}
		for _, l := range s.Labels {
			if strings.TrimSpace(l) == "" {
				p.Add(field+"labels", "may not be empty")
			}
		}
	}
}

// validateContext names problems like validateSignifiers: "context.1.key".
func validateContext(qs []ContextQuestion, p *Problems) {
	seen := map[string]bool{}
	for i, q := range qs {
		field := "context." + itoa(i+1) + "."
		if !keyPattern.MatchString(q.Key) {
			p.Add(field+"key", "must be lower-case letters, digits and _, starting with a letter")
		} else if seen[q.Key] {
			p.Add(field+"key", "is used by another question")
		}
		seen[q.Key] = true
		if strings.TrimSpace(q.Prompt) == "" {
			p.Add(field+"prompt", "is required")
		}
		if len(q.Options) == 1 {
			p.Add(field+"options", "need at least two options, or none for a free answer")
		}
	}
}

// ParseAudience returns the Audience named s, or "" when unknown.
func ParseAudience(s string) Audience {
	switch a := Audience(s); a {
	case AudienceOpen, AudienceMembers, AudienceInvited:
		return a
	}
	return ""
}

// ParseSignifiers reads signifiers written one per line, as organizers type
// them: "KIND KEY: Prompt | label | label…", e.g.
// "slider energy: Where did the energy come from? | Staff | Volunteers".
// Problems name the line.
func ParseSignifiers(text string) ([]Signifier, error) {
	var out []Signifier
	var p Problems
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		head, rest, ok := strings.Cut(line, ":")
		kind, key, ok2 := strings.Cut(strings.TrimSpace(head), " ")
		parts := strings.Split(rest, "|")
		if !ok || !ok2 || len(parts) < 2 {
			p.Add("signifiers", "line "+itoa(i+1)+" should look like \"slider key: Prompt | Pole | Pole\"")
			continue
		}
		s := Signifier{Kind: SignifierKind(strings.ToLower(kind)), Key: strings.TrimSpace(key), Prompt: strings.TrimSpace(parts[0])}
		for _, l := range parts[1:] {
			s.Labels = append(s.Labels, strings.TrimSpace(l))
		}
		out = append(out, s)
	}
	return out, p.Err()
}

// FormatSignifiers writes signifiers as ParseSignifiers reads them.
func FormatSignifiers(sigs []Signifier) string {
	var b strings.Builder
	for _, s := range sigs {
		b.WriteString(string(s.Kind) + " " + s.Key + ": " + s.Prompt + " | " + strings.Join(s.Labels, " | ") + "\n")
	}
	return b.String()
}

// ParseContext reads context questions one per line: "key: Prompt" for free
// text or "key: Prompt | option | option…".
func ParseContext(text string) ([]ContextQuestion, error) {
	var out []ContextQuestion
	var p Problems
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			p.Add("context", "line "+itoa(i+1)+" should look like \"region: Region | Africa | Europe\"")
			continue
		}
		parts := strings.Split(rest, "|")
		q := ContextQuestion{Key: strings.TrimSpace(key), Prompt: strings.TrimSpace(parts[0])}
		for _, o := range parts[1:] {
			q.Options = append(q.Options, strings.TrimSpace(o))
		}
		out = append(out, q)
	}
	return out, p.Err()
}

// FormatContext writes context questions as ParseContext reads them.
func FormatContext(qs []ContextQuestion) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString(q.Key + ": " + q.Prompt)
		for _, o := range q.Options {
			b.WriteString(" | " + o)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
