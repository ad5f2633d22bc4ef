package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kindredhq/kindred/internal/kindred"
)

// DemoNetwork is a generated demo directory as plain values, before it is
// stored: organizations with their city names, networks of organizations,
// and members whose affiliations point at organizations by index.
type DemoNetwork struct {
	Organizations []DemoOrganization
	Networks      []DemoGroup
	Members       []DemoMember
}

// DemoOrganization is an organization and the names of the cities (from
// Cities) it works in; Organization.CityIDs is empty.
type DemoOrganization struct {
	Organization kindred.Organization
	Cities       []string
}

// DemoGroup is a network of organizations, such as a coalition;
// Organizations are indexes into DemoNetwork.Organizations and
// Network.OrganizationIDs is empty.
type DemoGroup struct {
	Network       kindred.Network
	Organizations []int
}

// DemoMember is a member whose Member.CityName names a city of Cities
// (CityID is 0) and whose affiliations are listed apart, by organization
// index; Member.Affiliations is empty.
type DemoMember struct {
	Member       kindred.Member
	Affiliations []DemoAffiliation
}

// DemoAffiliation is an affiliation with Organization, an index into
// DemoNetwork.Organizations. Affiliation has OrganizationName and
// OrganizationSlug set and OrganizationID 0.
type DemoAffiliation struct {
	Organization int
	Affiliation  kindred.Affiliation
}

// WithOrganizationIDs returns a copy of the member with its affiliations
// filled in, ids[i] being the stored id of organization i. It panics if an
// index is out of range of ids.
func (m DemoMember) WithOrganizationIDs(ids []int64) kindred.Member {
	c := m.Member
	c.Affiliations = make([]kindred.Affiliation, len(m.Affiliations))
	for i, a := range m.Affiliations {
		c.Affiliations[i] = a.Affiliation
		c.Affiliations[i].OrganizationID = ids[a.Organization]
	}
	return c
}

// DemoDomain is the mail domain of every demo member.
const DemoDomain = "demo.kindred.example"

// Network generates a demo directory of the given size: about 300, 3,000 or
// 30,000 members (exactly size's count) and 25, 150 or 1,000 organizations of
// very different sizes. The same size and seed give the same network. Every
// organization and member passes Validate (members once WithOrganizationIDs
// has set their organizations), emails are unique, each member with a
// current affiliation has exactly one primary one, and there are about 1.5
// affiliations per member.
func Network(size Size, seed uint64) DemoNetwork {
	g := newNetGen(seed, Cities)
	g.makeOrganizations(networkOrgCount(size))
	n := size.members()
	net := DemoNetwork{Organizations: g.orgs, Members: make([]DemoMember, 0, n)}
	// Stratified draws make the affiliation counts follow their
	// distribution closely even in the small network.
	slots := g.rng.Perm(n)
	for i := 0; i < n; i++ {
		net.Members = append(net.Members, g.member((float64(slots[i])+g.rng.Float64())/float64(n)))
	}
	g.staffEmptyOrganizations(net.Members)
	net.Networks = g.groups(networkGroupCount(size))
	return net
}

// networkOrgCount is how many organizations a network of size has.
func networkOrgCount(size Size) int {
	switch size {
	case Medium:
		return 150
	case Large:
		return 1000
	case XLarge:
		return 5000
	}
	return 25
}

func networkGroupCount(size Size) int {
	switch size {
	case Medium:
		return 3
	case Large:
		return 4
	case XLarge:
		return 6
	}
	return 2
}

// netGen holds the state of one generation run.
type netGen struct {
	rng      *rand.Rand
	cities   []string
	cityIdx  map[string]int
	profiles []cityProfile
	cityCum  []float64 // cumulative city weights
	orgs     []DemoOrganization
	orgRank  []int          // 0 for the biggest
	orgCum   []float64      // cumulative weights of all organizations
	orgCity  []map[int]bool // the cities (by index) each organization works in
	orgNames map[string]bool
	emails   map[string]bool
}

// newNetGen starts a generation run over cities.
func newNetGen(seed uint64, cities []kindred.City) *netGen {
	g := &netGen{
		rng:      rand.New(rand.NewPCG(seed, seed^0x6a09e667f3bcc908)),
		orgNames: map[string]bool{},
		emails:   map[string]bool{},
		cityIdx:  map[string]int{},
	}
	total := 0.0
	for i, c := range cities {
		p := profileOf(i, c)
		g.cityIdx[c.Name] = i
		g.cities = append(g.cities, c.Name)
		g.profiles = append(g.profiles, p)
		total += p.weight
		g.cityCum = append(g.cityCum, total)
	}
	return g
}

// pick returns an index drawn with the weights whose running sums are cum.
func (g *netGen) pick(cum []float64) int {
	x := g.rng.Float64() * cum[len(cum)-1]
	return sort.SearchFloat64s(cum, x)
}

func (g *netGen) chance(p float64) bool { return g.rng.Float64() < p }

func oneOf[T any](g *netGen, list []T) T { return list[g.rng.IntN(len(list))] }

// makeOrganizations creates n organizations whose expected membership
// follows a Zipf–Mandelbrot law, so a few are big and most are small. Going
// from the biggest down, each lands in the city furthest behind its share
// of members, so every city has big and small organizations and the members'
// preference for local organizations keeps the tail heavy.
func (g *netGen) makeOrganizations(n int) {
	g.orgRank = g.rng.Perm(n)
	byRank := make([]int, n)
	for i, r := range g.orgRank {
		byRank[r] = i
	}
	g.orgs = make([]DemoOrganization, n)
	weights := make([]float64, n)
	assigned := make([]float64, len(g.cities))
	q, total := max(3, float64(n)/10), 0.0
	for rank := 0; rank < n; rank++ {
		w := math.Pow(float64(rank)+1+q, -2.6)
		home := g.homeCity(assigned, total+w)
		o := g.organization(rank, n, home)
		// An organization in several cities is drawn by members of each,
		// so each draw weighs less.
		w /= float64(len(o.Cities))
		for _, c := range o.Cities {
			assigned[g.cityIndex(c)] += w
		}
		total += w * float64(len(o.Cities))
		g.orgs[byRank[rank]], weights[byRank[rank]] = o, w
	}
	sum := 0.0
	for i, o := range g.orgs {
		sum += weights[i]
		g.orgCum = append(g.orgCum, sum)
		in := map[int]bool{}
		for _, c := range o.Cities {
			in[g.cityIndex(c)] = true
		}
		g.orgCity = append(g.orgCity, in)
	}
}

// homeCity is usually the city whose organizations' weight lags most behind
// its share of members once total is placed, sometimes a random one.
func (g *netGen) homeCity(assigned []float64, total float64) int {
	if g.chance(0.25) {
		return g.pick(g.cityCum)
	}
	best, bestLag := 0, math.Inf(-1)
	all := g.cityCum[len(g.cityCum)-1]
	for c := range assigned {
		share := g.profiles[c].weight / all
		if lag := share*total - assigned[c]; lag > bestLag {
			best, bestLag = c, lag
		}
	}
	return best
}

func (g *netGen) cityIndex(name string) int { return g.cityIdx[name] }

// organization makes the organization of the given size rank (0 = biggest).
func (g *netGen) organization(rank, n, home int) DemoOrganization {
	frac := float64(rank) / float64(n)
	cities := []string{g.cities[home]}
	national := frac < 0.03 || rank == 0
	if national {
		for _, i := range g.rng.Perm(len(g.cities))[:min(len(g.cities), 2+g.rng.IntN(4))] {
			if i != home {
				cities = append(cities, g.cities[i])
			}
		}
	}
	name, kind, lang := g.orgName(g.profiles[home], national)
	o := kindred.Organization{Name: name, Kind: kind, SizeBand: sizeBand(frac, g.rng.IntN(3)-1),
		Description: g.orgDescription(name, kind, lang, cities)}
	if g.chance(0.8) {
		o.Website = "https://" + kindred.Slugify(name) + ".example.org"
	}
	mustValid(o.Validate())
	return DemoOrganization{Organization: o, Cities: cities}
}

// sizeBand maps a size rank fraction to a band, moved by jitter bands.
func sizeBand(frac float64, jitter int) string {
	cuts := []float64{0.03, 0.12, 0.35, 0.7}
	i := sort.SearchFloat64s(cuts, frac)
	b := len(kindred.SizeBands) - 1 - i + jitter
	b = max(0, min(len(kindred.SizeBands)-1, b))
	return kindred.SizeBands[b]
}

// orgName makes a new organization name in the city's language.
func (g *netGen) orgName(p cityProfile, national bool) (name, kind, lang string) {
	lang = p.local
	if national {
		lang = "en"
	}
	for try := 0; ; try++ {
		form := oneOf(g, orgForms[lang])
		cause := oneOf(g, causes[lang])
		switch {
		case national:
			name = oneOf(g, nationalPrefixes) + " " + cause + " " + form.word
		case lang == "pt":
			name = form.word + " " + cause + " " + ptPlace(oneOf(g, p.places))
		default:
			name = oneOf(g, p.places) + " " + cause + " " + form.word
		}
		if try > 20 {
			name = fmt.Sprintf("%s %d", name, try)
		}
		if !g.orgNames[strings.ToLower(name)] {
			g.orgNames[strings.ToLower(name)] = true
			return name, form.kind, lang
		}
	}
}

// ptPlace puts the right Portuguese preposition before a place.
func ptPlace(place string) string {
	switch place {
	case "São Paulo", "Capão Redondo", "Paraisópolis", "Grajaú":
		return "de " + place
	case "ABC Paulista":
		return "do " + place
	}
	return "da " + place
}

func (g *netGen) orgDescription(name, kind, lang string, cities []string) string {
	return fmt.Sprintf(oneOf(g, orgDescriptions[lang]), name, kind, strings.Join(cities, ", "))
}

// mustValid panics on a validation error: the generator's vocabularies are
// fixed, so an invalid value is a bug here, caught by the tests.
func mustValid(err error) {
	if err != nil {
		panic(fmt.Sprintf("demo network: generated an invalid value: %v", err))
	}
}

// member makes one member with a city, a name from one of the city's
// cultures, languages, topics, needs and affiliations; u in [0, 1) picks how
// many affiliations.
func (g *netGen) member(u float64) DemoMember {
	c := g.pick(g.cityCum)
	p := g.profiles[c]
	cult := cultures[p.cultures[g.pickShare(p.cultures)].name]
	gender, first := g.firstName(cult)
	last := oneOf(g, cult.last)
	m := kindred.Member{
		Name:      first + " " + last,
		Email:     g.email(first, last),
		CityName:  g.cities[c],
		Languages: g.languages(p, cult),
	}
	if g.chance(0.4) {
		m.Pronouns = oneOf(g, pronounSets[gender])
	}
	group := roleGroups[g.rng.IntN(len(roleGroups))]
	affs := g.affiliations(c, group, affiliationCount(u))
	m.Tags, m.Asks, m.Offers = g.topicsFor(group)
	m.Needs = g.needs(p, m.Languages)
	m.Visibility = g.visibility()
	if g.chance(0.85) {
		m.Bio = g.bio(m.Languages, m.CityName, affs, m.Tags)
	}
	mustValid(m.Validate())
	return DemoMember{Member: m, Affiliations: affs}
}

// staffEmptyOrganizations gives each organization nobody joined a volunteer
// or board member from its home city, so that no organization page is empty.
func (g *netGen) staffEmptyOrganizations(members []DemoMember) {
	people := make([]int, len(g.orgs))
	byCity := make([][]int, len(g.cities))
	for i, m := range members {
		for _, a := range m.Affiliations {
			people[a.Organization]++
		}
		c := g.cityIndex(m.Member.CityName)
		byCity[c] = append(byCity[c], i)
	}
	for org, n := range people {
		local := byCity[g.cityIndex(g.orgs[org].Cities[0])]
		if n > 0 || len(local) == 0 {
			continue
		}
		m := &members[local[g.rng.IntN(len(local))]]
		o := g.orgs[org].Organization
		a := kindred.Affiliation{OrganizationName: o.Name, OrganizationSlug: o.Slug, Role: oneOf(g, sideRoles), Since: g.date(2015, 2025)}
		m.Affiliations = append(m.Affiliations, DemoAffiliation{Organization: org, Affiliation: a})
		markPrimary(m.Affiliations)
	}
}

// pickShare draws a culture by its share.
func (g *netGen) pickShare(shares []cultureShare) int {
	total := 0.0
	for _, s := range shares {
		total += s.share
	}
	x := g.rng.Float64() * total
	for i, s := range shares {
		if x -= s.share; x < 0 {
			return i
		}
	}
	return len(shares) - 1
}

// firstName returns a gender key for pronouns ("f", "m" or "n") and a name.
func (g *netGen) firstName(c culture) (string, string) {
	switch x := g.rng.Float64(); {
	case x < 0.06 && len(c.neutral) > 0:
		return "n", oneOf(g, c.neutral)
	case x < 0.54:
		return "f", oneOf(g, c.female)
	default:
		return "m", oneOf(g, c.male)
	}
}

// email makes a unique address in one of the usual shapes.
func (g *netGen) email(first, last string) string {
	f, l := mailPart(first), mailPart(last)
	var local string
	switch g.rng.IntN(5) {
	case 0, 1:
		local = f + "." + l
	case 2:
		local = f[:1] + l
	case 3:
		local = f + "_" + l
	default:
		local = f + l[:1]
	}
	email := local + "@" + DemoDomain
	for k := 2; g.emails[email]; k++ {
		email = fmt.Sprintf("%s%d@%s", local, k, DemoDomain)
	}
	g.emails[email] = true
	return email
}

// mailPart folds a name to lower-case ASCII letters, dropping accents.
func mailPart(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == 'đ':
			b.WriteByte('d')
		case r == 'ł':
			b.WriteByte('l')
		case unicode.Is(unicode.Mn, r), r == '\'', r == '-', r == ' ':
		}
	}
	if b.Len() == 0 {
		return "member"
	}
	return b.String()
}

// languages draws the city's common languages and the culture's heritage
// ones; a heritage language most of the culture speaks comes first.
func (g *netGen) languages(p cityProfile, c culture) []string {
	var strong, out []string
	for _, l := range c.langs {
		if g.chance(l.share) {
			if l.share >= 0.5 {
				strong = append(strong, l.code)
			} else {
				out = append(out, l.code)
			}
		}
	}
	var base []string
	for _, l := range p.base {
		if g.chance(l.share) {
			base = append(base, l.code)
		}
	}
	if len(base) == 0 && len(strong) == 0 {
		base = append(base, p.base[0].code)
	}
	langs := append(append(strong, base...), out...)
	if g.chance(0.08) {
		langs = append(langs, oneOf(g, []string{"es", "fr", "en", "pt", "de", "ar"}))
	}
	var uniq []string
	for _, l := range langs {
		uniq = appendNew(uniq, l)
	}
	return uniq
}

// affiliations draws the member's roles: usually a current job (primary),
// sometimes a board or volunteer role elsewhere, sometimes a past job.
func (g *netGen) affiliations(city int, group roleGroup, n int) []DemoAffiliation {
	var out []DemoAffiliation
	used := map[int]bool{}
	for i := 0; i < n; i++ {
		org := g.orgFor(city, used)
		used[org] = true
		var a kindred.Affiliation
		switch {
		case i == 0 && g.chance(0.96):
			a = kindred.Affiliation{Role: oneOf(g, group.roles), Since: g.date(2008, 2025), Primary: true}
		case i > 0 && g.chance(0.55):
			a = kindred.Affiliation{Role: oneOf(g, sideRoles), Since: g.date(2012, 2025)}
		default:
			since := 1998 + g.rng.IntN(22)
			a = kindred.Affiliation{Role: oneOf(g, pastRoles), Since: fmt.Sprint(since), Until: fmt.Sprint(since + 1 + g.rng.IntN(6))}
		}
		o := g.orgs[org].Organization
		a.OrganizationName, a.OrganizationSlug = o.Name, o.Slug
		out = append(out, DemoAffiliation{Organization: org, Affiliation: a})
	}
	markPrimary(out)
	return out
}

// markPrimary makes the first current affiliation primary when none is, as
// kindred.Member.Validate would, so the demo values are already final.
func markPrimary(affs []DemoAffiliation) {
	for _, a := range affs {
		if a.Affiliation.Primary {
			return
		}
	}
	for i := range affs {
		if affs[i].Affiliation.Current() {
			affs[i].Affiliation.Primary = true
			return
		}
	}
}

// affiliationCount maps a uniform x to 0–4 affiliations, 1.5 on average.
func affiliationCount(x float64) int {
	cum := []float64{0.03, 0.58, 0.88, 0.975}
	return sort.SearchFloat64s(cum, x)
}

// orgFor draws an organization by weight, different from those in used,
// and keeps it when it works in the member's city or, rarely, elsewhere.
func (g *netGen) orgFor(city int, used map[int]bool) int {
	org := 0
	for range 30 {
		org = g.pick(g.orgCum)
		if used[org] {
			continue
		}
		if g.orgCity[org][city] || g.chance(0.08) {
			return org
		}
	}
	for i := range g.orgs {
		if o := (org + i) % len(g.orgs); !used[o] {
			return o
		}
	}
	return org
}

// date returns a year in [from, to], with a month half the time.
func (g *netGen) date(from, to int) string {
	y := from + g.rng.IntN(to-from+1)
	if g.chance(0.5) {
		return fmt.Sprintf("%d-%02d", y, 1+g.rng.IntN(12))
	}
	return fmt.Sprint(y)
}

// topicsFor draws expertise tags mostly from the role's topics, asks from
// elsewhere, and offers from the tags.
func (g *netGen) topicsFor(group roleGroup) (tags, asks, offers []string) {
	perm := g.rng.Perm(len(group.topics))
	for _, i := range perm[:1+g.rng.IntN(min(3, len(perm)))] {
		tags = append(tags, topics[group.topics[i]])
	}
	for range g.rng.IntN(3) {
		tags = appendNew(tags, oneOf(g, topics))
	}
	for range g.rng.IntN(4) {
		if t := oneOf(g, topics); !containsStr(tags, t) {
			asks = appendNew(asks, t)
		}
	}
	for _, t := range tags {
		if g.chance(0.45) {
			offers = append(offers, t)
		}
	}
	return tags, asks, offers
}

func appendNew(list []string, s string) []string {
	if containsStr(list, s) {
		return list
	}
	return append(list, s)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// needs fills the needs profile for some members.
func (g *netGen) needs(p cityProfile, langs []string) kindred.Needs {
	var n kindred.Needs
	if g.chance(0.27) {
		n.Diet = g.needText(diets)
	}
	if g.chance(0.11) {
		n.Accessibility = g.needText(accessNeeds)
	}
	if (langs[0] != p.base[0].code && g.chance(0.35)) || g.chance(0.05) {
		n.PreferredLanguage = langs[0]
	}
	return n
}

func (g *netGen) needText(list []needShare) string {
	total := 0.0
	for _, s := range list {
		total += s.share
	}
	x := g.rng.Float64() * total
	for _, s := range list {
		if x -= s.share; x < 0 {
			return s.text
		}
	}
	return list[len(list)-1].text
}

func (g *netGen) visibility() kindred.Visibility {
	if !g.chance(0.12) {
		return nil
	}
	v := kindred.Visibility{}
	for f, l := range oneOf(g, visibilityChoices) {
		v[f] = l
	}
	return v
}

// bio writes a short bio about the member's primary affiliation, in their
// first language when there is a template for it.
func (g *netGen) bio(langs []string, city string, affs []DemoAffiliation, tags []string) string {
	var primary *kindred.Affiliation
	for i := range affs {
		if affs[i].Affiliation.Primary {
			primary = &affs[i].Affiliation
		}
	}
	if primary == nil {
		return fmt.Sprintf(oneOf(g, independentBios), tags[0], city)
	}
	lang := "en"
	if t, ok := bioTemplates[langs[0]]; ok && len(t) > 0 && g.chance(0.6) {
		lang = langs[0]
	}
	org := primary.OrganizationName
	if lang == "pt" {
		org = ptAt(org)
	}
	return fmt.Sprintf(oneOf(g, bioTemplates[lang]), primary.Role, org, tags[0], oneOf(g, topics), city)
}

// ptAt puts "no", "na" or "em" before an organization's name.
func ptAt(org string) string {
	first, _, _ := strings.Cut(org, " ")
	switch first {
	case "Coletivo", "Instituto", "Movimento", "Fórum", "Fundo", "Sindicato":
		return "no " + org
	case "Rede", "Associação", "Cooperativa", "Frente":
		return "na " + org
	}
	return "em " + org
}

// groups makes k networks of organizations; bigger organizations join more.
func (g *netGen) groups(k int) []DemoGroup {
	var out []DemoGroup
	for i := 0; i < k && i < len(coalitionNames); i++ {
		c := coalitionNames[i]
		grp := DemoGroup{Network: kindred.Network{Name: c.name, Slug: kindred.Slugify(c.name), Description: c.description}}
		for org, rank := range g.orgRank {
			frac := float64(rank) / float64(len(g.orgs))
			if g.chance(0.1 + 0.35*(1-frac)) {
				grp.Organizations = append(grp.Organizations, org)
			}
		}
		out = append(out, grp)
	}
	return out
}
