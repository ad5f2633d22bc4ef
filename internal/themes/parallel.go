package themes

import (
	"runtime"
	"sync"
)

// parallelRange splits [0, n) into one contiguous block per CPU and runs f on
// each block concurrently. Callers write only to their own block, so results
// do not depend on scheduling.
func parallelRange(n int, f func(lo, hi int)) {
	parallelN(n, min(runtime.GOMAXPROCS(0), max(1, n/64)), f)
}

// parallelBlocks is parallelRange for small n where each item is costly.
func parallelBlocks(n int, f func(lo, hi int)) {
	parallelN(n, min(runtime.GOMAXPROCS(0), n), f)
}

func parallelN(n, workers int, f func(lo, hi int)) {
	if workers <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}
