package seating

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// themed gives guests of a problem their themes by id.
func themed(gs []Guest, themes map[string][]string) []Guest {
	for i := range gs {
		gs[i].Themes = themes[gs[i].ID]
	}
	return gs
}

func TestThemesSeatSharersTogether(t *testing.T) {
	t.Parallel()
	p := Problem{TableSize: 3, Guests: themed(guests("a:A", "b:B", "c:C", "d:D", "e:E", "f:F"), map[string][]string{
		"a": {"housing"}, "b": {"youth"}, "c": {"Housing", "food"}, "d": {"youth"}, "e": {"food"}, "f": {" housing "},
	})}
	plan, err := Solve(context.Background(), p, Options{Seed: 1, Thorough: true, MaxIterations: 50_000})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if got, want := plan.Score.ThemePairs, 4; got != want {
		t.Fatalf("theme pairs = %d, want %d (a, c, f share housing; b and d youth): %v", got, want, plan.Rounds)
	}
	a := plan.Guests[0]
	if want := []ThemeMatch{{Theme: "housing", With: []string{"c", "f"}}}; !reflect.DeepEqual(a.Themes, want) {
		t.Errorf("a's themes = %+v, want %+v", a.Themes, want)
	}
	if got, want := a.Text, `meets 2 new people from 2 organizations; shares "housing" with c, f`; got != want {
		t.Errorf("a's explanation = %q, want %q", got, want)
	}
	housing := plan.Guests[0].Tables[0]
	if got, want := plan.TableThemes[0][housing][0], (TableTheme{Theme: "housing", Guests: []string{"a", "c", "f"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("table themes = %+v, want %+v first", plan.TableThemes[0][housing], want)
	}
}

func TestThemesLeavePeopleWhoMetAndColleagues(t *testing.T) {
	t.Parallel()
	// a and c already met and b is c's colleague: their shared theme earns
	// nothing, and no explanation claims it.
	p := Problem{TableSize: 2, History: []Meeting{{"a", "c", 1}}, Guests: themed(guests("a:A", "b:C", "c:C", "d:D"), map[string][]string{
		"a": {"housing"}, "b": {"housing"}, "c": {"housing"}, "d": {"housing"},
	})}
	for _, rounds := range [][][]string{{{"a", "c"}, {"b", "d"}}, {{"a", "b"}, {"c", "d"}}} {
		plan, err := Evaluate(p, [][][]string{rounds}, Weights{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range plan.Guests {
			for _, m := range e.Themes {
				for _, x := range m.With {
					if pair := []string{e.Guest, x}; slices.Contains(pair, "a") && slices.Contains(pair, "c") || slices.Contains(pair, "b") && slices.Contains(pair, "c") {
						t.Errorf("%s's explanation counts %s for the shared theme", e.Guest, x)
					}
				}
			}
		}
	}
	best, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 20_000})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := best.Score.ThemePairs, 2; got != want {
		t.Errorf("theme pairs = %d, want %d (a-b or a-d with c-d or b-d): %v", got, want, best.Rounds)
	}
}

func TestThemeWeightZeroIgnoresThemes(t *testing.T) {
	t.Parallel()
	p := Problem{TableSize: 2, Guests: themed(guests("a:A", "b:B", "c:C", "d:D"), map[string][]string{"a": {"x"}, "b": {"x"}})}
	w := DefaultWeights()
	w.Theme = 0
	plan, err := Evaluate(p, [][][]string{{{"a", "c"}, {"b", "d"}}}, w)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Evaluate(p, [][][]string{{{"a", "b"}, {"c", "d"}}}, w)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Score.Objective != other.Score.Objective {
		t.Errorf("objectives %.3f and %.3f differ with theme weight 0", plan.Score.Objective, other.Score.Objective)
	}
	if other.Score.ThemePairs != 1 || plan.Score.ThemePairs != 0 {
		t.Errorf("theme pairs %d and %d, want 0 and 1 (counted whatever the weight)", plan.Score.ThemePairs, other.Score.ThemePairs)
	}
}
