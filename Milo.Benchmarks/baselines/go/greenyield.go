// Go twin of Milo.Benchmarks/Programs/greenyield.milo (tools/side-by-side): spawn 1M goroutines that each yield once
// and then count themselves done, plus a waiter that yields until all of them are done.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

func bench() int64 {
	const n int64 = 1000000
	var done int64
	for i := int64(0); i < n; i++ {
		go func() {
			runtime.Gosched()
			atomic.AddInt64(&done, 1)
		}()
	}
	result := make(chan int64)
	go func() {
		for atomic.LoadInt64(&done) < n {
			runtime.Gosched()
		}
		result <- atomic.LoadInt64(&done)
	}()
	return <-result
}

func main() {
	fmt.Printf("done=%d\n", bench())
}
