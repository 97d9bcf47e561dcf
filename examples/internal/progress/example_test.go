package progress_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/cpdkit/cpdkit/examples/internal/progress"
)

// A bar drawn on a writer (a terminal, in the examples): each redraw
// starts with a carriage return, so the line updates in place.
func ExampleBar() {
	var out strings.Builder
	bar := progress.New(&out, "people")
	for done := range 5 {
		bar.Update(done, 4)
	}
	bar.Done()
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\r") {
		fmt.Println(line)
	}
	// Output:
	// people [..............................]   0% (0/4)
	// people [#######.......................]  25% (1/4)
	// people [###############...............]  50% (2/4)
	// people [######################........]  75% (3/4)
	// people [##############################] 100% (4/4)
}

// ForStdout draws only on a terminal; under go test, standard output is
// not one, so there is no bar and no callback.
func ExampleForStdout() {
	bar := progress.ForStdout("report")
	fmt.Println(bar == nil, bar.Func() == nil, progress.IsTerminal(os.Stdout))
	// Output:
	// true true false
}
