package main

import (
	"context"
	"errors"
)

// runSeat is being written (placeholder replaced by the seat tool).
func runSeat(ctx context.Context, args []string, sio stdio) error {
	return errors.New("seat: not built yet")
}
