// Package demo fills an empty Kindred with a realistic, reproducible demo
// network: cities, organizers and members. The same seed gives the same network.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Size is how big a demo network is.
type Size string

// Sizes, by number of members.
const (
	Small  Size = "small"  // about 300
	Medium Size = "medium" // about 3,000
	Large  Size = "large"  // about 30,000
)

// ParseSize checks a --size value.
func ParseSize(s string) (Size, error) {
	switch Size(s) {
	case Small, Medium, Large:
		return Size(s), nil
	}
	return "", fmt.Errorf("--size: %q is not small, medium or large", s)
}

func (s Size) members() int {
	switch s {
	case Medium:
		return 3000
	case Large:
		return 30000
	}
	return 300
}

// AdminEmail is the demo administrator's address.
const AdminEmail = "robin@demo.kindred.example"

// Cities of the demo network, with their time zones.
var Cities = []kindred.City{
	{Name: "San Francisco", Slug: "san-francisco", TimeZone: "America/Los_Angeles"},
	{Name: "Washington DC", Slug: "washington-dc", TimeZone: "America/New_York"},
	{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"},
	{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"},
	{Name: "São Paulo", Slug: "sao-paulo", TimeZone: "America/Sao_Paulo"},
	{Name: "Nairobi", Slug: "nairobi", TimeZone: "Africa/Nairobi"},
}

// Result says what Generate made.
type Result struct {
	Admin   *kindred.Account
	Members int
	Cities  int
}

// Generate fills st (which must have no accounts) with a demo network.
func Generate(ctx context.Context, st *store.Store, size Size, seed uint64) (Result, error) {
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return Result{}, err
	}
	if n > 0 {
		return Result{}, fmt.Errorf("the demo needs an empty database, and this one has %d accounts", n)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var res Result
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if res.Admin, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: AdminEmail, Name: "Robin Okafor", Role: kindred.RoleAdmin}, ""); err != nil {
			return err
		}
		cityIDs, err := createCities(ctx, tx)
		if err != nil {
			return err
		}
		res.Cities = len(cityIDs)
		res.Members, err = createPeople(ctx, tx, rng, size.members(), cityIDs)
		return err
	})
	if err != nil {
		return res, err
	}
	_, err = GenerateStories(ctx, st, 300, seed)
	return res, err
}

func createCities(ctx context.Context, tx *store.Tx) ([]int64, error) {
	ids := make([]int64, 0, len(Cities))
	for _, c := range Cities {
		made, err := tx.CreateCity(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("demo city %s: %w", c.Name, err)
		}
		ids = append(ids, made.ID)
	}
	return ids, nil
}

// createPeople makes n accounts: one organizer per city, the rest members.
func createPeople(ctx context.Context, tx *store.Tx, rng *rand.Rand, n int, cityIDs []int64) (int, error) {
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		email := emailFor(first, last, seen)
		role := kindred.RoleMember
		if i < len(cityIDs) {
			role = kindred.RoleOrganizer
		}
		a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: email, Name: first + " " + last, Role: role}, "")
		if err != nil {
			return i, fmt.Errorf("demo person %s: %w", email, err)
		}
		if role == kindred.RoleOrganizer {
			if err := tx.SetRole(ctx, a.ID, role, []int64{cityIDs[i]}); err != nil {
				return i, err
			}
		}
	}
	return n, nil
}

// emailFor makes a unique address for a name.
func emailFor(first, last string, seen map[string]bool) string {
	base := strings.ToLower(asciiFold(first) + "." + asciiFold(last))
	email := base + "@demo.kindred.example"
	for k := 2; seen[email]; k++ {
		email = fmt.Sprintf("%s%d@demo.kindred.example", base, k)
	}
	seen[email] = true
	return email
}

// asciiFold keeps letters a–z from a name, dropping accents crudely.
func asciiFold(s string) string {
	r := strings.NewReplacer("á", "a", "à", "a", "ã", "a", "â", "a", "é", "e", "ê", "e", "í", "i", "ó", "o", "ô", "o", "õ", "o",
		"ú", "u", "ç", "c", "ñ", "n", "ü", "u", "ö", "o", "ä", "a", "ø", "o", "'", "", " ", "")
	return r.Replace(strings.ToLower(s))
}

var firstNames = []string{
	"Aisha", "Amara", "Ana", "Andrés", "Beatriz", "Carlos", "Chen", "Chidi", "Dana", "Daniel", "Deepa", "Diego",
	"Elena", "Emeka", "Fatima", "Femi", "Grace", "Hana", "Ibrahim", "Imani", "Isabel", "Jamal", "Jin", "João",
	"Juliana", "Kavya", "Kwame", "Laila", "Leila", "Lucas", "Maya", "Mei", "Miguel", "Nadia", "Naledi", "Noor",
	"Olu", "Priya", "Rafael", "Rosa", "Samir", "Sofia", "Tariq", "Thandiwe", "Tomás", "Wanjiru", "Yusuf", "Zainab",
	"Alex", "Jordan", "Sam", "Taylor", "Morgan", "Riley", "Casey", "Jamie", "Robin", "Quinn",
}

var lastNames = []string{
	"Adeyemi", "Alvarez", "Banerjee", "Bianchi", "Cardoso", "Chen", "Diallo", "Dubois", "Estrada", "Fernandes",
	"García", "Haddad", "Ibrahim", "Johnson", "Kamau", "Kim", "Kowalski", "Lee", "Lopez", "Mensah", "Moreno",
	"Nakamura", "Nguyen", "Odhiambo", "Okafor", "Oliveira", "Patel", "Pereira", "Ramírez", "Rossi", "Santos",
	"Silva", "Singh", "Smith", "Tanaka", "Torres", "Wang", "Williams", "Wright", "Yilmaz", "Zhang",
}
