package main

import (
	"context"
	"errors"
)

// runNetwork is being written (placeholder replaced by the network tool).
func runNetwork(ctx context.Context, args []string, sio stdio) error {
	return errors.New("network: not built yet")
}
