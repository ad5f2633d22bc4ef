package httpx

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{kindred.Errorf(kindred.EINVALID, "x"), 422},
		{kindred.Errorf(kindred.ENOTFOUND, "x"), 404},
		{kindred.Errorf(kindred.EGONE, "x"), 410},
		{errors.New("boom"), 500},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	for code := range statusByCode {
		if statusByCode[code] < 400 {
			t.Errorf("code %s maps to %d", code, statusByCode[code])
		}
	}
	_ = http.StatusOK
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("event %d refused", i)
		}
	}
	if ok, wait := l.Allow("a"); ok || wait <= 0 {
		t.Errorf("4th event: ok=%v wait=%v, want refused with a wait", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Errorf("other key refused")
	}
	now = now.Add(61 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Errorf("after the window: refused")
	}
}
