package kindred

import "time"

// LiveSession is a room telling a campaign stories together — a workshop
// whose people share one Wi-Fi and so one public address. Its organizer
// opens it from the campaign's page; forms opened through its link
// (/c/{slug}?live=Code) until EndsAt count against a larger allowance per
// address than the public form's.
type LiveSession struct {
	ID         int64
	CampaignID int64
	Code       string
	OpenedBy   int64
	StartsAt   time.Time
	EndsAt     time.Time
}

// OpenAt reports whether the session takes forms at t.
func (l *LiveSession) OpenAt(t time.Time) bool { return !t.Before(l.StartsAt) && t.Before(l.EndsAt) }
