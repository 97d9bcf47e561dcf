package csvio_test

import (
	"encoding/csv"
	"strings"
)

// readAll parses a written file.
func readAll(s string) ([][]string, error) {
	return csv.NewReader(strings.NewReader(s)).ReadAll()
}
