package testutil

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
)

// WaitForJobs waits until as many jobs of each kind as want says have
// completed, in whatever order they finish (a job may schedule another that
// completes before its siblings do), failing t when one fails or after two
// minutes, as long as a loaded CI machine running the race detector may need.
func WaitForJobs(t testing.TB, events <-chan *river.Event, want map[string]int) {
	t.Helper()
	left := 0
	for _, n := range want {
		left += n
	}
	timeout := time.After(2 * time.Minute)
	for left > 0 {
		select {
		case ev := <-events:
			if want[ev.Job.Kind] == 0 {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %s: %s", ev.Job.Kind, ev.Kind)
			}
			want[ev.Job.Kind]--
			left--
		case <-timeout:
			t.Fatalf("jobs did not finish: %v still to go", want)
		}
	}
}
