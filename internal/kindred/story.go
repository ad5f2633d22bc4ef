package kindred

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Consent says who may read a story.
type Consent string

// Consents, from widest to narrowest.
const (
	ConsentPublic     Consent = "public"     // may be quoted publicly
	ConsentNetwork    Consent = "network"    // members of the network only
	ConsentOrganizers Consent = "organizers" // the campaign's organizers only
)

// ParseConsent returns the Consent named s, or "" when unknown.
func ParseConsent(s string) Consent {
	switch c := Consent(s); c {
	case ConsentPublic, ConsentNetwork, ConsentOrganizers:
		return c
	}
	return ""
}

// StoryState is where a story is in moderation.
type StoryState string

// Moderation states. New stories wait; only approved ones are shown beyond
// organizers; withdrawn ones were taken back by their teller and keep no text.
const (
	StatePending   StoryState = "pending"
	StateApproved  StoryState = "approved"
	StateHidden    StoryState = "hidden"
	StateWithdrawn StoryState = "withdrawn"
)

// ParseStoryState returns the state named s, or "" when unknown.
func ParseStoryState(s string) StoryState {
	switch st := StoryState(s); st {
	case StatePending, StateApproved, StateHidden, StateWithdrawn:
		return st
	}
	return ""
}

// SignifierValue is a teller's answer to one signifier. Exactly one field is
// set, by the signifier's kind.
type SignifierValue struct {
	Slider  *int      `json:"slider,omitempty"`  // 0..100
	Triad   []int     `json:"triad,omitempty"`   // three percentages summing to 100
	Choice  string    `json:"choice,omitempty"`  // one of the labels
	Choices []string  `json:"choices,omitempty"` // some of the labels
	raw     []float64 // triad weights before normalization
}

// NewStory is the input to tell a story. Name and Email are dropped when
// Anonymous is set, so nothing identifying is stored.
type NewStory struct {
	Text       string
	Lang       string // the language the story is written in (any BCP 47 tag)
	Consent    Consent
	Anonymous  bool
	Name       string
	Email      string
	Signifiers map[string]SignifierValue
	Context    map[string]string
	Source     string     // form, api, import
	ToldAt     *time.Time // when the story was told, for imports; nil means now
	// NotifyReport asks for one email when the campaign's report is
	// published; it needs an email, and is dropped without one.
	NotifyReport bool
	// MailLang is the language the teller read the form in: mails to them
	// are written in it.
	MailLang string
}

// Story is a stored story.
type Story struct {
	ID         int64
	CampaignID int64
	Text       string
	Lang       string
	Consent    Consent
	Anonymous  bool
	Name       string
	Email      string
	Signifiers map[string]SignifierValue
	Context    map[string]string
	State      StoryState
	PII        bool // an organizer flagged personal information in the text
	Source     string
	CreatedAt  time.Time
	// NotifyReport: the teller asked for an email when the report is
	// published.
	NotifyReport bool
}

// Problem codes for stories, so pages can say them in the teller's language.
const (
	ProblemRequired  = "required"
	ProblemTooLong   = "too_long"
	ProblemRange     = "range"
	ProblemOption    = "option"
	ProblemEmail     = "email"
	ProblemLang      = "lang"
	ProblemConsent   = "consent"
	ProblemUnknown   = "unknown"
	ProblemTriadZero = "triad_zero"
	ProblemTooShort  = "too_short"
)

var problemEnglish = map[string]string{
	ProblemRequired:  "is required",
	ProblemTooLong:   "is longer than 10,000 characters; please shorten it",
	ProblemRange:     "must be a number from 0 to 100",
	ProblemOption:    "is not one of the options",
	ProblemEmail:     "is not an email address (like name@example.org)",
	ProblemLang:      "is not a language tag (like en, es or pt-BR)",
	ProblemConsent:   "must be public, network or organizers",
	ProblemUnknown:   "is not a question of this campaign",
	ProblemTriadZero: "needs three weights that are not all zero",
	ProblemTooShort:  "is too short to be a story: please tell a little more",
}

// StoryError turns problem codes into an EINVALID *Error with English
// sentences, or returns nil when there are none.
func StoryError(codes map[string]string) error {
	var p Problems
	for f, c := range codes {
		p.Add(f, problemEnglish[c])
	}
	return p.Err()
}

// CheckLength returns ProblemTooShort when a teller's text (as CheckStory
// left it) is shorter than the campaign's shortest story, and "" otherwise.
// It holds tellers to it on the form and the API; imports of stories
// gathered elsewhere are taken as they were told.
func (c *Campaign) CheckLength(text string) string {
	if n := utf8.RuneCountInString(text); n >= MinStoryRunes && n < c.MinStoryLength {
		return ProblemTooShort
	}
	return ""
}

var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$`)

// CheckStory normalizes n against the campaign and returns problem codes by
// field ("text", "lang", "consent", "email", "name", "sig.KEY", "ctx.KEY");
// an empty map means the story is good.
func (c *Campaign) CheckStory(n *NewStory) map[string]string {
	codes := map[string]string{}
	n.Text = strings.TrimSpace(strings.ToValidUTF8(n.Text, "\uFFFD"))
	switch l := utf8.RuneCountInString(n.Text); {
	case l < MinStoryRunes:
		codes["text"] = ProblemRequired
	case l > MaxStoryRunes:
		codes["text"] = ProblemTooLong
	}
	n.Lang = strings.TrimSpace(n.Lang)
	if n.Lang == "" {
		codes["lang"] = ProblemRequired
	} else if !langTag.MatchString(n.Lang) {
		codes["lang"] = ProblemLang
	}
	if n.Consent == "" {
		codes["consent"] = ProblemRequired
	} else if ParseConsent(string(n.Consent)) == "" {
		codes["consent"] = ProblemConsent
	}
	checkTeller(n, codes)
	c.checkSignifiers(n, codes)
	c.checkContext(n, codes)
	return codes
}

// checkTeller keeps who told the story only when they are not anonymous,
// and the wish to hear of the report only with an email to send it to.
func checkTeller(n *NewStory, codes map[string]string) {
	if n.Anonymous {
		n.Name, n.Email, n.NotifyReport = "", "", false
		return
	}
	n.Name = strings.TrimSpace(n.Name)
	if utf8.RuneCountInString(n.Name) > MaxNameLen {
		codes["name"] = ProblemTooLong
	}
	if strings.TrimSpace(n.Email) != "" {
		var p Problems
		n.Email = NormalizeEmail(n.Email, "email", &p)
		if len(p) > 0 {
			codes["email"] = ProblemEmail
		}
	}
	n.NotifyReport = n.NotifyReport && strings.TrimSpace(n.Email) != ""
}

func (c *Campaign) checkSignifiers(n *NewStory, codes map[string]string) {
	for key := range n.Signifiers {
		if c.Signifier(key) == nil {
			codes["sig."+key] = ProblemUnknown
		}
	}
	for _, s := range c.Signifiers {
		v, ok := n.Signifiers[s.Key]
		if !ok {
			continue // signifiers are optional: a teller may skip one
		}
		if code := s.check(&v); code != "" {
			codes["sig."+s.Key] = code
		}
		n.Signifiers[s.Key] = v
	}
}

// check validates v for the signifier and normalizes triads to percentages.
func (s *Signifier) check(v *SignifierValue) string {
	switch s.Kind {
	case KindSlider:
		if v.Slider == nil || *v.Slider < 0 || *v.Slider > SliderMax {
			return ProblemRange
		}
	case KindTriad:
		return normalizeTriad(v)
	case KindChoice:
		if !contains(s.Labels, v.Choice) {
			return ProblemOption
		}
	case KindMulti:
		for _, ch := range v.Choices {
			if !contains(s.Labels, ch) {
				return ProblemOption
			}
		}
	}
	return ""
}

// normalizeTriad scales three non-negative weights to percentages summing to
// exactly 100 (largest remainder), so "2, 1, 1" and "50, 25, 25" are the same.
func normalizeTriad(v *SignifierValue) string {
	w := v.raw
	if w == nil {
		for _, x := range v.Triad {
			w = append(w, float64(x))
		}
	}
	if len(w) != 3 {
		return ProblemRange
	}
	sum := 0.0
	for _, x := range w {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return ProblemRange
		}
		sum += x
	}
	if sum == 0 {
		return ProblemTriadZero
	}
	out := make([]int, 3)
	total := 0
	for i, x := range w {
		out[i] = int(math.Floor(x / sum * TriadTotal))
		total += out[i]
	}
	for i := 0; total < TriadTotal; i = (i + 1) % 3 {
		out[i]++
		total++
	}
	v.Triad, v.raw = out, nil
	return ""
}

// TriadWeights returns a triad value from raw non-negative weights in any
// scale; CheckStory normalizes them to percentages.
func TriadWeights(a, b, c float64) SignifierValue {
	return SignifierValue{raw: []float64{a, b, c}}
}

func (c *Campaign) checkContext(n *NewStory, codes map[string]string) {
	known := map[string]*ContextQuestion{}
	for i := range c.Context {
		known[c.Context[i].Key] = &c.Context[i]
	}
	for key, val := range n.Context {
		q := known[key]
		val = strings.TrimSpace(val)
		n.Context[key] = val
		switch {
		case q == nil:
			codes["ctx."+key] = ProblemUnknown
		case val == "":
			delete(n.Context, key)
		case utf8.RuneCountInString(val) > MaxAnswerRunes:
			codes["ctx."+key] = ProblemTooLong
		case len(q.Options) > 0 && !contains(q.Options, val):
			codes["ctx."+key] = ProblemOption
		}
	}
}

var (
	emailInText = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	phoneInText = regexp.MustCompile(`\+?\d[\d\s().-]{6,}\d`)
)

// MaskPII replaces email addresses and phone numbers in s, for anything shown
// beyond a campaign's organizers.
func MaskPII(s string) string {
	s = emailInText.ReplaceAllString(s, "[email]")
	return phoneInText.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 7 {
			return m
		}
		return "[phone]"
	})
}

// Reader is who is looking at stories, which decides what they may see.
type Reader int

// Readers, from least to most trusted.
const (
	ReaderPublic    Reader = iota // anyone, signed in or not
	ReaderMember                  // a signed-in member of the network
	ReaderOrganizer               // an organizer of the story's campaign
)

// VisibleTo reports whether r may read the story at all: organizers read
// everything; others only approved stories their consent allows.
func (s *Story) VisibleTo(r Reader) bool {
	if r == ReaderOrganizer {
		return true
	}
	if s.State != StateApproved || s.PII {
		return false
	}
	if r == ReaderMember {
		return s.Consent == ConsentPublic || s.Consent == ConsentNetwork
	}
	return s.Consent == ConsentPublic
}

// ForReader returns the story as r may see it: beyond organizers, emails and
// phone numbers are masked and the teller's name and email are removed.
func (s Story) ForReader(r Reader) Story {
	if r == ReaderOrganizer {
		return s
	}
	s.Text = MaskPII(s.Text)
	s.Name, s.Email = "", ""
	ctx := make(map[string]string, len(s.Context))
	for k, v := range s.Context {
		ctx[k] = MaskPII(v)
	}
	s.Context = ctx
	return s
}

// Plain returns the value as JSON shows it: a number for a slider, three
// numbers for a triad, a string for a choice, strings for a multiple choice.
func (v SignifierValue) Plain() any {
	switch {
	case v.Slider != nil:
		return *v.Slider
	case v.Triad != nil:
		return v.Triad
	case v.Choices != nil:
		return v.Choices
	}
	return v.Choice
}

// ValueFrom reads a value decoded from JSON (float64, string or []any) for
// the signifier. ok is false when its shape does not fit the kind; the
// caller reports that on the field.
func (s *Signifier) ValueFrom(x any) (v SignifierValue, ok bool) {
	switch s.Kind {
	case KindSlider:
		f, isNum := x.(float64)
		if !isNum || f != math.Trunc(f) || f < 0 || f > SliderMax {
			return v, false
		}
		n := int(f)
		return SignifierValue{Slider: &n}, true
	case KindTriad:
		list, isList := x.([]any)
		w := make([]float64, 0, 3)
		for _, e := range list {
			f, isNum := e.(float64)
			if !isNum {
				return v, false
			}
			w = append(w, f)
		}
		return SignifierValue{raw: w}, isList && len(w) == 3
	case KindChoice:
		str, isStr := x.(string)
		return SignifierValue{Choice: str}, isStr
	case KindMulti:
		list, isList := x.([]any)
		out := make([]string, 0, len(list))
		for _, e := range list {
			str, isStr := e.(string)
			if !isStr {
				return v, false
			}
			out = append(out, str)
		}
		return SignifierValue{Choices: out}, isList
	}
	return v, false
}

// Text returns the value as a CSV cell: "42", "50/25/25", "Local" or
// "Door|Events"; ParseText reads it back.
func (v SignifierValue) Text() string {
	switch {
	case v.Slider != nil:
		return strconv.Itoa(*v.Slider)
	case v.Triad != nil:
		return fmt.Sprintf("%d/%d/%d", v.Triad[0], v.Triad[1], v.Triad[2])
	case v.Choices != nil:
		return strings.Join(v.Choices, "|")
	}
	return v.Choice
}

// ParseText reads a CSV cell for the signifier (see Text). ok is false when
// the text does not fit the kind.
func (s *Signifier) ParseText(text string) (v SignifierValue, ok bool) {
	text = strings.TrimSpace(text)
	switch s.Kind {
	case KindSlider:
		n, err := strconv.Atoi(text)
		return SignifierValue{Slider: &n}, err == nil
	case KindTriad:
		parts := strings.FieldsFunc(text, func(r rune) bool { return r == '/' || r == ';' || r == ' ' })
		w := make([]float64, 0, 3)
		for _, p := range parts {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return v, false
			}
			w = append(w, f)
		}
		return SignifierValue{raw: w}, len(w) == 3
	case KindChoice:
		return SignifierValue{Choice: text}, true
	case KindMulti:
		var out []string
		for _, p := range strings.Split(text, "|") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return SignifierValue{Choices: out}, true
	}
	return v, false
}
