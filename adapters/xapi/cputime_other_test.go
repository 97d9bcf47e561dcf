//go:build !unix

package xapi

import "time"

// cpuTime is unknown on this system; the benchmark leaves out its metric.
func cpuTime() time.Duration { return 0 }
