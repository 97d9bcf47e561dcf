package isotime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/cpdkit/cpdkit/internal/isotime"
)

func ExampleParse() {
	for _, in := range []string{"20260630T233000Z", "2016-12-31T23:59:60Z", "0001-01-01T00:00:00"} {
		st, err := isotime.Parse(in)
		if err != nil {
			fmt.Println(in, "refused:", err, errors.Is(err, isotime.ErrTooEarly))
			continue
		}
		fmt.Println(in, "is", st.Time(time.UTC).Format(time.RFC3339Nano))
	}
	// Output:
	// 20260630T233000Z is 2026-06-30T23:30:00Z
	// 2016-12-31T23:59:60Z is 2016-12-31T23:59:59.999999999Z
	// 0001-01-01T00:00:00 refused: is before 1900, a placeholder rather than a date true
}
