// Go twin of Milo.Benchmarks/Programs/greenpingpong.milo (tools/side-by-side): 500k round trips (1M messages) between
// two goroutines over two capacity-1 channels.
package main

import "fmt"

func bench() int64 {
	const n int64 = 500000
	ping := make(chan int64, 1)
	pong := make(chan int64, 1)
	go func() {
		for i := int64(0); i < n; i++ {
			v := <-ping
			pong <- v + 1
		}
	}()
	total := make(chan int64)
	go func() {
		var sum int64
		for i := int64(0); i < n; i++ {
			ping <- i
			sum += <-pong
		}
		total <- sum
	}()
	return <-total
}

func main() {
	fmt.Printf("sum=%d\n", bench())
}
