package main

import (
	"context"
	"errors"
)

// runThemes is being written (placeholder replaced by the themes tool).
func runThemes(ctx context.Context, args []string, sio stdio) error {
	return errors.New("themes: not built yet")
}
