package main

import (
	"context"
	"fmt"
	"io"
)

func speed(ctx context.Context, c config, w io.Writer) error {
	return fmt.Errorf("speed: not yet")
}
