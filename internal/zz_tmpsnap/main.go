package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/store"
)

func main() {
	ctx := context.Background()
	st, err := store.Open(ctx, os.Args[1])
	if err != nil {
		panic(err)
	}
	f, _ := os.Create(os.Args[2])
	pprof.StartCPUProfile(f)
	t0 := time.Now()
	_, err = emergence.Take(ctx, st, time.Now(), 1)
	pprof.StopCPUProfile()
	fmt.Println(time.Since(t0), err)
}
