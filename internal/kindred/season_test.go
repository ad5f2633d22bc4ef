package kindred

import "testing"

func TestMayPlanSeason(t *testing.T) {
	t.Parallel()
	chicago := &Gathering{ID: 1, CityID: 7, CityName: "Chicago"}
	boston := &Gathering{ID: 2, CityID: 8, CityName: "Boston"}
	sr := &Series{ID: 1, Name: "Monthly dinners"}
	cases := []struct {
		name string
		v    *Viewer
		gs   []*Gathering
		want string // error code, "" for allowed
	}{
		{"organizer of its one city", chicagoHost, []*Gathering{chicago, chicago}, ""},
		{"organizer of one of two cities", chicagoHost, []*Gathering{chicago, boston}, EFORBIDDEN},
		{"organizer of both cities", bothHost, []*Gathering{chicago, boston}, ""},
		{"organizer elsewhere", bostonHost, []*Gathering{chicago}, EFORBIDDEN},
		{"administrator", anAdmin, []*Gathering{chicago, boston}, ""},
		{"member", aMember, []*Gathering{chicago}, EFORBIDDEN},
		{"anonymous", &Viewer{}, []*Gathering{chicago}, EFORBIDDEN},
		{"no gatherings, organizer", chicagoHost, nil, EFORBIDDEN},
		{"no gatherings, administrator", anAdmin, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := sr.MayPlanSeason(c.v, c.gs)
			if got := ErrorCode(err); got != c.want && !(c.want == "" && err == nil) {
				t.Errorf("MayPlanSeason = %v, want code %q", err, c.want)
			}
		})
	}
}
