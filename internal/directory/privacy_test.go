package directory_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// add stores members.
func (w *world) add(t *testing.T, ms ...*kindred.Member) {
	t.Helper()
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		for _, m := range ms {
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestListingsRevealNoHiddenField is issue 14 item 6 at the use case: a
// filter matches only through fields the viewer sees, the cursor names only
// members listed, whether there is a next page depends only on them, and
// the filter menus offer no value some keep private.
func TestListingsRevealNoHiddenField(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		private := kindred.Visibility{kindred.FieldTags: kindred.LevelPrivate}
		w.add(t, &kindred.Member{Name: "Aaron", Tags: []string{"mutual aid"}},
			&kindred.Member{Name: "Bella", Tags: []string{"mutual aid", "quiet-tag"}, Visibility: private},
			&kindred.Member{Name: "Cora", Tags: []string{"mutual aid"}, Visibility: private},
			&kindred.Member{Name: "Zed", Tags: []string{"mutual aid"}})
		viewer := w.viewer(t, testutil.CreateAccount(t, st, "viewer@example.org", kindred.RoleMember))
		var names []string
		f := store.MemberFilter{Tag: "mutual aid", Limit: 1}
		for range 5 {
			page, err := w.svc.Members(ctx, viewer, f)
			if err != nil {
				t.Fatal(err)
			}
			if !page.Filtered {
				t.Errorf("a tag filter is not announced as one")
			}
			for _, m := range page.Members {
				names = append(names, m.Name)
			}
			cursor, _ := base64.RawURLEncoding.DecodeString(page.Next)
			if strings.Contains(string(cursor), "Bella") || strings.Contains(string(cursor), "Cora") {
				t.Errorf("the cursor %q names a member the filter hid", cursor)
			}
			if f.After = page.Next; f.After == "" {
				break
			}
		}
		if !slices.Equal(names, []string{"Aaron", "Zed"}) {
			t.Errorf("paging one at a time lists %v", names)
		}
		page, err := w.svc.Members(ctx, viewer, store.MemberFilter{Tag: "quiet-tag", Limit: 10})
		if err != nil || len(page.Members) != 0 || page.Next != "" {
			t.Errorf("a private tag lists %d, next %q, %v", len(page.Members), page.Next, err)
		}
		page, err = w.svc.Members(ctx, w.admin, store.MemberFilter{Tag: "quiet-tag", Limit: 10})
		if err != nil || len(page.Members) != 1 {
			t.Errorf("an administrator finds %d with the private tag, %v", len(page.Members), err)
		}
		facets, err := st.Facets(ctx)
		if err != nil || slices.Contains(facets.Tags, "quiet-tag") || !slices.Contains(facets.Tags, "mutual aid") {
			t.Errorf("facets = %v, %v: want the shared tag, not the private one", facets.Tags, err)
		}
		orgs, err := st.ListOrganizations(ctx, store.OrganizationFilter{})
		if err != nil || len(orgs) != 1 || orgs[0].People != 1 {
			t.Fatalf("organizations = %+v, %v", orgs, err)
		}
		m := w.member(t, w.maria.ID)
		m.Visibility = kindred.Visibility{kindred.FieldAffiliations: kindred.LevelOrganizers}
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		if orgs, _ := st.ListOrganizations(ctx, store.OrganizationFilter{}); orgs[0].People != 0 {
			t.Errorf("the organization still counts a member who keeps the affiliation to organizers: %d", orgs[0].People)
		}
	})
}

// TestMapAndMailShowWhatTheirReaderMaySee is issue 14 item 7 at the use
// case: the map colours and places members as its viewer sees them, and an
// introduction names the other's organization as its recipient sees it.
func TestMapAndMailShowWhatTheirReaderMaySee(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		ana := &kindred.Member{Name: "Ana", Email: "ana@example.org", CityID: w.chicago.ID,
			Affiliations: []kindred.Affiliation{{OrganizationID: w.union.ID, Role: "Steward"}},
			Visibility:   kindred.Visibility{kindred.FieldAffiliations: kindred.LevelOrganizers, kindred.FieldCity: kindred.LevelOrganizers}}
		w.add(t, ana)
		if err := st.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddTie(ctx, kindred.Tie{A: ana.ID, B: w.maria.ID, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, HappenedOn: tx.Now()})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		group := func(v *kindred.Viewer, city int64) map[string]string {
			m, err := w.svc.NetworkMap(ctx, v, emergence.MapQuery{Scope: emergence.Scope{CityID: city}})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, n := range m.Nodes {
				out[n.Label] = n.Org
			}
			return out
		}
		if g := group(w.self, 0); g["Ana"] != "" || g["María Estrada"] != "Teachers Union Local 7" {
			t.Errorf("a member's map colours: %v", g)
		}
		if g := group(w.chicagoOrg, 0); g["Ana"] != "Teachers Union Local 7" {
			t.Errorf("the Chicago organizer's map colours: %v", g)
		}
		if g := group(w.self, w.chicago.ID); len(g) != 0 {
			t.Errorf("a member's map of Chicago places Ana by a city she keeps to organizers: %v", g)
		}
		if g := group(w.chicagoOrg, w.chicago.ID); len(g) != 2 {
			t.Errorf("the Chicago organizer's map of Chicago: %v", g)
		}
		if _, _, err := w.svc.Introduce(ctx, w.chicagoOrg, directory.NewIntroduction{A: ana.ID, B: w.maria.ID, Message: "Meet!"}); err != nil {
			t.Fatal(err)
		}
		toMaria, toAna := lastMail(t, st, "maria@example.org"), lastMail(t, st, "ana@example.org")
		if !strings.Contains(toMaria.Text, "you and Ana should meet") {
			t.Errorf("María, a member, reads an affiliation Ana keeps to organizers:\n%s", toMaria.Text)
		}
		if !strings.Contains(toAna.Text, "you and María Estrada (Teachers Union Local 7) should meet") {
			t.Errorf("Ana does not read the affiliation María shows everyone:\n%s", toAna.Text)
		}
		if w.audits(t, "introduction.send") != 1 {
			t.Errorf("introduction.send audited %d times", w.audits(t, "introduction.send"))
		}
	})
}

// lastMail returns the newest message to addr.
func lastMail(t *testing.T, st *store.Store, addr string) *kindred.Mail {
	t.Helper()
	all, err := st.ListMail(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.To == addr {
			return m
		}
	}
	t.Fatalf("no mail to %s", addr)
	return nil
}

// TestIntroductionsStayInTheIntroducersCities is issue 14 item 15
// (introductions) at the use case.
func TestIntroductionsStayInTheIntroducersCities(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		ana := &kindred.Member{Name: "Ana", Email: "ana@example.org", CityID: w.chicago.ID}
		w.add(t, ana)
		for _, c := range []struct {
			name string
			v    *kindred.Viewer
			a, b int64
			want string
		}{
			{"a member", w.self, ana.ID, w.kwame.ID, kindred.EFORBIDDEN},
			{"an organizer with no city", w.cityless, ana.ID, w.maria.ID, kindred.EFORBIDDEN},
			{"an organizer of Boston, two Chicagoans", w.bostonOrg, ana.ID, w.maria.ID, kindred.EFORBIDDEN},
			{"an organizer of Chicago, across cities", w.chicagoOrg, ana.ID, w.kwame.ID, kindred.EFORBIDDEN},
			{"an organizer of Chicago, two Chicagoans", w.chicagoOrg, ana.ID, w.maria.ID, ""},
			{"a network-wide organizer, across cities", w.networkWide, ana.ID, w.kwame.ID, ""},
			{"an administrator, someone who is gone", w.admin, ana.ID, 999999, kindred.EINVALID},
		} {
			_, _, err := w.svc.Introduce(ctx, c.v, directory.NewIntroduction{A: c.a, B: c.b})
			wantCode(t, c.name, err, c.want)
		}
		if n := w.audits(t, "introduction.send"); n != 2 {
			t.Errorf("introduction.send audited %d times, want 2", n)
		}
	})
}

// TestClaimedTiesCountOnceConfirmed is issue 14 item 15 (ties) at the use
// case: "we know each other" counts nowhere until the other confirms; the
// other may decline; saying it twice adds nothing; strangers see nothing.
func TestClaimedTiesCountOnceConfirmed(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		kwameAcct := testutil.CreateAccount(t, st, "kwame@example.org", kindred.RoleMember)
		kwame := w.viewer(t, kwameAcct) // the unlinked profile with the account's email
		if kwame.MemberID() != w.kwame.ID {
			t.Fatalf("Kwame's viewer has member %d, want %d", kwame.MemberID(), w.kwame.ID)
		}
		did, _, err := w.svc.ClaimTie(ctx, w.self, w.kwame.ID)
		if err != nil || did != directory.ClaimAsked {
			t.Fatalf("claim: %v, %v", did, err)
		}
		if ledger, _ := st.Ledger(ctx, store.LedgerFilter{}); len(ledger) != 0 {
			t.Errorf("an unconfirmed claim is in the ledger: %+v", ledger)
		}
		if did, _, _ := w.svc.ClaimTie(ctx, w.self, w.kwame.ID); did != directory.ClaimKnown {
			t.Errorf("claiming twice: %v", did)
		}
		ties, _ := st.TiesOf(ctx, w.kwame.ID)
		if len(ties) != 1 || !ties[0].AwaitsAnswerFrom(w.kwame.ID) {
			t.Fatalf("Kwame's ties = %+v", ties)
		}
		_, err = w.svc.AnswerTie(ctx, w.self, ties[0].ID, true)
		wantCode(t, "María confirming her own claim", err, kindred.ENOTFOUND)
		err = w.svc.HideTie(ctx, w.chicagoOrg, ties[0].ID, true)
		wantCode(t, "a stranger hiding the tie", err, kindred.ENOTFOUND)
		if _, err := w.svc.AnswerTie(ctx, kwame, ties[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if ledger, _ := st.Ledger(ctx, store.LedgerFilter{SharedOnly: true}); len(ledger) != 1 {
			t.Errorf("a confirmed tie is not counted: %+v", ledger)
		}
		// Kwame saying it first: María's word confirms it.
		ana := &kindred.Member{Name: "Ana", Email: "ana@example.org", CityID: w.chicago.ID}
		w.add(t, ana)
		anaView := w.viewer(t, testutil.CreateAccount(t, st, "ana@example.org", kindred.RoleMember))
		if did, _, err := w.svc.ClaimTie(ctx, kwame, ana.ID); err != nil || did != directory.ClaimAsked {
			t.Fatalf("Kwame's claim: %v, %v", did, err)
		}
		if did, _, err := w.svc.ClaimTie(ctx, anaView, w.kwame.ID); err != nil || did != directory.ClaimConfirmed {
			t.Errorf("Ana saying it back: %v, %v", did, err)
		}
		// A declined claim is gone.
		if _, _, err := w.svc.ClaimTie(ctx, anaView, w.maria.ID); err != nil {
			t.Fatal(err)
		}
		claims, _ := st.TiesOf(ctx, ana.ID)
		var pending kindred.Tie
		for _, c := range claims {
			if c.Pending() {
				pending = c
			}
		}
		if _, err := w.svc.AnswerTie(ctx, w.self, pending.ID, false); err != nil {
			t.Fatal(err)
		}
		if after, _ := st.TiesOf(ctx, ana.ID); len(after) != len(claims)-1 {
			t.Errorf("a declined claim stays: %+v", after)
		}
		_, _, err = w.svc.ClaimTie(ctx, w.self, w.maria.ID)
		wantCode(t, "knowing oneself", err, kindred.EINVALID)
		_, _, err = w.svc.ClaimTie(ctx, w.admin, w.maria.ID)
		wantCode(t, "an administrator without a profile", err, kindred.ENOTFOUND)
	})
}

// jpegWithGPS is a small JPEG with an EXIF segment holding a GPS position
// and the given orientation, as a phone camera writes it.
func jpegWithGPS(t *testing.T, w, h, orientation int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range 4 {
			img.Set(x, y, color.RGBA{230, 20, 20, 255}) // a red band along the top, to see the turn
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// TIFF, little-endian: IFD0 with Orientation and the GPSInfo pointer,
	// then a GPS IFD with a latitude reference, then a marker to look for.
	le := func(v ...any) []byte {
		var b bytes.Buffer
		for _, x := range v {
			switch x := x.(type) {
			case uint16:
				b.Write([]byte{byte(x), byte(x >> 8)})
			case uint32:
				b.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16), byte(x >> 24)})
			}
		}
		return b.Bytes()
	}
	var tiff bytes.Buffer
	tiff.WriteString("II")
	tiff.Write(le(uint16(42), uint32(8), uint16(2)))
	tiff.Write(le(uint16(0x0112), uint16(3), uint32(1), uint16(orientation), uint16(0)))
	tiff.Write(le(uint16(0x8825), uint16(4), uint32(1), uint32(38), uint32(0)))
	tiff.Write(le(uint16(1), uint16(0x0001), uint16(2), uint32(2), uint32('N'), uint32(0)))
	tiff.WriteString("GPS-41.8781N-87.6298W")
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	data := buf.Bytes()
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// TestPhotosAreReencoded is issue 14 item 12 at the use case: what is stored
// is the picture alone, turned upright, and nothing of the upload's
// metadata; what is not a picture is refused.
func TestPhotosAreReencoded(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		upload := jpegWithGPS(t, 40, 20, 6) // stored sideways: upright it is 20 wide, 40 high
		read := func(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }
		err := w.svc.SetPhoto(ctx, w.bostonOrg, w.maria.ID, read(upload))
		wantCode(t, "an organizer of Boston", err, kindred.EFORBIDDEN)
		if err := w.svc.SetPhoto(ctx, w.self, w.maria.ID, read(upload)); err != nil {
			t.Fatal(err)
		}
		ct, stored, err := st.MemberPhoto(ctx, w.maria.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{"Exif", "GPS-41.8781N", "II*"} {
			if bytes.Contains(stored, []byte(leak)) {
				t.Errorf("the stored photo keeps %q", leak)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(stored))
		if err != nil || ct != "image/jpeg" {
			t.Fatalf("stored %s: %v", ct, err)
		}
		if b := img.Bounds(); b.Dx() != 20 || b.Dy() != 40 {
			t.Errorf("the photo is %dx%d, want 20x40 (turned upright)", b.Dx(), b.Dy())
		}
		right, _, _, _ := img.At(18, 20).RGBA()
		left, _, _, _ := img.At(1, 20).RGBA()
		if right>>8 < 150 || left>>8 > 100 {
			t.Errorf("the red band did not turn to the right edge (red %d there, %d on the left)", right>>8, left>>8)
		}
		err = w.svc.SetPhoto(ctx, w.self, w.maria.ID, read([]byte("%PDF-1.4 not a picture")))
		if kindred.ErrorFields(err)["photo"] == "" {
			t.Errorf("a PDF: %v", err)
		}
		if err := w.svc.SetPhoto(ctx, w.self, w.maria.ID, read(nil)); err != nil || w.member(t, w.maria.ID).HasPhoto {
			t.Errorf("removing the photo: %v", err)
		}
	})
}

func TestReencodeKeepsTransparencyAndRefusesBombs(t *testing.T) {
	t.Parallel()
	img := image.NewNRGBA(image.Rect(0, 0, 3000, 10))
	img.Set(0, 0, color.NRGBA{0, 0, 255, 128})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	ct, out, err := directory.Reencode(buf.Bytes())
	if err != nil || ct != "image/png" {
		t.Fatalf("a transparent PNG: %s, %v", ct, err)
	}
	if got, err := png.Decode(bytes.NewReader(out)); err != nil || got.Bounds().Dx() != 1024 {
		t.Errorf("scaled to %v, %v; want 1024 wide", got.Bounds(), err)
	}
	// A PNG header claiming 100,000 × 100,000 pixels.
	var bomb bytes.Buffer
	if err := png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := bomb.Bytes()
	copy(b[16:24], []byte{0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0})
	if _, _, err := directory.Reencode(b); kindred.ErrorFields(err)["photo"] == "" {
		t.Errorf("a picture of 10 gigapixels: %v", err)
	}
}

// TestPeopleNamedBySnapshots: what the Emergence page shows of the people a
// snapshot names is what the viewer may see, and the introductions it
// offers are those the viewer may send.
func TestPeopleNamedBySnapshots(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		m := w.member(t, w.maria.ID)
		m.Visibility = kindred.Visibility{kindred.FieldAffiliations: kindred.LevelOrganizers}
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		ids := []int64{w.maria.ID, w.kwame.ID, 999999}
		for _, c := range []struct {
			name         string
			v            *kindred.Viewer
			org          string
			maria, kwame bool
		}{
			{"organizer of Chicago", w.chicagoOrg, "Teachers Union Local 7", true, false},
			{"organizer of Boston", w.bostonOrg, "", false, true},
			{"network-wide organizer", w.networkWide, "", true, true},
		} {
			people, err := w.svc.People(ctx, c.v, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(people) != 2 || people[w.maria.ID].Organization != c.org ||
				people[w.maria.ID].Introducible != c.maria || people[w.kwame.ID].Introducible != c.kwame {
				t.Errorf("%s: people = %+v", c.name, people)
			}
		}
	})
}
