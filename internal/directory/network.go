package directory

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
)

// NetworkMap returns the part q asks for of the relationship network's map
// as v may see it (emergence.NetworkCache.Map: shared ties only, every
// member through Member.VisibleTo), laid out by the server and bounded by
// emergence.MaxMapMembers and MaxMapPairs: a larger map is answered as its
// communities, and a community's members on request. What every viewer
// shares is worked out once per change of the ledger, the members or the
// snapshots. It answers EUNAUTHORIZED to someone not signed in and wraps
// the store's errors.
func (s *Service) NetworkMap(ctx context.Context, v *kindred.Viewer, q emergence.MapQuery) (*emergence.Map, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to see the network map.")
	}
	m, err := s.Network.Map(ctx, s.Store, v.Account, v.MemberID(), q)
	if err != nil {
		return nil, fmt.Errorf("network map: %w", err)
	}
	return m, nil
}

// ExportNetwork writes the relationship network as v may see it — the same
// members and ties as the map, with organization, city and community as
// attributes — to w in format (GEXF, GraphML or Kumu's JSON). It answers
// EUNAUTHORIZED to someone not signed in and EINVALID naming the "format"
// for an unknown one, and wraps other errors (after the first byte the file
// is cut short).
func (s *Service) ExportNetwork(ctx context.Context, v *kindred.Viewer, scope emergence.Scope, format string, w io.Writer) error {
	f, err := ExportFormat(format)
	if err != nil {
		return err
	}
	if !v.SignedIn() {
		return kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to download the network.")
	}
	net, err := s.Network.Visible(ctx, s.Store, v.Account, scope)
	if err != nil {
		return fmt.Errorf("export network: %w", err)
	}
	if err := network.Export(w, f, net.ExportGraph()); err != nil {
		return fmt.Errorf("export network: %w", err)
	}
	return nil
}

// ExportFormat reads the format a person asked for: "gexf", "graphml" or
// "kumu" (EINVALID naming the field "format" otherwise).
func ExportFormat(name string) (network.Format, error) {
	f, err := network.ParseFormat(name)
	if err != nil {
		e := kindred.Errorf(kindred.EINVALID, "Choose a file format: GEXF, GraphML or Kumu.")
		e.Fields = map[string]string{"format": "Choose GEXF, GraphML or Kumu."}
		return "", e
	}
	return f, nil
}

// ParseMapQuery reads the part of the map asked for, as pages and the API
// receive it: the scope (ParseScope), community (a community's id, whose
// members alone are answered; empty: none) and q (a name to find). It
// answers EINVALID naming the field for anything it does not understand.
func ParseMapQuery(city, until, community, q string) (emergence.MapQuery, error) {
	sc, err := ParseScope(city, until)
	mq := emergence.MapQuery{Scope: sc, Search: strings.TrimSpace(q)}
	if err != nil {
		return mq, err
	}
	if community != "" {
		if mq.Community, err = strconv.Atoi(community); err != nil || mq.Community < 0 {
			e := kindred.Errorf(kindred.EINVALID, "The community was not understood.")
			e.Fields = map[string]string{"community": "Choose a community from the list."}
			return mq, e
		}
		mq.Open = true
	}
	if len(mq.Search) > 200 {
		e := kindred.Errorf(kindred.EINVALID, "The name to find is too long.")
		e.Fields = map[string]string{"q": "Type at most 200 characters of a name."}
		return mq, e
	}
	return mq, nil
}

// ParseScope reads the part of the network asked for, as pages and the API
// receive it: city is a city id or empty (all cities), until a date
// (YYYY-MM-DD) or empty (today). It answers EINVALID naming the field
// ("city" or "until") for anything else.
func ParseScope(city, until string) (emergence.Scope, error) {
	var sc emergence.Scope
	var err error
	if city != "" {
		if sc.CityID, err = strconv.ParseInt(city, 10, 64); err != nil || sc.CityID <= 0 {
			e := kindred.Errorf(kindred.EINVALID, "The city was not understood.")
			e.Fields = map[string]string{"city": "Choose a city from the list."}
			return sc, e
		}
	}
	if until != "" {
		if sc.Until, err = time.Parse(time.DateOnly, until); err != nil {
			e := kindred.Errorf(kindred.EINVALID, "The date was not understood.")
			e.Fields = map[string]string{"until": "Give a date as YYYY-MM-DD."}
			return sc, e
		}
	}
	return sc, nil
}
