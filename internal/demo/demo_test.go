package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestGenerateSmall(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		res, err := demo.Generate(ctx, s, demo.Small, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Members < 270 || res.Organizations < 10 || res.Admin == nil {
			t.Errorf("result = %+v", res)
		}
		me, err := s.MemberByAccount(ctx, res.Admin.ID)
		if err != nil || me.Name != "Robin Okafor" {
			t.Errorf("admin profile = %+v, %v", me, err)
		}
		ms, _, err := s.ListMembers(ctx, store.MemberFilter{Query: "organizing", Limit: 5})
		if err != nil || len(ms) == 0 {
			t.Errorf("search in the demo found %d, %v", len(ms), err)
		}
		checkDemoHarvest(t, s)
		if _, err := demo.Generate(ctx, s, demo.Small, 1); err == nil {
			t.Errorf("a second demo on the same database was allowed")
		}
	})
}
