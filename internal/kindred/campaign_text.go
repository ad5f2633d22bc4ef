package kindred

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// CampaignText is a campaign's own words in one language: its title and
// prompt, and each signifier's question and labels and each context
// question with its options, by key. A field left empty falls back to the
// campaign's own words (Campaign.Text).
type CampaignText struct {
	Title      string                   `json:"title,omitempty"`
	Prompt     string                   `json:"prompt,omitempty"`
	Signifiers map[string]SignifierText `json:"signifiers,omitempty"`
	Context    map[string]ContextText   `json:"context,omitempty"`
}

// SignifierText is one signifier's question and labels (poles, corners or
// options, in the signifier's order) in one language.
type SignifierText struct {
	Prompt string   `json:"prompt,omitempty"`
	Labels []string `json:"labels,omitempty"`
}

// ContextText is one context question and its options in one language.
type ContextText struct {
	Prompt  string   `json:"prompt,omitempty"`
	Options []string `json:"options,omitempty"`
}

// Shown is a piece of a campaign's words as a form shows it, with the
// language it is in (the teller's, or the campaign's own as a fallback).
type Shown struct {
	Text string
	Lang string
}

// ShownQuestion is a signifier or context question as a form shows it:
// the question and its labels or options, all in Lang. Values are what
// the form sends back: always the campaign's own labels, so answers in
// every language count together.
type ShownQuestion struct {
	Prompt string
	Labels []string
	Values []string
	Lang   string
}

// ShownCampaign is a campaign's words resolved for one language.
// Translated reports whether any of them is in the language asked for;
// Fallback whether some are not (the form says so).
type ShownCampaign struct {
	Lang       string
	Title      Shown
	Prompt     Shown
	Signifiers map[string]ShownQuestion
	Context    map[string]ShownQuestion
	Translated bool
	Fallback   bool
}

// Text resolves the campaign's words for lang: each translated piece in
// lang, the rest in the campaign's own language. A signifier or context
// question is translated whole or not at all: a question in one language
// over labels in another would confuse.
func (c *Campaign) Text(lang string) ShownCampaign {
	own := c.OwnLang()
	t, has := c.Translations[lang]
	if lang == own {
		has = false
	}
	out := ShownCampaign{Lang: lang, Signifiers: map[string]ShownQuestion{}, Context: map[string]ShownQuestion{}}
	pick := func(tr, orig string) Shown {
		if has && strings.TrimSpace(tr) != "" {
			out.Translated = true
			return Shown{tr, lang}
		}
		out.Fallback = out.Fallback || lang != own
		return Shown{orig, own}
	}
	out.Title, out.Prompt = pick(t.Title, c.Title), pick(t.Prompt, c.Prompt)
	for _, s := range c.Signifiers {
		q := ShownQuestion{Prompt: s.Prompt, Labels: s.Labels, Values: s.Labels, Lang: own}
		if st, ok := t.Signifiers[s.Key]; has && ok && st.Prompt != "" && len(st.Labels) == len(s.Labels) {
			q.Prompt, q.Labels, q.Lang, out.Translated = st.Prompt, st.Labels, lang, true
		} else if lang != own {
			out.Fallback = true
		}
		out.Signifiers[s.Key] = q
	}
	for _, cq := range c.Context {
		q := ShownQuestion{Prompt: cq.Prompt, Labels: cq.Options, Values: cq.Options, Lang: own}
		if ct, ok := t.Context[cq.Key]; has && ok && ct.Prompt != "" && len(ct.Options) == len(cq.Options) {
			q.Prompt, q.Labels, q.Lang, out.Translated = ct.Prompt, ct.Options, lang, true
		} else if lang != own {
			out.Fallback = true
		}
		out.Context[cq.Key] = q
	}
	return out
}

// OwnLang is the language the campaign's own words are written in ("en"
// when not set).
func (c *Campaign) OwnLang() string {
	if c.SourceLang == "" {
		return "en"
	}
	return c.SourceLang
}

// validateTranslations checks each translation against the campaign: a
// language the form offers, not the campaign's own, within the lengths of
// the original, with as many labels as the original has (or none, to fall
// back). Fields are named as the campaign form names them, e.g.
// "translations.es.signifiers.2.labels" (questions counted from 1).
func (c *Campaign) validateTranslations(p *Problems) {
	for lang, t := range c.Translations {
		base := "translations." + lang + "."
		if !isUILanguage(lang) {
			p.Add("translations", "may only be in "+strings.Join(UILanguages, ", "))
			continue
		}
		if utf8.RuneCountInString(t.Title) > MaxTitleRunes {
			p.Add(base+"title", "is too long")
		}
		if utf8.RuneCountInString(t.Prompt) > MaxPromptRunes {
			p.Add(base+"prompt", "is too long")
		}
		for i, s := range c.Signifiers {
			st, ok := t.Signifiers[s.Key]
			if ok && len(st.Labels) > 0 && len(st.Labels) != len(s.Labels) {
				p.Add(base+"signifiers."+strconv.Itoa(i+1)+".labels", "need "+strconv.Itoa(len(s.Labels))+" lines, one for each of the original's, or none")
			}
		}
		for i, q := range c.Context {
			ct, ok := t.Context[q.Key]
			if ok && len(ct.Options) > 0 && len(ct.Options) != len(q.Options) {
				p.Add(base+"context."+strconv.Itoa(i+1)+".options", "need "+strconv.Itoa(len(q.Options))+" lines, one for each of the original's, or none")
			}
		}
	}
}
