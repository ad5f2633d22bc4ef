package main

import (
	"context"
	"errors"
)

func runServe(ctx context.Context, args []string, sio stdio) error {
	return errors.New("not built yet")
}
func runDemo(ctx context.Context, args []string, sio stdio) error { return errors.New("not built yet") }
func runMigrate(ctx context.Context, args []string, sio stdio) error {
	return errors.New("not built yet")
}
func runVersion(ctx context.Context, args []string, sio stdio) error {
	return errors.New("not built yet")
}
func runUser(ctx context.Context, args []string, sio stdio) error { return errors.New("not built yet") }
func runToken(ctx context.Context, args []string, sio stdio) error {
	return errors.New("not built yet")
}
