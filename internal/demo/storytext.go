package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// storyTopic is one kind of bright spot the xlarge demo's stories tell, with
// the sentences they are made of: an opening, what people did, and what
// came of it. A story joins one of each, so a topic's stories share words
// the way real stories about one practice do, and differ in their details.
type storyTopic struct {
	opens, middles, ends []string
}

// storyTopics are the xlarge demo's topics, in English.
var storyTopics = []storyTopic{
	{ // phone and text banking run by volunteers
		opens: []string{"Last spring our volunteers took over the phone bank in %s.", "In %s we handed the text-banking program to members.",
			"Our phone bank used to be run by two staff members; this year volunteers in %s ran it.", "Before the vote in %s, members asked to run the calls themselves."},
		middles: []string{"They wrote their own scripts and called %d neighbours in a week.", "Each caller trained the next one, and the list of %d callers kept growing.",
			"Volunteers texted %d people and answered every reply by hand.", "Members made %d calls from kitchen tables instead of the office."},
		ends: []string{"Turnout doubled because people heard from someone they knew.", "The calls sounded like neighbours, not like a campaign, and people listened.",
			"Staff only wrote the first script; volunteers did the rest.", "We now have a phone team that runs without us."},
	},
	{ // messaging groups that grow
		opens: []string{"A WhatsApp group of twelve parents in %s grew to %d people in a week.", "It started as a group chat of tenants in one building in %s.",
			"A Signal group for bus riders in %s began with five friends.", "In %s a group chat of nurses became a network."},
		middles: []string{"Every new member was added by someone they already trusted.", "People shared photos of the problem every day until the council noticed.",
			"Admins rotated every week so no one burned out.", "The group split into neighbourhood chats once it passed %d members."},
		ends: []string{"The school board changed its plan after four hundred parents showed up.", "The landlord fixed the heating within a month.",
			"The transit agency restored the night route.", "The hospital agreed to hire more staff."},
	},
	{ // kitchen-table conversations and house meetings
		opens: []string{"We stopped sending petitions in %s and started hosting kitchen-table conversations.", "Members in %s held house meetings in their living rooms.",
			"Instead of a rally, we asked %d members in %s to host dinners at home.", "Our chapter in %s tried one-to-one conversations before any ask."},
		middles: []string{"Hosts used a two-page guide and reported back with a short form.", "Each conversation started with what people cared about, not with our issue.",
			"Guests recruited the next hosts, so the meetings spread on their own.", "People talked for hours about their streets and their jobs."},
		ends: []string{"New leaders emerged who had never spoken in public before.", "Half the guests joined a committee afterwards.",
			"The campaign started from what people said, and turnout followed.", "We found leaders we would never have met at a rally."},
	},
	{ // community media and radio
		opens: []string{"A local radio host in %s invited our members to speak every Friday.", "Members in %s started a community podcast about housing.",
			"A newspaper in %s gave us a weekly column written by members.", "Youth in %s filmed short videos about their neighbourhood."},
		middles: []string{"Listeners called in with their own stories, %d of them in the first month.", "Members took turns telling what had happened to them.",
			"Each episode ended with one thing listeners could do that week.", "The videos were shared %d times before the hearing."},
		ends: []string{"Partners we had never met joined the coalition on their own.", "The mayor's office asked to meet the storytellers.",
			"People recognised our members in the market and stopped to talk.", "The hearing room was full for the first time."},
	},
	{ // coalitions across organizations
		opens: []string{"Three organizations in %s agreed to share one calendar of actions.", "Unions and tenant groups in %s formed a coalition for the first time.",
			"In %s, %d groups signed one shared platform.", "Faith groups and immigrant rights organizations in %s met every month."},
		middles: []string{"Nobody booked the same evening twice, and every action had more people.", "Each partner brought its own members to the others' events.",
			"We shared a contact database with clear rules about who may call whom.", "Leaders from each group took turns chairing the meetings."},
		ends: []string{"The city council changed its vote after three hundred handwritten letters.", "Together we won what none of us could have won alone.",
			"The coalition outlasted the campaign and took on a new fight.", "Funders started to support the partnership rather than one group."},
	},
	{ // member dues and grassroots fundraising
		opens: []string{"Our chapter in %s moved to member dues on a sliding scale.", "Members in %s raised money door to door for the strike fund.",
			"In %s we asked members to fund the campaign themselves.", "A bake sale in %s became a monthly giving circle of %d members."},
		middles: []string{"Members chose what they paid, and the scale showed what each level paid for.", "Every chapter voted on how a tenth of the dues was spent.",
			"We followed up personally with everyone who stopped paying.", "People gave more once they decided where the money went."},
		ends: []string{"The median gift went up and almost nobody left.", "We no longer depend on one foundation grant.",
			"Members feel the organization is theirs.", "The strike lasted three weeks longer than the company expected."},
	},
	{ // digital tools that serve organizers
		opens: []string{"We replaced paper sign-in sheets in %s with a phone form at the door.", "Organizers in %s moved the member list to a shared database.",
			"In %s we built a simple map of who lives where.", "Our team in %s tried peer-to-peer texting for reminders."},
		middles: []string{"A volunteer with a tablet helped people without phones.", "The list fed the follow-up calls the same night.",
			"A text the evening before the action named the organizer who would be there.", "We agreed who owned each record before we merged them."},
		ends: []string{"Follow-up calls happened within a day instead of a week.", "Turnout at actions roughly doubled.",
			"Organizers spent their time with people instead of spreadsheets.", "We stopped losing people between the first meeting and the second."},
	},
	{ // climate and environmental justice
		opens: []string{"Residents near the port in %s started measuring the air themselves.", "Young people in %s organized a climate strike at every school.",
			"Farmers and city gardeners in %s formed a food cooperative.", "In %s neighbours mapped every flooded street after the storm."},
		middles: []string{"They posted the readings every morning, %d days in a row.", "Students wrote to the school board with %d signatures.",
			"The cooperative sold to %d families a week.", "The map showed the city which streets it had forgotten."},
		ends: []string{"The city installed monitors and limited truck traffic.", "The district adopted a climate plan written with students.",
			"Fresh food reached a neighbourhood that had none.", "The drainage repairs started where the map said they should."},
	},
}

// storyLangs are the languages of the xlarge demo's stories, by share:
// mostly English, which storyTopics write in; the others use storySeeds.
var storyLangs = []struct {
	lang  string
	share int // per 100
}{{"en", 80}, {"es", 10}, {"pt", 4}, {"fr", 3}, {"ar", 2}, {"sw", 1}}

// storyText writes one story: a language by storyLangs' shares and, in
// English, a random topic set in one of cities.
func storyText(rng *rand.Rand, cities []string) (lang, text string) {
	x := rng.IntN(100)
	for _, l := range storyLangs {
		if x -= l.share; x < 0 {
			lang = l.lang
			break
		}
	}
	if lang != "en" {
		seeds := storySeeds[lang]
		return lang, pick(rng, seeds[0]) + " " + pick(rng, seeds[1])
	}
	t := storyTopics[rng.IntN(len(storyTopics))]
	city := cities[rng.IntN(len(cities))]
	parts := []string{fill(rng, pick(rng, t.opens), city), fill(rng, pick(rng, t.middles), city), fill(rng, pick(rng, t.ends), city)}
	return lang, strings.Join(parts, " ")
}

// fill puts a city and numbers into a sentence's %s and %d verbs, in order.
func fill(rng *rand.Rand, sentence, city string) string {
	var args []any
	for i := 0; i+1 < len(sentence); i++ {
		if sentence[i] != '%' {
			continue
		}
		switch sentence[i+1] {
		case 's':
			args = append(args, city)
		case 'd':
			args = append(args, 20+rng.IntN(480))
		}
	}
	return fmt.Sprintf(sentence, args...)
}
